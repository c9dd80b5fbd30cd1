import { expect, test } from '@playwright/test'
import { editorText, flow, LAB_ID, openLessonLab, setEditorText } from './helpers'

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-client, namespace: demo}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
`

test('edits survive a reload; reset goes back to the start and the attempt can be restored', async ({
  page,
}) => {
  let lab = await openLessonLab(page)
  const start = await editorText(page, LAB_ID, 'policy.yaml')
  await setEditorText(page, LAB_ID, 'policy.yaml', POLICY)
  await expect(flow(lab, 'demo/other', 'demo/web', '80/TCP').first()).toHaveAttribute(
    'data-verdict',
    'dropped',
  )
  // Saving is debounced; give it a moment, then reload.
  await page.waitForTimeout(600)
  await page.reload()
  lab = await openLessonLab(page)
  expect(await editorText(page, LAB_ID, 'policy.yaml')).toBe(POLICY)
  await expect(flow(lab, 'demo/other', 'demo/web', '80/TCP').first()).toHaveAttribute(
    'data-verdict',
    'dropped',
  )
  await expect(flow(lab, 'demo/client', 'demo/web', '80/TCP').first()).toHaveAttribute(
    'data-verdict',
    'allowed',
  )

  await lab.getByRole('button', { name: 'Reset' }).click()
  await expect.poll(() => editorText(page, LAB_ID, 'policy.yaml')).toBe(start)
  await expect(flow(lab, 'demo/other', 'demo/web', '80/TCP').first()).toHaveAttribute(
    'data-verdict',
    'allowed',
  )

  await lab.getByRole('button', { name: 'Restore previous attempt' }).click()
  await expect.poll(() => editorText(page, LAB_ID, 'policy.yaml')).toBe(POLICY)
  await expect(flow(lab, 'demo/other', 'demo/web', '80/TCP').first()).toHaveAttribute(
    'data-verdict',
    'dropped',
  )
})

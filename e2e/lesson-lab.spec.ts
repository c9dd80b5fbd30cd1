import { expect, test } from '@playwright/test'
import { flow, LAB_ID, openLessonLab, setEditorText } from './helpers'

const DENY_WEB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-deny-all
  namespace: demo
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Ingress
`

test('a policy written in the editor flips a flow from allowed to dropped, with its reason', async ({
  page,
}) => {
  const lab = await openLessonLab(page)
  const clientToWeb = flow(lab, 'demo/client', 'demo/web', '80/TCP').first()
  await expect(clientToWeb).toHaveAttribute('data-verdict', 'allowed')
  await expect(clientToWeb).toContainText('allowed')

  await setEditorText(page, LAB_ID, 'policy.yaml', DENY_WEB)
  await expect(clientToWeb).toHaveAttribute('data-verdict', 'dropped')
  await expect(clientToWeb).toContainText('dropped')
  await expect(clientToWeb).toContainText('demo/web-deny-all')

  // The flow opens the engine's trace.
  await clientToWeb.getByRole('button', { name: /client → web/ }).click()
  await expect(clientToWeb.locator('.trace')).toContainText('Ingress policy')
  await expect(clientToWeb.locator('.trace')).toContainText('selected for Ingress by demo/web-deny-all')

  // DNS is not affected by an ingress policy on web.
  await expect(flow(lab, 'demo/client', 'kube-system/kube-dns', '53/UDP').first()).toHaveAttribute(
    'data-verdict',
    'allowed',
  )
})

test("the API server's validation errors show in the lab, on the right line", async ({ page }) => {
  const lab = await openLessonLab(page)
  await setEditorText(page, LAB_ID, 'policy.yaml', DENY_WEB.replace('    - Ingress', '    - ingress'))
  await expect(lab.getByRole('status').filter({ hasText: '1 error in your files' })).toBeVisible()
  await expect(lab.locator('.editor-status')).toContainText(
    'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"',
  )
  const markers = await page.evaluate(() =>
    window
      .monaco!.editor.getModelMarkers({ owner: 'podnet' })
      .map((m) => ({ line: m.startLineNumber, message: m.message })),
  )
  expect(markers).toContainEqual({
    line: 11,
    message: expect.stringContaining('Unsupported value: "ingress"'),
  })
})

test('a probe from the cluster view explains its verdict', async ({ page }) => {
  const lab = await openLessonLab(page)
  const form = lab.getByRole('form', { name: 'Probe a connection' })
  await form.getByLabel('From').selectOption('demo/other')
  await form.getByLabel('To').selectOption('svc/demo/web')
  await form.getByLabel('Port').fill('80/TCP')
  await form.getByRole('button', { name: 'Probe' }).click()
  const probe = flow(lab, 'demo/other', 'demo/web', '80/TCP').last()
  await expect(probe).toHaveAttribute('data-verdict', 'allowed')
  await probe.getByRole('button', { name: /demo\/other → demo\/web/ }).click()
  await expect(probe.locator('.trace')).toContainText('DNAT')
})

test('the full matrix marks every pair with a verdict', async ({ page }) => {
  const lab = await openLessonLab(page)
  await setEditorText(page, LAB_ID, 'policy.yaml', DENY_WEB)
  await lab.getByRole('button', { name: 'Show the full matrix' }).click()
  const cell = lab.locator(
    '.matrix [data-testid="flow"][data-from="demo/client"][data-to="demo/web"][data-port="80/TCP"]',
  )
  await expect(cell).toHaveAttribute('data-verdict', 'dropped')
  await expect(
    lab.locator('.matrix [data-testid="flow"][data-from="demo/web"][data-to="demo/client"]'),
  ).toHaveAttribute('data-verdict', 'allowed')
})

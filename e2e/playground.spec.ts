import { expect, test } from '@playwright/test'
import { setEditorText, waitForEditor } from './helpers'

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: api, labels: {app: api}}
spec: {containers: [{name: c, image: img, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: ui, labels: {app: ui}}
spec: {containers: [{name: c, image: img}]}
---
apiVersion: v1
kind: Pod
metadata: {name: batch, labels: {app: batch}}
spec: {containers: [{name: c, image: img}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-ui}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: ui}}}]
    ports: [{port: 8080}]
`

const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url')

test('a plain #yaml= link opens the matrix of those manifests for the port', async ({ page }) => {
  await page.goto(`/playground#yaml=${b64url(MANIFESTS)}&cni=calico&view=matrix&port=8080/TCP`)
  const cell = (from: string, to: string) =>
    page.locator(`.matrix [data-testid="flow"][data-from="${from}"][data-to="${to}"][data-port="8080/TCP"]`)
  await expect(cell('default/ui', 'default/api')).toHaveAttribute('data-verdict', 'allowed')
  await expect(cell('default/batch', 'default/api')).toHaveAttribute('data-verdict', 'dropped')
  await expect(cell('default/api', 'default/batch')).toHaveAttribute('data-verdict', 'allowed')
  await expect(page.getByLabel('CNI')).toHaveValue('calico')
})

test('the share link opens the same workspace again', async ({ page, context }) => {
  await page.goto('/playground')
  await waitForEditor(page, 'manifests.yaml')
  await page.getByLabel('CNI').selectOption('cilium')
  await setEditorText(page, 'playground-0', 'manifests.yaml', MANIFESTS)
  await page.getByRole('button', { name: 'Share link' }).click()
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue()
  expect(link).toMatch(/\/playground#w=[A-Za-z0-9_-]+$/)

  const other = await context.newPage()
  await other.goto(link)
  await waitForEditor(other, 'manifests.yaml')
  await expect(other.getByLabel('CNI')).toHaveValue('cilium')
  await expect
    .poll(() =>
      other.evaluate(() =>
        window
          .monaco!.editor.getModels()
          .find((m) => m.uri.path.endsWith('manifests.yaml'))!
          .getValue(),
      ),
    )
    .toBe(MANIFESTS)
  await other.getByRole('tab', { name: 'Matrix' }).click()
  await other.getByLabel('Port').last().fill('8080/TCP')
  await expect(
    other.locator(
      '.matrix [data-testid="flow"][data-from="default/batch"][data-to="default/api"][data-port="8080/TCP"]',
    ),
  ).toHaveAttribute('data-verdict', 'dropped')
})

test('a broken link says so instead of failing', async ({ page }) => {
  await page.goto('/playground#w=not-a-workspace')
  await expect(page.getByRole('status').filter({ hasText: 'readable workspace' })).toBeVisible()
})

import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { LESSON, openLessonLab, recordOutsideRequests, waitForEditor } from './helpers'

test('no request leaves the host: lesson, lab (editor, terminal, workers) and playground', async ({
  page,
}) => {
  const outside = recordOutsideRequests(page)
  const lab = await openLessonLab(page)
  await lab.getByRole('region', { name: /simulated shell/ }).click()
  await page.keyboard.type('kubectl get pods -A\n')
  await page.getByRole('searchbox', { name: /search lessons/i }).fill('policy')
  await page.goto('/playground')
  await waitForEditor(page, 'manifests.yaml')
  await page.waitForLoadState('networkidle')
  expect(outside.map((r) => r.url())).toEqual([])
})

// axe walks every node of a long lesson (its labs, exercises and code blocks): tens of
// seconds on a busy 2-core machine, so these tests get more time than the default minute.
test.describe.configure({ timeout: 180_000 })

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

test('axe finds no serious or critical violation on a lesson page with its lab running', async ({ page }) => {
  await openLessonLab(page)
  expect(await seriousViolations(page)).toEqual([])
})

test('axe finds no serious or critical violation on the lesson page in dark theme', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' })
  const page = await context.newPage()
  await page.goto(LESSON)
  expect(await seriousViolations(page)).toEqual([])
  await context.close()
})

test('axe finds no serious or critical violation on the playground', async ({ page }) => {
  await page.goto('/playground')
  await waitForEditor(page, 'manifests.yaml')
  expect(await seriousViolations(page)).toEqual([])
})

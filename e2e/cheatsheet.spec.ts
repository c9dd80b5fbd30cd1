import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'

// The cheat sheet: reached from the home page, one section per recipe of
// content/cheatsheet.yaml, no CSP refusal, and printed without the site around it and in
// light colours whatever the theme.

test('the home page links the cheat sheet; every recipe is on it, under the CSP', async ({ page }) => {
  const refused: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text())
  })
  await page.goto('/')
  await page.getByRole('link', { name: 'NetworkPolicy cheat sheet' }).click()
  await expect(page).toHaveURL(/\/cheatsheet$/)
  await expect(page.getByRole('heading', { level: 1, name: 'NetworkPolicy recipes' })).toBeVisible()
  const contents = page.getByRole('navigation', { name: 'Recipes' }).getByRole('link')
  const recipes = page.locator('.cheatsheet-recipe')
  await expect(recipes).toHaveCount(await contents.count())
  expect(await recipes.count()).toBeGreaterThanOrEqual(9)
  await contents.filter({ hasText: 'Three tiers' }).click()
  await expect(page).toHaveURL(/#three-tier$/)
  await expect(page.locator('#three-tier pre')).toContainText('name: default-deny')
  expect(refused).toEqual([])
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([])
})

test('printed: no header, footer or contents, and a light background in the dark theme', async ({ page }) => {
  await page.goto('/cheatsheet')
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'))
  const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  // The theme's colours may change with a transition: wait for them to settle.
  await expect.poll(bodyBackground).not.toBe('rgb(255, 255, 255)')
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.site-header')).toBeHidden()
  await expect(page.locator('.site-footer')).toBeHidden()
  await expect(page.getByRole('navigation', { name: 'Recipes' })).toBeHidden()
  await expect(page.locator('#default-deny-ingress pre')).toBeVisible()
  await expect.poll(bodyBackground).toBe('rgb(255, 255, 255)')
  const codeBackground = await page
    .locator('#default-deny-ingress pre')
    .evaluate((el) => getComputedStyle(el).backgroundColor)
  expect(codeBackground).toBe('rgb(255, 255, 255)')
})

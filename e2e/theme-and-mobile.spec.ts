import { expect, test } from '@playwright/test'
import { LESSON } from './helpers'

test('the theme follows the system and the toggle switches and remembers it', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark' })
  const page = await context.newPage()
  await page.goto(LESSON)
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const toggle = page.getByRole('button', { name: /theme/i })
  await toggle.click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(bg)
  await context.close()
})

test('on a phone-sized screen the lesson and the lab take turns', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  })
  const page = await context.newPage()
  await page.goto(LESSON)
  const labButton = page.getByRole('button', { name: 'Lab', exact: true })
  const lessonButton = page.getByRole('button', { name: 'Lesson', exact: true })
  await expect(labButton).toBeVisible()
  await expect(page.locator('h1')).toBeVisible()
  await labButton.click()
  const lab = page.locator('[data-lab="netpol-basics"]')
  await expect(lab).toBeVisible()
  await expect(lab.locator('[data-lab-ready]')).toBeVisible()
  await expect(page.locator('h1')).toBeHidden()
  // Nothing overflows the screen sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await lessonButton.click()
  await expect(page.locator('h1')).toBeVisible()
  await context.close()
})

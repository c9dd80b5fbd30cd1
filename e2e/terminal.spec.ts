import { expect, test } from '@playwright/test'
import { LAB_ID, openLessonLab, terminalText } from './helpers'

test('kubectl in the terminal lists the lab pods and reaches web from a pod', async ({ page }) => {
  const lab = await openLessonLab(page)
  const terminal = lab.getByRole('region', { name: /simulated shell/ })
  await terminal.click()
  await expect.poll(() => terminalText(page, LAB_ID)).toContain('$ ')
  await page.keyboard.type('kubectl get pods -n demo -o wide')
  await page.keyboard.press('Enter')
  await expect
    .poll(() => terminalText(page, LAB_ID))
    .toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/)
  const text = await terminalText(page, LAB_ID)
  expect(text).toMatch(/^web\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+worker-\d/m)
  expect(text).toMatch(/^client\s+1\/1\s+Running/m)

  await page.keyboard.type('kubectl exec -n demo client -- wget -qO- -T 2 web')
  await page.keyboard.press('Enter')
  await expect.poll(() => terminalText(page, LAB_ID)).toContain('Welcome to nginx')

  // History: the up arrow brings back the last command.
  await page.keyboard.press('ArrowUp')
  await expect
    .poll(async () => (await terminalText(page, LAB_ID)).split('\n').pop())
    .toContain('wget -qO- -T 2 web')
  await page.keyboard.press('Control+C')
  await expect.poll(async () => (await terminalText(page, LAB_ID)).split('\n').pop()?.trimEnd()).toBe('$')
})

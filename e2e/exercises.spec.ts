import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { parse } from 'yaml'
import { LESSON, waitForEditor } from './helpers'

// The graded exercises of the NetworkPolicy lesson: one solved in the editor, one from the
// terminal; both marked in the sidebar, and still marked after a reload.

function solution(id: string): string {
  const file = parse(readFileSync(`content/scenarios/shop/exercises/${id}.yaml`, 'utf8')) as {
    solution: Record<string, string>
  }
  return file.solution['policy.yaml']!
}

type Hooks = Window & {
  __podnet?: {
    terminals: Record<string, { text(): string; type(data: string): void }>
    exercises?: Record<string, { result(): { passed: boolean } | null }>
  }
}

async function openExercise(page: Page, id: string) {
  const box = page.locator(`[data-testid="exercise"][data-exercise="${id}"]`)
  await box.scrollIntoViewIfNeeded()
  await expect(box.locator(`[data-lab="exercise-${id}"] [data-lab-ready]`)).toBeVisible()
  await expect(box.getByRole('button', { name: 'Check' })).toBeVisible()
  return box
}

const sidebarMark = (page: Page, id: string) =>
  page.locator(`nav[aria-label="Course"] [data-testid="exercise-mark"][data-exercise="${id}"]`)

test('an exercise solved in the editor and one solved from the terminal are marked passed, also after a reload', async ({
  page,
}) => {
  // Two labs start, one is driven line by line through the terminal: slow on a busy 2-core machine.
  test.setTimeout(150_000)
  await page.goto(LESSON)

  // 1. Through the editor.
  const editorId = 'np-deny-all-to-db'
  let box = await openExercise(page, editorId)
  await waitForEditor(page, `exercise-${editorId}/policy.yaml`)
  await expect(sidebarMark(page, editorId)).toHaveAttribute('data-done', 'false')
  await box.getByRole('button', { name: 'Check' }).click()
  await expect(box.getByTestId('exercise-summary')).toContainText(/\d+ of \d+ checks pass/)
  await expect(box.locator('[data-testid="exercise-check"][data-passed="false"]').first()).toBeVisible()
  await page.evaluate(
    ({ id, text }) => {
      const model = window
        .monaco!.editor.getModels()
        .find((m) => m.uri.path.endsWith(`lab/exercise-${id}/policy.yaml`))
      if (!model) throw new Error('no editor model')
      model.setValue(text)
    },
    { id: editorId, text: solution(editorId) },
  )
  // The checks run again by themselves as the learner edits.
  await expect(box.getByTestId('exercise-summary')).toContainText('exercise passed')
  await expect(box.locator('[data-testid="exercise-check"][data-passed="false"]')).toHaveCount(0)
  await expect(box).toHaveAttribute('data-passed', 'true')
  await expect(sidebarMark(page, editorId)).toHaveAttribute('data-done', 'true')
  expect(
    await page.evaluate((id) => (window as Hooks).__podnet?.exercises?.[id]?.result()?.passed, editorId),
  ).toBe(true)

  // 2. Through the terminal: kubectl apply -f - with a heredoc.
  const termId = 'np-db-only-from-api'
  const labId = `exercise-${termId}`
  box = await openExercise(page, termId)
  await page.waitForFunction((id) => !!(window as Hooks).__podnet?.terminals?.[id], labId)
  const lines = ['kubectl apply -f - <<EOF', ...solution(termId).trimEnd().split('\n'), 'EOF']
  for (const line of lines)
    await page.evaluate(({ id, line }) => (window as Hooks).__podnet!.terminals[id]!.type(`${line}\r`), {
      id: labId,
      line,
    })
  await expect
    .poll(() => page.evaluate((id) => (window as Hooks).__podnet!.terminals[id]!.text(), labId))
    .toMatch(/networkpolicy\.networking\.k8s\.io\/\S+ created/)
  await box.getByRole('button', { name: 'Check' }).click()
  await expect(box.getByTestId('exercise-summary')).toContainText('exercise passed')
  await expect(sidebarMark(page, termId)).toHaveAttribute('data-done', 'true')
  await expect(
    page.locator(
      'nav[aria-label="Course"] li[data-lesson="networkpolicy-basics"] [data-testid="exercise-count"]',
    ),
  ).toHaveAttribute('data-passed', '2')

  // 3. After a reload both are still passed, in the sidebar and on the exercises.
  await page.reload()
  await expect(sidebarMark(page, editorId)).toHaveAttribute('data-done', 'true')
  await expect(sidebarMark(page, termId)).toHaveAttribute('data-done', 'true')
  await expect(page.locator(`[data-testid="exercise"][data-exercise="${editorId}"]`)).toHaveAttribute(
    'data-passed',
    'true',
  )
  await page.goto('/')
  await expect(page.getByTestId('course-exercises')).toHaveAttribute('data-passed', '2')
})

test('hints come one at a time; the solution can be shown and the attempt restored', async ({ page }) => {
  await page.goto(LESSON)
  const id = 'np-metrics-from-ops'
  const box = await openExercise(page, id)
  await waitForEditor(page, `exercise-${id}/policy.yaml`)
  await expect(box.getByTestId('exercise-hint')).toHaveCount(0)
  await box.getByRole('button', { name: /Show a hint/ }).click()
  await expect(box.getByTestId('exercise-hint')).toHaveCount(1)
  await expect(box.getByTestId('exercise-hint').first()).toBeFocused()
  await box.getByRole('button', { name: /Show hint 2 of/ }).click()
  await expect(box.getByTestId('exercise-hint')).toHaveCount(2)

  const attempt = '# my attempt\n'
  await page.evaluate(
    ({ id, text }) =>
      window
        .monaco!.editor.getModels()
        .find((m) => m.uri.path.endsWith(`lab/exercise-${id}/policy.yaml`))!
        .setValue(text),
    { id, text: attempt },
  )
  const text = () =>
    page.evaluate(
      (id) =>
        window
          .monaco!.editor.getModels()
          .find((m) => m.uri.path.endsWith(`lab/exercise-${id}/policy.yaml`))!
          .getValue(),
      id,
    )
  await page.waitForTimeout(400)
  await box.getByRole('button', { name: 'Show solution' }).click()
  await expect.poll(text).toBe(solution(id))
  await expect(box.getByTestId('exercise-summary')).toContainText('exercise passed')
  await expect(box.locator('.graded-exercise-badge')).toHaveText('Passed (solution shown)')
  await box.getByRole('button', { name: 'Restore previous attempt' }).click()
  await expect.poll(text).toBe(attempt)

  // Revealed hints are part of the progress: still there after a reload.
  await page.reload()
  await expect(page.locator(`[data-exercise="${id}"] [data-testid="exercise-hint"]`)).toHaveCount(2)
})

test('progress exports to a file and imports back; a bad file is refused and changes nothing', async ({
  page,
}) => {
  await page.goto('/')
  await page.evaluate(() =>
    localStorage.setItem(
      'podnet-lab:progress',
      JSON.stringify({
        v: 2,
        completed: {},
        exercises: { 'np-deny-all-to-db': { passedAt: '2026-01-01T00:00:00.000Z' } },
      }),
    ),
  )
  await page.reload()
  await expect(page.getByTestId('course-exercises')).toHaveAttribute('data-passed', '1')

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export progress' }).click()
  const file = await download
  const exported = JSON.parse(readFileSync((await file.path())!, 'utf8')) as {
    format: string
    exercises: object
  }
  expect(exported.format).toBe('podnet-lab-progress')
  expect(Object.keys(exported.exercises)).toEqual(['np-deny-all-to-db'])

  const input = page.getByTestId('progress-import')
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"podnet-lab-progress","version":2,"completed":{"x":"soon"}}'),
  })
  await expect(page.getByTestId('progress-status')).toContainText('broken.json was not imported')
  await expect(page.getByTestId('progress-status')).toContainText('completed.x')
  await expect(page.getByTestId('course-exercises')).toHaveAttribute('data-passed', '1')

  await input.setInputFiles({
    name: 'other.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'podnet-lab-progress',
        version: 2,
        completed: {},
        exercises: { 'np-fix-and-or': { passedAt: '2026-02-01T00:00:00.000Z' } },
      }),
    ),
  })
  await expect(page.getByTestId('progress-status')).toContainText('1 exercise newly completed')
  await expect(page.getByTestId('course-exercises')).toHaveAttribute('data-passed', '2')
})

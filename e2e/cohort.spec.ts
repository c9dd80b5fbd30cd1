// A cohort from both sides: the instructor sets up the server and creates a cohort, a
// learner joins in a second browser context and passes an exercise (graded again by the
// server), the instructor's dashboard shows it without a reload, and the CSV has it.
// Names, titles and the submitted YAML carry HTML and a spreadsheet formula: they must
// arrive as text.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { BrowserContext, Page } from '@playwright/test'
import { parse } from 'yaml'
import type * as MonacoApi from 'monaco-editor'
import { LESSON, waitForEditor } from './helpers'

const DIST = process.env.NEXT_DIST_DIR ?? '.next-e2e'
const SETUP_FILE = join(DIST, 'data', 'setup-url.txt')
const INSTRUCTOR = { name: 'Ines Instructor', email: 'ines@example.org', password: 'instructor password 1' }
const TITLE = 'Room 4 <script>window.__pwned = 1</script>'
const LEARNER = '=HYPERLINK("x")<img src=x onerror="window.__pwned=1">'
// A YAML comment the learner submits, shown to the instructor among the attempt's files.
const YAML_HTML = '# </pre><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'

/** The lesson's first exercise and its reference solution, read from its exercise file. */
function lessonExercise(): { id: string; solution: Record<string, string> } {
  const id = 'np-deny-all-to-db'
  const spec = parse(readFileSync(`content/scenarios/shop/exercises/${id}.yaml`, 'utf8')) as {
    solution: Record<string, string>
  }
  return { id, solution: spec.solution }
}

async function signInInstructor(page: Page) {
  if (existsSync(SETUP_FILE)) {
    // The link is printed for http://localhost:<port>; the tests use 127.0.0.1.
    const link = new URL(readFileSync(SETUP_FILE, 'utf8').trim())
    await page.goto(link.pathname + link.hash)
    await page.getByLabel('Your name').fill(INSTRUCTOR.name)
    await page.getByLabel('Email').fill(INSTRUCTOR.email)
    await page.getByLabel('Password (at least 12 characters)').fill(INSTRUCTOR.password)
    await page.getByRole('button', { name: 'Create the account' }).click()
  } else {
    // A retry against the same server: setup is done, sign in instead.
    await page.goto('/login?next=/instructor')
    await page.getByLabel('Email').first().fill(INSTRUCTOR.email)
    await page.getByLabel('Password').fill(INSTRUCTOR.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }
  await expect(page).toHaveURL(/\/instructor$/)
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name.includes('podnet-session'))
}

test('an instructor creates a cohort, a learner joins and passes, the dashboard and CSV show it', async ({
  browser,
  page,
}) => {
  // Two browser contexts, a lesson with its lab and two gradings: slow on a busy 2-core machine.
  test.setTimeout(150_000)
  const exercise = lessonExercise()
  await signInInstructor(page)
  // Chromium keeps `__Host-` Secure cookies from http://127.0.0.1 (a secure context).
  expect(await sessionCookie(page.context())).toMatchObject({
    name: '__Host-podnet-session',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
  })

  await page.getByLabel('Title').fill(TITLE)
  await page.getByRole('button', { name: 'Create cohort' }).click()
  await expect(page).toHaveURL(/\/instructor\/cohorts\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE)
  const joinUrl = new URL((await page.getByTestId('join-url').textContent())!.trim())

  const learnerContext = await browser.newContext()
  const learner = await learnerContext.newPage()
  await learner.goto('/')
  await learner.evaluate(() =>
    localStorage.setItem(
      'podnet-lab:progress',
      JSON.stringify({ v: 1, completed: { 'one-ip-per-pod': '2026-12-01T09:00:00.000Z' } }),
    ),
  )
  await learner.goto(joinUrl.pathname)
  await expect(learner.getByText(TITLE)).toBeVisible()
  await learner.getByLabel('Display name (what your instructor sees)').fill(LEARNER)
  await learner.getByRole('button', { name: 'Join' }).click()
  await expect(learner.getByText('You joined')).toBeVisible()
  expect(await sessionCookie(learnerContext)).toMatchObject({ name: '__Host-podnet-session', secure: true })

  // The learner solves the exercise in its lab; Check grades it in the browser and sends the
  // workspace to the cohort, whose server grades it again.
  await learner.goto(LESSON)
  const box = learner.locator(`[data-testid="exercise"][data-exercise="${exercise.id}"]`)
  await box.scrollIntoViewIfNeeded()
  await expect(box.locator(`[data-lab="exercise-${exercise.id}"] [data-lab-ready]`)).toBeVisible()
  await waitForEditor(learner, `exercise-${exercise.id}/policy.yaml`)
  await learner.evaluate(
    ({ id, text }) => {
      const model = (window as unknown as { monaco: typeof MonacoApi }).monaco.editor
        .getModels()
        .find((m) => m.uri.path.endsWith(`lab/exercise-${id}/policy.yaml`))
      if (!model) throw new Error('no editor model')
      model.setValue(text)
    },
    { id: exercise.id, text: `${YAML_HTML}\n${exercise.solution['policy.yaml']!}` },
  )
  await box.getByRole('button', { name: 'Check' }).click()
  await expect(box.getByTestId('exercise-summary')).toContainText('exercise passed')
  await expect(box.getByTestId('exercise-cohort')).toContainText('graded this attempt too: passed')

  // The dashboard polls: the learner appears with the exercise passed, no reload needed.
  const cell = page.locator(`[data-testid="progress-grid"] td[data-exercise="${exercise.id}"]`).first()
  await expect(cell).toHaveAttribute('data-status', 'passed', { timeout: 15_000 })
  await expect(page.getByRole('button', { name: LEARNER })).toBeVisible()
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()

  // The learner's attempt, YAML included, arrives as text.
  await page.getByRole('button', { name: LEARNER }).click()
  const attempts = page.locator('section[aria-labelledby="attempts-title"]')
  await attempts.getByText('policy.yaml').first().click()
  await expect(attempts.locator('pre').first()).toContainText(YAML_HTML)
  await expect(page.locator('img[src="x"]')).toHaveCount(0)
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ])
  const csv = readFileSync((await download.path())!, 'utf8')
  const row = csv.split('\r\n').find((l) => l.includes(`,${exercise.id},`))!
  // The formula is defused: the cell starts with an apostrophe.
  expect(row.startsWith(`"'=HYPERLINK(""x"")<img`)).toBe(true)
  expect(row).toContain(',passed,1,')
  await learnerContext.close()
})

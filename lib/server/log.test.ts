import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestServer } from './testing/harness'
import type { TestServer } from './testing/harness'

let s: TestServer
beforeAll(async () => {
  s = await startTestServer('sqlite')
})
afterAll(() => s.close())

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

it('only the logger writes to the console', () => {
  const offenders = files(join(__dirname))
    .filter(
      (f) =>
        f.endsWith('.ts') &&
        !f.endsWith('.test.ts') &&
        !f.endsWith('log.ts') &&
        !f.includes('/testing/') &&
        !f.includes('/cli/'),
    )
    .filter((f) => /\bconsole\.|process\.(stdout|stderr)\.write/.test(readFileSync(f, 'utf8')))
  expect(offenders).toEqual([])
})

it('no token, password, cookie or CSRF token reaches the log', async () => {
  const secrets: string[] = []
  const setupLine = s.logs.find((l) => l.includes('#token='))!
  const setupToken = /#token=([\w-]+)/.exec(setupLine)![1]!
  const password = 'horse battery staple 42'
  secrets.push(password)

  const admin = s.client()
  const r = await admin.json('POST', '/api/setup', {
    token: setupToken,
    displayName: 'Ada',
    email: 'ada@example.org',
    password,
  })
  expect(r.status).toBe(201)
  const cohort = (await admin.json('POST', '/api/cohorts', { title: 'Logs' })).body as {
    id: string
    joinCode: string
  }
  const learner = s.client()
  const learnerPassword = 'learner secret password'
  secrets.push(learnerPassword)
  await learner.json('POST', `/api/join/${cohort.joinCode}`, {
    displayName: 'L',
    email: 'l@example.org',
    password: learnerPassword,
  })
  await learner.json('POST', `/api/cohorts/${cohort.id}/submissions`, {
    exerciseId: 'ex-one',
    workspace: { files: { 'policy.yaml': 'pass' } },
  })
  await s
    .client()
    .json('POST', '/api/login', { email: 'l@example.org', password: 'a wrong password ' + learnerPassword })
  const again = s.client()
  await again.json('POST', '/api/login', { email: 'l@example.org', password: learnerPassword })
  // Without mail there are no magic links, so none is printed either, the admin's included.
  expect((await again.json('POST', '/api/magic-links', { email: 'l@example.org' })).status).toBe(409)
  expect((await s.client().json('POST', '/api/magic-links', { email: 'ada@example.org' })).status).toBe(409)
  const instructor = await admin.json('POST', '/api/instructors', {
    email: 't@example.org',
    displayName: 'T',
  })
  // An instructor's sign-in link is in the answer to the admin, not in the log.
  const signInUrl = (instructor.body as { signInUrl: string }).signInUrl
  const instructorToken = signInUrl.split('#magic=')[1]!
  secrets.push(instructorToken)
  await s.client().json('POST', '/api/magic-links/redeem', { token: instructorToken })
  await again.json('POST', '/api/logout')

  for (const c of [admin, learner, again]) {
    if (c.cookie) secrets.push(c.cookie.split('=')[1]!)
    if (c.csrf) secrets.push(c.csrf)
  }
  expect(secrets.length).toBeGreaterThan(6)
  const text = s.logs.join('\n')
  for (const secret of secrets) expect(text).not.toContain(secret)
  // The setup link, the one link printed on purpose, appears once, on its own line; no
  // other link is printed.
  expect(s.logs.filter((l) => l.includes(setupToken))).toEqual([setupLine])
  expect(s.logs.filter((l) => /#(magic|token)=/.test(l))).toEqual([setupLine])
})

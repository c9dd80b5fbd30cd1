import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { TestServer } from '../testing/harness'
import { SETUP_FILE } from '../bootstrap'
import { LIMITS } from '../auth/rate-limit'

/** unknown join codes an address may try before it gets 429 */
const MISSES = LIMITS.joinMissPerIp.max
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const PASS = { files: { 'policy.yaml': 'kind: NetworkPolicy # pass' } }
const FAIL = { files: { 'policy.yaml': 'kind: NetworkPolicy' } }

describe.each(DIALECTS)('cohort flows on %s', (dialect) => {
  it('setup link → admin → cohort → learner joins and submits → dashboard, CSV, removal', async () => {
    server = await startTestServer(dialect)
    const s = server
    // The setup link is printed and written to DATA_DIR/setup-url.txt (SQLite's folder here).
    const line = s.logs.find((l) => l.includes('/setup#token='))!
    const token = /#token=([A-Za-z0-9_-]+)/.exec(line)![1]!
    if (dialect === 'sqlite')
      expect(readFileSync(join(s.ctx.config.dataDir, SETUP_FILE), 'utf8')).toContain(token)

    const admin = s.client()
    let r = await admin.json('GET', '/api/session')
    expect(r.body).toMatchObject({ user: null, setupNeeded: true })
    r = await admin.json('POST', '/api/setup', {
      token: 'nope',
      displayName: 'Ada',
      email: 'ada@example.org',
      password: 'correct horse battery',
    })
    expect(r.status).toBe(403)
    r = await admin.json('POST', '/api/setup', {
      token,
      displayName: 'Ada',
      email: 'Ada@Example.org',
      password: 'correct horse battery',
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ user: { role: 'admin', email: 'ada@example.org' } })
    // The link works once.
    const again = await s.client().json('POST', '/api/setup', {
      token,
      displayName: 'Eve',
      email: 'eve@example.org',
      password: 'correct horse battery',
    })
    expect(again.status).toBe(403)

    r = await admin.json<{ id: string; joinCode: string; joinUrl: string }>('POST', '/api/cohorts', {
      title: 'Cluster course, May',
    })
    expect(r.status).toBe(201)
    const cohort = r.body as { id: string; joinCode: string; joinUrl: string }
    expect(cohort.joinUrl).toBe(`${s.url}/join/${cohort.joinCode}`)

    const learner = s.client()
    expect((await learner.json('GET', `/api/join/${cohort.joinCode}`)).body).toEqual({
      title: 'Cluster course, May',
      member: false,
    })
    r = await learner.json('POST', `/api/join/${cohort.joinCode}`, {
      displayName: 'Lin',
      progress: {
        completed: { 'pod-networking': '2026-12-01T10:00:00.000Z' },
        exercises: { 'ex-two': { passedAt: '2026-12-01T11:00:00.000Z', hints: 2 } },
      },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ user: { displayName: 'Lin', role: 'learner' }, cohort: { id: cohort.id } })

    r = await learner.json('POST', `/api/cohorts/${cohort.id}/submissions`, {
      exerciseId: 'ex-one',
      workspace: FAIL,
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({
      passed: false,
      checks: [{ name: 'blocks-db', passed: false }, { passed: true }],
    })
    await learner.json('POST', `/api/cohorts/${cohort.id}/events`, { kind: 'hint-used', subject: 'ex-one' })
    r = await learner.json('POST', `/api/cohorts/${cohort.id}/submissions`, {
      exerciseId: 'ex-one',
      workspace: PASS,
    })
    expect(r.body).toMatchObject({ passed: true })
    // History is kept, newest first.
    r = await learner.json<{ submissions: { passed: boolean }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/submissions`,
    )
    expect((r.body as { submissions: { passed: boolean }[] }).submissions.map((x) => x.passed)).toEqual([
      true,
      false,
    ])

    type Dash = {
      learners: {
        id: string
        displayName: string
        cells: Record<string, { status: string; attempts: number; hints: number; passedInBrowser: boolean }>
      }[]
      stuck: { exerciseId: string; failureRate: number; commonFailingCheck: { name: string } | null }[]
    }
    const dash = (await admin.json<Dash>('GET', `/api/cohorts/${cohort.id}/dashboard`)).body as Dash
    expect(dash.learners).toHaveLength(1)
    expect(dash.learners[0]!.cells['ex-one']).toMatchObject({ status: 'passed', attempts: 2, hints: 1 })
    // Progress from the browser comes along, but a pass there is not a graded pass.
    expect(dash.learners[0]!.cells['ex-two']).toMatchObject({
      status: 'not-started',
      attempts: 0,
      hints: 2,
      passedInBrowser: true,
    })
    expect(dash.stuck).toEqual([
      expect.objectContaining({
        exerciseId: 'ex-one',
        failureRate: 0.5,
        commonFailingCheck: { name: 'blocks-db', count: 1 },
      }),
    ])

    const attempts = await admin.json<{ attempts: { workspace: unknown; checks: unknown[] }[] }>(
      'GET',
      `/api/cohorts/${cohort.id}/learners/${dash.learners[0]!.id}/attempts`,
    )
    const list = (attempts.body as { attempts: { workspace: unknown; checks: { message: string }[] }[] })
      .attempts
    expect(list[1]!.workspace).toEqual(FAIL)
    expect(list[1]!.checks[0]!.message).toContain('allowed by allow-all')

    const csv = await admin.request('GET', `/api/cohorts/${cohort.id}/export.csv`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await csv.text()
    expect(text.split('\r\n')[0]).toMatch(/^learner,learner_id,joined,exercise/)
    expect(text).toContain(',ex-one,Exercise one,passed,2,1,no,')

    // Removing the learner erases them; their session stops working.
    const del = await admin.request('DELETE', `/api/cohorts/${cohort.id}/learners/${dash.learners[0]!.id}`)
    expect(del.status).toBe(204)
    expect((await learner.json('GET', '/api/session')).body).toMatchObject({ user: null })
    expect(await s.ctx.db.selectFrom('submissions').selectAll().execute()).toEqual([])
    expect(await s.ctx.db.selectFrom('events').selectAll().execute()).toEqual([])
  })

  it('a closed or used-up cohort refuses joins and submissions', async () => {
    server = await startTestServer(dialect)
    const { client: teacher } = await server.user('instructor')
    const c = (await teacher.json('POST', '/api/cohorts', { title: 'Small', joinMaxUses: 1 })).body as {
      id: string
      joinCode: string
    }
    const a = server.client()
    expect((await a.json('POST', `/api/join/${c.joinCode}`, { displayName: 'A' })).status).toBe(201)
    expect((await server.client().json('POST', `/api/join/${c.joinCode}`, { displayName: 'B' })).status).toBe(
      410,
    )
    expect((await teacher.json('PATCH', `/api/cohorts/${c.id}`, { open: false })).body).toMatchObject({
      open: false,
    })
    const sub = await a.json('POST', `/api/cohorts/${c.id}/submissions`, {
      exerciseId: 'ex-one',
      workspace: PASS,
    })
    expect(sub.status).toBe(409)
    expect((await server.client().json('GET', `/api/join/${c.joinCode}`)).status).toBe(404)
  })

  it('logs in with a password, rotates the session at login and revokes it at logout', async () => {
    server = await startTestServer(dialect)
    const { client: teacher } = await server.user('instructor')
    const c = (await teacher.json('POST', '/api/cohorts', { title: 'T' })).body as { joinCode: string }
    const a = server.client()
    const joined = await a.json('POST', `/api/join/${c.joinCode}`, {
      displayName: 'Kim',
      email: 'kim@example.org',
      password: 'a long password here',
    })
    expect(joined.status).toBe(201)
    const first = a.cookie
    const b = server.client()
    expect(
      (await b.json('POST', '/api/login', { email: 'kim@example.org', password: 'wrong password!' })).status,
    ).toBe(401)
    expect(
      (await b.json('POST', '/api/login', { email: 'KIM@example.org', password: 'a long password here' }))
        .status,
    ).toBe(200)
    expect(b.cookie).not.toBe(first)
    // Logging in again in the same browser replaces the old token.
    const before = b.cookie
    expect(
      (await b.json('POST', '/api/login', { email: 'kim@example.org', password: 'a long password here' }))
        .status,
    ).toBe(200)
    const stale = server.client()
    stale.cookie = before
    expect((await stale.json('GET', '/api/session')).body).toMatchObject({ user: null })
    const current = b.cookie
    expect((await b.json('POST', '/api/logout')).status).toBe(204)
    const after = server.client()
    after.cookie = current
    expect((await after.json('GET', '/api/session')).body).toMatchObject({ user: null })
    // The other browser's session is untouched.
    expect((await a.json('GET', '/api/session')).body).toMatchObject({ user: { displayName: 'Kim' } })
  })

  it('without mail there are no magic links: refused, not offered, nothing printed', async () => {
    server = await startTestServer(dialect)
    const { id } = await server.user('learner', 'Mo')
    const c = server.client()
    expect((await c.json('GET', '/api/session')).body).toMatchObject({ magicLinks: false })
    const r = await c.json('POST', '/api/magic-links', { email: `${id}@example.test` })
    expect(r).toMatchObject({ status: 409, body: { error: expect.stringMatching(/no mail set up/) } })
    expect(server.logs.filter((l) => l.includes('#magic='))).toEqual([])
    expect(
      await server.ctx.db
        .selectFrom('tokens')
        .select('token_hash')
        .where('purpose', '=', 'magic-link')
        .execute(),
    ).toEqual([])
  })

  it('a magic link is mailed to the public address and signs in once; the log has no token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podnet-mail-'))
    const mailbox = join(dir, 'mail.txt')
    try {
      server = await startTestServer(dialect, {
        config: { mailCommand: `tee ${mailbox}`, publicUrl: 'https://lab.example.org' },
      })
      const { id } = await server.user('learner', 'Mo')
      const email = `${id}@example.test`
      const c = server.client()
      expect((await c.json('GET', '/api/session')).body).toMatchObject({ magicLinks: true })
      expect((await c.json('POST', '/api/magic-links', { email })).status).toBe(202)
      const mail = readFileSync(mailbox, 'utf8')
      expect(mail).toContain(`To: ${email}`)
      const token = /https:\/\/lab\.example\.org\/login#magic=([A-Za-z0-9_-]+)/.exec(mail)![1]!
      expect(server.logs.join('\n')).not.toContain(token)
      // Always 202: the answer does not tell which accounts exist.
      expect((await c.json('POST', '/api/magic-links', { email: 'nobody@example.org' })).status).toBe(202)
      expect((await c.json('POST', '/api/magic-links/redeem', { token })).body).toMatchObject({
        user: { displayName: 'Mo' },
      })
      expect((await server.client().json('POST', '/api/magic-links/redeem', { token })).status).toBe(403)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rate limits hold across replicas sharing the database', async () => {
    server = await startTestServer(dialect)
    const c = server.client()
    const statuses: number[] = []
    for (let i = 0; i < MISSES + 2; i++)
      statuses.push((await c.json('GET', `/api/join/nosuchcode${i}`)).status)
    expect(statuses.slice(0, MISSES).every((x) => x === 404)).toBe(true)
    expect(statuses.slice(MISSES)).toEqual([429, 429])
    // The counters live in the database: a second server on it sees them (for SQLite the
    // "replica" is the same process, as a second process cannot open the file).
    const { handle } = await import('../api/handle')
    const { ROUTES } = await import('../routes/registry')
    const res = await handle(
      new Request(`${server.url}/api/join/another`, { headers: { 'x-forwarded-for': '127.0.0.1' } }),
      { ...server.ctx },
      ROUTES,
    )
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
  })
})

// Join rate limits for a training room behind one address: a class of 500 must get in, and
// a few learners mistyping the code must not lock out the rest.
import { describe, expect, it, afterEach } from 'vitest'
import { configFromEnv, DEFAULT_JOIN_LIMIT } from '../config'
import { StartupError } from '../db/connect'
import type { ServerConfig } from '../config'
import { LIMITS } from '../auth/rate-limit'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { TestServer } from '../testing/harness'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Sets a rate-limit window's count for a key, as a burst of requests from the address would. */
async function fill(s: TestServer, key: string, windowMs: number, hits: number) {
  const now = s.ctx.now()
  await s.ctx.db
    .insertInto('rate_limits')
    .values({ key, window_start: now - (now % windowMs), hits })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits }))
    .execute()
}

async function hitsOf(s: TestServer, key: string): Promise<number> {
  const rows = await s.ctx.db.selectFrom('rate_limits').select('hits').where('key', '=', key).execute()
  return rows.reduce((n, r) => n + Number(r.hits), 0)
}

async function withCohort(dialect: (typeof DIALECTS)[number], config: Partial<ServerConfig> = {}) {
  const s = (server = await startTestServer(dialect, { config }))
  const { client: teacher } = await s.user('instructor')
  const c = (await teacher.json('POST', '/api/cohorts', { title: 'Room 4' })).body as { joinCode: string }
  return { s, code: c.joinCode }
}

describe('PODNET_JOIN_LIMIT', () => {
  it('defaults to room for 500 learners and their retries; a bad value stops the start', () => {
    const env = (value?: string) => ({ PODNET_JOIN_LIMIT: value }) as unknown as NodeJS.ProcessEnv
    expect(DEFAULT_JOIN_LIMIT).toBeGreaterThanOrEqual(1000)
    expect(configFromEnv(env()).joinLimit).toBe(DEFAULT_JOIN_LIMIT)
    expect(configFromEnv(env(' 2500 ')).joinLimit).toBe(2500)
    for (const bad of ['0', '-5', 'lots', '1e4'])
      expect(() => configFromEnv(env(bad)), bad).toThrow(StartupError)
    expect(() => configFromEnv(env('x'))).toThrow(/PODNET_JOIN_LIMIT/)
  })

  it('the wrong-code limit is raised well above a few mistypes', () => {
    expect(LIMITS.joinMissPerIp.max).toBeGreaterThanOrEqual(100)
  })
})

describe.each(DIALECTS)('join limits on %s', (dialect) => {
  it('a class behind one address gets past the old cap of 300 joins; the configured cap holds', async () => {
    const { s, code } = await withCohort(dialect)
    await fill(s, 'join-ip:127.0.0.1', LIMITS.joinPerIp.windowMs, 300)
    const r = await s.client().json('POST', `/api/join/${code}`, { displayName: 'Learner 301' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    await fill(s, 'join-ip:127.0.0.1', LIMITS.joinPerIp.windowMs, DEFAULT_JOIN_LIMIT)
    // The cap reached: the next join is refused.
    const over = await s.client().request('POST', `/api/join/${code}`, { displayName: 'One too many' })
    expect(over.status).toBe(429)
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  it('PODNET_JOIN_LIMIT sets the cap, for joins and, counted apart, for opening the link', async () => {
    const { s, code } = await withCohort(dialect, { joinLimit: 3 })
    for (let i = 0; i < 3; i++) {
      expect((await s.client().json('GET', `/api/join/${code}`)).status).toBe(200)
      expect((await s.client().json('POST', `/api/join/${code}`, { displayName: `L${i}` })).status).toBe(201)
    }
    expect((await s.client().json('GET', `/api/join/${code}`)).status).toBe(429)
    expect((await s.client().json('POST', `/api/join/${code}`, { displayName: 'L4' })).status).toBe(429)
  })

  it('past the wrong-code limit a wrong code gets 429, and the right code still works', async () => {
    const { s, code } = await withCohort(dialect)
    // Right codes do not count as misses.
    expect((await s.client().json('GET', `/api/join/${code}`)).status).toBe(200)
    expect((await s.client().json('POST', `/api/join/${code}`, { displayName: 'Early' })).status).toBe(201)
    expect(await hitsOf(s, 'join-miss:127.0.0.1')).toBe(0)
    expect((await s.client().json('GET', '/api/join/nosuchcode')).status).toBe(404)
    expect(await hitsOf(s, 'join-miss:127.0.0.1')).toBe(1)

    await fill(s, 'join-miss:127.0.0.1', LIMITS.joinMissPerIp.windowMs, LIMITS.joinMissPerIp.max)
    const wrongGet = await s.client().request('GET', '/api/join/nosuchcode')
    expect(wrongGet.status).toBe(429)
    expect(wrongGet.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await s.client().json('POST', '/api/join/nosuchcode', { displayName: 'Typo' })).status).toBe(429)
    // The learners who type the code right are not locked out by the ones who did not.
    expect((await s.client().json('GET', `/api/join/${code}`)).body).toMatchObject({ title: 'Room 4' })
    const late = await s.client().json('POST', `/api/join/${code}`, { displayName: 'Careful typist' })
    expect(late.status, JSON.stringify(late.body)).toBe(201)
  })
})

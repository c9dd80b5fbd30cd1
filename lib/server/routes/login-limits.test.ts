// Failed logins count per (email, client address), so a stranger cannot lock an account's
// owner out by typing wrong passwords for it; a much higher cap per email across addresses
// still bounds a guesser with many addresses.
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/secrets'
import { LIMITS } from '../auth/rate-limit'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { TestServer } from '../testing/harness'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const EMAIL = 'admin@example.org'
const PASSWORD = 'the real password'
const ATTACKER = '203.0.113.66'
const OWNER = '198.51.100.5'

/** A server behind one trusted proxy, so X-Forwarded-For names the client's address. */
async function start(dialect: (typeof DIALECTS)[number]): Promise<TestServer> {
  const s = (server = await startTestServer(dialect, { config: { trustedProxies: 1 } }))
  const { id } = await s.user('admin')
  await s.ctx.db
    .updateTable('users')
    .set({ email: EMAIL, password_hash: await hashPassword(PASSWORD) })
    .where('id', '=', id)
    .execute()
  return s
}

const login = (s: TestServer, from: string, password: string) =>
  s.client().request('POST', '/api/login', { email: EMAIL, password }, { 'x-forwarded-for': from })

describe.each(DIALECTS)('failed logins on %s', (dialect) => {
  it('from another address do not lock the owner out of theirs', async () => {
    const s = await start(dialect)
    for (let i = 0; i < LIMITS.loginFailPerEmailIp.max; i++)
      expect((await login(s, ATTACKER, `guess ${i}`)).status).toBe(401)
    // The attacker's address is refused, even with the right password…
    const refused = await login(s, ATTACKER, PASSWORD)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    // …while the owner signs in from theirs.
    expect((await login(s, OWNER, PASSWORD)).status).toBe(200)
  })

  it('are capped per email across every address, far above the per-address limit', async () => {
    expect(LIMITS.loginFailPerEmail.max).toBeGreaterThanOrEqual(10 * LIMITS.loginFailPerEmailIp.max)
    const s = await start(dialect)
    const now = s.ctx.now()
    const window = LIMITS.loginFailPerEmail.windowMs
    // As if many addresses had each tried a few passwords: one short of the cap.
    await s.ctx.db
      .insertInto('rate_limits')
      .values({
        key: `login-fail-email:${EMAIL}`,
        window_start: now - (now % window),
        hits: LIMITS.loginFailPerEmail.max - 1,
      })
      .execute()
    expect((await login(s, '192.0.2.1', 'one more guess')).status).toBe(401)
    expect((await login(s, OWNER, PASSWORD)).status).toBe(429)
    // Another account is not affected.
    const other = await s
      .client()
      .request(
        'POST',
        '/api/login',
        { email: 'someone@example.org', password: 'whatever' },
        { 'x-forwarded-for': OWNER },
      )
    expect(other.status).toBe(401)
  })
})

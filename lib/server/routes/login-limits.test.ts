// Failed logins count per (email, client address), so a stranger cannot lock an account's
// owner out by typing wrong passwords for it; a much higher cap per email across addresses
// still bounds a guesser with many addresses; a browser the account signed in from before
// (its device cookie) is counted apart, and an IPv6 address counts as its /64.
import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/secrets'
import { LIMITS } from '../auth/rate-limit'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { Client, TestServer } from '../testing/harness'

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

// Device cookies (OWASP): a browser that signed in to the account before is counted on its
// own, so strangers who fill the per-email and per-address counters cannot lock the owner
// out of the browsers they use; a cookie that is not this account's gives nothing.
const DEVICE = '__Host-podnet-device'
const deviceOf = (c: Client) =>
  c.cookie
    ?.split('; ')
    .find((p) => p.startsWith(`${DEVICE}=`))
    ?.slice(DEVICE.length + 1)
/** A login from a browser that keeps its cookies (and, signed in, the CSRF token, as the page does). */
async function loginIn(c: Client, from: string, password: string, who = EMAIL): Promise<Response> {
  const r = await c.request('POST', '/api/login', { email: who, password }, { 'x-forwarded-for': from })
  if (r.status === 200) c.csrf = ((await r.clone().json()) as { csrfToken: string }).csrfToken
  return r
}

/** Fills a failure counter's window, as many wrong passwords would. */
async function fill(s: TestServer, key: string, l: { max: number; windowMs: number }) {
  const now = s.ctx.now()
  await s.ctx.db
    .insertInto('rate_limits')
    .values({ key, window_start: now - (now % l.windowMs), hits: l.max })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: l.max }))
    .execute()
}
const capEmail = (s: TestServer) => fill(s, `login-fail-email:${EMAIL}`, LIMITS.loginFailPerEmail)
const hitsOf = async (s: TestServer, key: string) =>
  Number(
    (await s.ctx.db.selectFrom('rate_limits').select('hits').where('key', '=', key).executeTakeFirst())
      ?.hits ?? 0,
  )

describe.each(DIALECTS)('device cookies on %s', (dialect) => {
  it('let the owner’s browser in past the per-email cap; a browser without one gets 429', async () => {
    const s = await start(dialect)
    const owner = s.client()
    const first = await loginIn(owner, OWNER, PASSWORD)
    expect(first.status).toBe(200)
    const set = first.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE}=`))
    expect(set).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=15552000; Secure$/)
    const token = deviceOf(owner)!
    // Only the hash is stored, bound to the account.
    const rows = await s.ctx.db.selectFrom('tokens').selectAll().where('purpose', '=', 'device').execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.token_hash).not.toBe(token)

    // Ten addresses each guess ten times, and then some: the email's cap is reached.
    for (let a = 1; a <= 10; a++)
      for (let i = 0; i < 2; i++) expect((await login(s, `192.0.2.${a}`, `guess ${a}/${i}`)).status).toBe(401)
    await capEmail(s)
    // Someone at the owner's address (their NAT) also filled the pair's counter.
    await fill(s, `login-fail:${OWNER}/${EMAIL}`, LIMITS.loginFailPerEmailIp)
    await fill(s, `login-ip:${OWNER}`, LIMITS.loginPerIp)
    expect((await login(s, OWNER, PASSWORD)).status).toBe(429)
    expect((await login(s, '198.51.100.99', PASSWORD)).status).toBe(429)
    // The owner's browser still signs in, from their address or another.
    expect((await loginIn(owner, OWNER, PASSWORD)).status).toBe(200)
    expect((await loginIn(owner, '198.51.100.99', PASSWORD)).status).toBe(200)
    // Each sign-in replaces the browser's token; the old one is worthless.
    expect(deviceOf(owner)).not.toBe(token)
    const old = s.client()
    old.cookie = `${DEVICE}=${token}`
    expect((await loginIn(old, OWNER, PASSWORD)).status).toBe(429)
  })

  it('give nothing for another account, nor when forged, altered, taken from the database or expired', async () => {
    const s = await start(dialect)
    const { id: otherId } = await s.user('learner')
    const otherEmail = `${otherId}@example.test`
    await s.ctx.db
      .updateTable('users')
      .set({ password_hash: await hashPassword('the other password') })
      .where('id', '=', otherId)
      .execute()
    const other = s.client()
    expect((await loginIn(other, OWNER, 'the other password', otherEmail)).status).toBe(200)
    const owner = s.client()
    expect((await loginIn(owner, OWNER, PASSWORD)).status).toBe(200)
    const real = deviceOf(owner)!
    await capEmail(s)

    // The other account's browser is not the owner's.
    expect((await loginIn(other, OWNER, PASSWORD)).status).toBe(429)
    const [row] = await s.ctx.db
      .selectFrom('tokens')
      .select('token_hash')
      .where(
        'user_id',
        '=',
        (await s.ctx.db.selectFrom('users').select('id').where('email', '=', EMAIL).executeTakeFirstOrThrow())
          .id,
      )
      .where('purpose', '=', 'device')
      .execute()
    const flipped = (real[0] === 'A' ? 'B' : 'A') + real.slice(1)
    for (const value of ['A'.repeat(43), flipped, row!.token_hash, `${real}x`, 'garbage']) {
      const c = s.client()
      c.cookie = `${DEVICE}=${value}`
      expect((await loginIn(c, OWNER, PASSWORD)).status, value).toBe(429)
    }
    // Without the __Host- prefix (a cookie a sibling host could set over plain http): ignored.
    const plain = s.client()
    plain.cookie = `podnet-device=${real}`
    expect((await loginIn(plain, OWNER, PASSWORD)).status).toBe(429)
    // Expired.
    await s.ctx.db
      .updateTable('tokens')
      .set({ expires_at: s.ctx.now() - 1 })
      .where('token_hash', '=', row!.token_hash)
      .execute()
    expect((await loginIn(owner, OWNER, PASSWORD)).status).toBe(429)
  })

  it('have their own failure limit, and their failures do not count toward the email’s', async () => {
    const s = await start(dialect)
    const owner = s.client()
    expect((await loginIn(owner, OWNER, PASSWORD)).status).toBe(200)
    for (let i = 0; i < LIMITS.loginFailPerDevice.max; i++)
      expect((await loginIn(owner, `198.51.100.${i + 10}`, `typo ${i}`)).status).toBe(401)
    const refused = await loginIn(owner, OWNER, PASSWORD)
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await hitsOf(s, `login-fail-email:${EMAIL}`)).toBe(0)
    expect(await hitsOf(s, `login-fail:${OWNER}/${EMAIL}`)).toBe(0)
    // A browser without the cookie is counted as before, and still gets in.
    expect((await login(s, OWNER, PASSWORD)).status).toBe(200)
  })

  it('outlive logout', async () => {
    const s = await start(dialect)
    const owner = s.client()
    const r = await owner.json('POST', '/api/login', { email: EMAIL, password: PASSWORD })
    expect(r.status).toBe(200)
    const token = deviceOf(owner)
    const out = await owner.request('POST', '/api/logout')
    expect(out.status).toBe(204)
    expect(out.headers.getSetCookie().some((c) => c.startsWith(`${DEVICE}=`))).toBe(false)
    expect(deviceOf(owner)).toBe(token)
    await capEmail(s)
    expect((await loginIn(owner, OWNER, PASSWORD)).status).toBe(200)
  })

  it('are erased with the learner', async () => {
    const s = await start(dialect)
    const { client: teacher } = await s.user('instructor')
    const c = (await teacher.json('POST', '/api/cohorts', { title: 'T' })).body as {
      id: string
      joinCode: string
    }
    const joined = await s.client().json('POST', `/api/join/${c.joinCode}`, {
      displayName: 'Kim',
      email: 'kim@example.org',
      password: 'a long password here',
    })
    expect(joined.status).toBe(201)
    const browser = s.client()
    expect((await loginIn(browser, OWNER, 'a long password here', 'kim@example.org')).status).toBe(200)
    const kim = await s.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'kim@example.org')
      .executeTakeFirstOrThrow()
    const devices = () =>
      s.ctx.db
        .selectFrom('tokens')
        .select('token_hash')
        .where('user_id', '=', kim.id)
        .where('purpose', '=', 'device')
        .execute()
    expect(await devices()).toHaveLength(1)
    expect((await teacher.request('DELETE', `/api/cohorts/${c.id}/learners/${kim.id}`)).status).toBe(204)
    expect(await devices()).toEqual([])
  })
})

describe.each(DIALECTS)('client addresses on %s', (dialect) => {
  it('count an IPv6 address as its /64 and an IPv4-mapped one as the IPv4 address', async () => {
    const s = await start(dialect)
    // Ten addresses of one /64, as one host can pick at will.
    for (let i = 0; i < LIMITS.loginFailPerEmailIp.max; i++)
      expect((await login(s, `2001:db8:1:2::${(i + 1).toString(16)}`, `guess ${i}`)).status).toBe(401)
    expect((await login(s, '2001:DB8:1:2:ffff:ffff:ffff:ffff', PASSWORD)).status).toBe(429)
    expect((await login(s, '[2001:db8:1:2::99]', PASSWORD)).status).toBe(429)
    // The next /64 is another address.
    expect((await login(s, '2001:db8:1:3::1', PASSWORD)).status).toBe(200)
    expect(await hitsOf(s, `login-fail:2001:db8:1:2::/64/${EMAIL}`)).toBe(LIMITS.loginFailPerEmailIp.max)

    for (let i = 0; i < LIMITS.loginFailPerEmailIp.max; i++)
      expect((await login(s, '::ffff:203.0.113.7', `guess ${i}`)).status).toBe(401)
    expect((await login(s, '203.0.113.7', PASSWORD)).status).toBe(429)
    expect((await login(s, '203.0.113.8', PASSWORD)).status).toBe(200)
  })
})

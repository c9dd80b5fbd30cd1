// Unproven addresses cannot take accounts over: an email typed when joining is trusted only
// after a magic link mailed to it is opened (or an OIDC provider vouches for it, or an admin
// made the account for it). Making an instructor and an OIDC sign-in by that address, and a
// magic link proving it, each follow the rules in auth/email.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { Client, TestServer } from '../testing/harness'
import { startOidcProvider } from '../testing/oidc-provider'
import type { ServerConfig } from '../config'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const EMAIL = 'person@acme.example'
const ATTACKER_PASSWORD = 'set by someone else'

/** A server that mails through `tee`, so a test reads the last message from a file. */
async function server(dialect: (typeof DIALECTS)[number], config: Partial<ServerConfig> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-mail-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  const mailbox = join(dir, 'mail.txt')
  const s = await startTestServer(dialect, {
    config: { mailCommand: `tee ${mailbox}`, publicUrl: 'https://lab.example.org', ...config },
  })
  cleanups.push(s.close)
  const lastLink = () => /#magic=([A-Za-z0-9_-]+)/.exec(readFileSync(mailbox, 'utf8'))![1]!
  return { s, lastLink }
}

async function cohortCode(s: TestServer) {
  const { client } = await s.user('instructor')
  const c = (await client.json('POST', '/api/cohorts', { title: 'Accounts' })).body as {
    id: string
    joinCode: string
  }
  return c
}

/** Someone joins with EMAIL and a password: the address is typed, not proven. */
async function joinWithEmail(s: TestServer, code: string) {
  const c = s.client()
  const r = await c.json<{ user: { id: string } }>('POST', `/api/join/${code}`, {
    displayName: 'Typed it',
    email: EMAIL,
    password: ATTACKER_PASSWORD,
  })
  expect(r.status).toBe(201)
  return { client: c, id: (r.body as { user: { id: string } }).user.id }
}

const row = (s: TestServer, id: string) =>
  s.ctx.db
    .selectFrom('users')
    .select(['id', 'email', 'email_verified', 'password_hash', 'role'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

const login = (s: TestServer, password = ATTACKER_PASSWORD) =>
  s.client().json('POST', '/api/login', { email: EMAIL, password })

async function signedInAs(c: Client) {
  return ((await c.json('GET', '/api/session')).body as { user: { id: string } | null }).user?.id ?? null
}

describe.each(DIALECTS)('proven and unproven email addresses on %s', (dialect) => {
  it('making an instructor by an unproven address gives the instructor a new account; the old one loses the address', async () => {
    const { s } = await server(dialect)
    const cohort = await cohortCode(s)
    const squatter = await joinWithEmail(s, cohort.joinCode)
    const admin = (await s.user('admin')).client
    const r = await admin.json<{ user: { id: string; role: string; email: string }; signInUrl: string }>(
      'POST',
      '/api/instructors',
      { email: EMAIL, displayName: 'Real Person' },
    )
    expect(r.status).toBe(201)
    const made = r.body as { user: { id: string; role: string; email: string }; signInUrl: string }
    expect(made.user).toMatchObject({ role: 'instructor', email: EMAIL })
    expect(made.user.id).not.toBe(squatter.id)
    expect(await row(s, made.user.id)).toMatchObject({ email_verified: 1 })
    // The old account keeps its session and cohort, but not the address or the password.
    expect(await row(s, squatter.id)).toMatchObject({
      email: null,
      email_verified: 0,
      password_hash: null,
      role: 'learner',
    })
    expect(await signedInAs(squatter.client)).toBe(squatter.id)
    const mine = await squatter.client.json<{ cohorts: { id: string }[] }>('GET', '/api/me/cohorts')
    expect((mine.body as { cohorts: { id: string }[] }).cohorts.map((c) => c.id)).toEqual([cohort.id])
    expect((await login(s)).status).toBe(401)
    // The sign-in link opens the instructor's account.
    const link = made.signInUrl.split('#magic=')[1]!
    const teacher = s.client()
    const signed = await teacher.json('POST', '/api/magic-links/redeem', { token: link })
    expect(signed).toMatchObject({ status: 200, body: { user: { id: made.user.id, role: 'instructor' } } })
  })

  it('making an instructor by a proven address promotes that account', async () => {
    const { s, lastLink } = await server(dialect)
    const cohort = await cohortCode(s)
    const owner = await joinWithEmail(s, cohort.joinCode)
    expect((await s.client().json('POST', '/api/magic-links', { email: EMAIL })).status).toBe(202)
    const c = s.client()
    expect((await c.json('POST', '/api/magic-links/redeem', { token: lastLink() })).status).toBe(200)
    expect(await row(s, owner.id)).toMatchObject({ email_verified: 1 })
    const admin = (await s.user('admin')).client
    const r = await admin.json('POST', '/api/instructors', { email: EMAIL, displayName: 'Owner' })
    expect(r).toMatchObject({ status: 201, body: { user: { id: owner.id, role: 'instructor' } } })
  })

  it('a magic link proves the address: a password set before goes, and the other sessions end', async () => {
    const { s, lastLink } = await server(dialect)
    const cohort = await cohortCode(s)
    const squatter = await joinWithEmail(s, cohort.joinCode)
    const again = s.client()
    expect(
      (await again.json('POST', '/api/login', { email: EMAIL, password: ATTACKER_PASSWORD })).status,
    ).toBe(200)
    expect((await s.client().json('POST', '/api/magic-links', { email: EMAIL })).status).toBe(202)
    const owner = s.client()
    const r = await owner.json('POST', '/api/magic-links/redeem', { token: lastLink() })
    expect(r).toMatchObject({ status: 200, body: { user: { id: squatter.id } } })
    expect(await row(s, squatter.id)).toMatchObject({ email_verified: 1, password_hash: null })
    expect(await signedInAs(squatter.client)).toBe(null)
    expect(await signedInAs(again)).toBe(null)
    expect(await signedInAs(owner)).toBe(squatter.id)
    expect((await login(s)).status).toBe(401)
    // A password set after the proof stays when the next link is opened.
    expect((await owner.json('POST', '/api/me/password', { password: 'the owner’s password' })).status).toBe(
      204,
    )
    expect((await s.client().json('POST', '/api/magic-links', { email: EMAIL })).status).toBe(202)
    const next = s.client()
    expect((await next.json('POST', '/api/magic-links/redeem', { token: lastLink() })).status).toBe(200)
    expect(await signedInAs(owner)).toBe(squatter.id)
    expect((await login(s, 'the owner’s password')).status).toBe(200)
  })

  it('a magic link stops working once its account has given its address up', async () => {
    const { s, lastLink } = await server(dialect)
    const cohort = await cohortCode(s)
    await joinWithEmail(s, cohort.joinCode)
    expect((await s.client().json('POST', '/api/magic-links', { email: EMAIL })).status).toBe(202)
    const token = lastLink()
    const admin = (await s.user('admin')).client
    expect((await admin.json('POST', '/api/instructors', { email: EMAIL, displayName: 'P' })).status).toBe(
      201,
    )
    expect((await s.client().json('POST', '/api/magic-links/redeem', { token })).status).toBe(403)
  })

  it('an OIDC sign-in links to a proven account, never to an unproven one', async () => {
    const provider = await startOidcProvider('podnet', 'secret', {
      sub: 'p-1',
      name: 'Person',
      email: EMAIL,
      email_verified: true,
    })
    cleanups.push(provider.close)
    const oidc = { issuer: provider.issuer, clientId: 'podnet', clientSecret: 'secret', name: 'Acme' }
    const viaOidc = async (s: TestServer) => {
      const c = s.client()
      const start = await c.request('GET', '/api/oidc/start?returnTo=/')
      const back = await c.request('GET', start.headers.get('location')!)
      // The provider sends the browser back to the server's public URL; the test server
      // is the same server on its loopback address.
      const callback = new URL(back.headers.get('location')!)
      const done = await c.request('GET', `${s.url}${callback.pathname}${callback.search}`)
      expect(done.status, await done.clone().text()).toBe(302)
      return c
    }

    // Unproven: the OIDC account is a new one and takes the address.
    {
      const { s } = await server(dialect, { oidc })
      const cohort = await cohortCode(s)
      const squatter = await joinWithEmail(s, cohort.joinCode)
      const c = await viaOidc(s)
      const id = await signedInAs(c)
      expect(id).not.toBe(squatter.id)
      expect(await row(s, id!)).toMatchObject({ email: EMAIL, email_verified: 1 })
      expect(await row(s, squatter.id)).toMatchObject({ email: null, password_hash: null })
      expect((await login(s)).status).toBe(401)
      expect(await signedInAs(squatter.client)).toBe(squatter.id)
    }
    // Proven (by a magic link): the same account.
    {
      const { s, lastLink } = await server(dialect, { oidc })
      const cohort = await cohortCode(s)
      const owner = await joinWithEmail(s, cohort.joinCode)
      await s.client().json('POST', '/api/magic-links', { email: EMAIL })
      expect((await s.client().json('POST', '/api/magic-links/redeem', { token: lastLink() })).status).toBe(
        200,
      )
      const c = await viaOidc(s)
      expect(await signedInAs(c)).toBe(owner.id)
    }
  })

  it('the admin from PODNET_ADMIN_EMAIL or the setup link has a proven address', async () => {
    const { s } = await server(dialect, { adminEmail: 'boss@example.org', adminPassword: 'twelve chars ok' })
    const boss = await s.ctx.db
      .selectFrom('users')
      .select('email_verified')
      .where('email', '=', 'boss@example.org')
      .executeTakeFirstOrThrow()
    expect(boss.email_verified).toBe(1)
    const t = await server(dialect)
    const token = /#token=([\w-]+)/.exec(t.s.logs.find((l) => l.includes('#token='))!)![1]!
    const r = await t.s.client().json<{ user: { id: string } }>('POST', '/api/setup', {
      token,
      displayName: 'Ada',
      email: 'ada@example.org',
      password: 'correct horse battery',
    })
    expect(r.status).toBe(201)
    expect(await row(t.s, (r.body as { user: { id: string } }).user.id)).toMatchObject({ email_verified: 1 })
  })
})

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from './testing/harness'
import type { TestServer } from './testing/harness'
import { bootstrap, SETUP_FILE, siteUrl } from './bootstrap'
import { configFromEnv } from './config'
import { DIALECTS } from './testing/databases'
import { startSession } from './auth/sessions'

let s: TestServer | undefined
afterEach(async () => {
  await s?.close()
  s = undefined
})

describe('the first instructor', () => {
  it('comes from PODNET_ADMIN_EMAIL and PODNET_ADMIN_PASSWORD when set, with no setup link', async () => {
    s = await startTestServer('sqlite', {
      config: { adminEmail: 'Boss@Example.org', adminPassword: 'twelve chars ok' },
    })
    expect(s.logs.some((l) => l.includes('#token='))).toBe(false)
    expect(existsSync(join(s.ctx.config.dataDir, SETUP_FILE))).toBe(false)
    expect(s.logs.join('\n')).not.toContain('twelve chars ok')
    const c = s.client()
    const r = await c.json('POST', '/api/login', { email: 'boss@example.org', password: 'twelve chars ok' })
    expect(r).toMatchObject({ status: 200, body: { user: { role: 'admin' } } })
    expect((await c.json('GET', '/api/session')).body).toMatchObject({ setupNeeded: false })
  })

  it('refuses half a configuration or a short password', async () => {
    await expect(startTestServer('sqlite', { config: { adminEmail: 'a@b.org' } })).rejects.toThrow(/both/)
    await expect(
      startTestServer('sqlite', { config: { adminEmail: 'a@b.org', adminPassword: 'short' } }),
    ).rejects.toThrow(/at least 12/)
  })

  it('a password set after a magic-link sign-in works, and ends the other sessions', async () => {
    s = await startTestServer('sqlite')
    const { client: a, id } = await s.user('instructor')
    const elsewhere = s.client()
    const started = await startSession(s.ctx.db, id, s.ctx.now(), s.ctx.config.sessionTtlMs)
    elsewhere.cookie = `__Host-podnet-session=${started.token}`
    expect((await elsewhere.json('GET', '/api/session')).body).toMatchObject({ user: { id } })
    expect((await a.json('POST', '/api/me/password', { password: 'my new password!' })).status).toBe(204)
    expect((await elsewhere.json('GET', '/api/session')).body).toMatchObject({ user: null })
    expect((await a.json('GET', '/api/session')).body).toMatchObject({ user: { id } })
    const login = await s
      .client()
      .json('POST', '/api/login', { email: `${id}@example.test`, password: 'my new password!' })
    expect(login.status).toBe(200)
    // Changing it again needs the current one.
    expect((await a.json('POST', '/api/me/password', { password: 'another password' })).status).toBe(403)
    const change = await a.json('POST', '/api/me/password', {
      password: 'another password',
      currentPassword: 'my new password!',
    })
    expect(change.status).toBe(204)
  })
})

describe.each(DIALECTS)('setup links on %s', (dialect) => {
  it('a start before setup replaces the links printed before: only the newest works', async () => {
    s = await startTestServer(dialect)
    const server = s
    const tokens = () =>
      server.logs.flatMap((l) => {
        const m = /#token=([\w-]+)/.exec(l)
        return m ? [m[1]!] : []
      })
    // Two more starts while nobody has used a link.
    await bootstrap(server.ctx)
    await bootstrap(server.ctx)
    const printed = tokens()
    expect(printed).toHaveLength(3)
    expect(new Set(printed).size).toBe(3)
    const newest = printed.at(-1)!
    if (dialect === 'sqlite')
      expect(readFileSync(join(server.ctx.config.dataDir, SETUP_FILE), 'utf8')).toContain(newest)
    const unused = await server.ctx.db
      .selectFrom('tokens')
      .select('token_hash')
      .where('purpose', '=', 'setup')
      .execute()
    expect(unused).toHaveLength(1)

    const setup = (token: string) =>
      server.client().json('POST', '/api/setup', {
        token,
        displayName: 'Ada',
        email: 'ada@example.org',
        password: 'correct horse battery',
      })
    for (const old of printed.slice(0, -1)) expect((await setup(old)).status).toBe(403)
    expect((await setup(newest)).status).toBe(201)
    // The console says so.
    expect(server.logs.find((l) => l.includes('#token='))).toMatch(/no longer work/)
  })
})

describe('the setup link names the address the server listens on', () => {
  const link = (env: Record<string, string>) =>
    siteUrl({ config: configFromEnv({ PORT: '3300', ...env } as unknown as NodeJS.ProcessEnv) })
  it('one address: that address', () => {
    expect(link({ HOSTNAME: '127.0.0.1' })).toBe('http://127.0.0.1:3300')
    expect(link({ HOSTNAME: '::1' })).toBe('http://[::1]:3300')
  })
  it('every address, or none given: localhost', () => {
    expect(link({ HOSTNAME: '0.0.0.0' })).toBe('http://localhost:3300')
    expect(link({ HOSTNAME: '::' })).toBe('http://localhost:3300')
    expect(link({})).toBe('http://localhost:3300')
  })
  it('a public URL wins', () => {
    expect(link({ HOSTNAME: '127.0.0.1', PODNET_PUBLIC_URL: 'https://lab.example.org' })).toBe(
      'https://lab.example.org',
    )
  })
})

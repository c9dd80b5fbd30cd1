import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from './testing/harness'
import type { TestServer } from './testing/harness'
import { SETUP_FILE } from './bootstrap'
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

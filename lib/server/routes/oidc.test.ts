import { afterEach, describe, expect, it } from 'vitest'
import { startTestServer } from '../testing/harness'
import type { Client, TestServer } from '../testing/harness'
import { startOidcProvider } from '../testing/oidc-provider'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function setup() {
  const provider = await startOidcProvider('podnet', 'client secret', {
    sub: 'u-42',
    name: 'Oidc Person',
    email: 'person@acme.example',
    email_verified: true,
  })
  cleanups.push(provider.close)
  const s = await startTestServer('sqlite', {
    config: {
      oidc: { issuer: provider.issuer, clientId: 'podnet', clientSecret: 'client secret', name: 'Acme' },
    },
  })
  cleanups.push(s.close)
  return s
}

/** The browser's part: follow the redirects to the provider and back. */
async function signInThrough(s: TestServer, c: Client, returnTo: string) {
  const start = await c.request('GET', `/api/oidc/start?returnTo=${encodeURIComponent(returnTo)}`)
  expect(start.status).toBe(302)
  const atProvider = await c.request('GET', start.headers.get('location')!)
  expect(atProvider.status).toBe(302)
  const callback = atProvider.headers.get('location')!
  expect(callback.startsWith(`${s.url}/api/oidc/callback?`)).toBe(true)
  return callback
}

describe('OIDC sign-in', () => {
  it('signs in (a new learner from the claims) and returns to the page it started from', async () => {
    const s = await setup()
    const c = s.client()
    expect((await c.json('GET', '/api/session')).body).toMatchObject({ oidc: { name: 'Acme' } })
    const callback = await signInThrough(s, c, '/join/abcdefgh')
    const done = await c.request('GET', callback)
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe(`${s.url}/join/abcdefgh`)
    expect((await c.json('GET', '/api/session')).body).toMatchObject({
      user: { displayName: 'Oidc Person', email: 'person@acme.example', role: 'learner' },
    })
    // The same person again is the same account.
    const d = s.client()
    await d.request('GET', await signInThrough(s, d, '/'))
    const users = await s.ctx.db.selectFrom('users').select('oidc_subject').execute()
    expect(users).toEqual([{ oidc_subject: `${s.ctx.config.oidc!.issuer} u-42` }])
  })

  it('refuses a callback in another browser, a replayed one and a tampered one', async () => {
    const s = await setup()
    const c = s.client()
    const callback = await signInThrough(s, c, '/')
    // Someone else's browser (no flow cookie) cannot finish the flow.
    expect((await s.client().request('GET', callback)).status).toBe(403)
    // The attempt consumed the flow: the right browser cannot replay it either.
    expect((await c.request('GET', callback)).status).toBe(403)
    const e = s.client()
    const cb2 = await signInThrough(s, e, '/')
    const tampered = cb2.replace(/code=[^&]+/, 'code=forged')
    expect((await e.request('GET', tampered)).status).toBe(403)
    expect((await e.json('GET', '/api/session')).body).toMatchObject({ user: null })
  })

  it('is a 404 when no provider is configured', async () => {
    const s = await startTestServer('sqlite')
    cleanups.push(s.close)
    expect((await s.client().request('GET', '/api/oidc/start')).status).toBe(404)
  })
})

// Where a request comes from, and which address the browser used. The socket's address is
// the client's unless PODNET_TRUSTED_PROXIES says how many proxies in front of the server
// append to X-Forwarded-For; the site's origin comes from the Host header (X-Forwarded-Host
// and -Proto only from trusted proxies), never from the address the server is bound to.
import { afterEach, describe, expect, it } from 'vitest'
import { configFromEnv } from '../config'
import type { ServerConfig } from '../config'
import { StartupError } from '../db/connect'
import { handle } from './handle'
import { LIMITS } from '../auth/rate-limit'
import { ROUTES } from '../routes/registry'
import { startTestServer } from '../testing/harness'
import type { TestServer } from '../testing/harness'

/** unknown join codes an address may try before it gets 429 */
const MISSES = LIMITS.joinMissPerIp.max
let s: TestServer | undefined
afterEach(async () => {
  await s?.close()
  s = undefined
})

const start = async (config: Partial<ServerConfig> = {}) => (s = await startTestServer('sqlite', { config }))

/** Fills a rate-limit window for a key, as a burst of attempts from that address would. */
async function exhaust(server: TestServer, key: string, limit: { max: number; windowMs: number }) {
  const now = server.ctx.now()
  await server.ctx.db
    .insertInto('rate_limits')
    .values({ key, window_start: now - (now % limit.windowMs), hits: limit.max })
    .execute()
}

describe('PODNET_TRUSTED_PROXIES', () => {
  it('is 0 by default, a small number when set, and anything else stops the start', () => {
    const env = (value?: string) => ({ PODNET_TRUSTED_PROXIES: value }) as unknown as NodeJS.ProcessEnv
    expect(configFromEnv(env()).trustedProxies).toBe(0)
    expect(configFromEnv(env(' 2 ')).trustedProxies).toBe(2)
    expect(() => configFromEnv(env('yes'))).toThrow(StartupError)
    expect(() => configFromEnv(env('-1'))).toThrow(/PODNET_TRUSTED_PROXIES/)
  })
})

describe('the client address for rate limits', () => {
  it('by default is the socket’s: a made-up X-Forwarded-For does not escape the join limit', async () => {
    const server = await start()
    const statuses: number[] = []
    for (let i = 0; i < MISSES + 2; i++) {
      const r = await server.client().request('GET', `/api/join/nosuchcode${i}`, undefined, {
        'x-forwarded-for': `198.51.100.${i}`,
      })
      statuses.push(r.status)
    }
    expect(statuses.slice(0, MISSES).every((x) => x === 404)).toBe(true)
    expect(statuses.slice(MISSES)).toEqual([429, 429])
  })

  it('by default is the socket’s: a made-up X-Forwarded-For does not escape the login limit', async () => {
    const server = await start()
    await exhaust(server, 'login-ip:127.0.0.1', LIMITS.loginPerIp)
    for (const spoofed of ['198.51.100.7', '198.51.100.7, 203.0.113.1', 'unknown']) {
      const r = await server
        .client()
        .request(
          'POST',
          '/api/login',
          { email: 'a@example.org', password: 'not this one' },
          { 'x-forwarded-for': spoofed },
        )
      expect(r.status, spoofed).toBe(429)
    }
  })

  it('with PODNET_TRUSTED_PROXIES=1 is the address the proxy appended', async () => {
    const server = await start({ trustedProxies: 1 })
    // A proxy appends the address it saw; the server appends the proxy's (the socket).
    await exhaust(server, 'login-ip:203.0.113.9', LIMITS.loginPerIp)
    const login = (xff: string) =>
      server.client().request(
        'POST',
        '/api/login',
        { email: 'a@example.org', password: 'not this one' },
        {
          'x-forwarded-for': xff,
        },
      )
    expect((await login('203.0.113.9')).status).toBe(429)
    // What the client made up sits left of what the proxy appended: it does not count.
    expect((await login('198.51.100.1, 203.0.113.9')).status).toBe(429)
    expect((await login('203.0.113.9, 198.51.100.1')).status).toBe(401)
    const statuses: number[] = []
    for (let i = 0; i < MISSES + 2; i++) {
      const r = await server.client().request('GET', `/api/join/nosuchcode${i}`, undefined, {
        'x-forwarded-for': `198.51.100.${i}`,
      })
      statuses.push(r.status)
    }
    expect(statuses.every((x) => x === 404)).toBe(true)
  })
})

describe('the site’s origin', () => {
  // The standalone server bound to 0.0.0.0 builds request.url on its bind address; the
  // browser asked for http://192.168.1.5:3000 (the Host header).
  const bound = 'http://0.0.0.0:3000'
  const lan = 'http://192.168.1.5:3000'

  async function instructorSession(server: TestServer) {
    const { client } = await server.user('instructor')
    return { cookie: client.cookie!.replace('__Host-podnet-session', 'podnet-session'), csrf: client.csrf! }
  }

  const call = (server: TestServer, path: string, headers: Record<string, string>, body?: unknown) =>
    handle(
      new Request(`${bound}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.168.1.20', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      server.ctx,
      ROUTES,
    )

  it('comes from the Host header, not the address the server is bound to', async () => {
    const server = await start()
    const { cookie, csrf } = await instructorSession(server)
    const r = await call(
      server,
      '/api/cohorts',
      { host: '192.168.1.5:3000', origin: lan, cookie, 'x-csrf-token': csrf },
      { title: 'LAN' },
    )
    expect(r.status, await r.clone().text()).toBe(201)
    const body = (await r.json()) as { joinUrl: string; joinCode: string }
    expect(body.joinUrl).toBe(`${lan}/join/${body.joinCode}`)
  })

  it('decides the secure cookie from the Host header: localhost gets __Host-, a LAN address not', async () => {
    const server = await start()
    const { client } = await server.user('instructor')
    const code = ((await client.json('POST', '/api/cohorts', { title: 'C' })).body as { joinCode: string })
      .joinCode
    const join = async (headers: Record<string, string>) => {
      const r = await call(server, `/api/join/${code}`, headers, { displayName: 'Someone' })
      expect(r.status).toBe(201)
      return r.headers.getSetCookie()[0]!
    }
    expect(await join({ host: 'localhost:3000' })).toMatch(/^__Host-podnet-session=.*; Secure$/)
    const room = await join({ host: '192.168.1.5:3000' })
    expect(room).toMatch(/^podnet-session=/)
    expect(room).not.toContain('Secure')
    // A client's own X-Forwarded-Proto does not make plain http "secure".
    expect(await join({ host: '192.168.1.5:3000', 'x-forwarded-proto': 'https' })).toMatch(/^podnet-session=/)
  })

  it('checks Origin against it, and ignores X-Forwarded-Host from a client by default', async () => {
    const server = await start()
    const { cookie, csrf } = await instructorSession(server)
    const post = (headers: Record<string, string>) =>
      call(server, '/api/cohorts', { cookie, 'x-csrf-token': csrf, ...headers }, { title: 'O' })
    expect((await post({ host: '192.168.1.5:3000', origin: lan })).status).toBe(201)
    expect((await post({ host: '192.168.1.5:3000', origin: 'http://evil.example' })).status).toBe(403)
    expect(
      (
        await post({
          host: '192.168.1.5:3000',
          origin: 'https://evil.example',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'https',
        })
      ).status,
    ).toBe(403)
  })

  it('behind a trusted proxy comes from X-Forwarded-Host and -Proto', async () => {
    const server = await start({ trustedProxies: 1 })
    const { client } = await server.user('instructor')
    const cookie = client.cookie!
    const r = await call(
      server,
      '/api/cohorts',
      {
        host: 'podnet-lab.podnet-lab.svc:80',
        origin: 'https://lab.example.org',
        'x-forwarded-host': 'lab.example.org',
        'x-forwarded-proto': 'https',
        cookie,
        'x-csrf-token': client.csrf!,
      },
      { title: 'Behind a proxy' },
    )
    expect(r.status, await r.clone().text()).toBe(201)
    const body = (await r.json()) as { joinUrl: string; joinCode: string }
    expect(body.joinUrl).toBe(`https://lab.example.org/join/${body.joinCode}`)
  })

  it('is PODNET_PUBLIC_URL when set, whatever the request says', async () => {
    const server = await start({ publicUrl: 'https://lab.example.org' })
    const { cookie, csrf } = await instructorSession(server)
    const r = await call(
      server,
      '/api/cohorts',
      { host: '192.168.1.5:3000', origin: lan, cookie, 'x-csrf-token': csrf },
      { title: 'Public' },
    )
    expect(r.status).toBe(201)
    const body = (await r.json()) as { joinUrl: string; joinCode: string }
    expect(body.joinUrl).toBe(`https://lab.example.org/join/${body.joinCode}`)
  })
})

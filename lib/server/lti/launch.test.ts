// The whole LTI 1.3 round trip against an LMS simulated on loopback (its own key pair,
// JWKS, auth endpoint that answers with the auto-posting form, token endpoint that checks
// our client assertion against our published JWKS, and a lineitem that records scores):
// login initiation → auth response → launch → session → submission → score at the LMS.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, generateKeyPair, exportJWK, jwtVerify, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { Client, TestServer } from '../testing/harness'
import { AGS_ENDPOINT, LTI } from './claims'
import { drainPassbacks, FIRST_RETRY_MS } from './passback'

const ISSUER = 'https://lms.example.org'
const CLIENT_ID = 'tool-client'
const PASS = { files: { 'policy.yaml': 'pass' } }
const FAIL = { files: { 'policy.yaml': 'allow-all' } }
// Sending happens in the background; this bounds how long a test waits for it.
const SETTLE = { timeout: 15_000 }
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

interface Scored {
  auth: string | undefined
  body: Record<string, unknown>
}

/** What the simulated LMS puts in its next id_token; reset before each launch. */
interface Next {
  sub: string
  claims: Record<string, unknown>
  aud?: string
  key?: 'platform' | 'other'
  expired?: boolean
}

function startPlatform() {
  let platformKey: CryptoKey
  let platformPublic: CryptoKey
  let otherKey: CryptoKey
  let toolJwks: ReturnType<typeof createRemoteJWKSet> | undefined
  const p = {
    base: '',
    toolUrl: '',
    next: { sub: 'user-9', claims: {} } as Next,
    scores: [] as Scored[],
    refuseScores: 0,
    tokenRequests: 0,
    authRequests: [] as URLSearchParams[],
    async idToken(nonce: string, n: Next) {
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT({
        nonce,
        [`${LTI}message_type`]: 'LtiResourceLinkRequest',
        [`${LTI}version`]: '1.3.0',
        [`${LTI}deployment_id`]: 'dep-1',
        [`${LTI}target_link_uri`]: `${p.toolUrl}/lti/ex-one`,
        [`${LTI}resource_link`]: { id: 'link-1', title: 'Exercise one' },
        [`${LTI}context`]: { id: 'course-42', title: 'K8s networking <2026>' },
        [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        [AGS_ENDPOINT]: {
          lineitem: `${p.base}/lineitems/7?type=x`,
          lineitems: `${p.base}/lineitems`,
          scope: [
            'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
            'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          ],
        },
        name: 'Ada <b>Lovelace</b>',
        ...n.claims,
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'p1' })
        .setIssuer(ISSUER)
        .setAudience(n.aud ?? CLIENT_ID)
        .setSubject(n.sub)
        .setIssuedAt(n.expired ? now - 3600 : now)
        .setExpirationTime(n.expired ? now - 1800 : now + 300)
        .sign(n.key === 'other' ? otherKey : platformKey)
    },
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString()
      const url = new URL(req.url!, p.base)
      if (url.pathname === '/jwks') {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ keys: [{ ...(await exportJWK(platformPublic)), kid: 'p1', alg: 'RS256' }] }))
      } else if (url.pathname === '/auth') {
        // The platform's side of the login: it checks the request, then answers with a
        // page that form-posts the id_token to the redirect URI.
        const q = url.searchParams
        p.authRequests.push(q)
        const ok =
          q.get('scope') === 'openid' &&
          q.get('response_type') === 'id_token' &&
          q.get('response_mode') === 'form_post' &&
          q.get('prompt') === 'none' &&
          q.get('client_id') === CLIENT_ID &&
          q.get('redirect_uri') === `${p.toolUrl}/api/lti/launch` &&
          q.get('login_hint') === 'hint-9'
        if (!ok) {
          res.statusCode = 400
          res.end('bad auth request')
          return
        }
        const token = await p.idToken(q.get('nonce')!, p.next)
        res.setHeader('content-type', 'text/html')
        res.end(
          `<form method="post" action="${q.get('redirect_uri')}">` +
            `<input type="hidden" name="id_token" value="${token}">` +
            `<input type="hidden" name="state" value="${q.get('state')}"></form>`,
        )
      } else if (url.pathname === '/token') {
        p.tokenRequests++
        const form = new URLSearchParams(body)
        try {
          toolJwks ??= createRemoteJWKSet(new URL(`${p.toolUrl}/api/lti/jwks`))
          await jwtVerify(form.get('client_assertion') ?? '', toolJwks, {
            issuer: CLIENT_ID,
            subject: CLIENT_ID,
            audience: `${p.base}/token`,
          })
          if (form.get('grant_type') !== 'client_credentials') throw new Error('grant')
          res.setHeader('content-type', 'application/json')
          res.end(JSON.stringify({ access_token: 'tok-123', token_type: 'Bearer', expires_in: 3600 }))
        } catch {
          res.statusCode = 401
          res.end(JSON.stringify({ error: 'invalid_client' }))
        }
      } else if (url.pathname === '/lineitems/7/scores' && url.searchParams.get('type') === 'x') {
        if (p.refuseScores > 0) {
          p.refuseScores--
          res.statusCode = 503
          res.end()
          return
        }
        p.scores.push({ auth: req.headers.authorization, body: JSON.parse(body) })
        res.end()
      } else {
        res.statusCode = 404
        res.end()
      }
    })
  })
  return {
    p,
    async start() {
      const a = await generateKeyPair('RS256', { extractable: true })
      platformKey = a.privateKey
      platformPublic = a.publicKey
      otherKey = (await generateKeyPair('RS256')).privateKey
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      p.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe.each(DIALECTS)('LTI 1.3 against a simulated platform on %s', (dialect) => {
  const platform = startPlatform()
  const p = platform.p
  let s: TestServer
  let offset = 0
  let admin: Client
  let platformId = ''

  beforeAll(async () => {
    await platform.start()
    s = await startTestServer(dialect, { now: () => Date.now() + offset })
    p.toolUrl = s.url
    admin = (await s.user('admin')).client
    const r = await admin.json<{ id: string }>('POST', '/api/lti/platforms', {
      issuer: ISSUER,
      clientId: CLIENT_ID,
      deploymentIds: ['dep-1'],
      authLoginUrl: `${p.base}/auth`,
      tokenUrl: `${p.base}/token`,
      jwksUrl: `${p.base}/jwks`,
    })
    expect(r.status).toBe(201)
    platformId = r.body.id
  })
  afterAll(async () => {
    await s.close()
    await platform.close()
  })

  const loginQuery = (over: Record<string, string> = {}) =>
    new URLSearchParams({
      iss: ISSUER,
      login_hint: 'hint-9',
      target_link_uri: `${s.url}/lti/ex-one`,
      lti_message_hint: 'msg-hint',
      client_id: CLIENT_ID,
      lti_deployment_id: 'dep-1',
      ...over,
    })

  /** The browser's part up to the launch: returns the fields the platform's page posts. */
  async function throughPlatform(c: Client, next: Partial<Next> = {}) {
    p.next = { sub: 'user-9', claims: {}, ...next }
    const login = await c.request('GET', `/api/lti/login?${loginQuery()}`)
    expect(login.status, await login.clone().text()).toBe(302)
    const page = await fetch(login.headers.get('location')!)
    expect(page.status).toBe(200)
    const html = await page.text()
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!
    expect(/action="([^"]*)"/.exec(html)![1]).toBe(`${s.url}/api/lti/launch`)
    return { id_token: field('id_token'), state: field('state') }
  }

  /** The platform's page posting to us: a cross-site form post. */
  const launch = (c: Client, fields: Record<string, string>) =>
    c.request('POST', '/api/lti/launch', new URLSearchParams(fields).toString(), {
      ...FORM,
      origin: p.base,
      'sec-fetch-site': 'cross-site',
    })

  async function refused(res: Response, status: number, message: RegExp) {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as { error: string }
    expect(body.error).toMatch(message)
  }

  it('launch → session → passing submission → the LMS receives the score for the right user', async () => {
    const c = s.client()
    const fields = await throughPlatform(c)
    const auth = p.authRequests.at(-1)!
    expect(auth.get('lti_message_hint')).toBe('msg-hint')
    expect(auth.get('state')).toBe(fields.state)
    const res = await launch(c, fields)
    expect(res.status, await res.clone().text()).toBe(303)
    expect(res.headers.get('location')).toBe(`${s.url}/lessons/lesson-one#exercise-ex-one`)
    // The session cookie is the __Host- one other sign-ins set; the state cookie is cleared.
    const cookies = res.headers.getSetCookie()
    expect(cookies.some((x) => x.startsWith('__Host-podnet-session=') && x.includes('HttpOnly'))).toBe(true)
    expect(cookies.some((x) => x.startsWith(`__Host-podnet-lti-${fields.state}=;`))).toBe(true)

    const session = await c.json<{ user: { displayName: string; role: string } }>('GET', '/api/session')
    // Stored as given (control characters removed); React escapes it wherever it is shown.
    expect(session.body.user).toMatchObject({ displayName: 'Ada <b>Lovelace</b>', role: 'learner' })
    const mine = await c.json<{ cohorts: { id: string; title: string }[] }>('GET', '/api/me/cohorts')
    expect(mine.body.cohorts).toHaveLength(1)
    expect(mine.body.cohorts[0]!.title).toBe('K8s networking <2026>')
    const cohortId = mine.body.cohorts[0]!.id

    p.scores.length = 0
    const sub = await c.json<{ passed: boolean }>('POST', `/api/cohorts/${cohortId}/submissions`, {
      exerciseId: 'ex-one',
      workspace: PASS,
    })
    expect(sub.status).toBe(201)
    expect(sub.body.passed).toBe(true)
    await vi.waitFor(() => expect(p.scores, s.logs.join('\n')).toHaveLength(1), SETTLE)
    const submitted = await s.ctx.db.selectFrom('submissions').select('created_at').executeTakeFirstOrThrow()
    expect(p.scores[0]).toEqual({
      auth: 'Bearer tok-123',
      body: {
        userId: 'user-9',
        scoreGiven: 2,
        scoreMaximum: 2,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date(submitted.created_at).toISOString(),
      },
    })
    await vi.waitFor(async () => {
      const rows = await s.ctx.db.selectFrom('lti_passbacks').select(['status', 'attempts']).execute()
      expect(rows).toEqual([{ status: 'sent', attempts: 1 }])
    }, SETTLE)

    // Launching again (another link of the same course) is the same account and cohort.
    const d = s.client()
    expect((await launch(d, await throughPlatform(d))).status).toBe(303)
    expect((await d.json<{ cohorts: unknown[] }>('GET', '/api/me/cohorts')).body.cohorts).toEqual(
      mine.body.cohorts,
    )
    expect(await s.ctx.db.selectFrom('lti_users').select('subject').execute()).toEqual([
      { subject: 'user-9' },
    ])
    // Nothing secret reached the log.
    expect(s.logs.join('\n')).not.toContain(fields.id_token)
    const key = await s.ctx.db.selectFrom('lti_keys').select('private_jwk').executeTakeFirstOrThrow()
    expect(s.logs.join('\n')).not.toContain((JSON.parse(key.private_jwk) as { d: string }).d)
  })

  it('a failed attempt sends part marks; one after a pass leaves the grade alone', async () => {
    const c = s.client()
    expect((await launch(c, await throughPlatform(c, { sub: 'user-partial' }))).status).toBe(303)
    await c.json('GET', '/api/session')
    const cohortId = (await c.json<{ cohorts: { id: string }[] }>('GET', '/api/me/cohorts')).body.cohorts[0]!
      .id
    p.scores.length = 0
    const submit = (workspace: unknown) =>
      c.json('POST', `/api/cohorts/${cohortId}/submissions`, { exerciseId: 'ex-one', workspace })
    expect((await submit(FAIL)).status).toBe(201)
    await vi.waitFor(() => expect(p.scores).toHaveLength(1), SETTLE)
    expect(p.scores[0]!.body).toMatchObject({
      userId: 'user-partial',
      scoreGiven: 1,
      scoreMaximum: 2,
      activityProgress: 'Submitted',
    })
    expect((await submit(PASS)).status).toBe(201)
    await vi.waitFor(() => expect(p.scores).toHaveLength(2), SETTLE)
    expect(p.scores[1]!.body).toMatchObject({ scoreGiven: 2, activityProgress: 'Completed' })
    expect((await submit(FAIL)).status).toBe(201)
    const queued = await s.ctx.db
      .selectFrom('lti_passbacks')
      .innerJoin('submissions', 'submissions.id', 'lti_passbacks.submission_id')
      .innerJoin('lti_users', 'lti_users.user_id', 'submissions.user_id')
      .select('lti_passbacks.id')
      .where('lti_users.subject', '=', 'user-partial')
      .execute()
    expect(queued).toHaveLength(2)
  })

  it('retries the score with backoff when the LMS first fails, and the submission stands', async () => {
    const c = s.client()
    expect((await launch(c, await throughPlatform(c, { sub: 'user-retry' }))).status).toBe(303)
    await c.json('GET', '/api/session')
    const cohortId = (await c.json<{ cohorts: { id: string }[] }>('GET', '/api/me/cohorts')).body.cohorts[0]!
      .id
    p.scores.length = 0
    p.refuseScores = 1
    const sub = await c.json('POST', `/api/cohorts/${cohortId}/submissions`, {
      exerciseId: 'ex-one',
      workspace: PASS,
    })
    expect(sub.status).toBe(201)
    const row = () =>
      s.ctx.db
        .selectFrom('lti_passbacks')
        .innerJoin('submissions', 'submissions.id', 'lti_passbacks.submission_id')
        .innerJoin('lti_users', 'lti_users.user_id', 'submissions.user_id')
        .select(['lti_passbacks.status', 'lti_passbacks.attempts', 'lti_passbacks.last_error'])
        .where('lti_users.subject', '=', 'user-retry')
        .executeTakeFirstOrThrow()
    await vi.waitFor(
      async () => expect(await row()).toMatchObject({ status: 'pending', attempts: 1 }),
      SETTLE,
    )
    expect((await row()).last_error).toMatch(/503/)
    expect(p.scores).toHaveLength(0)
    expect(await s.ctx.db.selectFrom('submissions').select('id').execute()).not.toHaveLength(0)
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await drainPassbacks(s.ctx)).toBe(0)
    offset += FIRST_RETRY_MS + 1000
    expect(await drainPassbacks(s.ctx)).toBe(1)
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2, last_error: null })
    expect(p.scores).toHaveLength(1)
    expect(p.scores[0]!.body).toMatchObject({ userId: 'user-retry', scoreGiven: 2 })
  })

  it('refuses an unknown issuer, client_id, deployment or target link at the login', async () => {
    const c = s.client()
    await refused(
      await c.request('GET', `/api/lti/login?${loginQuery({ iss: 'https://evil.example' })}`),
      400,
      /issuer/,
    )
    await refused(
      await c.request('GET', `/api/lti/login?${loginQuery({ client_id: 'other' })}`),
      400,
      /client_id/,
    )
    await refused(
      await c.request('GET', `/api/lti/login?${loginQuery({ lti_deployment_id: 'dep-9' })}`),
      400,
      /deployment/,
    )
    await refused(
      await c.request(
        'GET',
        `/api/lti/login?${loginQuery({ target_link_uri: 'https://evil.example/lti/ex-one' })}`,
      ),
      400,
      /target_link_uri/,
    )
    const missing = await c.request('GET', `/api/lti/login?iss=${encodeURIComponent(ISSUER)}`)
    await refused(missing, 400, /login_hint/)
  })

  it('takes the login initiation as a cross-site form post too', async () => {
    const c = s.client()
    const res = await c.request('POST', '/api/lti/login', loginQuery().toString(), {
      ...FORM,
      origin: p.base,
      'sec-fetch-site': 'cross-site',
    })
    expect(res.status).toBe(303)
    const to = new URL(res.headers.get('location')!)
    expect(`${to.origin}${to.pathname}`).toBe(`${p.base}/auth`)
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: CLIENT_ID,
      login_hint: 'hint-9',
      lti_message_hint: 'msg-hint',
      redirect_uri: `${s.url}/api/lti/launch`,
    })
    const cookie = res.headers.getSetCookie().find((x) => x.includes('podnet-lti-'))!
    expect(cookie).toMatch(/HttpOnly; Secure; SameSite=None; Max-Age=600/)
  })

  it.each([
    ['the wrong aud', { aud: 'someone-else' }, /aud/],
    ['an expired token', { expired: true }, /exp/],
    ['a signature by another key', { key: 'other' as const }, /signature/],
    ['an unregistered deployment', { claims: { [`${LTI}deployment_id`]: 'dep-9' } }, /deployment_id/],
    [
      'a deep-linking message',
      { claims: { [`${LTI}message_type`]: 'LtiDeepLinkingRequest' } },
      /message_type/,
    ],
    [
      'a target_link_uri that is not a URL',
      { claims: { [`${LTI}target_link_uri`]: 'not a url' } },
      /target_link_uri/,
    ],
    ['a NUL in the subject', { sub: 'user\u00009' }, /NUL/],
    ['a NUL in the context id', { claims: { [`${LTI}context`]: { id: 'course\u0000' } } }, /NUL/],
    [
      'an exercise the course does not have',
      { claims: { [`${LTI}custom`]: { exercise: 'no-such' } } },
      /no-such/,
    ],
  ])('refuses a launch with %s (400, signed in as nobody)', async (_name, next, message) => {
    const c = s.client()
    await refused(await launch(c, await throughPlatform(c, next)), 400, message)
    expect((await c.json('GET', '/api/session')).body).toMatchObject({ user: null })
  })

  it('refuses a replayed state, a replayed nonce and a launch in another browser', async () => {
    const c = s.client()
    const first = await throughPlatform(c)
    expect((await launch(c, first)).status).toBe(303)
    await refused(await launch(c, first), 400, /already used/)
    // The old id_token with a fresh state: its nonce belongs to the first login.
    const second = await throughPlatform(c)
    await refused(await launch(c, { id_token: first.id_token, state: second.state }), 400, /nonce/)
    // A login started in one browser cannot be finished in another.
    const third = await throughPlatform(c)
    await refused(await launch(s.client(), third), 403, /another browser/)
    // Garbage and an error answer from the platform are 4xx too, never 500.
    const e = s.client()
    const fourth = await throughPlatform(e)
    await refused(await launch(e, { ...fourth, id_token: 'not.a.jwt' }), 400, /id_token/)
    await refused(
      await launch(e, { error: 'login_required', error_description: 'no session' }),
      400,
      /login_required/,
    )
    await refused(await launch(e, {}), 400, /state/)
    expect(s.logs.filter((l) => l.startsWith('error'))).toEqual([])
  })

  it('refuses a login whose state has expired', async () => {
    const c = s.client()
    const fields = await throughPlatform(c)
    offset += 11 * 60_000
    try {
      await refused(await launch(c, fields), 400, /expired/)
    } finally {
      offset -= 11 * 60_000
    }
  })

  it('publishes the public key only, and registers, lists and removes platforms', async () => {
    const jwks = await s.client().json<{ keys: Record<string, unknown>[] }>('GET', '/api/lti/jwks')
    expect(jwks.status).toBe(200)
    expect(jwks.body.keys.length).toBeGreaterThan(0)
    for (const k of jwks.body.keys) {
      expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' })
      expect(k).not.toHaveProperty('d')
      expect(k).not.toHaveProperty('p')
    }
    const list = await admin.json<{ platforms: { id: string }[]; tool: Record<string, string> }>(
      'GET',
      '/api/lti/platforms',
    )
    expect(list.body.platforms.map((x) => x.id)).toEqual([platformId])
    expect(list.body.tool).toMatchObject({
      loginUrl: `${s.url}/api/lti/login`,
      redirectUri: `${s.url}/api/lti/launch`,
      jwksUrl: `${s.url}/api/lti/jwks`,
    })
    expect(JSON.stringify(list.body)).not.toContain('private')
    const again = await admin.json('POST', '/api/lti/platforms', {
      issuer: ISSUER,
      clientId: CLIENT_ID,
      deploymentIds: ['dep-2'],
      authLoginUrl: `${p.base}/auth`,
      tokenUrl: `${p.base}/token`,
      jwksUrl: `${p.base}/jwks`,
    })
    expect(again.status).toBe(409)
    const plain = await admin.json<{ field: string }>('POST', '/api/lti/platforms', {
      issuer: 'https://other.example',
      clientId: 'x',
      deploymentIds: ['1'],
      authLoginUrl: 'http://other.example/auth',
      tokenUrl: 'https://other.example/token',
      jwksUrl: 'https://other.example/jwks',
    })
    expect(plain).toMatchObject({ status: 400, body: { field: 'body.authLoginUrl' } })
  })

  it('is in the OpenAPI document: public LTI routes without security, form bodies as forms', async () => {
    const doc = (
      await s
        .client()
        .json<{ paths: Record<string, Record<string, Record<string, unknown>>> }>('GET', '/api/openapi.json')
    ).body
    expect(doc.paths['/api/lti/jwks']!.get).toMatchObject({ security: [], operationId: 'ltiJwks' })
    expect(doc.paths['/api/lti/launch']!.post).toMatchObject({
      security: [],
      requestBody: { content: { 'application/x-www-form-urlencoded': {} } },
    })
    expect(doc.paths['/api/lti/platforms']!.post).toMatchObject({
      security: [{ session: [] }],
      'x-access': 'admin',
    })
  })

  // Last: removing the platform ends its launches.
  it('a removed platform launches no more', async () => {
    expect((await admin.request('DELETE', `/api/lti/platforms/${platformId}`)).status).toBe(204)
    expect((await admin.request('DELETE', `/api/lti/platforms/${platformId}`)).status).toBe(404)
    await refused(await s.client().request('GET', `/api/lti/login?${loginQuery()}`), 400, /issuer/)
    // The cohort and its submissions stay.
    expect(await s.ctx.db.selectFrom('submissions').select('id').execute()).not.toHaveLength(0)
    expect(await s.ctx.db.selectFrom('lti_passbacks').select('id').execute()).toHaveLength(0)
  })
})

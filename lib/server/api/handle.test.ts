import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import { startOidcProvider } from '../testing/oidc-provider'
import type { TestServer } from '../testing/harness'
import { ROUTES } from '../routes/registry'
import { MAX_BODY_BYTES } from './handle'

// PostgreSQL refuses text with a NUL character where SQLite stores it: the route layer must
// stop it before any query, on both databases.
const NUL = '\u0000'

describe.each(DIALECTS)('on %s', (dialect) => {
  let s: TestServer
  let admin: Awaited<ReturnType<TestServer['user']>>
  let cohortId: string
  let closeProvider: () => Promise<void>
  beforeAll(async () => {
    // With a provider, so that the OIDC routes go as far as they can.
    const provider = await startOidcProvider('podnet', 'secret', { sub: 'fuzz' })
    closeProvider = provider.close
    s = await startTestServer(dialect, {
      config: { oidc: { issuer: provider.issuer, clientId: 'podnet', clientSecret: 'secret', name: 'Acme' } },
    })
    admin = await s.user('admin')
    cohortId = (
      (await admin.client.json('POST', '/api/cohorts', { title: 'Edge cases' })).body as { id: string }
    ).id
  })
  afterAll(async () => {
    await s.close()
    await closeProvider()
  })

  describe('the route layer', () => {
    it('answers bad input with a 4xx naming the field', async () => {
      const r = await admin.client.json('POST', '/api/cohorts', { title: '' })
      expect(r).toEqual({
        status: 400,
        body: { error: 'body.title: must not be empty', field: 'body.title' },
      })
      const deep = await admin.client.json('POST', `/api/cohorts/${cohortId}/submissions`, {
        exerciseId: 'ex-one',
        workspace: { files: { 'a.yaml': 7 } },
      })
      expect(deep.status).toBe(400)
      expect(deep.body).toMatchObject({ field: 'body.workspace.files.a.yaml' })
      const unknown = await admin.client.json('POST', '/api/cohorts', { title: 'x', colour: 'red' })
      expect(unknown.status).toBe(400)
      const q = await admin.client.json(
        'GET',
        `/api/cohorts/${cohortId}/submissions?exerciseId=NOT%20A%20SLUG`,
      )
      expect(q.body).toMatchObject({ field: 'query.exerciseId' })
      const ex = await admin.client.json('POST', `/api/cohorts/${cohortId}/submissions`, {
        exerciseId: 'no-such',
        workspace: {},
      })
      expect(ex).toEqual({
        status: 400,
        body: { error: 'body.exerciseId: no such exercise', field: 'body.exerciseId' },
      })
    })

    it('refuses bodies over 1 MB with 413, declared or streamed', async () => {
      const big = JSON.stringify({
        exerciseId: 'ex-one',
        workspace: { files: { 'p.yaml': 'x'.repeat(MAX_BODY_BYTES) } },
      })
      const r = await admin.client.request('POST', `/api/cohorts/${cohortId}/submissions`, big)
      expect(r.status).toBe(413)
      // Without a Content-Length (chunked), the limit is counted while reading.
      const chunks = new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(100_000)))
          c.close()
        },
      })
      const res = await fetch(`${s.url}/api/cohorts/${cohortId}/submissions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: admin.client.cookie!,
          'x-csrf-token': admin.client.csrf!,
        },
        body: chunks,
        // @ts-expect-error: Node's fetch needs duplex for a streamed body
        duplex: 'half',
      })
      expect(res.status).toBe(413)
    })

    it('wants JSON bodies, and refuses state changes from other sites', async () => {
      const form = await admin.client.request('POST', '/api/cohorts', 'title=x', {
        'content-type': 'application/x-www-form-urlencoded',
      })
      expect(form.status).toBe(415)
      const evil = await admin.client.request(
        'POST',
        '/api/cohorts',
        { title: 'x' },
        { origin: 'https://evil.example' },
      )
      expect(evil.status).toBe(403)
      const site = await s
        .client()
        .request('POST', '/api/join/abcdefgh', { displayName: 'x' }, { 'sec-fetch-site': 'cross-site' })
      expect(site.status).toBe(403)
      const same = await admin.client.request(
        'POST',
        '/api/cohorts',
        { title: 'ok' },
        { origin: s.url, 'sec-fetch-site': 'same-origin' },
      )
      expect(same.status).toBe(201)
    })

    it('404s unknown operations and 405s wrong methods, as JSON', async () => {
      expect((await s.client().json('GET', '/api/nothing')).body).toEqual({ error: 'no such API operation' })
      expect((await s.client().json('PUT', '/api/session')).status).toBe(405)
      expect((await admin.client.json('GET', '/api/cohorts/not-an-id')).status).toBe(404)
    })

    it('checks path parameters against their schema before the access check', async () => {
      // Anonymous: a malformed id names nothing, whoever asks; a well-formed one needs a session.
      expect((await s.client().json('GET', '/api/cohorts/not-an-id')).status).toBe(404)
      expect((await s.client().json('GET', `/api/cohorts/${cohortId}`)).status).toBe(401)
    })

    it('refuses a NUL character in a path parameter, the query or the body, naming the field', async () => {
      const c = admin.client
      const join = await c.json<{ joinCode: string }>('POST', '/api/cohorts', { title: 'NUL' })
      const learner = s.client()
      const joined = await learner.json<{ user: { id: string } }>(
        'POST',
        `/api/join/${(join.body as { joinCode: string }).joinCode}`,
        { displayName: 'Nul Learner' },
      )
      const learnerId = (joined.body as { user: { id: string } }).user.id
      const ownCohort = (join.body as unknown as { id: string }).id
      const cases: [Promise<{ status: number; body: unknown }>, string][] = [
        [c.json('GET', '/api/cohorts/%00'), 'params.cohortId'],
        [s.client().json('GET', '/api/cohorts/%00'), 'params.cohortId'],
        [c.json('GET', `/api/cohorts/${cohortId}x%00/dashboard`), 'params.cohortId'],
        [s.client().json('GET', '/api/join/abc%00def'), 'params.code'],
        [s.client().json('GET', '/api/lti/login?iss=%00&login_hint=u&target_link_uri=x'), 'query.iss'],
        [
          s
            .client()
            .json(
              'GET',
              '/api/lti/login?iss=https://lms.example&client_id=a%00&login_hint=u&target_link_uri=x',
            ),
          'query.client_id',
        ],
        [s.client().json('GET', '/api/oidc/callback?state=%00&code=x'), 'query.state'],
        [
          c.json('GET', `/api/cohorts/${ownCohort}/learners/${learnerId}/attempts?exerciseId=ex%00`),
          'query.exerciseId',
        ],
        [
          c.json('POST', '/api/lti/platforms', {
            issuer: 'https://lms.example',
            clientId: `a${NUL}`,
            deploymentIds: ['1'],
            authLoginUrl: 'https://lms.example/auth',
            tokenUrl: 'https://lms.example/token',
            jwksUrl: 'https://lms.example/jwks',
          }),
          'body.clientId',
        ],
        [
          c.json('POST', '/api/lti/platforms', {
            issuer: 'https://lms.example',
            clientId: 'a',
            deploymentIds: ['1', `2${NUL}`],
            authLoginUrl: 'https://lms.example/auth',
            tokenUrl: 'https://lms.example/token',
            jwksUrl: 'https://lms.example/jwks',
          }),
          'body.deploymentIds[1]',
        ],
      ]
      const form = (path: string, text: string) =>
        s
          .client()
          .request('POST', path, text, { 'content-type': 'application/x-www-form-urlencoded' })
          .then(async (r) => ({ status: r.status, body: (await r.json()) as unknown }))
      cases.push(
        [form('/api/lti/login', 'iss=%00&login_hint=u&target_link_uri=x'), 'body.iss'],
        [
          form('/api/lti/login', 'iss=https://lms.example&client_id=%00&login_hint=u&target_link_uri=x'),
          'body.client_id',
        ],
        [form('/api/lti/launch', 'state=%00&id_token=x.y.z'), 'body.state'],
      )
      for (const [pending, field] of cases) {
        const r = await pending
        expect(r, field).toEqual({
          status: 400,
          body: { error: `${field}: must not contain NUL characters`, field },
        })
      }
      expect(s.logs.filter((l) => l.startsWith('error'))).toEqual([])
    })

    it('nothing a client sends produces a 500', async () => {
      // Its own admin and cohort: the fuzzer may well sign out or delete the cohort.
      const fuzzer = await s.user('admin')
      const own = (
        (await fuzzer.client.json('POST', '/api/cohorts', { title: 'Fuzz' })).body as { id: string }
      ).id
      const paths = ROUTES.flatMap((r) => {
        const path = r.path.replace('{cohortId}', own)
        return [path.replace(/\{[a-zA-Z]+\}/g, 'x'), path.replace(/\{[a-zA-Z]+\}/g, 'x%00'), r.path]
      }).concat(
        ROUTES.filter((r) => r.path.includes('{cohortId}')).map((r) => r.path.replace('{cohortId}', '%00')),
      )
      // Query parameters the routes read, sometimes with a NUL in them.
      const QUERY_NAMES = [
        'exerciseId',
        'returnTo',
        'state',
        'code',
        'iss',
        'client_id',
        'login_hint',
        'target_link_uri',
        'lti_deployment_id',
      ]
      const text = fc.oneof(
        fc.string(),
        fc.string().map((t) => `${t}${NUL}`),
        fc.constant(NUL),
      )
      const query = fc
        .dictionary(fc.constantFrom(...QUERY_NAMES), text, { maxKeys: 4 })
        .map((q) => (Object.keys(q).length ? `?${new URLSearchParams(q)}` : ''))
      // Bodies with the fields the routes read, their values sometimes carrying a NUL.
      const FIELDS = [
        'email',
        'password',
        'displayName',
        'token',
        'title',
        'exerciseId',
        'kind',
        'subject',
        'issuer',
        'clientId',
        'state',
        'id_token',
        'iss',
        'client_id',
        'login_hint',
        'target_link_uri',
      ]
      const fields = fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(text, fc.jsonValue()), { maxKeys: 5 })
      const body = fc.oneof(
        fc.json().map((b) => ({ b, form: false })),
        fc.string().map((b) => ({ b, form: false })),
        fc
          .jsonValue()
          .map((v) => ({ b: JSON.stringify({ workspace: v, exerciseId: 'ex-one', title: v }), form: false })),
        fields.map((f) => ({ b: JSON.stringify(f), form: false })),
        fields.map((f) => ({
          b: new URLSearchParams(
            Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          ).toString(),
          form: true,
        })),
      )
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          query,
          fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'),
          body,
          fc.boolean(),
          async (path, q, method, { b, form }, signedIn) => {
            const c = signedIn ? fuzzer.client : s.client()
            const csrf = c.csrf
            const res = await c.request(
              method,
              path + q,
              method === 'GET' ? undefined : b,
              form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
            )
            c.csrf = csrf
            expect(res.status, `${method} ${path}${q} ${b}`).toBeLessThan(500)
          },
        ),
        { numRuns: 300 },
      )
      expect(s.logs.filter((l) => l.startsWith('error'))).toEqual([])
    })

    it('a grader failure is a 422, logged without the workspace', async () => {
      const r = await admin.client.json('POST', `/api/cohorts/${cohortId}/submissions`, {
        exerciseId: 'ex-one',
        workspace: { files: { 'policy.yaml': 'explode' } },
      })
      expect(r.status).toBe(422)
      expect(s.logs.some((l) => l.includes('grading ex-one failed'))).toBe(true)
      expect(s.logs.some((l) => l.includes('explode'))).toBe(false)
      s.logs.length = 0
    })
  })

  describe('the OpenAPI document', () => {
    it('describes every operation, from the same schemas, with security [] on public ones', async () => {
      const doc = (await s.client().json('GET', '/api/openapi.json')).body as {
        openapi: string
        paths: Record<
          string,
          Record<
            string,
            {
              operationId: string
              security: unknown[]
              requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }
            }
          >
        >
      }
      expect(doc.openapi).toBe('3.1.0')
      const ops = Object.values(doc.paths).flatMap((p) => Object.values(p))
      expect(ops.map((o) => o.operationId).sort()).toEqual(ROUTES.map((r) => r.id).sort())
      for (const r of ROUTES) {
        const op = doc.paths[r.path]![r.method.toLowerCase()]!
        expect(op.security, r.id).toEqual(r.access === 'public' ? [] : [{ session: [] }])
        expect(!!op.requestBody, r.id).toBe(!!r.body)
      }
      const create = doc.paths['/api/cohorts']!.post!.requestBody!.content['application/json']!.schema
      expect(Object.keys(create.properties!)).toEqual(
        expect.arrayContaining(['title', 'joinExpiresAt', 'joinMaxUses', 'expiresAt']),
      )
    })
  })
})

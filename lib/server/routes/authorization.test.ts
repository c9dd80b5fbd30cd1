// Every API operation × every kind of caller. A route added to the registry without a row
// here fails the first test; a row whose route is gone fails it too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../auth/secrets'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { TestServer } from '../testing/harness'
import { buildWorld, WHO } from '../testing/world'
import { startOidcProvider } from '../testing/oidc-provider'
import type { Who, World } from '../testing/world'
import { ROUTES } from './registry'

type Req = { path: string; body?: unknown; headers?: Record<string, string> }
interface Row {
  /** who gets past the access check */
  allow: readonly Who[]
  /** a request that succeeds for an allowed caller */
  request(w: World): Req
  /** its status when allowed */
  ok: number
}

const ALL = WHO
const SIGNED_IN: Who[] = ['learner', 'otherLearner', 'instructor', 'otherInstructor', 'admin']
const INSTRUCTORS: Who[] = ['instructor', 'otherInstructor', 'admin']
const MEMBERS_OF_A: Who[] = ['learner', 'instructor', 'admin']
const OWNERS_OF_A: Who[] = ['instructor', 'admin']
const PASS = { files: { 'policy.yaml': 'pass' } }
let n = 0
const unique = () => `new-${Date.now()}-${n++}@example.test`

const TABLE: Record<string, Row> = {
  getSession: { allow: ALL, ok: 200, request: () => ({ path: '/api/session' }) },
  completeSetup: {
    allow: ALL,
    ok: 201,
    request: (w) => ({
      path: '/api/setup',
      body: {
        token: w.setupToken,
        displayName: 'First',
        email: unique(),
        password: 'a long enough password',
      },
    }),
  },
  login: { allow: ALL, ok: 200, request: (w) => ({ path: '/api/login', body: w.passwordUser }) },
  logout: { allow: SIGNED_IN, ok: 204, request: () => ({ path: '/api/logout' }) },
  setPassword: {
    allow: SIGNED_IN,
    ok: 204,
    request: () => ({ path: '/api/me/password', body: { password: 'a brand new password' } }),
  },
  requestMagicLink: {
    allow: ALL,
    ok: 202,
    request: () => ({ path: '/api/magic-links', body: { email: unique() } }),
  },
  redeemMagicLink: {
    allow: ALL,
    ok: 200,
    request: (w) => ({ path: '/api/magic-links/redeem', body: { token: w.magicToken } }),
  },
  getJoinLink: { allow: ALL, ok: 200, request: (w) => ({ path: `/api/join/${w.cohortA.code}` }) },
  joinCohort: {
    allow: ALL,
    ok: 201,
    request: (w) => ({ path: `/api/join/${w.cohortA.code}`, body: { displayName: 'Newcomer' } }),
  },
  listCohorts: { allow: INSTRUCTORS, ok: 200, request: () => ({ path: '/api/cohorts' }) },
  createCohort: {
    allow: INSTRUCTORS,
    ok: 201,
    request: () => ({ path: '/api/cohorts', body: { title: 'New cohort' } }),
  },
  getCohort: { allow: MEMBERS_OF_A, ok: 200, request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}` }) },
  updateCohort: {
    allow: OWNERS_OF_A,
    ok: 200,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}`, body: { open: false } }),
  },
  rotateJoinCode: {
    allow: OWNERS_OF_A,
    ok: 200,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}/join-code` }),
  },
  deleteCohort: { allow: OWNERS_OF_A, ok: 204, request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}` }) },
  myCohorts: { allow: SIGNED_IN, ok: 200, request: () => ({ path: '/api/me/cohorts' }) },
  submit: {
    allow: MEMBERS_OF_A,
    ok: 201,
    request: (w) => ({
      path: `/api/cohorts/${w.cohortA.id}/submissions`,
      body: { exerciseId: 'ex-one', workspace: PASS },
    }),
  },
  mySubmissions: {
    allow: MEMBERS_OF_A,
    ok: 200,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}/submissions` }),
  },
  recordEvent: {
    allow: MEMBERS_OF_A,
    ok: 201,
    request: (w) => ({
      path: `/api/cohorts/${w.cohortA.id}/events`,
      body: { kind: 'hint-used', subject: 'ex-one' },
    }),
  },
  cohortDashboard: {
    allow: OWNERS_OF_A,
    ok: 200,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}/dashboard` }),
  },
  exportCohortCsv: {
    allow: OWNERS_OF_A,
    ok: 200,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}/export.csv` }),
  },
  learnerAttempts: {
    allow: OWNERS_OF_A,
    ok: 200,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}/learners/${w.ids.learner}/attempts` }),
  },
  removeLearner: {
    allow: OWNERS_OF_A,
    ok: 204,
    request: (w) => ({ path: `/api/cohorts/${w.cohortA.id}/learners/${w.ids.learner}` }),
  },
  createInstructor: {
    allow: ['admin'],
    ok: 201,
    request: () => ({ path: '/api/instructors', body: { email: unique(), displayName: 'Teacher' } }),
  },
  openApi: { allow: ALL, ok: 200, request: () => ({ path: '/api/openapi.json' }) },
  startOidc: { allow: ALL, ok: 302, request: () => ({ path: '/api/oidc/start?returnTo=/instructor' }) },
  // Public, and without a flow started in this browser every caller gets the same refusal
  // (the full round trip is in oidc.test.ts).
  finishOidc: { allow: ALL, ok: 403, request: () => ({ path: '/api/oidc/callback?state=x&code=y' }) },
  listLtiPlatforms: { allow: ['admin'], ok: 200, request: () => ({ path: '/api/lti/platforms' }) },
  registerLtiPlatform: {
    allow: ['admin'],
    ok: 201,
    request: () => ({
      path: '/api/lti/platforms',
      body: {
        issuer: `https://${unique().replace('@', '.')}`,
        clientId: 'podnet',
        deploymentIds: ['1'],
        authLoginUrl: 'https://lms.example.test/auth',
        tokenUrl: 'https://lms.example.test/token',
        jwksUrl: 'https://lms.example.test/jwks',
      },
    }),
  },
  // Past the access check an admin learns the platform does not exist.
  deleteLtiPlatform: {
    allow: ['admin'],
    ok: 404,
    request: () => ({ path: '/api/lti/platforms/00000000-0000-0000-0000-000000000000' }),
  },
  ltiJwks: { allow: ALL, ok: 200, request: () => ({ path: '/api/lti/jwks' }) },
  // Public; a platform nobody registered gets the same refusal from everyone (the flows
  // with a registered platform are in lti/launch.test.ts).
  ltiLogin: {
    allow: ALL,
    ok: 400,
    request: () => ({
      path: '/api/lti/login?iss=https://lms.unknown&login_hint=u&target_link_uri=https://x/lti/ex-one',
    }),
  },
  ltiLoginPost: {
    allow: ALL,
    ok: 400,
    request: () => ({
      path: '/api/lti/login',
      body: 'iss=https://lms.unknown&login_hint=u&target_link_uri=https://x/lti/ex-one',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  },
  ltiLaunch: {
    allow: ALL,
    ok: 400,
    request: () => ({
      path: '/api/lti/launch',
      body: 'state=unknown&id_token=x.y.z',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  },
}

// The LMS posts these from its own pages; they act on a platform-signed id_token, never
// on the caller's session, so they alone skip the same-origin and CSRF checks.
const CROSS_SITE = ['ltiLaunch', 'ltiLoginPost']

it('every registered route has a row, and every row a route', () => {
  expect(Object.keys(TABLE).sort()).toEqual(ROUTES.map((r) => r.id).sort())
})

it('only the LTI form posts are exempt from the same-origin and CSRF checks, and they are public', () => {
  const exempt = ROUTES.filter((r) => r.crossSite)
  expect(exempt.map((r) => r.id).sort()).toEqual(CROSS_SITE)
  for (const r of exempt) expect(r.access).toBe('public')
})

describe.each(DIALECTS)('authorization on %s', (dialect) => {
  let s: TestServer
  let pw: { hash: string; password: string }
  let closeProvider: () => Promise<void>
  beforeAll(async () => {
    const provider = await startOidcProvider('podnet', 'secret', { sub: 'someone' })
    closeProvider = provider.close
    s = await startTestServer(dialect, {
      config: {
        oidc: { issuer: provider.issuer, clientId: 'podnet', clientSecret: 'secret', name: 'Acme' },
        // Mail set up (to nowhere), so that magic links are offered.
        mailCommand: 'cat',
        publicUrl: 'https://lab.example.org',
      },
    })
    pw = { password: 'the world password', hash: await hashPassword('the world password') }
  })
  afterAll(async () => {
    await s.close()
    await closeProvider()
  })

  for (const route of ROUTES) {
    const row = TABLE[route.id]
    if (!row) continue
    it.each(WHO)(`${route.method} ${route.path} as %s`, async (who) => {
      const w = await buildWorld(s, pw)
      const { path, body, headers } = row.request(w)
      const client = w.clients[who]
      if (row.allow.includes(who)) {
        if (route.body && route.bodyType !== 'form') {
          // Allowed callers reach validation: a broken body is a 400 naming the field.
          const bad = await client.request(route.method, path, '{"nope": ')
          expect(bad.status).toBe(400)
          expect(await bad.json()).toMatchObject({ field: 'body' })
        }
        const res = await client.request(route.method, path, body, headers)
        expect(res.status, await res.clone().text()).toBe(row.ok)
      } else {
        // Refused before the body is looked at: a broken body still gets 401/403.
        const res = await client.request(route.method, path, route.body ? '{"nope": ' : undefined)
        expect(res.status).toBe(who === 'anonymous' ? 401 : 403)
        expect(await res.json()).toHaveProperty('error')
      }
    })
  }

  it('a state change with a session but without its CSRF token is refused', async () => {
    const w = await buildWorld(s, pw)
    for (const route of ROUTES) {
      if (route.method === 'GET' || CROSS_SITE.includes(route.id)) continue
      const who = TABLE[route.id]!.allow.find((x) => x !== 'anonymous')!
      const c = w.clients[who]
      const csrf = c.csrf
      c.csrf = null
      const { path, body } = TABLE[route.id]!.request(w)
      const res = await c.request(route.method, path, body)
      c.csrf = csrf
      expect(res.status, `${route.id} as ${who}`).toBe(403)
      expect(await res.json()).toEqual({ error: 'missing or wrong x-csrf-token header' })
    }
  })
})

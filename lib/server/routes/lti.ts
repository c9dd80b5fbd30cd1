// LTI 1.3 for an LMS (Moodle, Canvas, …): admins register platforms; the platform starts a
// launch at the OIDC login initiation, which hands the browser to the platform's auth URL
// with a state and nonce kept here; the platform form-posts a signed id_token to the
// launch, which signs the learner in to the course's cohort and opens the exercise. The
// tool's public key (for the AGS client assertions) is served as a JWKS.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ServerContext } from '../context'
import type { Cohort, NewEvent, User } from '../db/schema'
import { defineRoute } from '../api/route'
import type { CookieJar, Principal } from '../api/route'
import { HttpError, tooMany } from '../api/errors'
import { cookieName, isSecureRequest, readCookie } from '../api/cookies'
import { errorBody, id } from '../api/schemas'
import { hit } from '../auth/rate-limit'
import { hashToken, joinCode, randomToken, safeEqual } from '../auth/secrets'
import { LaunchError, verifyLaunch } from '../lti/claims'
import type { Launch } from '../lti/claims'
import { publicJwks } from '../lti/keys'
import { kickPassbacks } from '../lti/passback'
import { findPlatforms, platformView, registration } from '../lti/platforms'
import { signIn } from './session'

export const LOGIN_TTL_MS = 10 * 60_000
const LOGIN_LIMIT = { max: 120, windowMs: 60_000 }
const STATE_COOKIE = 'podnet-lti-'

// Why the login initiation and the launch take cross-site POSTs without a CSRF token: the
// LMS's pages post them by design. Nothing they do rests on the caller's session; the
// launch acts only on an id_token signed by a registered platform that carries the nonce
// of a login this browser started (its state is single use and bound to a cookie).
const CROSS_SITE =
  'LTI form posts from the LMS; trusted through the platform-signed id_token, the single-use state and nonce, and the state cookie'

const loopback = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)
const endpoint = z
  .string()
  .max(2000)
  .refine(
    (v) => {
      try {
        const u = new URL(v)
        return u.protocol === 'https:' || (u.protocol === 'http:' && loopback(u))
      } catch {
        return false
      }
    },
    { error: 'must be an https URL' },
  )
const issuer = z.url({ protocol: /^https?$/, error: 'must be a URL' }).max(2000)
const clientId = z.string().trim().min(1, { error: 'must not be empty' }).max(200)
const deploymentId = z.string().trim().min(1, { error: 'must not be empty' }).max(200)

const platformBody = z.object({
  id: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  deploymentIds: z.array(z.string()),
  authLoginUrl: z.string(),
  tokenUrl: z.string(),
  jwksUrl: z.string(),
  createdAt: z.string(),
})

const toolUrls = z.object({
  loginUrl: z.string().describe('OIDC login initiation URL (GET or POST)'),
  redirectUri: z.string().describe('the redirect URI the platform posts the id_token to'),
  jwksUrl: z.string().describe('public keyset URL'),
  homeLink: z.string().describe('target link URI of the course home'),
  exerciseLink: z
    .string()
    .describe('target link URI of one exercise (or the home link with custom exercise=<id>)'),
})

const tool = (origin: string) => ({
  loginUrl: `${origin}/api/lti/login`,
  redirectUri: `${origin}/api/lti/launch`,
  jwksUrl: `${origin}/api/lti/jwks`,
  homeLink: `${origin}/`,
  exerciseLink: `${origin}/lti/{exerciseId}`,
})

const param = z.string().max(4000)
const loginParams = z.object({
  iss: param,
  login_hint: param,
  target_link_uri: param,
  lti_message_hint: param.optional(),
  client_id: param.optional(),
  lti_deployment_id: param.optional(),
})
type LoginParams = z.output<typeof loginParams>

const loginResponses = {
  302: { description: 'to the platform’s auth URL' },
  303: { description: 'to the platform’s auth URL (after a POST)' },
  400: {
    description: 'an unknown issuer, client_id or deployment, or a target link off this site',
    schema: errorBody,
  },
  429: { description: 'too many logins from this address', schema: errorBody },
}

function stateCookie(request: Request, server: ServerContext, state: string) {
  return cookieName(`${STATE_COOKIE}${state}`, isSecureRequest(request, server.config))
}

/**
 * The state cookie is SameSite=None because the launch arrives as a cross-site POST, where
 * a Lax cookie is not sent; None needs Secure, so launches need HTTPS (or localhost).
 */
function stateCookieHeader(name: string, value: string, maxAge: number) {
  return `${name}=${value}; Path=/; HttpOnly; Secure; SameSite=None; Max-Age=${maxAge}`
}

async function startLogin(
  server: ServerContext,
  request: Request,
  origin: string,
  clientIp: string,
  p: LoginParams,
  status: 302 | 303,
) {
  const now = server.now()
  const limited = await hit(server.db, `lti-login:ip:${clientIp}`, LOGIN_LIMIT, now)
  if (!limited.allowed) throw tooMany(limited.retryAfter)
  const candidates = await findPlatforms(server, p.iss, p.client_id)
  if (!candidates.length)
    throw new HttpError(
      400,
      `no LMS platform is registered for issuer ${JSON.stringify(p.iss.slice(0, 200))}${p.client_id ? ` and client_id ${JSON.stringify(p.client_id.slice(0, 200))}` : ''}: an admin registers it first`,
      'iss',
    )
  if (candidates.length > 1)
    throw new HttpError(
      400,
      'this issuer is registered more than once: the platform must send client_id',
      'client_id',
    )
  const platform = candidates[0]!
  const reg = registration(platform)
  if (p.lti_deployment_id !== undefined && !reg.deploymentIds.includes(p.lti_deployment_id))
    throw new HttpError(
      400,
      `deployment ${JSON.stringify(p.lti_deployment_id.slice(0, 200))} is not registered for this platform`,
      'lti_deployment_id',
    )
  let target: URL | undefined
  try {
    target = new URL(p.target_link_uri)
  } catch {
    target = undefined
  }
  if (!target || target.origin !== origin)
    throw new HttpError(400, `target_link_uri must be a link on ${origin}`, 'target_link_uri')

  const state = randomToken()
  const nonce = randomToken()
  const browser = randomToken()
  await server.db
    .insertInto('lti_logins')
    .values({ state, nonce, platform_id: platform.id, browser_hash: hashToken(browser), created_at: now })
    .execute()
  await server.db
    .deleteFrom('lti_logins')
    .where('created_at', '<', now - LOGIN_TTL_MS)
    .execute()

  const auth = new URL(reg.authEndpoint)
  const q = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: reg.clientId,
    redirect_uri: `${origin}/api/lti/launch`,
    login_hint: p.login_hint,
    state,
    nonce,
    ...(p.lti_message_hint !== undefined ? { lti_message_hint: p.lti_message_hint } : {}),
  }
  for (const [k, v] of Object.entries(q)) auth.searchParams.set(k, v)
  return {
    status,
    headers: {
      Location: auth.href,
      'Set-Cookie': stateCookieHeader(stateCookie(request, server, state), browser, LOGIN_TTL_MS / 1000),
    },
  }
}

const clean = (v: string | undefined, max: number) =>
  v
    ?.replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, max) || undefined

/** The cohort of the LMS course, the learner's account in it, and the placement's lineitem. */
async function linkLaunch(
  server: ServerContext,
  platform: { id: string; owner_id: string; issuer: string },
  launch: Launch,
): Promise<{ user: User; cohort: Cohort }> {
  const now = server.now()
  const contextId = launch.context?.id ?? ''
  const name = clean(launch.name, 60) ?? 'Learner'
  return server.db.transaction().execute(async (tx) => {
    let cohort = await tx
      .selectFrom('lti_contexts')
      .innerJoin('cohorts', 'cohorts.id', 'lti_contexts.cohort_id')
      .selectAll('cohorts')
      .where('lti_contexts.platform_id', '=', platform.id)
      .where('lti_contexts.context_id', '=', contextId)
      .executeTakeFirst()
    if (!cohort) {
      cohort = {
        id: randomUUID(),
        title:
          clean(launch.context?.title, 120) ??
          (contextId ? `LMS course ${contextId.slice(0, 80)}` : `LMS ${platform.issuer.slice(0, 100)}`),
        owner_id: platform.owner_id,
        join_code: joinCode(),
        open: 1,
        join_expires_at: null,
        // Learners of an LMS course come through the LMS: the join link admits nobody.
        join_max_uses: 0,
        join_uses: 0,
        expires_at: null,
        created_at: now,
      }
      await tx.insertInto('cohorts').values(cohort).execute()
      await tx
        .insertInto('lti_contexts')
        .values({ platform_id: platform.id, context_id: contextId, cohort_id: cohort.id })
        .execute()
    }

    const known = await tx
      .selectFrom('lti_users')
      .innerJoin('users', 'users.id', 'lti_users.user_id')
      .selectAll('users')
      .where('lti_users.platform_id', '=', platform.id)
      .where('lti_users.subject', '=', launch.subject)
      .executeTakeFirst()
    let user: User
    if (known) {
      user = known
      if (launch.name && known.display_name !== name) {
        await tx.updateTable('users').set({ display_name: name }).where('id', '=', known.id).execute()
        user = { ...known, display_name: name }
      }
    } else {
      // No email: the LMS's address is not proof of owning an account here.
      user = {
        id: randomUUID(),
        display_name: name,
        email: null,
        email_verified: 0,
        password_hash: null,
        role: 'learner',
        oidc_subject: null,
        created_at: now,
      }
      await tx.insertInto('users').values(user).execute()
      await tx
        .insertInto('lti_users')
        .values({ platform_id: platform.id, subject: launch.subject, user_id: user.id })
        .execute()
    }

    const member = await tx
      .selectFrom('memberships')
      .select('user_id')
      .where('cohort_id', '=', cohort.id)
      .where('user_id', '=', user.id)
      .executeTakeFirst()
    if (!member) {
      await tx
        .insertInto('memberships')
        .values({ cohort_id: cohort.id, user_id: user.id, joined_at: now })
        .execute()
      const joined: NewEvent = {
        id: randomUUID(),
        cohort_id: cohort.id,
        user_id: user.id,
        kind: 'joined',
        subject: null,
        at: now,
      }
      await tx.insertInto('events').values(joined).execute()
    }

    if (launch.exerciseId) {
      const link = {
        cohort_id: cohort.id,
        exercise_id: launch.exerciseId,
        lineitem: launch.ags?.lineitem ?? null,
        lineitems: launch.ags?.lineitems ?? null,
        scopes: JSON.stringify(launch.ags?.scope ?? []),
        updated_at: now,
      }
      await tx
        .insertInto('lti_resource_links')
        .values({ platform_id: platform.id, resource_link_id: launch.resourceLinkId, ...link })
        .onConflict((oc) => oc.columns(['platform_id', 'resource_link_id']).doUpdateSet(link))
        .execute()
    }
    return { user, cohort }
  })
}

async function finishLaunch(
  server: ServerContext,
  request: Request,
  cookies: CookieJar,
  principal: Principal | undefined,
  origin: string,
  body: { id_token?: string; state?: string; error?: string; error_description?: string },
) {
  if (body.error)
    throw new HttpError(
      400,
      `the LMS did not complete the launch: ${body.error.slice(0, 100)}${body.error_description ? ` (${body.error_description.slice(0, 300)})` : ''}`,
    )
  if (!body.state || !body.id_token)
    throw new HttpError(
      400,
      'the launch needs the id_token and state the LMS posts',
      body.state ? 'id_token' : 'state',
    )
  const now = server.now()
  // Deleting the row is what makes a state (and its nonce) single use, on any replica.
  const login = await server.db
    .deleteFrom('lti_logins')
    .where('state', '=', body.state)
    .returningAll()
    .executeTakeFirst()
  const cookie = stateCookie(request, server, body.state)
  const browser = readCookie(request, cookie)
  const clear = { 'Set-Cookie': stateCookieHeader(cookie, '', 0) }
  if (!login || login.created_at < now - LOGIN_TTL_MS)
    throw new HttpError(
      400,
      'this launch is unknown, expired or already used: launch again from the LMS',
      'state',
      clear,
    )
  if (!browser || !safeEqual(hashToken(browser), login.browser_hash))
    throw new HttpError(
      403,
      'this launch was started in another browser (or the browser refused the state cookie): launch again from the LMS, in a new window',
      'state',
      clear,
    )
  const platform = await server.db
    .selectFrom('lti_platforms')
    .selectAll()
    .where('id', '=', login.platform_id)
    .executeTakeFirstOrThrow()
  let launch: Launch
  try {
    launch = await verifyLaunch(body.id_token, registration(platform), login.nonce, new Date(now))
  } catch (e) {
    if (!(e instanceof LaunchError)) throw e
    server.log.warn(`LTI launch from ${platform.issuer} refused: ${e.message}`)
    throw new HttpError(400, `the launch could not be verified: ${e.message}`, 'id_token', clear)
  }
  let target = `${origin}/`
  if (launch.exerciseId) {
    const exercise = (await server.grader.exercises()).find((x) => x.id === launch.exerciseId)
    if (!exercise)
      throw new HttpError(
        400,
        `the link names exercise ${JSON.stringify(launch.exerciseId)}, which this course does not have`,
        'id_token',
        clear,
      )
    target = `${origin}/lessons/${exercise.lesson}#exercise-${exercise.id}`
  }
  let linked: { user: User }
  try {
    linked = await linkLaunch(server, platform, launch)
  } catch {
    // Two first launches of one course or person at once: the loser's insert hits the
    // winner's key (PostgreSQL), and a second try finds the winner's rows.
    linked = await linkLaunch(server, platform, launch)
  }
  const { user } = linked
  await signIn(server, cookies, user, principal)
  // Scores left queued by a stopped process go out again from here at the latest.
  kickPassbacks(server)
  return { status: 303, headers: { Location: target, ...clear } }
}

export const ltiRoutes = [
  defineRoute({
    id: 'listLtiPlatforms',
    method: 'GET',
    path: '/api/lti/platforms',
    tag: 'lti',
    summary: 'The registered LMS platforms, and the URLs to enter on the LMS side',
    access: 'admin',
    responses: {
      200: {
        description: 'platforms',
        schema: z.object({ platforms: z.array(platformBody), tool: toolUrls }),
      },
    },
    async handler({ server, origin }) {
      const rows = await server.db.selectFrom('lti_platforms').selectAll().orderBy('created_at').execute()
      return { body: { platforms: rows.map(platformView), tool: tool(origin) } }
    },
  }),

  defineRoute({
    id: 'registerLtiPlatform',
    method: 'POST',
    path: '/api/lti/platforms',
    tag: 'lti',
    summary:
      'Registers an LMS platform (its issuer, the client_id it gave this tool, deployment ids, and its auth, token and JWKS URLs)',
    access: 'admin',
    body: z
      .object({
        issuer,
        clientId,
        deploymentIds: z.array(deploymentId).min(1, { error: 'give at least one deployment id' }).max(100),
        authLoginUrl: endpoint,
        tokenUrl: endpoint,
        jwksUrl: endpoint,
      })
      .strict(),
    responses: {
      201: { description: 'registered', schema: platformBody },
      409: { description: 'this issuer and client_id are registered already', schema: errorBody },
    },
    async handler({ server, body, principal }) {
      const existing = await findPlatforms(server, body.issuer, body.clientId)
      if (existing.length)
        throw new HttpError(409, 'this issuer and client_id are registered already', 'body.clientId')
      const row = {
        id: randomUUID(),
        issuer: body.issuer,
        client_id: body.clientId,
        deployment_ids: JSON.stringify([...new Set(body.deploymentIds)]),
        auth_login_url: body.authLoginUrl,
        token_url: body.tokenUrl,
        jwks_url: body.jwksUrl,
        owner_id: principal!.user.id,
        created_at: server.now(),
      }
      const inserted = await server.db
        .insertInto('lti_platforms')
        .values(row)
        .onConflict((oc) => oc.columns(['issuer', 'client_id']).doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 1n) !== 1)
        throw new HttpError(409, 'this issuer and client_id are registered already', 'body.clientId')
      return { status: 201, body: platformView(row) }
    },
  }),

  defineRoute({
    id: 'deleteLtiPlatform',
    method: 'DELETE',
    path: '/api/lti/platforms/{platformId}',
    tag: 'lti',
    summary:
      'Removes a platform: its launches stop working and queued scores are dropped; its cohorts and their submissions stay',
    access: 'admin',
    params: z.object({ platformId: id }),
    responses: {
      204: { description: 'removed' },
      404: { description: 'no such platform', schema: errorBody },
    },
    async handler({ server, params }) {
      const r = await server.db
        .deleteFrom('lti_platforms')
        .where('id', '=', params.platformId)
        .executeTakeFirst()
      if (Number(r.numDeletedRows) !== 1) throw new HttpError(404, 'no such platform')
      return { status: 204 }
    },
  }),

  defineRoute({
    id: 'ltiJwks',
    method: 'GET',
    path: '/api/lti/jwks',
    tag: 'lti',
    summary: 'The tool’s public keys: the platform checks the client assertions of score passback with them',
    access: 'public',
    responses: {
      200: {
        description: 'a JSON Web Key Set',
        schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
      },
    },
    async handler({ server }) {
      return { body: await publicJwks(server), headers: { 'Cache-Control': 'public, max-age=300' } }
    },
  }),

  defineRoute({
    id: 'ltiLogin',
    method: 'GET',
    path: '/api/lti/login',
    tag: 'lti',
    summary: 'LTI 1.3 OIDC login initiation (third-party initiated login): on to the platform’s auth URL',
    access: 'public',
    query: loginParams,
    responses: loginResponses,
    async handler({ server, request, origin, clientIp, query }) {
      return startLogin(server, request, origin, clientIp, query, 302)
    },
  }),

  defineRoute({
    id: 'ltiLoginPost',
    method: 'POST',
    path: '/api/lti/login',
    tag: 'lti',
    summary: 'LTI 1.3 OIDC login initiation as a form post (Moodle sends it so)',
    access: 'public',
    body: loginParams,
    bodyType: 'form',
    crossSite: CROSS_SITE,
    responses: loginResponses,
    async handler({ server, request, origin, clientIp, body }) {
      return startLogin(server, request, origin, clientIp, body, 303)
    },
  }),

  defineRoute({
    id: 'ltiLaunch',
    method: 'POST',
    path: '/api/lti/launch',
    tag: 'lti',
    summary:
      'Where the platform form-posts the id_token: verifies it, signs the learner in to the course’s cohort and opens the exercise',
    access: 'public',
    body: z.object({
      id_token: z
        .string()
        .max(64 * 1024)
        .optional(),
      state: z.string().max(200).optional(),
      error: z.string().max(200).optional(),
      error_description: z.string().max(1000).optional(),
    }),
    bodyType: 'form',
    crossSite: CROSS_SITE,
    responses: {
      303: { description: 'signed in: to the exercise, or to the course home' },
      400: {
        description: 'the state is unknown, used or expired, or the id_token does not verify',
        schema: errorBody,
      },
      403: { description: 'the launch was started in another browser', schema: errorBody },
    },
    async handler({ server, request, cookies, principal, origin, body }) {
      return finishLaunch(server, request, cookies, principal, origin, body)
    },
  }),
]

// The route layer: every /api/ request goes through here. In order: find the operation and
// check its path parameters, refuse cross-site state changes, find the session, check
// access (and the cohort in the path) — all before the body is read — then the CSRF token,
// then query and body against their zod schemas, and only then the handler. A NUL character
// anywhere in parameters, query or body is refused before it can reach a query. Whatever goes wrong becomes a
// JSON error naming the field; nothing a client sends ends in a 500.
import type { z } from 'zod'
import type { ServerContext } from '../context'
import type { Cohort } from '../db/schema'
import { findSession } from '../auth/sessions'
import { safeEqual } from '../auth/secrets'
import { describeError } from '../log'
import {
  cookieName,
  isSecureRequest,
  readCookie,
  sessionCookie,
  sessionCookieName,
  setCookie,
} from './cookies'
import { HttpError } from './errors'
import { addressKey } from '../auth/rate-limit'
import { clientIp, requestOrigin } from './forwarded'
import { findNul } from './nul'
import type { CookieJar, Principal, Reply, RouteDef } from './route'

export const MAX_BODY_BYTES = 1024 * 1024
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD'])

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  })
}

export function errorResponse(e: HttpError): Response {
  return json(e.status, e.field ? { error: e.message, field: e.field } : { error: e.message }, e.headers)
}

/** `body.members[2].name` from a zod issue path. */
function fieldOf(where: string, path: readonly PropertyKey[]): string {
  let out = where
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p).replace(/\0/g, '\\0')}`
  return out
}

function refuseNul(value: unknown, where: string): void {
  const path = findNul(value)
  if (!path) return
  const field = fieldOf(where, path)
  throw new HttpError(400, `${field}: must not contain NUL characters`, field)
}

function validate<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  const field = fieldOf(where, issue.path)
  throw new HttpError(400, `${field}: ${issue.message}`, field)
}

async function readBody(request: Request): Promise<string> {
  const declared = request.headers.get('content-length')
  if (declared && Number(declared) > MAX_BODY_BYTES)
    throw new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`)
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {})
      throw new HttpError(413, `the body is over ${MAX_BODY_BYTES} bytes`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** This site's origin for links: PODNET_PUBLIC_URL, or the address the browser used. */
function originOf(request: Request, ctx: ServerContext): string {
  if (ctx.config.publicUrl) return new URL(ctx.config.publicUrl).origin
  return requestOrigin(request, ctx.config)
}

/** Browsers say where a request comes from; a state change from another site is refused. */
function checkSameOrigin(request: Request, ctx: ServerContext): void {
  const site = request.headers.get('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none')
    throw new HttpError(403, 'cross-site request refused')
  const origin = request.headers.get('origin')
  if (!origin) return
  if (origin === requestOrigin(request, ctx.config)) return
  if (ctx.config.publicUrl && origin === new URL(ctx.config.publicUrl).origin) return
  throw new HttpError(403, 'cross-origin request refused')
}

function matchRoute(routes: readonly RouteDef[], method: string, pathname: string) {
  let pathMatched = false
  for (const route of routes) {
    const m = route.pattern.exec(pathname)
    if (!m) continue
    pathMatched = true
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue
    const params: Record<string, string> = {}
    route.paramNames.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1]!)
      } catch {
        params[name] = m[i + 1]!
      }
    })
    return { route, params }
  }
  throw new HttpError(
    pathMatched ? 405 : 404,
    pathMatched ? `${method} is not allowed here` : 'no such API operation',
  )
}

async function authorize(
  route: RouteDef,
  principal: Principal | undefined,
  params: Record<string, string>,
  ctx: ServerContext,
): Promise<Cohort | undefined> {
  if (route.access === 'public') return undefined
  if (!principal) throw new HttpError(401, 'sign in first')
  const role = principal.user.role
  if (route.access === 'user') return undefined
  if (route.access === 'admin') {
    if (role !== 'admin') throw new HttpError(403, 'admins only')
    return undefined
  }
  if (route.access === 'instructor') {
    if (role !== 'admin' && role !== 'instructor') throw new HttpError(403, 'instructors only')
    return undefined
  }
  const cohortId = params.cohortId ?? ''
  // One query: the cohort and whether the caller is a member of it.
  const row = await ctx.db
    .selectFrom('cohorts')
    .leftJoin('memberships', (j) =>
      j.onRef('memberships.cohort_id', '=', 'cohorts.id').on('memberships.user_id', '=', principal.user.id),
    )
    .selectAll('cohorts')
    .select('memberships.user_id as member')
    .where('cohorts.id', '=', cohortId)
    .executeTakeFirst()
  if (!row) throw new HttpError(404, 'no such cohort')
  const { member, ...cohort } = row
  if (role === 'admin' || cohort.owner_id === principal.user.id) return cohort
  if (route.access === 'cohort-member' && member) return cohort
  throw new HttpError(403, 'not a member of this cohort')
}

export async function handle(
  request: Request,
  ctx: ServerContext,
  routes: readonly RouteDef[],
): Promise<Response> {
  try {
    return await handleOrThrow(request, ctx, routes)
  } catch (e) {
    if (e instanceof HttpError) return errorResponse(e)
    ctx.log.error(`${request.method} ${new URL(request.url).pathname} failed: ${describeError(e)}`)
    return json(500, { error: 'internal error' })
  }
}

async function handleOrThrow(
  request: Request,
  ctx: ServerContext,
  routes: readonly RouteDef[],
): Promise<Response> {
  const url = new URL(request.url)
  const method = request.method.toUpperCase()
  const { route, params: rawParams } = matchRoute(routes, method, url.pathname)
  // The path's parameters are checked first: the access check below queries the cohort
  // named in the path, so it must only ever see a well-formed id.
  refuseNul(rawParams, 'params')
  const params = route.params ? validateParams(route.params, rawParams) : rawParams
  const changes = !SAFE_METHODS.has(method)
  // Routes marked crossSite (LTI's form posts from the LMS) skip the same-origin and CSRF
  // checks; their handlers verify a signed token instead.
  const sameSiteOnly = changes && !route.crossSite
  if (sameSiteOnly) checkSameOrigin(request, ctx)

  const secure = isSecureRequest(request, ctx.config)
  const sessionName = sessionCookieName(secure)
  const token = readCookie(request, sessionName)
  const principal = token ? await findSession(ctx.db, token, ctx.now()) : undefined
  const cohort = await authorize(route, principal, params as Record<string, string>, ctx)

  if (sameSiteOnly && principal) {
    const sent = request.headers.get(CSRF_HEADER)
    if (!sent || !safeEqual(sent, principal.csrfToken))
      throw new HttpError(403, `missing or wrong ${CSRF_HEADER} header`)
  }

  const rawQuery = Object.fromEntries(url.searchParams)
  refuseNul(rawQuery, 'query')
  const query = route.query ? validate(route.query, rawQuery, 'query') : {}
  let body: unknown
  if (route.body && route.bodyType === 'form') {
    const type = request.headers.get('content-type') ?? ''
    if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type))
      throw new HttpError(415, 'send the body as application/x-www-form-urlencoded', 'body')
    const fields = Object.fromEntries(new URLSearchParams(await readBody(request)))
    refuseNul(fields, 'body')
    body = validate(route.body, fields, 'body')
  } else if (route.body) {
    const type = request.headers.get('content-type') ?? ''
    if (!/^application\/json\s*(;|$)/i.test(type))
      throw new HttpError(415, 'send the body as application/json', 'body')
    const text = await readBody(request)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new HttpError(400, 'body: not valid JSON', 'body')
    }
    refuseNul(parsed, 'body')
    body = validate(route.body, parsed, 'body')
  }

  const setCookies: string[] = []
  const cookies: CookieJar = {
    setSession: (t, maxAge) => void setCookies.push(sessionCookie(secure, t, maxAge)),
    clearSession: () => void setCookies.push(sessionCookie(secure, '', 0)),
    set: (name, value, maxAge) =>
      void setCookies.push(setCookie(cookieName(name, secure), value, secure, maxAge)),
    get: (name) => readCookie(request, cookieName(name, secure)),
  }
  const reply: Reply = await route.handler({
    server: ctx,
    request,
    params,
    query,
    body,
    principal,
    cohort,
    clientIp: addressKey(clientIp(request, ctx.config.trustedProxies)),
    origin: originOf(request, ctx),
    cookies,
  })
  const status = reply.status ?? 200
  const headers = new Headers({ 'Cache-Control': 'no-store', ...reply.headers })
  for (const c of setCookies) headers.append('Set-Cookie', c)
  if (reply.text !== undefined)
    return new Response(method === 'HEAD' ? null : reply.text, { status, headers })
  if (reply.body === undefined) return new Response(null, { status: status === 200 ? 204 : status, headers })
  headers.set('Content-Type', 'application/json; charset=utf-8')
  return new Response(method === 'HEAD' ? null : JSON.stringify(reply.body), { status, headers })
}

function validateParams(schema: z.ZodType, raw: Record<string, string>) {
  const r = schema.safeParse(raw)
  // A malformed id in a path names nothing that exists.
  if (!r.success) throw new HttpError(404, 'not found')
  return r.data
}

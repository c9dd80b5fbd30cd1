// The one way to declare an API operation: method, path, who may call it, the zod schemas
// of its parameters, query, body and responses, and the handler. The route layer
// (api/handle.ts) enforces access and validation from these declarations before any
// handler runs, and the OpenAPI document (api/openapi.ts) is generated from the same ones.
import type { z } from 'zod'
import type { ServerContext } from '../context'
import type { Cohort, User } from '../db/schema'

/**
 * Who may call an operation:
 * - public: anyone (OpenAPI `security: []`)
 * - user: any signed-in account
 * - instructor: instructors and admins
 * - admin: admins only
 * - cohort-member: learners of the path's {cohortId}, its instructor, and admins
 * - cohort-instructor: the instructor who owns the path's {cohortId}, and admins
 */
export type Access = 'public' | 'user' | 'instructor' | 'admin' | 'cohort-member' | 'cohort-instructor'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Principal {
  user: User
  tokenHash: string
  csrfToken: string
}

export interface CookieJar {
  /** starts a session: sets the session cookie to this token */
  setSession(token: string, maxAgeSeconds: number): void
  clearSession(): void
  /** another HttpOnly cookie of this site (`__Host-` prefixed where the browser allows it) */
  set(name: string, value: string, maxAgeSeconds: number): void
  get(name: string): string | undefined
}

export interface RouteContext<P, Q, B> {
  server: ServerContext
  request: Request
  params: P
  query: Q
  body: B
  /** the caller's session; always present unless access is public */
  principal: Principal | undefined
  /** the path's cohort, loaded and access-checked, for cohort-member and cohort-instructor */
  cohort: Cohort | undefined
  /** the client's address as rate limits count it (an IPv6 address as its /64: auth/rate-limit.ts addressKey) */
  clientIp: string
  /** this site's origin, for links (PODNET_PUBLIC_URL, or the request's own) */
  origin: string
  cookies: CookieJar
}

export interface Reply {
  status?: number
  body?: unknown
  headers?: Record<string, string>
  /** a body that is not JSON (CSV); sent as is with headers['Content-Type'] */
  text?: string
}

export interface ResponseSpec {
  description: string
  schema?: z.ZodType
  /** defaults to application/json */
  contentType?: string
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** the OpenAPI operationId */
  id: string
  method: Method
  /** `/api/cohorts/{cohortId}`: parameters in braces, one segment each */
  path: string
  summary: string
  tag: string
  access: Access
  params?: P
  query?: Q
  body?: B
  /** how the body is sent: JSON (the default), or an HTML form's urlencoded fields */
  bodyType?: 'json' | 'form'
  /**
   * Set only where a cross-site POST is the protocol (an LMS's LTI form posts): why the
   * request is trusted without the same-origin check and the CSRF token.
   */
  crossSite?: string
  responses: Record<number, ResponseSpec>
  handler(ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply>
}

export interface RouteDef {
  id: string
  method: Method
  path: string
  summary: string
  tag: string
  access: Access
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  bodyType?: 'json' | 'form'
  crossSite?: string
  responses: Record<number, ResponseSpec>
  // Erased: the route layer has validated params, query and body against the schemas.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler(ctx: RouteContext<any, any, any>): Promise<Reply>
  /** the compiled path */
  pattern: RegExp
  paramNames: string[]
}

export function defineRoute<
  P extends z.ZodType = z.ZodType<Record<string, never>>,
  Q extends z.ZodType = z.ZodType<Record<string, never>>,
  B extends z.ZodType = z.ZodType<undefined>,
>(spec: RouteSpec<P, Q, B>): RouteDef {
  if (!spec.path.startsWith('/api/')) throw new Error(`${spec.id}: API paths start with /api/`)
  const paramNames: string[] = []
  const source = spec.path
    .split('/')
    .map((segment) => {
      const m = /^\{([A-Za-z]+)\}$/.exec(segment)
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      paramNames.push(m[1]!)
      return '([^/]+)'
    })
    .join('/')
  // Skipping the CSRF check is safe only where no session's authority is used.
  if (spec.crossSite && spec.access !== 'public') throw new Error(`${spec.id}: crossSite routes are public`)
  // The route layer checks path parameters against this schema before anything else.
  if (paramNames.length && !spec.params) throw new Error(`${spec.id}: a path with parameters needs params`)
  if (spec.access.startsWith('cohort-') && !paramNames.includes('cohortId'))
    throw new Error(`${spec.id}: ${spec.access} access needs a {cohortId} in the path`)
  return { ...spec, pattern: new RegExp(`^${source}$`), paramNames } as RouteDef
}

// A server for one test: a fresh database (SQLite or PostgreSQL), the route layer on
// 127.0.0.1, every log line captured, and clients that keep cookies and the CSRF token
// the way a browser page does.
import { randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import { configFromEnv } from '../config'
import type { ServerConfig } from '../config'
import { createServerContext } from '../context'
import type { ServerContext } from '../context'
import type { Dialect } from '../db/connect'
import type { Role } from '../db/schema'
import type { Grader } from '../grading'
import type { Logger } from '../log'
import { handle } from '../api/handle'
import { ROUTES } from '../routes/registry'
import { listen } from '../node-http'
import { startSession } from '../auth/sessions'
import { testDatabase } from './databases'
import { testGrader } from './grader'

export interface TestServer {
  url: string
  ctx: ServerContext
  logs: string[]
  client(): Client
  /** a user made straight in the database, with a signed-in client */
  user(role: Role, name?: string): Promise<{ id: string; client: Client }>
  close(): Promise<void>
}

export interface Client {
  csrf: string | null
  cookie: string | null
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>
  json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>
}

export function makeClient(url: string): Client {
  // A cookie jar of one site, as a browser keeps it: `cookie` reads and writes it as a
  // Cookie header.
  const jar = new Map<string, string>()
  const c: Client = {
    csrf: null,
    get cookie() {
      return jar.size ? [...jar].map(([k, v]) => `${k}=${v}`).join('; ') : null
    },
    set cookie(header: string | null) {
      jar.clear()
      for (const part of header?.split(';') ?? []) {
        const eq = part.indexOf('=')
        if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
      }
    },
    async request(method, path, body, headers = {}) {
      const h: Record<string, string> = { ...headers }
      if (c.cookie) h.cookie = c.cookie
      if (c.csrf && method !== 'GET') h['x-csrf-token'] = c.csrf
      if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json'
      const res = await fetch(path.startsWith('http') ? path : url + path, {
        method,
        headers: h,
        redirect: 'manual',
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      for (const s of res.headers.getSetCookie()) {
        const [pair] = s.split(';')
        const eq = pair!.indexOf('=')
        const name = pair!.slice(0, eq)
        const value = pair!.slice(eq + 1)
        if (value) jar.set(name, value)
        else {
          jar.delete(name)
          if (name.includes('session')) c.csrf = null
        }
      }
      return res
    },
    async json(method, path, body) {
      const res = await c.request(method, path, body)
      const text = await res.text()
      const parsed = text ? JSON.parse(text) : undefined
      if (
        parsed &&
        typeof parsed === 'object' &&
        'csrfToken' in parsed &&
        typeof parsed.csrfToken === 'string'
      )
        c.csrf = parsed.csrfToken
      return { status: res.status, body: parsed }
    },
  }
  return c
}

export async function startTestServer(
  dialect: Dialect,
  opts: { grader?: Grader; config?: Partial<ServerConfig>; now?: () => number } = {},
): Promise<TestServer> {
  const t = testDatabase(dialect)
  const logs: string[] = []
  const log: Logger = {
    info: (m) => void logs.push(`info ${m}`),
    warn: (m) => void logs.push(`warn ${m}`),
    error: (m) => void logs.push(`error ${m}`),
  }
  const base = configFromEnv({} as NodeJS.ProcessEnv)
  const config: ServerConfig = {
    ...base,
    dataDir: t.options.dataDir ?? base.dataDir,
    databaseUrl: t.options.databaseUrl,
    pgSchema: t.options.schema,
    ...opts.config,
  }
  const ctx = await createServerContext({ config, log, grader: opts.grader ?? testGrader, now: opts.now })
  const started = await listen((req) => handle(req, ctx, ROUTES))
  const server: Server = started.server
  const url = started.url
  return {
    url,
    ctx,
    logs,
    client: () => makeClient(url),
    async user(role, name = `${role}-${randomUUID().slice(0, 6)}`) {
      const id = randomUUID()
      await ctx.db
        .insertInto('users')
        .values({
          id,
          display_name: name,
          email: `${id}@example.test`,
          email_verified: 0,
          password_hash: null,
          role,
          oidc_subject: null,
          created_at: ctx.now(),
        })
        .execute()
      const { token, csrfToken } = await startSession(ctx.db, id, ctx.now(), ctx.config.sessionTtlMs)
      const client = makeClient(url)
      client.cookie = `__Host-podnet-session=${token}`
      client.csrf = csrfToken
      return { id, client }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections?.()
      await ctx.database.close()
      await t.drop()
    },
  }
}

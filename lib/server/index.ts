// The process's server: made on the first request (or by `npm start`'s readiness probe
// right after the start), kept on globalThis because Next.js may load this module more
// than once (route handlers are bundled separately) and one process must open the database
// once. Route handlers under app/api/ and app/healthz, app/readyz call these functions.
import { configFromEnv } from './config'
import { createServerContext } from './context'
import type { ServerContext } from './context'
import { isMigrated, StartupError } from './db/connect'
import { handle } from './api/handle'
import { ROUTES } from './routes/registry'
import { consoleLogger, describeError } from './log'
import { gradingPool } from './grade-pool'
import { kickPassbacks } from './lti/passback'

const KEY = Symbol.for('podnet-lab.server')
/** set by scripts/forwarded-for.cjs */
const PRELOADED = Symbol.for('podnet-lab.forwarded-for')
type Holder = { [KEY]?: Promise<ServerContext> }

export function getServer(): Promise<ServerContext> {
  const g = globalThis as Holder
  if (!g[KEY]) {
    const config = configFromEnv()
    g[KEY] = createServerContext({ config, log: consoleLogger, grader: gradingPool() }).then(
      (ctx) => {
        consoleLogger.info(`cohort server ready: ${ctx.database.dialect} at ${ctx.database.where}`)
        // Without the preload, a client that sends X-Forwarded-For picks its own address.
        if (process.env.NODE_ENV === 'production' && !(globalThis as Record<symbol, unknown>)[PRELOADED])
          consoleLogger.warn(
            'started without scripts/forwarded-for.cjs (node --require): the rate limits count the X-Forwarded-For a client sends; start with `npm start` or the Docker image',
          )
        // Scores an earlier process queued for an LMS but did not send go out now, not only
        // at the next launch or submission.
        kickPassbacks(ctx)
        return ctx
      },
      (e) => {
        // Try again on the next request: PostgreSQL may come up later.
        delete g[KEY]
        consoleLogger.error(e instanceof StartupError ? e.message : `cannot start: ${describeError(e)}`)
        throw e
      },
    )
  }
  return g[KEY]
}

const unavailable = (message: string) =>
  new Response(JSON.stringify({ error: message }), {
    status: 503,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': '5',
    },
  })

export async function handleApiRequest(request: Request): Promise<Response> {
  let ctx: ServerContext
  try {
    ctx = await getServer()
  } catch (e) {
    return unavailable(e instanceof StartupError ? e.message : 'the server cannot reach its database')
  }
  return handle(request, ctx, ROUTES)
}

/** /healthz: the process answers; the database is not asked. */
export function healthz(): Response {
  return new Response(JSON.stringify({ status: 'ok' }), {
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  })
}

/** /readyz: the database answers and every migration has run. */
export async function readyz(): Promise<Response> {
  try {
    const ctx = await getServer()
    if (!(await isMigrated(ctx.database))) return unavailable('migrations pending')
    return new Response(JSON.stringify({ status: 'ready', database: ctx.database.dialect }), {
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    })
  } catch (e) {
    return unavailable(e instanceof StartupError ? e.message : 'database unreachable')
  }
}

// Everything a request handler needs, made once per process: the database (migrated), the
// settings, the logger, the grader and the clock.
import type { Kysely } from 'kysely'
import type { ServerConfig } from './config'
import type { Db } from './db/connect'
import type { Database } from './db/schema'
import type { Grader } from './grading'
import type { Logger } from './log'
import { migrate, openDb } from './db/connect'
import { bootstrap } from './bootstrap'

export interface ServerContext {
  db: Kysely<Database>
  database: Db
  config: ServerConfig
  log: Logger
  grader: Grader
  now(): number
}

export interface ContextOptions {
  config: ServerConfig
  log: Logger
  grader: Grader
  now?: () => number
}

export async function createServerContext(opts: ContextOptions): Promise<ServerContext> {
  const database = await openDb({
    databaseUrl: opts.config.databaseUrl,
    dataDir: opts.config.dataDir,
    schema: opts.config.pgSchema,
    warn: (m) => opts.log.warn(m),
  })
  try {
    const ran = await migrate(database)
    if (ran.length) opts.log.info(`database ${database.where}: applied ${ran.join(', ')}`)
    const ctx: ServerContext = {
      db: database.db,
      database,
      config: opts.config,
      log: opts.log,
      grader: opts.grader,
      now: opts.now ?? Date.now,
    }
    await bootstrap(ctx)
    return ctx
  } catch (e) {
    await database.close()
    throw e
  }
}

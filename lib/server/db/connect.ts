// Opens the database: embedded SQLite in DATA_DIR by default, PostgreSQL when a
// postgres:// URL is given. Everything above this file talks Kysely and never knows which.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'
import { migrationProvider } from './migrations'

export type Dialect = 'sqlite' | 'postgres'

export interface DbOptions {
  /** postgres://… ; when absent, SQLite in dataDir */
  databaseUrl?: string
  dataDir?: string
  /** PostgreSQL schema to use (tests get a fresh one each run); created when missing */
  schema?: string
  /** where to say that the SQLite folder is open to other users (the logger's warn) */
  warn?: (message: string) => void
}

export interface Db {
  db: Kysely<Database>
  dialect: Dialect
  /** where the data lives, for messages: a file path or the URL without its password */
  where: string
  /** PostgreSQL: the schema the tables live in (the search_path's first) */
  schema?: string
  close(): Promise<void>
}

export class StartupError extends Error {}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/** The URL without its password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://(unparseable URL)'
  }
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url)
}

export async function openDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl && !isPostgresUrl(opts.databaseUrl))
    throw new StartupError(
      'DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite database)',
    )
  return isPostgresUrl(opts.databaseUrl)
    ? openPostgres(opts.databaseUrl, opts.schema)
    : openSqlite(opts.dataDir ?? 'data', opts.warn ?? (() => {}))
}

/** The files of an SQLite database in WAL mode. */
export const SQLITE_FILES = ['podnet.db', 'podnet.db-wal', 'podnet.db-shm']

/**
 * The database holds password hashes, session hashes and the LTI private key: its folder is
 * made for the server's user only (0700), and the files are made 0600. A folder that was
 * there already (a mounted volume, a folder the operator made) keeps its mode; a warning
 * says so when other users may enter it.
 */
function privateDataDir(dataDir: string, warn: (message: string) => void): void {
  if (mkdirSync(dataDir, { recursive: true, mode: 0o700 }) !== undefined) {
    // mkdir's mode passes through the umask, which only takes permissions away.
    chmodSync(dataDir, 0o700)
    return
  }
  const mode = statSync(dataDir).mode & 0o777
  if (mode & 0o077)
    warn(
      `the data folder ${dataDir} is open to other users (mode ${mode.toString(8).padStart(3, '0')}); it holds password hashes and keys: chmod 700 it`,
    )
}

/** Makes the database's files readable and writable by their owner only. */
function privateFiles(dataDir: string, warn: (message: string) => void): void {
  for (const name of SQLITE_FILES) {
    const f = join(dataDir, name)
    try {
      if (existsSync(f)) chmodSync(f, 0o600)
    } catch (e) {
      warn(`cannot make ${f} private (chmod 600): ${(e as Error).message}`)
    }
  }
}

function openSqlite(dataDir: string, warn: (message: string) => void): Db {
  privateDataDir(dataDir, warn)
  const file = join(dataDir, 'podnet.db')
  const conn = new BetterSqlite3(file, { timeout: 0 })
  // Before the WAL exists: SQLite gives the -wal and -shm files the database file's mode.
  privateFiles(dataDir, warn)
  try {
    // One server per file: the exclusive locking mode holds the file lock for the life of
    // the process (and the kernel drops it when the process dies, even on kill -9), so a
    // second replica fails here instead of sharing a file it cannot coordinate on.
    conn.pragma('locking_mode = EXCLUSIVE')
    conn.pragma('journal_mode = WAL')
    // FULL: the WAL is synced at every commit, so a submission acknowledged with 201 is on
    // disk even if the machine loses power (NORMAL only survives a process crash).
    conn.pragma('synchronous = FULL')
    conn.pragma('foreign_keys = ON')
    // Take the write lock now rather than at the first write.
    conn.exec('BEGIN IMMEDIATE; COMMIT;')
    privateFiles(dataDir, warn)
  } catch (e) {
    conn.close()
    if ((e as { code?: string }).code === 'SQLITE_BUSY')
      throw new StartupError(
        `${file} is in use by another Podnet Lab server. The embedded SQLite database serves one server process; ` +
          'for several replicas set DATABASE_URL=postgres://…',
      )
    throw e
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) })
  return { db, dialect: 'sqlite', where: file, close: () => db.destroy() }
}

async function openPostgres(url: string, schema?: string): Promise<Db> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new StartupError(`invalid schema name ${schema}`)
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint (int8) columns hold ms timestamps, well inside a double's exact range.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {})
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  let current: string
  try {
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db)
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
    current = r.rows[0]!.schema
  } catch (e) {
    await db.destroy()
    throw new StartupError(`cannot reach PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`)
  }
  return { db, dialect: 'postgres', where: redactUrl(url), schema: current, close: () => db.destroy() }
}

export function migrator(d: Db): Migrator {
  return new Migrator({
    db: d.db as Kysely<unknown>,
    provider: migrationProvider,
    // Without a schema, Kysely looks for its migration tables in every schema of the
    // database, and takes another schema's (another app's, or another test's) for ours.
    ...(d.schema ? { migrationTableSchema: d.schema } : {}),
  })
}

/** Runs every pending migration; safe when several replicas do it at once. */
export async function migrate(d: Db): Promise<string[]> {
  const { error, results } = await migrator(d).migrateToLatest()
  if (error) throw new StartupError(`migration failed: ${(error as Error).message ?? String(error)}`)
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** True when every known migration has run. */
export async function isMigrated(d: Db): Promise<boolean> {
  const all = await migrator(d).getMigrations()
  return all.every((m) => m.executedAt !== undefined)
}

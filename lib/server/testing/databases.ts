// Databases for the server tests: a fresh SQLite folder always, and a fresh PostgreSQL
// schema when TEST_DATABASE_URL is set (.ci/run sets it), dropped again afterwards so
// runs never see or clobber each other's data.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { DbOptions, Dialect } from '../db/connect'

export interface TestDatabase {
  dialect: Dialect
  options: DbOptions
  /** removes the folder or drops the schema */
  drop(): Promise<void>
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

export const DIALECTS: Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']

export function testDatabase(dialect: Dialect, postgresUrl = TEST_DATABASE_URL): TestDatabase {
  if (dialect === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'podnet-test-'))
    return {
      dialect,
      options: { dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    }
  }
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set')
  const schema = `podnet_test_${randomBytes(6).toString('hex')}`
  const url = postgresUrl
  return {
    dialect,
    options: { databaseUrl: url, schema },
    drop: async () => {
      const db = new Kysely<unknown>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
      })
      try {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db)
      } finally {
        await db.destroy()
      }
    },
  }
}

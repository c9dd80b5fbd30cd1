import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS, testDatabase } from '../testing/databases'
import type { TestDatabase } from '../testing/databases'
import type { Kysely } from 'kysely'
import { isMigrated, migrate, migrator, openDb, redactUrl, SQLITE_FILES, StartupError } from './connect'
import type { Db } from './connect'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function fresh(dialect: (typeof DIALECTS)[number]): Promise<[TestDatabase, Db]> {
  const t = testDatabase(dialect)
  cleanups.push(t.drop)
  const d = await openDb(t.options)
  cleanups.push(d.close)
  return [t, d]
}

describe.each(DIALECTS)('database on %s', (dialect) => {
  it('migrates once, reports readiness, and a second run is a no-op', async () => {
    const [, d] = await fresh(dialect)
    expect(await isMigrated(d)).toBe(false)
    expect(await migrate(d)).toEqual(['0001-initial', '0002-lti', '0003-email-verified'])
    expect(await isMigrated(d)).toBe(true)
    expect(await migrate(d)).toEqual([])
    const rows = await d.db.selectFrom('users').selectAll().execute()
    expect(rows).toEqual([])
  })

  it('stores times as numbers in both dialects', async () => {
    const [, d] = await fresh(dialect)
    await migrate(d)
    const now = Date.now()
    await d.db
      .insertInto('users')
      .values({
        id: 'u1',
        display_name: 'A',
        email: null,
        email_verified: 0,
        password_hash: null,
        role: 'learner',
        oidc_subject: null,
        created_at: now,
      })
      .execute()
    const row = await d.db.selectFrom('users').select('created_at').executeTakeFirstOrThrow()
    expect(row.created_at).toBe(now)
  })
})

describe.each(DIALECTS)('the email-verified migration on %s', (dialect) => {
  it('counts as proven the addresses of admins, instructors and OIDC-made accounts only', async () => {
    const [, d] = await fresh(dialect)
    expect((await migrator(d).migrateTo('0002-lti')).error).toBeUndefined()
    const user = (id: string, role: string, extra: Record<string, unknown> = {}) => ({
      id,
      display_name: id,
      email: `${id}@example.org`,
      password_hash: null,
      role,
      oidc_subject: null,
      created_at: 1,
      ...extra,
    })
    // The table as it was before the migration: no email_verified yet.
    await (d.db as unknown as Kysely<{ users: Record<string, unknown> }>)
      .insertInto('users')
      .values([
        user('admin', 'admin', { password_hash: 'x' }),
        user('instructor', 'instructor'),
        user('joined', 'learner', { password_hash: 'x' }),
        user('oidc', 'learner', { oidc_subject: 'https://idp a' }),
        user('oidc-with-password', 'learner', { oidc_subject: 'https://idp b', password_hash: 'x' }),
        user('lti', 'learner', { email: null }),
      ])
      .execute()
    expect(await migrate(d)).toEqual(['0003-email-verified'])
    const rows = await d.db.selectFrom('users').select(['id', 'email_verified']).orderBy('id').execute()
    expect(Object.fromEntries(rows.map((r) => [r.id, r.email_verified]))).toEqual({
      admin: 1,
      instructor: 1,
      joined: 0,
      lti: 0,
      oidc: 1,
      'oidc-with-password': 0,
    })
  })
})

describe('SQLite', () => {
  it('refuses a second server on the same file', async () => {
    const [t] = await fresh('sqlite')
    await expect(openDb(t.options)).rejects.toThrow(
      /in use by another Podnet Lab server.*DATABASE_URL=postgres/,
    )
  })

  it('rejects a DATABASE_URL that is not PostgreSQL', async () => {
    await expect(openDb({ databaseUrl: 'mysql://x' })).rejects.toBeInstanceOf(StartupError)
  })
})

describe('the SQLite files', () => {
  const modeOf = (path: string) => statSync(path).mode & 0o777
  const parent = () => {
    const dir = mkdtempSync(join(tmpdir(), 'podnet-modes-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    return dir
  }
  /** Opens the database, writes to it, and lists the modes of the files that exist. */
  async function openAndWrite(dataDir: string, warnings: string[]) {
    const d = await openDb({ dataDir, warn: (m) => warnings.push(m) })
    cleanups.push(d.close)
    await migrate(d)
    const files = SQLITE_FILES.map((f) => join(dataDir, f)).filter((f) => existsSync(f))
    expect(files).toContain(join(dataDir, 'podnet.db'))
    expect(files).toContain(join(dataDir, 'podnet.db-wal'))
    return Object.fromEntries(files.map((f) => [f.slice(dataDir.length + 1), modeOf(f)]))
  }

  it('a data folder it creates is 0700 and the database files 0600', async () => {
    const dataDir = join(parent(), 'data')
    const warnings: string[] = []
    const modes = await openAndWrite(dataDir, warnings)
    expect(modeOf(dataDir)).toBe(0o700)
    for (const [f, mode] of Object.entries(modes)) expect(mode, f).toBe(0o600)
    expect(warnings).toEqual([])
  })

  it('an existing folder keeps its mode, with a warning when others may enter; old files become 0600', async () => {
    const dataDir = join(parent(), 'data')
    mkdirSync(dataDir)
    chmodSync(dataDir, 0o755)
    // Files left world-readable by an earlier version.
    writeFileSync(join(dataDir, 'podnet.db'), '')
    chmodSync(join(dataDir, 'podnet.db'), 0o644)
    const warnings: string[] = []
    const modes = await openAndWrite(dataDir, warnings)
    expect(modeOf(dataDir)).toBe(0o755)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/open to other users \(mode 755\).*chmod 700/)
    for (const [f, mode] of Object.entries(modes)) expect(mode, f).toBe(0o600)
  })

  it('an existing private folder needs no warning', async () => {
    const dataDir = join(parent(), 'data')
    mkdirSync(dataDir, { mode: 0o700 })
    const warnings: string[] = []
    await openAndWrite(dataDir, warnings)
    expect(warnings).toEqual([])
  })
})

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL', () => {
  it('replicas that start together migrate once', async () => {
    const [t] = await fresh('postgres')
    const replicas = await Promise.all([0, 1, 2].map(() => openDb(t.options)))
    cleanups.push(...replicas.map((r) => r.close))
    const ran = await Promise.all(replicas.map((r) => migrate(r)))
    expect(ran.flat()).toEqual(['0001-initial', '0002-lti', '0003-email-verified'])
    for (const r of replicas) expect(await isMigrated(r)).toBe(true)
  })

  it('keeps to its own schema when another schema of the database is migrated too', async () => {
    const [, a] = await fresh('postgres')
    expect(await migrate(a)).toContain('0001-initial')
    const [, b] = await fresh('postgres')
    expect(await isMigrated(b)).toBe(false)
    expect(await migrate(b)).toContain('0001-initial')
    expect(await isMigrated(b)).toBe(true)
  })

  it('prints URLs without their password', () => {
    expect(redactUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db')
  })
})

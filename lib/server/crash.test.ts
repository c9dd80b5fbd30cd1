// kill -9 during a stream of submissions: every submission the server acknowledged (201)
// is there after the restart, on SQLite (WAL, synchronous=FULL) and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECTS, testDatabase } from './testing/databases'
import type { TestDatabase } from './testing/databases'
import { makeClient } from './testing/harness'
import { startServerProcess } from './testing/process'
import type { ServerProcess } from './testing/process'

const ADMIN = { email: 'crash-admin@example.test', password: 'crash test password' }
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

function envFor(t: TestDatabase) {
  return {
    DATA_DIR: t.options.dataDir,
    DATABASE_URL: t.options.databaseUrl,
    DATABASE_SCHEMA: t.options.schema,
    PODNET_ADMIN_EMAIL: ADMIN.email,
    PODNET_ADMIN_PASSWORD: ADMIN.password,
    PODNET_TEST_GRADER: '1',
  }
}

async function start(t: TestDatabase): Promise<ServerProcess> {
  const p = await startServerProcess(envFor(t))
  cleanups.push(() => p.stop())
  return p
}

describe.each(DIALECTS)('crash on %s', (dialect) => {
  it('every acknowledged submission survives kill -9', async () => {
    const t = testDatabase(dialect)
    cleanups.push(t.drop)
    let server = await start(t)
    const admin = makeClient(server.url)
    expect((await admin.json('POST', '/api/login', ADMIN)).status).toBe(200)
    const cohort = (await admin.json('POST', '/api/cohorts', { title: 'Crash' })).body as {
      id: string
      joinCode: string
    }
    const learners = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const c = makeClient(server.url)
        const r = await c.json<{ user: { id: string } }>('POST', `/api/join/${cohort.joinCode}`, {
          displayName: `L${i}`,
        })
        return { client: c, id: (r.body as { user: { id: string } }).user.id }
      }),
    )

    const acked = new Set<string>()
    let stop = false
    let sent = 0
    const stream = learners.map(async ({ client }) => {
      while (!stop) {
        sent++
        try {
          const r = await client.json<{ id: string }>('POST', `/api/cohorts/${cohort.id}/submissions`, {
            exerciseId: 'ex-one',
            workspace: { files: { 'policy.yaml': `attempt ${sent} pass` } },
          })
          if (r.status === 201) acked.add((r.body as { id: string }).id)
        } catch {
          return // the server is gone
        }
      }
    })
    // Let some land, then pull the plug with requests in flight.
    while (acked.size < 40) await new Promise((r) => setTimeout(r, 5))
    await server.kill()
    stop = true
    await Promise.all(stream)
    expect(acked.size).toBeGreaterThanOrEqual(40)

    server = await start(t)
    const again = makeClient(server.url)
    expect((await again.json('POST', '/api/login', ADMIN)).status).toBe(200)
    const stored = new Set<string>()
    for (const l of learners) {
      const r = await again.json<{ attempts: { id: string }[] }>(
        'GET',
        `/api/cohorts/${cohort.id}/learners/${l.id}/attempts`,
      )
      for (const a of (r.body as { attempts: { id: string }[] }).attempts) stored.add(a.id)
    }
    const lost = [...acked].filter((id) => !stored.has(id))
    expect(lost).toEqual([])
  })
})

describe('SQLite', () => {
  it('a second server process on the same data folder refuses to start', async () => {
    const t = testDatabase('sqlite')
    cleanups.push(t.drop)
    await start(t)
    await expect(startServerProcess(envFor(t))).rejects.toThrow(/in use by another Podnet Lab server/)
  })
})

// `npm run bench:server [-- --json]`: the cohort server under a training room's load, on
// SQLite and on PostgreSQL. The server runs in its own process on 127.0.0.1; 200 learners
// join a cohort, then submit at 100 submissions/s in all (open loop, latency counted from
// each submission's scheduled time, so a stalled server cannot hide its queue), then as
// fast as 16 clients in a closed loop can for a few seconds (the maximum rate). Every
// submission is graded by the server and committed before its 201.
//
// What it serves: lib/server/testing/serve.ts, the route layer (api/handle.ts, the same
// routes, grader pool and database code that app/api/[...path]/route.ts calls) on a plain
// node:http server (lib/server/node-http.ts). It does not run Next.js: Next's own request
// handling and routing in front of the route handler are not in these figures, which
// therefore measure the cohort server's code, not a production build end to end.
//
// The budget: p99 ≤ 50 ms at 100 submissions/s with 200 learners, on both
// databases, with no errors. The process exits 1 when it is missed (or a database could not
// be measured), after the JSON line.
//
// Options: --json (end with one JSON line), --seconds N (open-loop length, default 10),
// --postgres URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test).
import { availableParallelism, loadavg } from 'node:os'
import { testDatabase } from '../lib/server/testing/databases'
import type { TestDatabase } from '../lib/server/testing/databases'
import { makeClient } from '../lib/server/testing/harness'
import type { Client } from '../lib/server/testing/harness'
import { startServerProcess } from '../lib/server/testing/process'
import { benchWorkload } from '../lib/server/testing/workload'

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(name)
const option = (name: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

const LEARNERS = 200
const RATE = 100
const SECONDS = Number(option('--seconds') ?? 10)
const P99_BUDGET_MS = 50
const CLOSED_CLIENTS = 16
const CLOSED_SECONDS = 4
const POSTGRES =
  option('--postgres') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const ADMIN = { email: 'bench-admin@example.test', password: 'bench admin password' }

interface Result {
  p50: number
  p99: number
  max: number
  sent: number
  errors: number
  closedRate: number
  closedErrors: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)))
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN
}

async function run(dialect: 'sqlite' | 'postgres', t: TestDatabase): Promise<Result> {
  const work = benchWorkload()
  const server = await startServerProcess({
    DATA_DIR: t.options.dataDir,
    DATABASE_URL: t.options.databaseUrl,
    DATABASE_SCHEMA: t.options.schema,
    PODNET_ADMIN_EMAIL: ADMIN.email,
    PODNET_ADMIN_PASSWORD: ADMIN.password,
    PODNET_TEST_GRADER: work.grader === 'test' ? '1' : '0',
  })
  try {
    const admin = makeClient(server.url)
    if ((await admin.json('POST', '/api/login', ADMIN)).status !== 200) throw new Error('admin login failed')
    const cohort = (await admin.json('POST', '/api/cohorts', { title: 'Bench' })).body as {
      id: string
      joinCode: string
    }
    const learners: Client[] = []
    for (let i = 0; i < LEARNERS; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, LEARNERS - i) }, async (_, k) => {
          const c = makeClient(server.url)
          const r = await c.json('POST', `/api/join/${cohort.joinCode}`, { displayName: `Learner ${i + k}` })
          if (r.status !== 201) throw new Error(`join failed: ${r.status} ${JSON.stringify(r.body)}`)
          return c
        }),
      )
      learners.push(...batch)
    }
    const path = `/api/cohorts/${cohort.id}/submissions`
    const submit = async (c: Client, n: number) => {
      const res = await c.request('POST', path, work.body(n))
      await res.arrayBuffer()
      return res.status === 201
    }
    // Warm up every grading thread and the database's caches: a few rounds of parallel
    // submissions (numbered apart from the measured ones).
    for (let round = 0; round < 5; round++)
      await Promise.all(Array.from({ length: 8 }, (_, k) => submit(learners[k]!, 1_000_000 + round * 8 + k)))

    // Open loop at RATE per second.
    const total = RATE * SECONDS
    const latencies: number[] = []
    let errors = 0
    const inFlight: Promise<void>[] = []
    const start = performance.now()
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE
      await sleep(due - performance.now())
      inFlight.push(
        submit(learners[i % LEARNERS]!, i).then(
          (ok) => {
            latencies.push(performance.now() - due)
            if (!ok) errors++
          },
          () => {
            errors++
          },
        ),
      )
    }
    await Promise.all(inFlight)

    // Closed loop: as fast as CLOSED_CLIENTS clients can, for CLOSED_SECONDS.
    let done = 0
    let closedErrors = 0
    const end = performance.now() + CLOSED_SECONDS * 1000
    const closedStart = performance.now()
    await Promise.all(
      Array.from({ length: CLOSED_CLIENTS }, async (_, w) => {
        for (let n = 0; performance.now() < end; n++) {
          try {
            if (await submit(learners[(w * 13 + n) % LEARNERS]!, n)) done++
            else closedErrors++
          } catch {
            closedErrors++
          }
        }
      }),
    )
    const closedRate = done / ((performance.now() - closedStart) / 1000)
    return {
      p50: quantile(latencies, 0.5),
      p99: quantile(latencies, 0.99),
      max: Math.max(...latencies),
      sent: total,
      errors,
      closedRate,
      closedErrors,
    }
  } finally {
    await server.stop()
  }
}

async function main() {
  const results: Partial<Record<'sqlite' | 'postgres', Result>> = {}
  let setupErrors = 0
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const t = testDatabase(dialect, POSTGRES)
    try {
      results[dialect] = await run(dialect, t)
    } catch (e) {
      setupErrors++
      console.error(`${dialect}: ${(e as Error).message}`)
    } finally {
      await t.drop().catch(() => {})
    }
  }
  const work = benchWorkload()
  const round = (x: number | undefined) =>
    x === undefined || Number.isNaN(x) ? null : Math.round(x * 10) / 10
  console.log(
    `cohort server, ${LEARNERS} learners, ${RATE} submissions/s for ${SECONDS} s, grader: ${work.grader} (${work.exercise})`,
  )
  // The figures depend on what else the machine runs: say how busy it was.
  console.log(
    `  ${availableParallelism()} cores, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  )
  for (const [d, r] of Object.entries(results))
    console.log(
      `  ${d.padEnd(8)} p50 ${round(r.p50)} ms  p99 ${round(r.p99)} ms  max ${round(r.max)} ms  errors ${r.errors}/${r.sent}` +
        `  closed loop (${CLOSED_CLIENTS} clients): ${round(r.closedRate)} submissions/s, errors ${r.closedErrors}`,
    )
  const errors =
    setupErrors +
    (results.sqlite?.errors ?? 0) +
    (results.postgres?.errors ?? 0) +
    (results.sqlite?.closedErrors ?? 0) +
    (results.postgres?.closedErrors ?? 0)
  // The budget, database by database: a database that could not be measured misses it.
  const missed: string[] = []
  for (const d of ['sqlite', 'postgres'] as const) {
    const r = results[d]
    if (!r) missed.push(`${d}: not measured`)
    else if (!(r.p99 <= P99_BUDGET_MS)) missed.push(`${d}: p99 ${round(r.p99)} ms > ${P99_BUDGET_MS} ms`)
  }
  if (errors) missed.push(`${errors} errors`)
  if (missed.length) console.error(`budget missed: ${missed.join('; ')}`)
  if (flag('--json'))
    console.log(
      JSON.stringify({
        learners: LEARNERS,
        rate_per_s: RATE,
        submit_p99_ms_sqlite: round(results.sqlite?.p99),
        submit_p99_ms_postgres: round(results.postgres?.p99),
        max_submissions_per_s_sqlite: round(results.sqlite?.closedRate),
        max_submissions_per_s_postgres: round(results.postgres?.closedRate),
        errors,
        grader: work.grader,
      }),
    )
  if (missed.length) process.exitCode = 1
}

await main()

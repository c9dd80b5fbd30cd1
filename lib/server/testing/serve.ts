// The route layer as its own process, configured from the environment like `npm start`
// (DATA_DIR, DATABASE_URL, DATABASE_SCHEMA, PODNET_ADMIN_*): the crash test kills it with
// SIGKILL and the benchmark loads it. PODNET_TEST_GRADER=1 grades with the route tests'
// grader instead of the course's. Prints `listening <url>` once it serves.
import { configFromEnv } from '../config'
import { createServerContext } from '../context'
import { handle } from '../api/handle'
import { ROUTES } from '../routes/registry'
import { listen } from '../node-http'
import { consoleLogger } from '../log'
import { gradingPool } from '../grade-pool'
import { testGrader } from './grader'

const ctx = await createServerContext({
  config: configFromEnv(),
  log: consoleLogger,
  grader: process.env.PODNET_TEST_GRADER === '1' ? testGrader : gradingPool(),
})
const { url } = await listen((req) => handle(req, ctx, ROUTES), Number(process.env.PORT ?? 0))
process.stdout.write(`listening ${url}\n`)
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    void ctx.database.close().finally(() => process.exit(0))
  })

// Builds the app into its own folder and serves the standalone output on 127.0.0.1 for the
// browser tests and the web benchmark, so a developer's own build is left alone and the
// tests exercise what a deployment runs.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { startStandalone } from './standalone.mjs'

const port = process.argv[2] ?? '3100'
const dist = process.env.NEXT_DIST_DIR ?? '.next-e2e'
const env = { ...process.env, NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: '1' }

if (!process.env.E2E_SKIP_BUILD || !existsSync(`${dist}/BUILD_ID`)) {
  const build = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    env,
    stdio: 'inherit',
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
startStandalone(dist, { port, hostname: '127.0.0.1' })

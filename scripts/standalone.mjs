// Runs the production server from Next's standalone output. The standalone folder holds
// the server and only the node_modules it needs, but not the static files: they are
// copied in beside it first, as a self-hosted deployment (or the Dockerfile) does, with the
// preload that puts the socket's address in X-Forwarded-For (forwarded-for.cjs).
import { spawn } from 'node:child_process'
import { cpSync, existsSync, rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PRELOAD = 'forwarded-for.cjs'

export function prepareStandalone(distDir) {
  const root = join(distDir, 'standalone')
  const server = join(root, 'server.js')
  if (!existsSync(server)) throw new Error(`${server} is missing: run the build first (npm run build)`)
  cpSync(join(distDir, 'static'), join(root, distDir, 'static'), { recursive: true })
  if (existsSync('public')) cpSync('public', join(root, 'public'), { recursive: true })
  // The cohort server grades submissions with the exercises in content/, read at run time.
  if (existsSync('content')) cpSync('content', join(root, 'content'), { recursive: true })
  cpSync(join(dirname(fileURLToPath(import.meta.url)), PRELOAD), join(root, PRELOAD))
  return server
}

// Where the embedded database lives. The standalone server changes into its own folder, so
// a relative DATA_DIR is resolved against the project here. A build in another folder
// (tests, benchmarks: NEXT_DIST_DIR) gets a fresh database inside that folder on each
// start, so test runs never touch ./data or each other.
export function dataDirFor(distDir) {
  if (process.env.DATA_DIR) return resolve(process.env.DATA_DIR)
  if (distDir === '.next') return resolve('data')
  const dir = resolve(distDir, 'data')
  rmSync(dir, { recursive: true, force: true })
  return dir
}

// Start-up work right after the start: the first /readyz opens the database, runs the
// migrations and prints the setup link when there is no instructor yet. A database that
// refuses (a second server on the same SQLite file) stops the start with its message.
async function warmUp(child, port) {
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`)
      if (r.ok) return
      const body = await r.json().catch(() => ({}))
      if (
        typeof body.error === 'string' &&
        /in use by another|DATABASE_URL|PODNET_ADMIN|PODNET_TRUSTED_PROXIES|PODNET_JOIN_LIMIT/.test(
          body.error,
        )
      ) {
        console.error(body.error)
        child.kill('SIGTERM')
        process.exitCode = 1
        return
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

export function startStandalone(distDir, { port, hostname }) {
  const server = prepareStandalone(distDir)
  // The client's address for rate limits is the socket's, not a header it may have sent.
  // An absolute path: `--require` reads a bare relative path as a package name.
  const preload = resolve(dirname(server), PRELOAD)
  const child = spawn(process.execPath, ['--require', preload, server], {
    env: {
      ...process.env,
      PORT: String(port),
      HOSTNAME: hostname,
      NEXT_TELEMETRY_DISABLED: '1',
      DATA_DIR: dataDirFor(distDir),
    },
    stdio: 'inherit',
  })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(process.exitCode || (code ?? 0)))
  void warmUp(child, port)
  return child
}

// `npm start`: serve the last build on PORT (default 3000) and HOST (default 0.0.0.0,
// so learners on the training room's network can reach an instructor's laptop).
if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.env.NEXT_DIST_DIR || '.next'
  try {
    const port = process.env.PORT || '3000'
    const hostname = process.env.HOSTNAME_BIND || process.env.HOST || '0.0.0.0'
    console.log(`Podnet Lab on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`)
    startStandalone(dist, { port, hostname })
  } catch (e) {
    console.error(String(e.message ?? e))
    process.exit(1)
  }
}

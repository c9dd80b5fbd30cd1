// Runs the production server from Next's standalone output. The standalone folder holds
// the server and only the node_modules it needs, but not the static files: they are
// copied in beside it first, as a self-hosted deployment (or the Dockerfile) does.
import { spawn } from 'node:child_process'
import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'

export function prepareStandalone(distDir) {
  const root = join(distDir, 'standalone')
  const server = join(root, 'server.js')
  if (!existsSync(server)) throw new Error(`${server} is missing: run the build first (npm run build)`)
  cpSync(join(distDir, 'static'), join(root, distDir, 'static'), { recursive: true })
  if (existsSync('public')) cpSync('public', join(root, 'public'), { recursive: true })
  return server
}

export function startStandalone(distDir, { port, hostname }) {
  const server = prepareStandalone(distDir)
  const child = spawn(process.execPath, [server], {
    env: { ...process.env, PORT: String(port), HOSTNAME: hostname, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
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

// The node:http harness that the tests and the benchmark serve the API with must see the
// client's address as `npm start` does: scripts/forwarded-for.cjs, preloaded into the
// production server, appends the socket's address to X-Forwarded-For; so does the harness.
import { spawn } from 'node:child_process'
import type { Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { listen } from './node-http'

const PRELOAD = fileURLToPath(new URL('../../scripts/forwarded-for.cjs', import.meta.url))

// A bare node:http server with the preload, answering with the X-Forwarded-For it saw.
const ECHO = `
const http = require('node:http')
const server = http.createServer((req, res) => res.end(JSON.stringify(req.headers['x-forwarded-for'] ?? null)))
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port))
`

const children: ReturnType<typeof spawn>[] = []
const servers: Server[] = []
afterAll(async () => {
  for (const c of children) c.kill()
  for (const s of servers) await new Promise((r) => s.close(r))
})

async function preloaded(): Promise<string> {
  const child = spawn(process.execPath, ['--require', PRELOAD, '-e', ECHO], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  children.push(child)
  return new Promise((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString())
      if (m) resolve(`http://127.0.0.1:${m[1]}`)
    })
  })
}

async function harness(): Promise<string> {
  const { server, url } = await listen(async (req) => Response.json(req.headers.get('x-forwarded-for')))
  servers.push(server)
  return url
}

it('the harness and the preloaded production server put the same X-Forwarded-For together', async () => {
  const [prod, test] = await Promise.all([preloaded(), harness()])
  for (const sent of [undefined, '198.51.100.7', '198.51.100.7, 203.0.113.9']) {
    const headers: Record<string, string> = sent ? { 'x-forwarded-for': sent } : {}
    const a = await (await fetch(prod, { headers })).json()
    const b = await (await fetch(test, { headers })).json()
    expect(a).toBe(sent ? `${sent}, 127.0.0.1` : '127.0.0.1')
    expect(b).toBe(a)
  }
})

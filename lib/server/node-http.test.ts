// The node:http harness that the tests and the benchmark serve the API with must see the
// client's address as `npm start` does: scripts/forwarded-for.cjs, preloaded into the
// production server, appends the socket's address to X-Forwarded-For; so does the harness.
import { spawn } from 'node:child_process'
import type { Server } from 'node:http'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { securityHeaders } from '../http/security-headers'
import { listen, MALFORMED_URL } from './node-http'

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

async function preloaded(env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, ['--require', PRELOAD, '-e', ECHO], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PODNET_HTTPS: '', ...env },
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

interface RawResponse {
  status: number
  headers: Map<string, string>
  body: string
}

/** Sends the request line as written (fetch would re-encode it) and reads the whole answer. */
async function raw(base: string, path: string, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(base)
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    const chunks: Buffer[] = []
    socket.on('data', (d: Buffer) => chunks.push(d))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`)
  })
  const split = text.indexOf('\r\n\r\n')
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n')
  const headers = new Map<string, string>()
  for (const l of lines) {
    const colon = l.indexOf(':')
    headers.set(l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim())
  }
  return { status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(split + 4) }
}

const MALFORMED_PATHS = ['/api/cohorts/%E0%A4%A', '/api/join/%ZZ', '/lessons/%E0%A4%A', '/%', '/a%2?x=1']

/** The headers lib/http gives a response with no inline scripts (a JSON answer), lower-cased. */
const expectedHeaders = (https: boolean) =>
  new Map(securityHeaders({ https }).map(([k, v]) => [k.toLowerCase(), v] as const))

function expectRefusal(r: RawResponse, https: boolean) {
  expect(r.status).toBe(400)
  expect(r.headers.get('content-type')).toMatch(/^application\/json/)
  expect(JSON.parse(r.body)).toEqual({ error: MALFORMED_URL })
  expect(JSON.parse(r.body).error).toMatch(/percent-encoding is malformed/)
  const want = expectedHeaders(https)
  for (const [k, v] of want) expect(r.headers.get(k), k).toBe(v)
  if (!https) expect(r.headers.has('strict-transport-security')).toBe(false)
}

describe('a path whose percent-encoding is malformed', () => {
  it.each([false, true])(
    'gets 400 JSON with lib/http’s security headers from the preload (PODNET_HTTPS=%s)',
    async (https) => {
      const prod = await preloaded({ PODNET_HTTPS: https ? '1' : '' })
      for (const path of MALFORMED_PATHS) expectRefusal(await raw(prod, path), https)
      expectRefusal(await raw(prod, '/api/join/%ZZ', 'POST'), https)
      // Well-formed escapes, and a malformed query, still reach the server.
      for (const path of ['/api/join/abc', '/lessons/%C3%A9', '/?q=%ZZ']) {
        const ok = await raw(prod, path)
        expect(ok.status, path).toBe(200)
        expect(JSON.parse(ok.body)).toBe('127.0.0.1')
      }
    },
  )

  it('gets the same answer from the node:http harness', async () => {
    let reached = 0
    const { server, url } = await listen(async () => {
      reached++
      return Response.json('reached')
    })
    servers.push(server)
    for (const path of MALFORMED_PATHS) expectRefusal(await raw(url, path), false)
    expect(reached).toBe(0)
    expect((await raw(url, '/lessons/%C3%A9')).status).toBe(200)
    expect(reached).toBe(1)
  })
})

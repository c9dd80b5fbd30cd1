// Serves the route layer from a plain node:http server, with the same Request → Response
// handler the Next.js route calls. The tests, the crash test and the benchmark use it to
// run the API without a Next.js build.
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import { isOn, securityHeaders } from '../http/security-headers'

export const MALFORMED_URL =
  "the URL's percent-encoding is malformed: each % must start an escape of valid UTF-8, such as %C3%A9"

/** Whether the request's path (the query aside) fails to percent-decode. */
export function malformedPath(url: string | undefined): boolean {
  const path = (url || '/').split('?', 1)[0]!
  try {
    decodeURIComponent(path)
    return false
  } catch {
    return true
  }
}

/**
 * The answer to a path that does not percent-decode, as scripts/forwarded-for.cjs gives it
 * in production (where Next.js would fail on it with a bare 500): 400, JSON, and the
 * security headers of every response.
 */
function refuseMalformed(res: ServerResponse): void {
  const body = JSON.stringify({ error: MALFORMED_URL })
  const headers = securityHeaders({ https: isOn(process.env.PODNET_HTTPS) })
  headers.push(['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))])
  res.writeHead(400, Object.fromEntries(headers))
  res.end(body)
}

export type FetchHandler = (request: Request) => Promise<Response>

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers()
  for (const [k, v] of Object.entries(req.headers)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x)
    else if (v !== undefined) headers.set(k, v)
  }
  // As scripts/forwarded-for.cjs does under `npm start`: the socket's address is appended
  // to whatever X-Forwarded-For the client or a proxy sent, so the last entry is one
  // nobody can make up.
  const peer = req.socket.remoteAddress
  if (peer) {
    const sent = headers.get('x-forwarded-for')
    headers.set('x-forwarded-for', sent ? `${sent}, ${peer}` : peer)
  }
  const method = req.method ?? 'GET'
  const hasBody = method !== 'GET' && method !== 'HEAD'
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error: Node's fetch needs duplex for a streamed body
    duplex: hasBody ? 'half' : undefined,
  })
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response) {
  // A request refused before its body was read (401, 413) leaves bytes on the socket:
  // close the connection rather than reuse it.
  if (!req.complete) res.shouldKeepAlive = false
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((v, k) => {
    if (k !== 'set-cookie') headers[k] = v
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies
  res.writeHead(response.status, headers)
  if (response.body) res.end(Buffer.from(await response.arrayBuffer()))
  else res.end()
}

export async function listen(
  handler: FetchHandler,
  port = 0,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (malformedPath(req.url)) return refuseMalformed(res)
    const origin = `http://${req.headers.host ?? `${host}:${port}`}`
    handler(toRequest(req, origin))
      .then((response) => send(req, res, response))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
        res.end('{"error":"internal error"}')
      })
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve) => server.listen(port, host, resolve))
  const addr = server.address() as AddressInfo
  return { server, url: `http://${host}:${addr.port}` }
}

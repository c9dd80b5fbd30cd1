// What answers at the far end of a connection the simulator established: an HTTP
// response chosen from the backend's image (nginx's welcome page, an echo server's text,
// the API server's 403), or a server that does not speak HTTP at all.
import type { SimResult } from '../sim/simulate/simulate'
import { httpDate, utf8Length } from './format'
import type { ClusterView } from './view'

export interface HttpResponse {
  kind: 'http'
  status: number
  reason: string
  headers: [string, string][]
  body: string
  /** the server wants TLS (the API server, kubelet) */
  tls?: boolean
}

export type Server = HttpResponse | { kind: 'not-http'; reply: 'empty' | 'garbage' }

const NGINX_VERSION = 'nginx/1.27.3'

// The nginx image's default page (/usr/share/nginx/html/index.html, 615 bytes).
export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`

const NGINX_404 = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>${NGINX_VERSION}</center>
</body>
</html>
`

const EXAMPLE_DOMAIN = `<!doctype html>
<html>
<head>
    <title>Example Domain</title>
</head>
<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
`

const APISERVER_403 = `{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",
  "reason": "Forbidden",
  "details": {},
  "code": 403
}`

const bytes = (s: string) => utf8Length(s)

function plain(
  status: number,
  reason: string,
  body: string,
  now: number,
  type = 'text/plain; charset=utf-8',
): HttpResponse {
  return {
    kind: 'http',
    status,
    reason,
    headers: [
      ['Content-Type', type],
      ['Date', httpDate(now)],
      ['Content-Length', String(bytes(body))],
    ],
    body,
  }
}

function nginx(path: string, now: number): HttpResponse {
  const found = path === '/' || path === '/index.html'
  const body = found ? NGINX_INDEX : NGINX_404
  const headers: [string, string][] = [
    ['Server', NGINX_VERSION],
    ['Date', httpDate(now)],
    ['Content-Type', 'text/html'],
    ['Content-Length', String(bytes(body))],
  ]
  if (found)
    headers.push(
      ['Last-Modified', 'Tue, 26 Nov 2024 15:55:00 GMT'],
      ['Connection', 'keep-alive'],
      ['ETag', '"6745ef54-267"'],
      ['Accept-Ranges', 'bytes'],
    )
  else headers.push(['Connection', 'keep-alive'])
  return { kind: 'http', status: found ? 200 : 404, reason: found ? 'OK' : 'Not Found', headers, body }
}

/**
 * The server behind an established connection. Pods are recognised by image; an image
 * the lab does not know answers with its pod's name, like the `serve_hostname` test
 * servers, so that load balancing across replicas stays visible.
 */
export function serverFor(
  view: ClusterView,
  result: SimResult,
  req: { host: string; path: string; clientIp: string; clientPort: number; userAgent: string },
): Server {
  const now = view.now()
  // Cilium's proxy answers a request no HTTP rule admits itself, before any server sees it
  // (docs.cilium.io: "HTTP/1.1 403 Forbidden", content-length 15, server: envoy).
  if (result.http && !result.http.allowed) {
    const body = result.http.body ?? 'Access denied\r\n'
    return {
      kind: 'http',
      status: result.http.status ?? 403,
      reason: 'Forbidden',
      headers: [
        ['content-length', String(bytes(body))],
        ['content-type', 'text/plain'],
        ['date', httpDate(now)],
        ['server', 'envoy'],
      ],
      body,
    }
  }
  const backend = result.backend
  const cluster = view.cluster
  const port = backend?.port ?? result.to.port ?? 80
  const node = cluster.nodes.find((n) => n.ip === backend?.ip)
  if (node || backend?.label.startsWith('node/')) {
    if (port === 6443)
      return { ...plain(403, 'Forbidden', `${APISERVER_403}\n`, now, 'application/json'), tls: true }
    if (port === 10250) return { ...plain(404, 'Not Found', '404 page not found\n', now), tls: true }
    return { kind: 'not-http', reply: 'garbage' }
  }
  const pod = backend ? view.cluster.pods.find((p) => p.id === backend.label) : undefined
  if (!pod) {
    // Outside the cluster.
    if (/(^|\.)example\.(com|org|net)$/.test(req.host) || backend?.ip === '93.184.215.14')
      return {
        ...plain(200, 'OK', EXAMPLE_DOMAIN, now, 'text/html'),
        headers: [
          ['Content-Type', 'text/html'],
          ['ETag', '"84238dfc8092e5d9c0dac8ef93371a07:1736799080.121134"'],
          ['Last-Modified', 'Mon, 13 Jan 2025 20:11:20 GMT'],
          ['Cache-Control', 'max-age=3142'],
          ['Date', httpDate(now)],
          ['Content-Length', String(bytes(EXAMPLE_DOMAIN))],
          ['Connection', 'keep-alive'],
        ],
      }
    return plain(
      200,
      'OK',
      `<!doctype html>\n<html><head><title>${req.host}</title></head><body><p>A page on the simulated internet.</p></body></html>\n`,
      now,
      'text/html',
    )
  }
  const containers = view.containers(pod)
  const c = containers.find((x) => x.ports.some((p) => p.containerPort === port)) ?? containers[0]!
  const image = c.image.toLowerCase()
  const args = [...c.command, ...c.args]
  if (/coredns/.test(image)) {
    if (port === 53) return { kind: 'not-http', reply: 'empty' }
    if (port === 8080) return plain(200, 'OK', 'OK', now)
    if (port === 8181) return plain(200, 'OK', 'OK', now)
    return plain(404, 'Not Found', '404 page not found\n', now)
  }
  if (
    /redis|postgres|mysql|mariadb|mongo|memcached/.test(image) ||
    [5432, 6379, 3306, 27017, 11211].includes(port)
  )
    return { kind: 'not-http', reply: 'garbage' }
  if (/http-echo/.test(image)) {
    const text = args.map((a) => /^--?text=(.*)$/s.exec(a)?.[1]).find((t) => t !== undefined) ?? 'hello-world'
    return plain(200, 'OK', `${text}\n`, now)
  }
  if (/whoami/.test(image)) {
    const body = [
      `Hostname: ${pod.name}`,
      'IP: 127.0.0.1',
      `IP: ${pod.ip}`,
      `RemoteAddr: ${req.clientIp}:${req.clientPort}`,
      `GET ${req.path} HTTP/1.1`,
      `Host: ${req.host}`,
      `User-Agent: ${req.userAgent}`,
      'Accept: */*',
      '',
      '',
    ].join('\n')
    return plain(200, 'OK', body, now)
  }
  if (/nginx|httpd|apache/.test(image)) return nginx(req.path, now)
  return plain(200, 'OK', `${pod.name}\n`, now)
}

// Preloaded into the production server (`node --require ./forwarded-for.cjs server.js`, as
// `npm start` and the Docker image run it). It does two things for every request, before
// Next.js sees it:
//
// 1. It appends the socket's remote address to X-Forwarded-For. Next.js fills that header
//    only when it is missing, so without this a client that sends its own X-Forwarded-For
//    chooses the address the rate limits count. With it, the last entry is the one address
//    nobody can make up; the server reads it, or the entry PODNET_TRUSTED_PROXIES places
//    left of it when proxies in front append theirs (lib/server/api/forwarded.ts).
// 2. It answers 400 (JSON, with the security headers) to a path whose percent-encoding is
//    malformed (`/api/join/%ZZ`, `/lessons/%E0%A4%A`). Next.js fails decoding such a path
//    before proxy.ts runs and answers a bare 500 without the security headers.
//
// lib/server/node-http.ts does the same for the tests and the benchmark.
'use strict'
// A CommonJS file, so that `node --require` loads it before the server's first line.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('node:http')

// The headers every response carries (proxy.ts applies them to everything Next.js answers),
// as lib/http/security-headers.ts gives them for a response with no inline scripts. A
// preload cannot import TypeScript, so this is a copy: lib/server/node-http.test.ts fails
// when it no longer matches.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
]
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'clipboard-read=()',
  'clipboard-write=(self)',
].join(', ')

/** As lib/http/security-headers.ts securityHeaders({ https }), read per request as proxy.ts does. */
function securityHeaders() {
  const https = /^(1|true|yes|on)$/i.test((process.env.PODNET_HTTPS || '').trim())
  const headers = [
    ['Content-Security-Policy', (https ? [...CSP, 'upgrade-insecure-requests'] : CSP).join('; ')],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Permissions-Policy', PERMISSIONS_POLICY],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['X-Frame-Options', 'DENY'],
  ]
  if (https) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'])
  return headers
}

// The same words as lib/server/node-http.ts MALFORMED_URL.
const MALFORMED =
  "the URL's percent-encoding is malformed: each % must start an escape of valid UTF-8, such as %C3%A9"

/** Whether the path (the query aside) fails to percent-decode. */
function malformedPath(url) {
  const q = (url || '/').indexOf('?')
  const path = q < 0 ? url || '/' : url.slice(0, q)
  try {
    decodeURIComponent(path)
    return false
  } catch {
    return true
  }
}

function refuseMalformed(res) {
  const body = JSON.stringify({ error: MALFORMED })
  const headers = securityHeaders()
  headers.push(['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(body))])
  res.writeHead(400, Object.fromEntries(headers))
  res.end(body)
}

const emit = http.Server.prototype.emit
http.Server.prototype.emit = function (event, ...args) {
  const req = args[0]
  if (event === 'request' && req && req.socket) {
    if (malformedPath(req.url)) {
      refuseMalformed(args[1])
      return true
    }
    const peer = req.socket.remoteAddress
    if (peer) {
      const sent = req.headers['x-forwarded-for']
      req.headers['x-forwarded-for'] = sent ? `${sent}, ${peer}` : peer
    }
  }
  return emit.call(this, event, ...args)
}

// Lets the server tell, at its start, whether it runs with this preload.
globalThis[Symbol.for('podnet-lab.forwarded-for')] = true

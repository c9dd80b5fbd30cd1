// Preloaded into the production server (`node --require ./forwarded-for.cjs server.js`, as
// `npm start` and the Docker image run it). For every request it appends the socket's
// remote address to X-Forwarded-For. Next.js fills that header only when it is missing, so
// without this a client that sends its own X-Forwarded-For chooses the address the rate
// limits count. With it, the last entry is the one address nobody can make up; the server
// reads it, or the entry PODNET_TRUSTED_PROXIES places left of it when proxies in front
// append theirs (lib/server/api/forwarded.ts). lib/server/node-http.ts does the same for
// the tests and the benchmark.
'use strict'
// A CommonJS file, so that `node --require` loads it before the server's first line.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('node:http')

const emit = http.Server.prototype.emit
http.Server.prototype.emit = function (event, ...args) {
  const req = args[0]
  if (event === 'request' && req && req.socket) {
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

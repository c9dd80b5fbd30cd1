// busybox 1.36 wget: `Connecting to`, `download timed out`, `bad address`, its progress bar.
import { utf8Length } from '../format'
import { serverFor } from '../http'
import { busyboxUsage } from './busybox'
import { connect, dnsUnreachable } from './connect'
import { cap, jitter, KERNEL_CONNECT_TIMEOUT_MS, RESOLVER_TIMEOUT_MS } from './timing'
import type { Tool } from './tool'
import { parseUrl } from './url'

const WGET_USAGE = busyboxUsage(
  'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...',
)

export const wget: Tool = (env, args) => {
  const { out } = env.ctx
  let quiet = false
  let spider = false
  let output: string | undefined
  let timeout = 900
  const urls: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--spider') spider = true
    else if (a === '-q' || a === '--quiet') quiet = true
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10))
    else if (a === '--timeout' || a === '-T') timeout = Number(args[++i])
    else if (a.startsWith('--output-document=')) output = a.slice(18)
    else if (a === '--output-document') output = args[++i]
    else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      // busybox getopt: -qO- , -qO - , -T2 , -qT 2
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!
        if (ch === 'q') quiet = true
        else if (ch === 'O' || ch === 'T' || ch === 'U' || ch === 'Y' || ch === 'P' || ch === 'o') {
          const v = a.slice(j + 1) || args[++i] || ''
          if (ch === 'O') output = v
          if (ch === 'T') timeout = Number(v)
          break
        } else if (ch === 'S' || ch === 'c' || ch === 's') {
          if (ch === 's') spider = true
        } else {
          out.errLine(`wget: unrecognized option: ${ch}`)
          out.errLine(WGET_USAGE)
          return { code: 1 }
        }
      }
    } else if (a.startsWith('--')) {
      if (!/^--(header|user-agent|post-data|no-check-certificate|tries)/.test(a)) {
        out.errLine(`wget: unrecognized option '${a}'`)
        return { code: 1 }
      }
    } else urls.push(a)
  }
  if (!urls.length) {
    out.errLine(WGET_USAGE)
    return { code: 1 }
  }
  if (!Number.isFinite(timeout) || timeout < 0) {
    out.errLine(`wget: invalid number '${timeout}'`)
    return { code: 1 }
  }
  const text = urls[0]!
  const url = parseUrl(text)
  if ('error' in url) {
    out.errLine(
      url.error === 'scheme' ? `wget: not an http or ftp url: ${text}` : `wget: bad address '${text}'`,
    )
    return { code: 1 }
  }
  const seed = `${env.pod.id}|wget|${env.ctx.seed()}`
  // busybox wget sends GET, or POST with --post-data / --post-file.
  const method = args.some((a) => /^--post-(data|file)/.test(a)) ? 'POST' : 'GET'
  const r = connect(env, url.host, url.port, 'TCP', { method, path: url.path, host: url.hostPort })
  if (r.outcome === 'no-such-host') {
    // busybox prints the host as written, with `:port` only when the URL has one (recipe 11).
    out.errLine(`wget: bad address '${url.hostPort}'`)
    return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
  }
  const ip = r.to.ip ?? url.host
  if (!quiet)
    out.errLine(`Connecting to ${url.hostPort === url.host ? url.host : url.hostPort} (${ip}:${url.port})`)
  if (r.outcome === 'timed-out') {
    // busybox arms an alarm for -T around connect(); past the kernel's own limit, connect() fails first.
    if (timeout * 1000 < KERNEL_CONNECT_TIMEOUT_MS) {
      out.errLine('wget: download timed out')
      return { code: 1, delayMs: cap(timeout * 1000) }
    }
    out.errLine(`wget: can't connect to remote host (${ip}): Connection timed out`)
    return { code: 1, delayMs: cap(KERNEL_CONNECT_TIMEOUT_MS) }
  }
  if (r.outcome === 'refused' || r.outcome === 'no-route' || r.outcome === 'invalid') {
    const why =
      r.outcome === 'refused'
        ? 'Connection refused'
        : r.outcome === 'no-route'
          ? 'No route to host'
          : r.reason
    out.errLine(`wget: can't connect to remote host (${ip}): ${why}`)
    return { code: 1, delayMs: cap(r.outcome === 'no-route' ? 3000 : jitter(seed, 0, 3)) }
  }
  const server = serverFor(env.view, r, {
    userAgent: 'Wget',
    host: url.host,
    path: url.path,
    clientIp: env.pod.ip,
    clientPort: 40000,
  })
  const took = jitter(seed, 2, 30)
  if (server.kind === 'not-http') {
    out.errLine(
      server.reply === 'empty'
        ? 'wget: error getting response: Connection reset by peer'
        : 'wget: error getting response',
    )
    return { code: 1, delayMs: took }
  }
  // busybox's TLS client does not verify certificates: https simply works.
  if (server.status >= 400) {
    out.errLine(`wget: server returned error: HTTP/1.1 ${server.status} ${server.reason}`)
    return { code: 1, delayMs: took }
  }
  if (spider) {
    if (!quiet) out.errLine('remote file exists')
    return { code: 0, delayMs: took }
  }
  const size = utf8Length(server.body)
  const bar = (name: string) =>
    `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA`
  if (output === '-') {
    if (!quiet) out.errLine('writing to stdout')
    out.out(server.body.replace(/\r\n/g, '\n'))
    if (!quiet) {
      out.errLine(bar('-'))
      out.errLine('written to stdout')
    }
  } else {
    const file = output ?? (url.path.replace(/\?.*$/, '').split('/').pop() || 'index.html')
    if (!quiet) {
      out.errLine(`saving to '${file}'`)
      out.errLine(bar(file))
      out.errLine(`'${file}' saved`)
    }
  }
  return { code: 0, delayMs: took }
}

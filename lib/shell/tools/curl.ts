// curl 8.11 (curlimages/curl, netshoot): its error messages and exit codes for each
// outcome of the connection, -v, -I/-i, -o, -w and the progress meter.
import { parseIPv4 } from '../../sim/net/ip'
import { hash32 } from '../../sim/util/hash'
import { utf8Length } from '../format'
import type { HttpResponse } from '../http'
import { serverFor } from '../http'
import { imageProfile } from '../images'
import type { Exec } from '../io'
import { connect, dnsUnreachable } from './connect'
import type { CurlOpts } from './curl-args'
import { curlArgs } from './curl-args'
import { cap, jitter, KERNEL_CONNECT_TIMEOUT_MS, RESOLVER_TIMEOUT_MS } from './timing'
import type { PodEnv, Tool } from './tool'
import type { Url } from './url'
import { parseUrl } from './url'

/** curl's version in the image: the connect error's wording changed in 8.9 (course-facts §1.7). */
function curlVersion(env: PodEnv): string {
  return imageProfile(env.container.image).curlVersion ?? '8.11.0'
}

function connectText(version: string): string {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major > 8 || (major === 8 && minor >= 9)
    ? 'Could not connect to server'
    : "Couldn't connect to server"
}

function writeOut(fmt: string, vars: Record<string, string>): string {
  return fmt
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/%\{([a-z_]+)\}/g, (m, k: string) => vars[k] ?? '')
}

/** curl's progress meter, shown on stderr when the body does not go to the terminal. */
function progressMeter(size: number | undefined, ms = 0): string {
  const s = String(size ?? 0).padStart(5)
  const spent = `0:${String(Math.floor(ms / 60000)).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`
  const row =
    size === undefined
      ? `  0     0    0     0    0     0      0      0 --:--:--  ${spent} --:--:--     0`
      : `100 ${s}  100 ${s}    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k`
  return [
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
    '                                 Dload  Upload   Total   Spent    Left  Speed',
    row,
    '',
  ].join('\n')
}

export const curl: Tool = (env, args) => {
  const { out } = env.ctx
  const o = curlArgs(args)
  if ('error' in o) {
    out.errLine(o.error)
    return { code: o.code }
  }
  if (!o.urls.length) {
    out.errLine("curl: try 'curl --help' or 'curl --manual' for more information")
    return { code: 2 }
  }
  let code = 0
  let delay = 0
  for (const text of o.urls) {
    const r = curlOne(env, o, text)
    code = r.code
    delay += r.delayMs ?? 0
  }
  return { code, delayMs: cap(delay) }
}

function curlOne(env: PodEnv, o: CurlOpts, text: string): Exec {
  const { out } = env.ctx
  const seed = `${env.pod.id}|${text}|${env.ctx.seed()}`
  const showErrors = !o.silent || o.showError
  const meter =
    !o.silent &&
    !o.noMeter &&
    !o.verbose &&
    (!env.stdoutIsTerminal || (o.output !== undefined && o.output !== '-'))
  const vars: Record<string, string> = {
    http_code: '000',
    remote_ip: '',
    remote_port: '',
    size_download: '0',
    exitcode: '0',
    url_effective: text,
  }
  const fail = (exit: number, msg: string, ms: number): Exec => {
    if (o.verbose) out.err(`* ${msg}\n* closing connection #0\n`)
    if (meter) out.err(progressMeter(undefined, ms))
    if (showErrors) out.errLine(`curl: (${exit}) ${msg}`)
    vars.exitcode = String(exit)
    vars.time_total = (ms / 1000).toFixed(6)
    if (o.writeOut !== undefined) out.out(writeOut(o.writeOut, vars))
    return { code: exit, delayMs: ms }
  }
  const url = parseUrl(text)
  if ('error' in url) {
    if (url.error === 'scheme') return fail(1, `Protocol "${url.scheme}" not supported`, 0)
    return fail(3, 'URL rejected: Bad hostname', 0)
  }
  // Both limits cover the whole attempt, name resolution included.
  const limits = [o.maxTime, o.connectTimeout].filter((x): x is number => x !== undefined && x > 0)
  const limitMs = limits.length ? Math.min(...limits) * 1000 : undefined
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET')
  const headers: Record<string, string> = {}
  for (const h of o.headers) {
    const colon = h.indexOf(':')
    if (colon > 0) headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim()
  }
  const r = connect(env, url.host, url.port, 'TCP', { method, path: url.path, host: url.hostPort, headers })
  const isIp = parseIPv4(url.host) !== undefined
  if (o.verbose && r.to.ip && !isIp)
    out.err(`* Host ${url.host}:${url.port} was resolved.\n* IPv6: (none)\n* IPv4: ${r.to.ip}\n`)
  if (r.outcome === 'no-such-host') {
    if (dnsUnreachable(r)) {
      if (limitMs !== undefined && limitMs < RESOLVER_TIMEOUT_MS)
        return fail(28, `Resolving timed out after ${limitMs} milliseconds`, limitMs)
      return fail(6, `Could not resolve host: ${url.host}`, RESOLVER_TIMEOUT_MS)
    }
    return fail(6, `Could not resolve host: ${url.host}`, jitter(seed, 1, 8))
  }
  if (r.outcome === 'invalid')
    return fail(7, `Failed to connect to ${url.host} port ${url.port}: ${r.reason}`, 0)
  const ip = r.to.ip ?? url.host
  if (o.verbose) out.err(`*   Trying ${ip}:${url.port}...\n`)
  vars.remote_ip = ip
  vars.remote_port = String(url.port)
  if (r.outcome === 'timed-out') {
    if (limitMs !== undefined && limitMs < KERNEL_CONNECT_TIMEOUT_MS)
      return fail(28, `Connection timed out after ${limitMs + 1} milliseconds`, limitMs + 1)
    const ms = KERNEL_CONNECT_TIMEOUT_MS + jitter(seed, 0, 3000)
    return fail(
      28,
      `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: ${connectText(curlVersion(env))}`,
      ms,
    )
  }
  if (r.outcome === 'refused') {
    const ms = jitter(seed, 0, 3)
    return fail(
      7,
      `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: ${connectText(curlVersion(env))}`,
      ms,
    )
  }
  if (r.outcome === 'no-route') {
    const ms = 3000 + jitter(seed, 0, 120)
    return fail(
      7,
      `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: ${connectText(curlVersion(env))}`,
      ms,
    )
  }
  // Connected.
  const took = jitter(seed, 2, 30)
  if (o.verbose) out.err(`* Connected to ${url.host} (${ip}) port ${url.port}\n`)
  const server = serverFor(env.view, r, {
    userAgent: `curl/${curlVersion(env)}`,
    host: url.host,
    path: url.path,
    clientIp: env.pod.ip,
    clientPort: 30000 + (hash32(seed) % 30000),
  })
  if (server.kind === 'not-http') {
    if (server.reply === 'empty') return fail(52, 'Empty reply from server', took)
    return fail(1, 'Received HTTP/0.9 when not allowed', took)
  }
  if (url.scheme === 'https') {
    if (!o.insecure) {
      if (showErrors && o.verbose) out.err('* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n')
      const exec = fail(60, 'SSL certificate problem: unable to get local issuer certificate', took)
      if (showErrors)
        out.err(
          'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the webpage mentioned above.\n',
        )
      return exec
    }
  } else if (server.tls) {
    // Plain HTTP to a TLS port: the server answers 400.
    return httpDone(
      env,
      o,
      url,
      {
        ...server,
        status: 400,
        reason: 'Bad Request',
        body: 'Client sent an HTTP request to an HTTPS server.\n',
      },
      vars,
      took,
      meter,
    )
  }
  return httpDone(env, o, url, server, vars, took, meter)
}

function httpDone(
  env: PodEnv,
  o: CurlOpts,
  url: Url,
  res: HttpResponse,
  vars: Record<string, string>,
  took: number,
  meter: boolean,
): Exec {
  const { out } = env.ctx
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET')
  const statusLine = `HTTP/1.1 ${res.status} ${res.reason}`
  const headerText = [statusLine, ...res.headers.map(([k, v]) => `${k}: ${v}`), ''].join('\n') + '\n'
  vars.http_code = String(res.status)
  vars.time_total = (took / 1000).toFixed(6)
  const hostHeader = url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`
  if (o.verbose) {
    out.err(
      [
        '* using HTTP/1.x',
        `> ${method} ${url.path} HTTP/1.1`,
        `> Host: ${hostHeader}`,
        `> User-Agent: curl/${curlVersion(env)}`,
        '> Accept: */*',
        '> ',
        '* Request completely sent off',
        `< ${statusLine}`,
        ...res.headers.map(([k, v]) => `< ${k}: ${v}`),
        '< ',
        '',
      ].join('\n'),
    )
  }
  if (o.fail && res.status >= 400) {
    if (!o.silent || o.showError) out.errLine(`curl: (22) The requested URL returned error: ${res.status}`)
    vars.exitcode = '22'
    if (o.writeOut !== undefined) out.out(writeOut(o.writeOut, vars))
    return { code: 22, delayMs: took }
  }
  const body = o.head ? '' : res.body
  vars.size_download = String(utf8Length(body))
  const toStdout = o.output === undefined || o.output === '-'
  if (toStdout) {
    if (o.head || o.include) out.out(headerText)
    // A CRLF in a body ends a line on a terminal, as a plain newline does.
    out.out(body.replace(/\r\n/g, '\n'))
  }
  if (meter) out.err(progressMeter(Number(vars.size_download)))
  if (o.verbose) out.err(`* Connection #0 to host ${url.host} left intact\n`)
  if (o.writeOut !== undefined) out.out(writeOut(o.writeOut, vars))
  return { code: 0, delayMs: took }
}

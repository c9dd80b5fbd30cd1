// The network tools a learner runs inside a pod. Each one asks the simulator what happens
// to its connection (or DNS query) and prints what the real tool prints for that outcome,
// with the real exit code: curl 8.11 (curlimages/curl, netshoot), busybox 1.36 wget, nc,
// nslookup, ping and traceroute (busybox and alpine images), bind 9.18 dig and nslookup
// (netshoot and dnsutils images). Wording comes from course-facts §1.7; where it has
// nothing, from the tools' sources, as noted at each place.
//
// Timing. A dropped packet makes the real tool wait: a TCP connect gives up after the
// kernel's SYN retries (~130 s), busybox wget's own timeout is 900 s, the stub resolver
// gives up after 2 × 5 s. The output comes with `delayMs`, the time the real tool would
// take, capped at MAX_DELAY_MS (2 s): long enough that a learner feels a drop (a pause)
// differently from a refusal (an instant answer), which is the point of fidelity §1e,
// short enough not to stall a lesson. The printed numbers ("after 130012 ms") stay real.
import { answer, PUBLIC_TLDS } from '../sim/dns/records'
import type { DnsRecord, RecordType } from '../sim/dns/records'
import { candidateNames, resolvConf } from '../sim/dns/resolver'
import type { Pod } from '../sim/model/types'
import { parseIPv4 } from '../sim/net/ip'
import { simulate } from '../sim/simulate/simulate'
import type { SimResult } from '../sim/simulate/simulate'
import { serviceEnvVars, servicesVisibleTo } from '../sim/simulate/service-env'
import { hash32 } from '../sim/util/hash'
import { utf8Length } from './format'
import type { HttpResponse } from './http'
import { serverFor } from './http'
import type { Ctx, Exec } from './io'
import { MAX_DELAY_MS } from './io'
import type { ContainerInfo } from './view'
import type { ClusterView } from './view'

/** tcp_syn_retries = 6: 1+2+4+8+16+32+64 s before connect() fails with ETIMEDOUT. */
const KERNEL_CONNECT_TIMEOUT_MS = 130_000
/** The stub resolver's `timeout:5 attempts:2` before a lookup fails. */
const RESOLVER_TIMEOUT_MS = 10_000
const CURL_VERSION = '8.11.0'
const DIG_VERSION = '9.18.30'

export interface PodEnv {
  ctx: Ctx
  view: ClusterView
  pod: Pod
  container: ContainerInfo
  /** stdout goes to the terminal (not into a pipe or a file) */
  stdoutIsTerminal: boolean
}

export type Tool = (env: PodEnv, args: string[]) => Exec

const cap = (ms: number) => Math.min(MAX_DELAY_MS, Math.max(0, Math.round(ms)))
const jitter = (seed: string, lo: number, hi: number) => lo + (hash32(seed) % (hi - lo + 1))

/** Which implementation of the DNS tools an image ships. */
function bindTools(env: PodEnv): boolean {
  return /netshoot|dnsutils|bind|jessie/.test(env.container.image)
}

// Upstream resolvers answer NXDOMAIN for a top-level domain that does not exist (the
// simulator's DNS knows the same list).

function noSuchTld(cluster: ClusterView['cluster'], fqdn: string): boolean {
  const name = fqdn.replace(/\.$/, '').toLowerCase()
  if (name.endsWith(`.${cluster.config.clusterDomain}`) || name.endsWith('.in-addr.arpa')) return false
  if (parseIPv4(name) !== undefined) return false
  const tld = name.split('.').pop() ?? ''
  return !PUBLIC_TLDS.has(tld)
}

function run(
  env: PodEnv,
  host: string,
  port: number | undefined,
  protocol: 'TCP' | 'UDP' | 'ICMP',
): SimResult {
  const r = simulate(env.view.cluster, {
    from: { pod: env.pod.id },
    to: parseIPv4(host) !== undefined ? { ip: host } : { host },
    ...(port !== undefined ? { port } : {}),
    protocol,
    seed: env.ctx.seed(),
  })
  if (
    r.dns?.status === 'ok' &&
    r.dns.fqdn &&
    noSuchTld(env.view.cluster, r.dns.fqdn) &&
    !r.dns.records.some((x) => x.type === 'CNAME')
  )
    return {
      ...r,
      outcome: 'no-such-host',
      dns: { ...r.dns, status: 'nxdomain', records: [] },
      to: { ...r.to, ip: undefined },
    }
  return r
}

const dnsUnreachable = (r: SimResult) => r.outcome === 'no-such-host' && r.dns?.status === 'unreachable'

// ---------------------------------------------------------------- URLs

interface Url {
  scheme: 'http' | 'https'
  host: string
  port: number
  /** `host:port` exactly as written, for busybox wget's `bad address` */
  hostPort: string
  path: string
}

function parseUrl(text: string): Url | { error: 'scheme'; scheme: string } | { error: 'host' } {
  let rest = text
  let scheme = 'http'
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest)
  if (m) {
    scheme = m[1]!.toLowerCase()
    rest = rest.slice(m[0].length)
  }
  if (scheme !== 'http' && scheme !== 'https') return { error: 'scheme', scheme: m![1]! }
  const slash = rest.search(/[/?#]/)
  const authority = slash < 0 ? rest : rest.slice(0, slash)
  const path =
    slash < 0 ? '/' : rest[slash] === '/' ? rest.slice(slash).replace(/#.*$/, '') : `/${rest.slice(slash)}`
  const hostPort = authority.replace(/^.*@/, '')
  const pm = /^([^:]*)(?::(\d*))?$/.exec(hostPort)
  if (!pm || !pm[1] || !/^[A-Za-z0-9._-]+$/.test(pm[1])) return { error: 'host' }
  const port = pm[2] ? Number(pm[2]) : scheme === 'https' ? 443 : 80
  if (port < 1 || port > 65535) return { error: 'host' }
  return { scheme: scheme as 'http' | 'https', host: pm[1].toLowerCase(), port, hostPort, path: path || '/' }
}

// ---------------------------------------------------------------- curl

interface CurlOpts {
  silent: boolean
  noMeter: boolean
  showError: boolean
  verbose: boolean
  head: boolean
  include: boolean
  fail: boolean
  insecure: boolean
  maxTime?: number
  connectTimeout?: number
  output?: string
  writeOut?: string
  method?: string
  urls: string[]
}

const CURL_ARG = new Set([
  'm',
  'o',
  'w',
  'X',
  'H',
  'd',
  'u',
  'A',
  'e',
  'x',
  'r',
  'b',
  'c',
  'T',
  'F',
  'K',
  'E',
  'C',
  'Y',
  'y',
  'z',
])
const CURL_LONG_ARG = new Set([
  'max-time',
  'connect-timeout',
  'output',
  'write-out',
  'request',
  'header',
  'data',
  'data-raw',
  'data-binary',
  'user',
  'user-agent',
  'referer',
  'proxy',
  'range',
  'cookie',
  'cookie-jar',
  'upload-file',
  'form',
  'config',
  'cert',
  'cacert',
  'resolve',
  'connect-to',
  'retry',
  'interface',
  'dns-servers',
  'local-port',
  'limit-rate',
])

function curlArgs(args: string[]): CurlOpts | { error: string; code: number } {
  const o: CurlOpts = {
    silent: false,
    noMeter: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    insecure: false,
    urls: [],
  }
  const num = (v: string, name: string) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n < 0)
      return { error: `curl: option ${name}: expected a proper numerical parameter`, code: 2 }
    return n
  }
  const setLong = (name: string, value: string | undefined): { error: string; code: number } | undefined => {
    switch (name) {
      case 'silent':
        o.silent = true
        break
      case 'show-error':
        o.showError = true
        break
      case 'verbose':
        o.verbose = true
        break
      case 'head':
        o.head = true
        break
      case 'include':
        o.include = true
        break
      case 'fail':
      case 'fail-with-body':
        o.fail = true
        break
      case 'insecure':
        o.insecure = true
        break
      case 'no-progress-meter':
        o.noMeter = true
        break
      case 'location':
      case 'http1.1':
      case 'ipv4':
      case 'compressed':
      case 'globoff':
        break
      case 'max-time': {
        const n = num(value!, '--max-time')
        if (typeof n !== 'number') return n
        o.maxTime = n
        break
      }
      case 'connect-timeout': {
        const n = num(value!, '--connect-timeout')
        if (typeof n !== 'number') return n
        o.connectTimeout = n
        break
      }
      case 'output':
        o.output = value
        break
      case 'write-out':
        o.writeOut = value
        break
      case 'request':
        o.method = value
        break
      default:
        if (!CURL_LONG_ARG.has(name))
          return {
            error: `curl: option --${name}: is unknown\ncurl: try 'curl --help' for more information`,
            code: 2,
          }
    }
    return undefined
  }
  const shortLong: Record<string, string> = {
    s: 'silent',
    S: 'show-error',
    v: 'verbose',
    I: 'head',
    i: 'include',
    f: 'fail',
    k: 'insecure',
    L: 'location',
    m: 'max-time',
    o: 'output',
    w: 'write-out',
    X: 'request',
    '4': 'ipv4',
    q: 'ipv4',
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1)
      if (CURL_LONG_ARG.has(name) && value === undefined) {
        value = args[++i]
        if (value === undefined)
          return {
            error: `curl: option --${name}: requires parameter\ncurl: try 'curl --help' for more information`,
            code: 2,
          }
      }
      const err = setLong(name, value)
      if (err) return err
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!
        if (CURL_ARG.has(ch)) {
          let value = a.slice(j + 1)
          if (!value) {
            value = args[++i] ?? ''
            if (i >= args.length)
              return {
                error: `curl: option -${ch}: requires parameter\ncurl: try 'curl --help' for more information`,
                code: 2,
              }
          }
          const err = setLong(shortLong[ch] ?? `arg-${ch}`, value)
          if (err && shortLong[ch]) return err
          break
        }
        const long = shortLong[ch]
        if (!long)
          return {
            error: `curl: option -${ch}: is unknown\ncurl: try 'curl --help' for more information`,
            code: 2,
          }
        setLong(long, undefined)
      }
      continue
    }
    o.urls.push(a)
  }
  return o
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

const curl: Tool = (env, args) => {
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
  const r = run(env, url.host, url.port, 'TCP')
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
      `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Could not connect to server`,
      ms,
    )
  }
  if (r.outcome === 'refused') {
    const ms = jitter(seed, 0, 3)
    return fail(
      7,
      `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Could not connect to server`,
      ms,
    )
  }
  if (r.outcome === 'no-route') {
    const ms = 3000 + jitter(seed, 0, 120)
    return fail(
      7,
      `Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Could not connect to server`,
      ms,
    )
  }
  // Connected.
  const took = jitter(seed, 2, 30)
  if (o.verbose) out.err(`* Connected to ${url.host} (${ip}) port ${url.port}\n`)
  const server = serverFor(env.view, r, {
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
  const method = o.method ?? (o.head ? 'HEAD' : 'GET')
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
        `> User-Agent: curl/${CURL_VERSION}`,
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
    out.out(body)
  }
  if (meter) out.err(progressMeter(Number(vars.size_download)))
  if (o.verbose) out.err(`* Connection #0 to host ${url.host} left intact\n`)
  if (o.writeOut !== undefined) out.out(writeOut(o.writeOut, vars))
  return { code: 0, delayMs: took }
}

// ---------------------------------------------------------------- busybox wget

const wget: Tool = (env, args) => {
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
          out.errLine(
            'BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...',
          )
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
    out.errLine(
      'BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...',
    )
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
  const r = run(env, url.host, url.port, 'TCP')
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
    out.out(server.body)
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

// ---------------------------------------------------------------- nc

/** /etc/services names netcat-openbsd prints after the port. */
const SERVICES: Record<number, string> = {
  22: 'ssh',
  53: 'domain',
  80: 'http',
  443: 'https',
  3306: 'mysql',
  5432: 'postgresql',
  6379: 'redis',
  8080: 'http-alt',
}

const nc: Tool = (env, args) => {
  const { out } = env.ctx
  let verbose = 0
  let zero = false
  let udp = false
  let wait: number | undefined
  const pos: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!
        if (ch === 'v') verbose++
        else if (ch === 'z') zero = true
        else if (ch === 'u') udp = true
        else if (ch === 'n') continue
        else if (ch === 'w') {
          wait = Number(a.slice(j + 1) || args[++i])
          break
        } else if (ch === 'l' || ch === 'p') {
          out.errLine(
            'nc: listening is not simulated in this lab; connect to a pod that serves the port instead',
          )
          return { code: 1 }
        } else {
          out.errLine(`nc: invalid option -- '${ch}'`)
          return { code: 1 }
        }
      }
    } else pos.push(a)
  }
  if (pos.length < 2) {
    out.errLine(
      'BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen',
    )
    return { code: 1 }
  }
  const [host, portSpec] = pos as [string, string]
  const range = /^(\d+)(?:-(\d+))?$/.exec(portSpec)
  if (!range) {
    out.errLine(`nc: bad port '${portSpec}'`)
    return { code: 1 }
  }
  const lo = Number(range[1])
  const hi = Math.min(Number(range[2] ?? range[1]), lo + 63)
  const netcatOpenbsd = /netshoot/.test(env.container.image)
  let code = 0
  let delay = 0
  for (let port = lo; port <= hi; port++) {
    const r = run(env, host, port, udp ? 'UDP' : 'TCP')
    if (r.outcome === 'no-such-host') {
      out.errLine(
        netcatOpenbsd
          ? `nc: getaddrinfo for host "${host}" port ${port}: Name or service not known`
          : `nc: bad address '${host}'`,
      )
      return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
    }
    const ip = r.to.ip ?? host
    const where = `${host} (${ip}:${port})`
    // UDP cannot tell a drop from a listener: both look open (busybox sends nothing with -z).
    const open = r.outcome === 'connected' || (udp && r.outcome === 'timed-out')
    if (open) {
      if (netcatOpenbsd) {
        if (verbose)
          out.errLine(
            `Connection to ${host} (${ip}) ${port} port [${udp ? 'udp' : 'tcp'}/${SERVICES[port] ?? '*'}] succeeded!`,
          )
      } else if (verbose) out.errLine(`${where} open`)
      delay += 2
      continue
    }
    code = 1
    if (r.outcome === 'timed-out') {
      const ms = wait !== undefined && wait > 0 ? wait * 1000 : KERNEL_CONNECT_TIMEOUT_MS
      delay += ms
      // nc_bloaty: with one -v only refusals are silent (recipe 10's Alpine prints this text).
      if (netcatOpenbsd) {
        if (verbose)
          out.errLine(
            `nc: connect to ${host} (${ip}) port ${port} (${udp ? 'udp' : 'tcp'}) timed out: Operation now in progress`,
          )
      } else if (verbose) out.errLine(`nc: ${where}: Operation timed out`)
    } else if (r.outcome === 'refused') {
      delay += 1
      if (netcatOpenbsd) {
        if (verbose)
          out.errLine(
            `nc: connect to ${host} (${ip}) port ${port} (${udp ? 'udp' : 'tcp'}) failed: Connection refused`,
          )
      } else if (verbose > 1) out.errLine(`nc: ${where}: Connection refused`)
    } else {
      delay += 3000
      if (verbose)
        out.errLine(
          netcatOpenbsd
            ? `nc: connect to ${host} (${ip}) port ${port} (tcp) failed: No route to host`
            : `nc: ${where}: No route to host`,
        )
    }
  }
  // Without -z a connected nc would now relay stdin; a lab command has none, so it ends.
  void zero
  return { code, delayMs: cap(delay) }
}

// ---------------------------------------------------------------- DNS

/** Whether a DNS query from the pod reaches `server` (UDP 53, through the policies, DN-08). */
function dnsReachable(env: PodEnv, server: string): boolean {
  const r = simulate(env.view.cluster, {
    from: { pod: env.pod.id },
    to: { ip: server },
    port: 53,
    protocol: 'UDP',
    seed: `dns:${env.ctx.seed()}`,
  })
  return r.outcome === 'connected'
}

/** The answer to one question, from the cluster DNS or the node's upstream resolver. */
function ask(env: PodEnv, server: string, qname: string, type: RecordType) {
  const cluster = env.view.cluster
  const clusterDns =
    server === cluster.config.dnsServiceIP ||
    cluster.pods.some((p) => p.ip === server && p.labels['k8s-app'] === 'kube-dns')
  const fq = qname.endsWith('.') ? qname : `${qname}.`
  if (noSuchTld(cluster, fq) && type !== 'PTR')
    return { rcode: 'NXDOMAIN' as const, records: [] as DnsRecord[], authoritative: false }
  if (!clusterDns && fq.endsWith(`.${cluster.config.clusterDomain}.`))
    return { rcode: 'NXDOMAIN' as const, records: [] as DnsRecord[], authoritative: false }
  const a = answer(cluster, fq, type)
  const inZone = fq.endsWith(`.${cluster.config.clusterDomain}.`) || fq.endsWith('.in-addr.arpa.')
  return {
    ...a,
    authoritative:
      clusterDns &&
      inZone &&
      (a.rcode === 'NOERROR'
        ? a.records.length > 0 || fq.endsWith(`.${cluster.config.clusterDomain}.`)
        : true),
  }
}

const bare = (name: string) => name.replace(/\.$/, '')

function ptrName(ip: string): string | undefined {
  const n = parseIPv4(ip)
  if (n === undefined) return undefined
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`
}

const nslookup: Tool = (env, args) => {
  const { out } = env.ctx
  const opts = args.filter((a) => a.startsWith('-'))
  const pos = args.filter((a) => !a.startsWith('-'))
  let type: RecordType | undefined
  for (const o of opts) {
    const m = /^-(?:type|querytype|q)=(\w+)$/i.exec(o)
    if (m) type = m[1]!.toUpperCase() as RecordType
  }
  if (!pos.length || pos.length > 2) {
    out.errLine(
      'BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any,srv,ptr',
    )
    return { code: 1 }
  }
  const name = pos[0]!
  const conf = resolvConf(env.view.cluster, env.pod)
  const server = pos[1] ?? conf.nameserver
  const bind = bindTools(env)
  if (!dnsReachable(env, server)) {
    out.line(';; connection timed out; no servers could be reached')
    if (!bind) out.line()
    return { code: 1, delayMs: cap(RESOLVER_TIMEOUT_MS) }
  }
  const ptr = ptrName(name)
  const delayMs = 3
  if (bind) {
    // bind's nslookup: the stub resolver's search list, then the A and AAAA answers of the name that resolved.
    out.line(`Server:\t\t${server}`)
    out.line(`Address:\t${server}#53`)
    out.line()
    const candidates = ptr ? [`${ptr}.`] : name.endsWith('.') ? [name] : candidateNames(name, conf)
    for (const q of candidates) {
      const a = ask(env, server, q, ptr ? 'PTR' : (type ?? 'A'))
      if (a.rcode !== 'NOERROR' || !a.records.length) continue
      if (!a.authoritative) out.line('Non-authoritative answer:')
      for (const rec of a.records) {
        if (rec.type === 'A') out.line(`Name:\t${bare(rec.name)}\nAddress: ${rec.data}`)
        else if (rec.type === 'CNAME') out.line(`${bare(rec.name)}\tcanonical name = ${rec.data}`)
        else if (rec.type === 'PTR') out.line(`${bare(rec.name)}\tname = ${rec.data}`)
        else if (rec.type === 'SRV') out.line(`${bare(rec.name)}\tservice = ${rec.data}`)
      }
      out.line()
      return { code: 0, delayMs }
    }
    out.line(`** server can't find ${name}: NXDOMAIN`)
    out.line()
    return { code: 1, delayMs }
  }
  // busybox: one query per search domain for a name without a dot (none otherwise), A then
  // AAAA, each answer followed by a blank line; any NXDOMAIN makes the exit status 1.
  const queries: { qname: string; type: RecordType }[] = []
  if (ptr) queries.push({ qname: ptr, type: 'PTR' })
  else {
    const names = name.includes('.') || !conf.search.length ? [name] : conf.search.map((s) => `${name}.${s}`)
    for (const t of type ? [type] : (['A', 'AAAA'] as RecordType[]))
      for (const n of names) queries.push({ qname: n, type: t })
  }
  out.line(`Server:\t\t${server}`)
  out.line(`Address:\t${server}:53`)
  out.line()
  let code = 0
  for (const q of queries) {
    const a = ask(env, server, q.qname, q.type)
    if (a.rcode === 'NXDOMAIN') {
      out.line(`** server can't find ${q.qname}: NXDOMAIN`)
      code = 1
    } else {
      const recs = a.records.filter((rec) => rec.type === q.type || rec.type === 'CNAME')
      if (!recs.length) out.line(`*** Can't find ${q.qname}: No answer`)
      else {
        if (!a.authoritative) out.line('Non-authoritative answer:')
        for (const rec of recs) {
          if (rec.type === 'A' || rec.type === 'AAAA')
            out.line(`Name:\t${bare(rec.name)}\nAddress: ${rec.data}`)
          else if (rec.type === 'CNAME') out.line(`${bare(rec.name)}\tcanonical name = ${bare(rec.data)}`)
          else if (rec.type === 'PTR') out.line(`${bare(rec.name)}\tname = ${bare(rec.data)}`)
          else if (rec.type === 'SRV') {
            const [p, w, port, target] = rec.data.split(' ')
            out.line(`${bare(rec.name)}\tservice = ${p} ${w} ${port} ${bare(target ?? '')}`)
          }
        }
      }
    }
    out.line()
  }
  return { code, delayMs }
}

/** Expands tabs to reach a column (tab stops every 8), or one space when already past it. */
function padTo(line: string, visual: number, column: number): { text: string; col: number } {
  if (visual >= column) return { text: `${line} `, col: visual + 1 }
  let col = visual
  let text = line
  while (col < column) {
    text += '\t'
    col = (Math.floor(col / 8) + 1) * 8
  }
  return { text, col }
}

function digLine(fields: { text: string; column: number }[]): string {
  let text = ''
  let col = 0
  fields.forEach((f, i) => {
    if (i > 0) ({ text, col } = padTo(text, col, f.column))
    text += f.text
    col += f.text.length
  })
  return text
}

function recordLine(rec: DnsRecord): string {
  return digLine([
    { text: rec.name, column: 0 },
    { text: String(rec.ttl), column: 24 },
    { text: 'IN', column: 32 },
    { text: rec.type, column: 40 },
    { text: rec.data, column: 48 },
  ])
}

const dig: Tool = (env, args) => {
  const { out } = env.ctx
  const cluster = env.view.cluster
  const conf = resolvConf(cluster, env.pod)
  let server = conf.nameserver
  let short = false
  let search = false
  let answerOnly = false
  let type: RecordType = 'A'
  let name: string | undefined
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('@')) server = a.slice(1)
    else if (a === '+short') short = true
    else if (a === '+search') search = true
    else if (a === '+noall') answerOnly = true
    else if (a === '+answer' || a.startsWith('+')) continue
    else if (a === '-x') {
      const ip = args[++i] ?? ''
      const p = ptrName(ip)
      if (!p) {
        out.errLine(`Invalid IP address ${ip}`)
        return { code: 1 }
      }
      name = `${p}.`
      type = 'PTR'
    } else if (a === '-t') type = (args[++i] ?? 'A').toUpperCase() as RecordType
    else if (a.startsWith('-')) continue
    else positional.push(a)
  }
  // As dig reads them: a word that names a record type is the type, the other one the name.
  for (const a of positional) {
    if (
      /^(A|AAAA|SRV|PTR|CNAME|ANY|MX|TXT|NS|SOA)$/i.test(a) &&
      (name !== undefined || positional.length > 1)
    )
      type = a.toUpperCase() as RecordType
    else name ??= a
  }
  const qname0 = name ?? '.'
  const cmdline = `; <<>> DiG ${DIG_VERSION} <<>> ${args.join(' ')}`
  if (!dnsReachable(env, server)) {
    const err = `;; communications error to ${server}#53: timed out\n`
    out.out(err + err + err)
    if (!short) out.out(`\n${cmdline}\n;; global options: +cmd\n`)
    out.line(';; no servers could be reached')
    if (!short) out.line()
    return { code: 9, delayMs: cap(15_000) }
  }
  // Without +search dig asks for the name as given, as an absolute name.
  let qname = qname0.endsWith('.') ? qname0 : `${qname0}.`
  let a = ask(env, server, qname, type)
  if (search && !qname0.endsWith('.')) {
    for (const c of candidateNames(qname0, conf)) {
      const x = ask(env, server, c, type)
      qname = c
      a = x
      if (x.rcode === 'NOERROR' && x.records.length) break
    }
  }
  const records = a.records
  const delayMs = 2
  if (short) {
    for (const rec of records) out.line(rec.data)
    return { code: 0, delayMs }
  }
  const inCluster = qname.endsWith(`.${cluster.config.clusterDomain}.`) || qname.endsWith('.in-addr.arpa.')
  const aa = inCluster
  const flags = aa ? 'qr aa rd' : 'qr rd ra'
  const authority: string[] = []
  if (!records.length) {
    const soa = (zone: string, ttl: number, data: string) =>
      digLine([
        { text: zone, column: 0 },
        { text: String(ttl), column: 24 },
        { text: 'IN', column: 32 },
        { text: 'SOA', column: 40 },
        { text: data, column: 48 },
      ])
    const domain = cluster.config.clusterDomain
    authority.push(
      aa
        ? soa(`${domain}.`, 30, `ns.dns.${domain}. hostmaster.${domain}. 1704067200 7200 1800 86400 30`)
        : soa('.', 86400, 'a.root-servers.net. nstld.verisign-grs.com. 2025011300 1800 900 604800 86400'),
    )
  }
  const id = hash32(`${qname}|${env.ctx.seed()}`) % 65536
  const size =
    12 +
    qname.length +
    5 +
    records.reduce((n, r) => n + 12 + (r.type === 'A' ? 4 : r.data.length + 2), 0) +
    authority.length * 60 +
    11
  if (!answerOnly) {
    out.line()
    out.line(cmdline)
    out.line(';; global options: +cmd')
    out.line(';; Got answer:')
    out.line(`;; ->>HEADER<<- opcode: QUERY, status: ${a.rcode}, id: ${id}`)
    out.line(
      `;; flags: ${flags}; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: ${authority.length}, ADDITIONAL: 1`,
    )
    if (aa) out.line(';; WARNING: recursion requested but not available')
    out.line()
    out.line(';; OPT PSEUDOSECTION:')
    out.line('; EDNS: version: 0, flags:; udp: 1232')
    out.line(';; QUESTION SECTION:')
    out.line(
      digLine([
        { text: `;${qname}`, column: 0 },
        { text: 'IN', column: 32 },
        { text: type, column: 40 },
      ]),
    )
    out.line()
  }
  if (records.length) {
    if (!answerOnly) out.line(';; ANSWER SECTION:')
    for (const rec of records) out.line(recordLine(rec))
    if (!answerOnly) out.line()
  }
  if (!answerOnly) {
    if (authority.length) {
      out.line(';; AUTHORITY SECTION:')
      for (const l of authority) out.line(l)
      out.line()
    }
    out.line(';; Query time: 0 msec')
    out.line(`;; SERVER: ${server}#53(${server}) (UDP)`)
    const d = new Date(env.view.now())
    out.line(
      `;; WHEN: ${d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4')}`,
    )
    out.line(`;; MSG SIZE  rcvd: ${size}`)
    out.line()
  }
  return { code: 0, delayMs }
}

// ---------------------------------------------------------------- ping, traceroute

const ping: Tool = (env, args) => {
  const { out } = env.ctx
  let count = 4
  let quiet = false
  let waitS: number | undefined
  const pos: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    const m = /^-([cWwis])(.*)$/.exec(a)
    if (m) {
      const v = Number(m[2] || args[++i])
      if (m[1] === 'c') count = Math.max(1, Math.min(20, v))
      if (m[1] === 'W' || m[1] === 'w') waitS = v
    } else if (a === '-q') quiet = true
    else if (a === '-4' || a === '-n') continue
    else if (a.startsWith('-')) {
      out.errLine(`ping: invalid option -- '${a.slice(1, 2)}'`)
      return { code: 1 }
    } else pos.push(a)
  }
  const host = pos[0]
  if (!host) {
    out.errLine('BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST')
    return { code: 1 }
  }
  const r = run(env, host, undefined, 'ICMP')
  if (r.outcome === 'no-such-host') {
    out.errLine(`ping: bad address '${host}'`)
    return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
  }
  const ip = r.to.ip ?? host
  out.line(`PING ${host} (${ip}): 56 data bytes`)
  const ok = r.outcome === 'connected'
  const routers = Math.max(0, r.hops.length - 1)
  const ttl = 64 - routers
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    if (!ok) continue
    const base = routers > 1 ? 400 : 60
    const t = (base + (hash32(`${env.pod.id}|${host}|${i}`) % base)) / 1000
    times.push(t)
    if (!quiet) out.line(`64 bytes from ${ip}: seq=${i} ttl=${ttl} time=${t.toFixed(3)} ms`)
  }
  out.line()
  out.line(`--- ${host} ping statistics ---`)
  const received = times.length
  out.line(
    `${count} packets transmitted, ${received} packets received, ${Math.round(((count - received) / count) * 100)}% packet loss`,
  )
  if (received) {
    const min = Math.min(...times)
    const max = Math.max(...times)
    const avg = times.reduce((s, t) => s + t, 0) / received
    out.line(`round-trip min/avg/max = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)} ms`)
  }
  const seconds = ok ? count - 1 : (waitS ?? count)
  return { code: received ? 0 : 1, delayMs: cap(seconds * 1000) }
}

const traceroute: Tool = (env, args) => {
  const { out } = env.ctx
  let numeric = false
  let maxHops = 30
  const pos: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-n') numeric = true
    else if (a === '-m') maxHops = Math.max(1, Math.min(64, Number(args[++i]) || 30))
    else if (a === '-I' || a === '-4') continue
    else if (a === '-w' || a === '-q' || a === '-p') i++
    else if (a.startsWith('-')) continue
    else pos.push(a)
  }
  const host = pos[0]
  if (!host) {
    out.errLine(
      'BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\nUsage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]\n\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]\n\t[-z PAUSE_MSEC] HOST [BYTES]',
    )
    return { code: 1 }
  }
  // The path comes from an ICMP probe: what the simulator reports as traceroute's view.
  const r = run(env, host, undefined, 'ICMP')
  if (r.outcome === 'no-such-host') {
    out.errLine(`traceroute: bad address '${host}'`)
    return { code: 1, delayMs: cap(dnsUnreachable(r) ? RESOLVER_TIMEOUT_MS : 2) }
  }
  const ip = r.to.ip ?? host
  out.line(`traceroute to ${host} (${ip}), ${maxHops} hops max, 46 byte packets`)
  if (r.outcome === 'connected' && !(env.view.cluster.cni.dataPath.hidesHops && r.hops.length === 0)) {
    r.hops.forEach((h, i) => {
      const ptr = ptrName(h.ip)
      const a = ptr && !numeric ? answer(env.view.cluster, `${ptr}.`, 'PTR') : undefined
      const label = a?.records[0]
        ? `${bare(a.records[0].data)} (${h.ip})`
        : numeric
          ? h.ip
          : `${h.ip} (${h.ip})`
      const t = (k: number) => ((20 + (hash32(`${h.ip}|${i}|${k}`) % (i ? 500 : 20))) / 1000).toFixed(3)
      out.line(`${String(i + 1).padStart(2)}  ${label}  ${t(0)} ms  ${t(1)} ms  ${t(2)} ms`)
    })
    return { code: 0, delayMs: 20 }
  }
  for (let i = 1; i <= maxHops; i++) out.line(`${String(i).padStart(2)}  *  *  *`)
  return { code: 0, delayMs: cap(maxHops * 3 * 5000) }
}

// ---------------------------------------------------------------- files, env, addresses

function resolvConfText(env: PodEnv): string {
  const conf = resolvConf(env.view.cluster, env.pod)
  const lines: string[] = []
  if (conf.search.length) lines.push(`search ${conf.search.join(' ')}`)
  lines.push(`nameserver ${conf.nameserver}`)
  if (conf.clusterDns) lines.push(`options ndots:${conf.ndots}`)
  return `${lines.join('\n')}\n`
}

function hostsText(env: PodEnv): string {
  const p = env.pod
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ]
  if (!p.hostNetwork)
    lines.push(
      `${p.ip}\t${p.hostname && p.subdomain ? `${p.hostname}.${p.subdomain}.${p.namespace}.svc.cluster.local\t${p.hostname}` : p.name}`,
    )
  return `${lines.join('\n')}\n`
}

export function podFile(env: PodEnv, path: string): string | undefined {
  switch (path.replace(/^\/+/, '/')) {
    case '/etc/resolv.conf':
      return resolvConfText(env)
    case '/etc/hosts':
      return hostsText(env)
    case '/etc/hostname':
      return `${hostnameOf(env.pod)}\n`
    default:
      return undefined
  }
}

const hostnameOf = (p: Pod) => (p.hostNetwork ? p.nodeName : (p.hostname ?? p.name))

/** The container's environment: kubelet's variables, the Service links (SV-15), the image's own. */
export function podEnvironment(env: PodEnv): [string, string][] {
  const { view, pod } = env
  const podCreated = view.created(`Pod/${pod.namespace}/${pod.name}`)
  // Services created after the pod are not in its environment (SV-15).
  const services = servicesVisibleTo(view.cluster, pod).filter(
    (s) => view.created(`Service/${s.namespace}/${s.name}`) <= podCreated,
  )
  return [
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', hostnameOf(pod)],
    ...env.container.env.map((e): [string, string] => [e.name, e.value]),
    ...services.flatMap(serviceEnvVars).map((v): [string, string] => [v.name, v.value]),
    ['HOME', '/root'],
  ]
}

const catTool: Tool = (env, args) => {
  const { out } = env.ctx
  if (!args.length) {
    out.out(env.ctx.stdin)
    return { code: 0 }
  }
  let code = 0
  for (const a of args) {
    const text = podFile(env, a)
    if (text === undefined) {
      out.errLine(`cat: can't open '${a}': No such file or directory`)
      code = 1
    } else out.out(text)
  }
  return { code }
}

const envTool: Tool = (env, args) => {
  const vars = podEnvironment(env)
  if (args.length) {
    const v = vars.find(([k]) => k === args[0])
    if (!v) return { code: 1 }
    env.ctx.out.line(v[1])
    return { code: 0 }
  }
  for (const [k, v] of vars) env.ctx.out.line(`${k}=${v}`)
  return { code: 0 }
}

const hostnameTool: Tool = (env, args) => {
  env.ctx.out.line(args[0] === '-i' ? env.pod.ip : hostnameOf(env.pod))
  return { code: 0 }
}

function mac(seed: string): string {
  const h = hash32(seed).toString(16).padStart(8, '0') + hash32(`${seed}#`).toString(16).padStart(8, '0')
  return ['0a', ...(h.match(/../g) ?? []).slice(0, 5)].join(':')
}

const ipTool: Tool = (env, args) => {
  const { out } = env.ctx
  const cni = env.view.cluster.cni
  const node = env.view.cluster.nodes.find((n) => n.name === env.pod.nodeName)
  const sub = args[0] ?? ''
  if (env.pod.hostNetwork) {
    out.errLine("ip: this pod uses the node network (hostNetwork); its interfaces are the node's")
    return { code: 1 }
  }
  const prefix = cni.dataPath.kind === 'routed' ? 32 : Number(node?.podCIDR.split('/')[1] ?? 24)
  const ifindex = 2 + (hash32(env.pod.id) % 20)
  if (/^a(d(dr?)?)?$/.test(sub) || sub === 'address' || sub === '') {
    out.out(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        `${ifindex}: eth0@if${ifindex + 5}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu ${cni.dataPath.podMtu} qdisc noqueue `,
        `    link/ether ${mac(env.pod.id)} brd ff:ff:ff:ff:ff:ff`,
        `    inet ${env.pod.ip}/${prefix} scope global eth0`,
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    )
    return { code: 0 }
  }
  if (/^r(o(u(te?)?)?)?$/.test(sub)) {
    if (cni.dataPath.podGateway === '169.254.1.1')
      out.out('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n')
    else {
      const gw = node?.gatewayIp ?? ''
      out.out(`default via ${gw} dev eth0 \n${node?.podCIDR ?? ''} dev eth0 scope link  src ${env.pod.ip} \n`)
    }
    return { code: 0 }
  }
  out.errLine(`ip: the lab simulates 'ip addr' and 'ip route' only`)
  return { code: 1 }
}

export const POD_TOOLS: Record<string, Tool> = {
  curl,
  wget,
  nc,
  netcat: nc,
  nslookup,
  dig,
  ping,
  traceroute,
  cat: catTool,
  env: envTool,
  printenv: envTool,
  hostname: hostnameTool,
  ip: ipTool,
}

/** For tests and the completion list. */

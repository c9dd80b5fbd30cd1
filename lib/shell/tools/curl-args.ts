// curl's command line: the options the lab acts on, the ones it accepts and ignores, and
// curl's own messages for the rest.

export interface CurlOpts {
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
  /** -d/--data: the body, which also makes the request a POST */
  data?: string
  /** -H/--header lines, as written */
  headers: string[]
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

export function curlArgs(args: string[]): CurlOpts | { error: string; code: number } {
  const o: CurlOpts = {
    silent: false,
    noMeter: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    fail: false,
    insecure: false,
    headers: [],
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
      case 'data':
      case 'data-raw':
      case 'data-binary':
        o.data = value
        break
      case 'header':
        if (value !== undefined) o.headers.push(value)
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
    d: 'data',
    H: 'header',
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

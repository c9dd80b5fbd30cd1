// The URL of curl and wget: scheme, host, port and path, as both tools split it.

export interface Url {
  scheme: 'http' | 'https'
  host: string
  port: number
  /** `host:port` exactly as written, for busybox wget's `bad address` */
  hostPort: string
  path: string
}

export function parseUrl(text: string): Url | { error: 'scheme'; scheme: string } | { error: 'host' } {
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

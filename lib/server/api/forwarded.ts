// Who is asking, and which address they asked for. The socket's address is the only one a
// client cannot make up: `npm start` and the Docker image preload scripts/forwarded-for.cjs,
// which appends it to X-Forwarded-For on every request (the node:http harness does the
// same). Proxies in front append the address they saw, so with PODNET_TRUSTED_PROXIES=N the
// client is the entry N places left of the socket's; anything further left is the client's
// own say and counts for nothing. Likewise the site's origin comes from the Host header
// (what the browser typed), and from X-Forwarded-Host/-Proto only when proxies are trusted:
// Next.js builds request.url on the address the server is bound to (http://0.0.0.0:3000).

/** The comma-separated entries of a forwarding header. */
function entries(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
}

/** The entry `n` places from the right (0: the last); the leftmost when there are fewer. */
function fromRight(list: string[], n: number): string | undefined {
  return list.length ? list[Math.max(0, list.length - 1 - n)] : undefined
}

/** The client's address: the socket's, or what the outermost of N trusted proxies saw. */
export function clientIp(request: Request, trustedProxies: number): string {
  return fromRight(entries(request.headers.get('x-forwarded-for')), trustedProxies) ?? 'unknown'
}

const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/

export interface OriginSettings {
  /** PODNET_HTTPS: the browser reaches the site over TLS */
  https: boolean
  trustedProxies: number
}

/**
 * The origin the browser used for this request. Proxies that set X-Forwarded-Host and -Proto
 * each add one entry, so the one the outermost trusted proxy set is N-1 from the right.
 */
export function requestOrigin(request: Request, settings: OriginSettings): string {
  const fallback = new URL(request.url)
  let host = request.headers.get('host')?.trim()
  let proto = settings.https ? 'https' : 'http'
  if (settings.trustedProxies > 0) {
    const n = settings.trustedProxies - 1
    host = fromRight(entries(request.headers.get('x-forwarded-host')), n) ?? host
    const forwarded = fromRight(entries(request.headers.get('x-forwarded-proto')), n)?.toLowerCase()
    if (!settings.https && (forwarded === 'https' || forwarded === 'http')) proto = forwarded
  }
  if (!host || !HOST.test(host)) host = fallback.host
  try {
    return new URL(`${proto}://${host}`).origin
  } catch {
    return `${proto}://${fallback.host}`
  }
}

// The session cookie. `__Host-` pins it to this host and path / and requires Secure;
// browsers accept Secure cookies over plain http only from localhost and 127.0.0.1
// (secure contexts). A training room served over plain http on a LAN address gets a
// cookie without the prefix and without Secure — the README says to use TLS there.
import { requestOrigin } from './forwarded'
import type { OriginSettings } from './forwarded'

export const SECURE_COOKIE = '__Host-podnet-session'
export const PLAIN_COOKIE = 'podnet-session'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Whether the browser keeps a Secure cookie from the address it used for this request. */
export function isSecureRequest(request: Request, settings: OriginSettings): boolean {
  const url = new URL(requestOrigin(request, settings))
  if (url.protocol === 'https:') return true
  return LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost')
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie')
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_COOKIE : PLAIN_COOKIE
}

/** `podnet-x` → `__Host-podnet-x` where Secure cookies work. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base
}

export function setCookie(name: string, value: string, secure: boolean, maxAgeSeconds: number): string {
  const attrs = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`]
  if (secure) attrs.push('Secure')
  return attrs.join('; ')
}

export function sessionCookie(secure: boolean, token: string, maxAgeSeconds: number): string {
  return setCookie(sessionCookieName(secure), token, secure, maxAgeSeconds)
}

// IP addresses the way the API server reads them: k8s.io/utils/net.ParseIPSloppy (Go 1.16's
// net.ParseIP, which still accepts leading zeros in IPv4 octets), Go's net.IP.String(), and
// the stricter net/netip parser that decides the "non-standard" warnings.
import type { FieldError, FieldWarning } from './field-error'
import { invalid } from './field-error'
import { fieldPath } from '../structural'
import type { Path } from './util'

/** A Go net.IP: 4 or 16 bytes. */
export type IPBytes = number[]

const BIG = 0xffffff
const V4_IN_V6_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]

/** Go's dtoi: decimal digits at the start of s → [value, digits consumed], or null. */
export function dtoi(s: string): [number, number] | null {
  let n = 0
  let i = 0
  for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
    n = n * 10 + (s.charCodeAt(i) - 48)
    if (n >= BIG) return null
  }
  return i === 0 ? null : [n, i]
}

function xtoi(s: string): [number, number] | null {
  let n = 0
  let i = 0
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 16)
    if (Number.isNaN(d)) break
    n = n * 16 + d
    if (n >= BIG) return null
  }
  return i === 0 ? null : [n, i]
}

function v4InV6(a: number, b: number, c: number, d: number): IPBytes {
  return [...V4_IN_V6_PREFIX, a, b, c, d]
}

/** Go 1.16 parseIPv4: exactly four decimal octets, leading zeros allowed. 16-byte result. */
export function parseIPv4Sloppy(s: string): IPBytes | null {
  const p: number[] = []
  for (let i = 0; i < 4; i++) {
    if (s.length === 0) return null
    if (i > 0) {
      if (s[0] !== '.') return null
      s = s.slice(1)
    }
    const r = dtoi(s)
    if (!r || r[0] > 0xff) return null
    p.push(r[0])
    s = s.slice(r[1])
  }
  if (s.length !== 0) return null
  return v4InV6(p[0]!, p[1]!, p[2]!, p[3]!)
}

/** Go 1.16 parseIPv6 (no zones). */
export function parseIPv6Sloppy(s: string): IPBytes | null {
  const ip = new Array<number>(16).fill(0)
  let ellipsis = -1
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0
    s = s.slice(2)
    if (s.length === 0) return ip
  }
  let i = 0
  while (i < 16) {
    const r = xtoi(s)
    if (!r || r[0] > 0xffff) return null
    const [n, c] = r
    if (c < s.length && s[c] === '.') {
      if (ellipsis < 0 && i !== 12) return null
      if (i + 4 > 16) return null
      const ip4 = parseIPv4Sloppy(s)
      if (!ip4) return null
      ip[i] = ip4[12]!
      ip[i + 1] = ip4[13]!
      ip[i + 2] = ip4[14]!
      ip[i + 3] = ip4[15]!
      s = ''
      i += 4
      break
    }
    ip[i] = n >> 8
    ip[i + 1] = n & 0xff
    i += 2
    s = s.slice(c)
    if (s.length === 0) break
    if (s[0] !== ':' || s.length === 1) return null
    s = s.slice(1)
    if (s[0] === ':') {
      if (ellipsis >= 0) return null
      ellipsis = i
      s = s.slice(1)
      if (s.length === 0) break
    }
  }
  if (s.length !== 0) return null
  if (i < 16) {
    if (ellipsis < 0) return null
    const n = 16 - i
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0
  } else if (ellipsis >= 0) {
    return null
  }
  return ip
}

/** netutils.ParseIPSloppy: the 16-byte form, or null. */
export function parseIPSloppy(s: string): IPBytes | null {
  for (const ch of s) {
    if (ch === '.') return parseIPv4Sloppy(s)
    if (ch === ':') return parseIPv6Sloppy(s)
  }
  return null
}

/** net.IP.To4: the 4-byte form of an IPv4 (or IPv4-mapped) address, else null. */
export function to4(ip: IPBytes): IPBytes | null {
  if (ip.length === 4) return ip
  if (ip.length === 16 && V4_IN_V6_PREFIX.every((b, i) => ip[i] === b)) return ip.slice(12)
  return null
}

/** net.IP.Equal: 4- and 16-byte forms of the same IPv4 address are equal. */
export function ipEqual(a: IPBytes, b: IPBytes): boolean {
  if (a.length === b.length) return a.every((x, i) => x === b[i])
  const a4 = to4(a)
  const b4 = to4(b)
  return !!a4 && !!b4 && a4.every((x, i) => x === b4[i])
}

function ipv6Text(p: IPBytes): string {
  // RFC 5952: the first longest run of two or more zero groups becomes "::".
  let e0 = -1
  let e1 = -1
  for (let i = 0; i < 16; i += 2) {
    let j = i
    while (j < 16 && p[j] === 0 && p[j + 1] === 0) j += 2
    if (j > i && j - i > e1 - e0) {
      e0 = i
      e1 = j
      i = j
    }
  }
  if (e1 - e0 <= 2) {
    e0 = -1
    e1 = -1
  }
  let out = ''
  for (let i = 0; i < 16; i += 2) {
    if (i === e0) {
      out += '::'
      i = e1
      if (i >= 16) break
    } else if (i > 0) {
      out += ':'
    }
    out += (((p[i] ?? 0) << 8) | (p[i + 1] ?? 0)).toString(16)
  }
  return out
}

/** net.IP.String(). */
export function ipString(ip: IPBytes): string {
  if (ip.length === 0) return '<nil>'
  const v4 = to4(ip)
  if (v4) return v4.join('.')
  if (ip.length !== 16) return `?${ip.map((b) => b.toString(16).padStart(2, '0')).join('')}`
  return ipv6Text(ip)
}

/** A net/netip.Addr: what ParseAddr accepts, with its 4-vs-6 distinction. */
export interface StrictAddr {
  bytes: IPBytes
  is4: boolean
}

function parseIPv4Strict(s: string): IPBytes | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  const out: number[] = []
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return null
    if (part.length > 1 && part[0] === '0') return null
    const n = Number(part)
    if (n > 255) return null
    out.push(n)
  }
  return out
}

/** netip.ParseAddr (without zones): rejects leading zeros and over-long hex groups. */
export function parseAddrStrict(s: string): StrictAddr | null {
  if (!s.includes(':')) {
    const v4 = parseIPv4Strict(s)
    return v4 ? { bytes: v4, is4: true } : null
  }
  if (s.includes('%')) return null
  // Every hex group has 1..4 digits; an embedded IPv4 tail must itself be strict.
  const lastColon = s.lastIndexOf(':')
  const tail = s.slice(lastColon + 1)
  if (tail.includes('.') && !parseIPv4Strict(tail)) return null
  const head = tail.includes('.') ? s.slice(0, lastColon) : s
  for (const g of head.split(':')) if (g.length > 4) return null
  const ip = parseIPv6Sloppy(s)
  return ip ? { bytes: ip, is4: false } : null
}

/** netip.Addr.Is4In6. */
export function is4In6(a: StrictAddr): boolean {
  return !a.is4 && V4_IN_V6_PREFIX.every((b, i) => a.bytes[i] === b)
}

/** netip.Addr.String(). */
export function addrString(a: StrictAddr): string {
  if (a.is4) return a.bytes.join('.')
  if (is4In6(a)) return `::ffff:${a.bytes.slice(12).join('.')}`
  return ipv6Text(a.bytes)
}

export const IP_EXAMPLE_ERROR = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'

/** IsValidIP (the legacy, non-strict form used by existing fields). */
export function isValidIP(path: Path, value: string): FieldError[] {
  return parseIPSloppy(value) ? [] : [invalid(path, value, IP_EXAMPLE_ERROR)]
}

export function isValidIPv4Address(path: Path, value: string): FieldError[] {
  const ip = parseIPSloppy(value)
  return ip && to4(ip) ? [] : [invalid(path, value, 'must be a valid IPv4 address')]
}

export function isValidIPv6Address(path: Path, value: string): FieldError[] {
  const ip = parseIPSloppy(value)
  return ip && !to4(ip) ? [] : [invalid(path, value, 'must be a valid IPv6 address')]
}

/**
 * ValidateEndpointIP (core validation): addresses that make no sense as an endpoint or an
 * external IP.
 */
export function validateEndpointIP(value: string, path: Path): FieldError[] {
  const ip = parseIPSloppy(value)
  if (!ip) return [invalid(path, value, 'must be a valid IP address')]
  const errs: FieldError[] = []
  const v4 = to4(ip)
  const unspecified = v4 ? v4.every((b) => b === 0) : ip.every((b) => b === 0)
  const loopback = v4 ? v4[0] === 127 : ip.slice(0, 15).every((b) => b === 0) && ip[15] === 1
  const linkLocalUnicast = v4
    ? v4[0] === 169 && v4[1] === 254
    : ip[0] === 0xfe && ((ip[1] ?? 0) & 0xc0) === 0x80
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : ip[0] === 0xff && ((ip[1] ?? 0) & 0x0f) === 0x02
  if (unspecified) errs.push(invalid(path, value, `may not be unspecified (${value})`))
  if (loopback) errs.push(invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'))
  if (linkLocalUnicast)
    errs.push(invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'))
  if (linkLocalMulticast)
    errs.push(invalid(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'))
  return errs
}

/** GetWarningsForIP: non-standard forms that a future release will reject. */
export function getWarningsForIP(path: Path, value: string): string[] {
  const ip = parseIPSloppy(value)
  if (!ip) return []
  const addr = parseAddrStrict(value)
  const where = fieldPath(path)
  if (!addr || is4In6(addr)) {
    return [
      `${where}: non-standard IP address ${JSON.stringify(value)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(ipString(ip))}`,
    ]
  }
  if (!addr.is4 && addrString(addr) !== value) {
    return [
      `${where}: IPv6 address ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(addrString(addr))})`,
    ]
  }
  return []
}

/** GetWarningsForIP as FieldWarnings located at `path`. */
export function ipWarnings(path: Path, value: string): FieldWarning[] {
  return getWarningsForIP(path, value).map((message) => ({ path, message }))
}

// CIDR values as the API server reads them: netutils.ParseCIDRSloppy (Go 1.16's
// net.ParseCIDR), IsValidCIDRForLegacyField with strict validation off (the default), and
// GetWarningsForCIDR, which flags "10.0.0.1/24"-style values that carry host bits.
import type { FieldError, FieldWarning } from './field-error'
import { invalid } from './field-error'
import { fieldPath } from '../structural'
import type { IPBytes } from './ip'
import {
  addrString,
  dtoi,
  ipEqual,
  ipString,
  is4In6,
  parseAddrStrict,
  parseIPv4Sloppy,
  parseIPv6Sloppy,
  to4,
} from './ip'
import type { Path } from './util'

/** The pieces of net.ParseCIDR's answer: the address as written and the masked network. */
export interface ParsedCIDR {
  /** the address part, 16 bytes */
  ip: IPBytes
  /** the network number (ip & mask): 4 bytes for IPv4, 16 for IPv6 */
  network: IPBytes
  /** the mask: 4 or 16 bytes */
  mask: IPBytes
  /** prefix length */
  ones: number
  /** 32 or 128 */
  bits: number
}

export const CIDR_EXAMPLE_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'

function cidrMask(ones: number, bits: number): IPBytes {
  const out: number[] = []
  for (let i = 0; i < bits / 8; i++) {
    const take = Math.max(0, Math.min(8, ones - i * 8))
    out.push((0xff << (8 - take)) & 0xff)
  }
  return out
}

/** net.IP.Mask. */
function maskIP(ip: IPBytes, mask: IPBytes): IPBytes | null {
  if (mask.length === 16 && ip.length === 4 && mask.slice(0, 12).every((b) => b === 0xff))
    mask = mask.slice(12)
  if (mask.length === 4 && ip.length === 16) {
    const v4 = to4(ip)
    if (v4) ip = v4
  }
  if (ip.length !== mask.length) return null
  return ip.map((b, i) => b & mask[i]!)
}

/** netutils.ParseCIDRSloppy. */
export function parseCIDRSloppy(s: string): ParsedCIDR | null {
  const slash = s.indexOf('/')
  if (slash < 0) return null
  const addr = s.slice(0, slash)
  const maskText = s.slice(slash + 1)
  let bits = 32
  let ip = parseIPv4Sloppy(addr)
  if (!ip) {
    bits = 128
    ip = parseIPv6Sloppy(addr)
  }
  const m = dtoi(maskText)
  if (!ip || !m || m[1] !== maskText.length || m[0] > bits) return null
  const mask = cidrMask(m[0], bits)
  const network = maskIP(ip, mask)
  if (!network) return null
  return { ip, network, mask, ones: m[0], bits }
}

/** Go's networkNumberAndMask, shared by IPNet.String and IPNet.Contains. */
function networkNumberAndMask(c: ParsedCIDR): [IPBytes, IPBytes] | null {
  let ip = to4(c.network)
  if (!ip) {
    ip = c.network
    if (ip.length !== 16) return null
  }
  let m = c.mask
  if (m.length === 4) {
    if (ip.length !== 4) return null
  } else if (ip.length === 4) {
    m = m.slice(12)
  }
  return [ip, m]
}

function simpleMaskLength(mask: IPBytes): number {
  let n = 0
  let done = false
  for (const b of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      const set = (b >> bit) & 1
      if (set && done) return -1
      if (set) n++
      else done = true
    }
  }
  return n
}

/** net.IPNet.String(). */
export function cidrString(c: ParsedCIDR): string {
  const nm = networkNumberAndMask(c)
  if (!nm) return '<nil>'
  const [nn, m] = nm
  return `${ipString(nn)}/${simpleMaskLength(m)}`
}

/** net.IPNet.Contains. */
export function cidrContains(c: ParsedCIDR, ip: IPBytes): boolean {
  const nm = networkNumberAndMask(c)
  if (!nm) return false
  const [nn, m] = nm
  const x = to4(ip) ?? ip
  if (x.length !== nn.length) return false
  return x.every((b, i) => ((nn[i] ?? 0) & (m[i] ?? 0)) === (b & (m[i] ?? 0)))
}

/** IsValidCIDRForLegacyField with strictValidation=false (StrictIPCIDRValidation is off by default). */
export function isValidCIDR(path: Path, value: string): FieldError[] {
  return parseCIDRSloppy(value) ? [] : [invalid(path, value, CIDR_EXAMPLE_ERROR)]
}

/** netip.ParsePrefix: a strict address, then a prefix length without sign or leading zeros. */
function parsePrefixStrict(value: string): { text: string; is6: boolean; is4In6: boolean } | null {
  const slash = value.lastIndexOf('/')
  if (slash < 0) return null
  const addr = parseAddrStrict(value.slice(0, slash))
  if (!addr) return null
  const bitsText = value.slice(slash + 1)
  if (!/^[0-9]+$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0')) return null
  const bits = Number(bitsText)
  if (bits > (addr.is4 ? 32 : 128)) return null
  return { text: `${addrString(addr)}/${bits}`, is6: !addr.is4, is4In6: is4In6(addr) }
}

/** GetWarningsForCIDR: the warnings the API server attaches to an accepted CIDR value. */
export function getWarningsForCIDR(path: Path, value: string): string[] {
  const c = parseCIDRSloppy(value)
  if (!c) return []
  const where = fieldPath(path)
  const warnings: string[] = []
  if (!ipEqual(c.ip, c.network)) {
    const single = `${ipString(c.ip)}/${c.bits}`
    warnings.push(
      `${where}: CIDR value ${JSON.stringify(value)} is ambiguous in this context (should be ${JSON.stringify(cidrString(c))} or ${JSON.stringify(single)}?)`,
    )
  }
  const prefix = parsePrefixStrict(value)
  if (!prefix || prefix.is4In6) {
    warnings.push(
      `${where}: non-standard CIDR value ${JSON.stringify(value)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(cidrString(c))}`,
    )
  }
  if (warnings.length === 0 && prefix && prefix.is6 && prefix.text !== value) {
    warnings.push(
      `${where}: IPv6 CIDR value ${JSON.stringify(value)} should be in RFC 5952 canonical format (${JSON.stringify(prefix.text)})`,
    )
  }
  return warnings
}

/** GetWarningsForCIDR as FieldWarnings located at `path`. */
export function cidrWarnings(path: Path, value: string): FieldWarning[] {
  return getWarningsForCIDR(path, value).map((message) => ({ path, message }))
}

// IPv4 addresses as unsigned 32-bit numbers, and CIDR ranges over them. The simulated
// cluster is single-stack IPv4, as a default kubeadm cluster is.

export interface Cidr {
  /** first address of the range */
  base: number
  prefix: number
  /** last address of the range */
  last: number
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/** Parses a dotted quad; undefined for anything else (leading zeros included, as Go does). */
export function parseIPv4(text: string): number | undefined {
  const m = QUAD.exec(text)
  if (!m) return undefined
  let n = 0
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!
    if (part.length > 1 && part.startsWith('0')) return undefined
    const v = Number(part)
    if (v > 255) return undefined
    n = n * 256 + v
  }
  return n
}

export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
}

/** Parses `a.b.c.d/n`. The address may have host bits set; `base` is masked. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/')
  if (slash < 0) return undefined
  const ip = parseIPv4(text.slice(0, slash))
  const p = text.slice(slash + 1)
  if (ip === undefined || !/^\d{1,2}$/.test(p)) return undefined
  const prefix = Number(p)
  if (prefix > 32) return undefined
  const base = (ip & maskOf(prefix)) >>> 0
  return { base, prefix, last: (base + 2 ** (32 - prefix) - 1) >>> 0 }
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip <= c.last
}

export function formatCidr(c: Cidr): string {
  return `${formatIPv4(c.base)}/${c.prefix}`
}

export function cidrSize(c: Cidr): number {
  return c.last - c.base + 1
}

/** The n-th address of a range (0 is the network address). */
export function nthAddress(c: Cidr, n: number): number {
  return (c.base + n) >>> 0
}

export function isIPv6(text: string): boolean {
  // Enough to tell an IPv6 literal from an IPv4 one and from a name; full validation of
  // IPv6 lives with the API validation rules.
  return text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text)
}

/** Splits `parent` into `2^bits` equal parts and returns part `index`. */
export function subnet(parent: Cidr, bits: number, index: number): Cidr {
  const prefix = parent.prefix + bits
  const size = 2 ** (32 - prefix)
  const base = (parent.base + index * size) >>> 0
  return { base, prefix, last: (base + size - 1) >>> 0 }
}

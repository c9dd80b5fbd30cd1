// A set of connections: for each protocol, a set of port ranges. It is what a policy rule
// admits and what two peers may open to each other.
import { PROTOCOLS } from '../model/types'
import type { Protocol } from '../model/types'

export const MIN_PORT = 1
export const MAX_PORT = 65535

/** Sorted, disjoint, non-adjacent inclusive ranges. */
export type PortRanges = readonly (readonly [number, number])[]

export class ConnSet {
  private constructor(private readonly byProto: Readonly<Record<Protocol, PortRanges>>) {}

  static none(): ConnSet {
    return new ConnSet({ TCP: [], UDP: [], SCTP: [] })
  }

  static all(): ConnSet {
    const full: PortRanges = [[MIN_PORT, MAX_PORT]]
    return new ConnSet({ TCP: full, UDP: full, SCTP: full })
  }

  static of(protocol: Protocol, from = MIN_PORT, to = MAX_PORT): ConnSet {
    const byProto: Record<Protocol, PortRanges> = { TCP: [], UDP: [], SCTP: [] }
    if (from <= to) byProto[protocol] = [[Math.max(MIN_PORT, from), Math.min(MAX_PORT, to)]]
    return new ConnSet(byProto)
  }

  ranges(protocol: Protocol): PortRanges {
    return this.byProto[protocol]
  }

  isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.byProto[p].length === 0)
  }

  isAll(): boolean {
    return PROTOCOLS.every((p) => {
      const r = this.byProto[p]
      return r.length === 1 && r[0]![0] === MIN_PORT && r[0]![1] === MAX_PORT
    })
  }

  has(protocol: Protocol, port: number): boolean {
    for (const [a, b] of this.byProto[protocol]) {
      if (port < a) return false
      if (port <= b) return true
    }
    return false
  }

  union(other: ConnSet): ConnSet {
    const out = {} as Record<Protocol, PortRanges>
    for (const p of PROTOCOLS) out[p] = unionRanges(this.byProto[p], other.byProto[p])
    return new ConnSet(out)
  }

  intersect(other: ConnSet): ConnSet {
    const out = {} as Record<Protocol, PortRanges>
    for (const p of PROTOCOLS) out[p] = intersectRanges(this.byProto[p], other.byProto[p])
    return new ConnSet(out)
  }

  /** The connections of this set that are not in `other`. */
  minus(other: ConnSet): ConnSet {
    const out = {} as Record<Protocol, PortRanges>
    for (const p of PROTOCOLS) out[p] = subtractRanges(this.byProto[p], other.byProto[p])
    return new ConnSet(out)
  }

  equals(other: ConnSet): boolean {
    return PROTOCOLS.every((p) => {
      const a = this.byProto[p]
      const b = other.byProto[p]
      return a.length === b.length && a.every((r, i) => r[0] === b[i]![0] && r[1] === b[i]![1])
    })
  }

  /** True when every connection of this set is in `other`. */
  subsetOf(other: ConnSet): boolean {
    return this.intersect(other).equals(this)
  }

  /**
   * netpol-analyzer's text form: `All Connections`, or `TCP 80,8080-8090,UDP 53` with the
   * protocols sorted as strings and ranges written canonically.
   */
  toString(): string {
    if (this.isAll()) return 'All Connections'
    if (this.isEmpty()) return 'No Connections'
    const parts: string[] = []
    for (const p of [...PROTOCOLS].sort()) {
      const r = this.byProto[p]
      if (r.length) parts.push(`${p} ${r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`)
    }
    return parts.join(',')
  }

  /** A plain-data form for JSON output. */
  toJSON(): { protocol: Protocol; ports: string }[] | 'All Connections' {
    if (this.isAll()) return 'All Connections'
    const out: { protocol: Protocol; ports: string }[] = []
    for (const p of [...PROTOCOLS].sort()) {
      const r = this.byProto[p]
      if (r.length)
        out.push({ protocol: p, ports: r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',') })
    }
    return out
  }
}

function normalise(ranges: (readonly [number, number])[]): PortRanges {
  ranges.sort((x, y) => x[0] - y[0])
  const out: [number, number][] = []
  for (const [a, b] of ranges) {
    const last = out[out.length - 1]
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

function unionRanges(x: PortRanges, y: PortRanges): PortRanges {
  if (!y.length) return x
  if (!x.length) return y
  return normalise([...x, ...y])
}

function intersectRanges(x: PortRanges, y: PortRanges): PortRanges {
  const out: [number, number][] = []
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    const a = Math.max(x[i]![0], y[j]![0])
    const b = Math.min(x[i]![1], y[j]![1])
    if (a <= b) out.push([a, b])
    if (x[i]![1] < y[j]![1]) i++
    else j++
  }
  return out
}

function subtractRanges(x: PortRanges, y: PortRanges): PortRanges {
  if (!y.length || !x.length) return x
  const out: [number, number][] = []
  let j = 0
  for (const [a0, b] of x) {
    let a = a0
    while (j < y.length && y[j]![1] < a) j++
    let k = j
    while (k < y.length && y[k]![0] <= b) {
      const [c, d] = y[k]!
      if (c > a) out.push([a, c - 1])
      a = Math.max(a, d + 1)
      if (d >= b) break
      k++
    }
    if (a <= b) out.push([a, b])
  }
  return out
}

// Fixed-size bit sets over peer indexes, for the connectivity matrix.

export type Bits = Uint32Array

export function words(n: number): number {
  return (n + 31) >>> 5
}

export function emptyBits(n: number): Bits {
  return new Uint32Array(words(n))
}

/** All of the first `n` bits set. */
export function fullBits(n: number): Bits {
  const b = new Uint32Array(words(n)).fill(0xffffffff)
  const rest = n & 31
  if (rest) b[b.length - 1] = (1 << rest) - 1
  return b
}

export function setBit(b: Bits, i: number): void {
  b[i >>> 5]! |= 1 << (i & 31)
}

export function hasBit(b: Bits, i: number): boolean {
  return (b[i >>> 5]! & (1 << (i & 31))) !== 0
}

export function orInto(target: Bits, src: Bits): void {
  for (let i = 0; i < target.length; i++) target[i]! |= src[i]!
}

export function and(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!
  return out
}

/** The complement within `universe`. */
export function andNot(universe: Bits, b: Bits): Bits {
  const out = new Uint32Array(universe.length)
  for (let i = 0; i < universe.length; i++) out[i] = universe[i]! & ~b[i]!
  return out
}

export function isFull(b: Bits, full: Bits): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== full[i]) return false
  return true
}

/** Calls `fn` with the index of every set bit. */
export function forEachBit(b: Bits, fn: (i: number) => void): void {
  for (let w = 0; w < b.length; w++) {
    let x = b[w]!
    while (x) {
      const t = x & -x
      fn((w << 5) + 31 - Math.clz32(t))
      x ^= t
    }
  }
}

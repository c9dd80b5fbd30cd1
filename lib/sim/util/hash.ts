// Deterministic stand-ins for the random parts of a real cluster (name suffixes, IP and
// port picks): the same input always builds the same cluster.

/** FNV-1a, 32 bits. */
export function hash32(text: string): number {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h
}

// The API server's generateName alphabet: no vowels, no digits that look like letters.
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** A suffix like the ones Kubernetes appends to generated names (`web-7d4b9c8f6d-2xk9p`). */
export function nameSuffix(seed: string, length = 5): string {
  let out = ''
  let h = hash32(seed)
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[h % SUFFIX_ALPHABET.length]
    h = hash32(`${seed}#${i}#${h}`)
  }
  return out
}

/** A pod-template-hash like label value: 8 to 10 characters of the same alphabet. */
export function templateHash(seed: string): string {
  return nameSuffix(`template:${seed}`, 8 + (hash32(seed) % 3))
}

// Random tokens and password hashes. Tokens are 32 random bytes (base64url); the database
// keeps only their SHA-256, so a copy of it opens no session and no link. Passwords use
// scrypt from node:crypto with a per-password salt.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url')
}

/** Join codes people may type: no 0/O, 1/l/I. 10 characters ≈ 50 bits. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
export function joinCode(length = 10): string {
  const bytes = randomBytes(length * 2)
  let out = ''
  // Rejection sampling keeps every character equally likely.
  for (const b of bytes) {
    if (b >= 256 - (256 % CODE_ALPHABET.length)) continue
    out += CODE_ALPHABET[b % CODE_ALPHABET.length]
    if (out.length === length) return out
  }
  return out + joinCode(length - out.length)
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

// N=2^15, r=8, p=1: OWASP's scrypt baseline; 32 MiB of memory per hash.
const N = 32768
const R = 8
const P = 1
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check, so timing does not reveal which accounts exist.
    await scryptAsync(password, randomBytes(16), N, R, P)
    return false
  }
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p))
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

// Fixed-window counters kept in the database, so a limit holds across every replica behind
// a load balancer. One upsert per hit: the row for (key, window) counts the hits.
import { isIPv4, isIPv6 } from 'node:net'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface Limit {
  /** hits allowed per window */
  max: number
  windowMs: number
}

export interface RateDecision {
  allowed: boolean
  /** seconds until the window ends, for Retry-After */
  retryAfter: number
}

export async function hit(
  db: Kysely<Database>,
  key: string,
  limit: Limit,
  now: number,
): Promise<RateDecision> {
  const windowStart = now - (now % limit.windowMs)
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow()
  return {
    allowed: Number(row.hits) <= limit.max,
    retryAfter: Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000)),
  }
}

/** Drops windows that ended before `now`; run now and then so the table stays small. */
export async function prune(db: Kysely<Database>, now: number, longestWindowMs: number): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', now - longestWindowMs)
    .execute()
}

/** The window's hits so far, without counting one. */
export async function peek(
  db: Kysely<Database>,
  key: string,
  limit: Limit,
  now: number,
): Promise<RateDecision> {
  const windowStart = now - (now % limit.windowMs)
  const row = await db
    .selectFrom('rate_limits')
    .select('hits')
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirst()
  return {
    allowed: (row ? Number(row.hits) : 0) < limit.max,
    retryAfter: Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000)),
  }
}

/** An IPv6 address's eight 16-bit groups (the address is valid: isIPv6 said so). */
function ipv6Groups(address: string): number[] {
  let s = address.toLowerCase()
  const tail: number[] = []
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    tail.push((a << 8) | b, (c << 8) | d)
    s = s.slice(0, v4.index)
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1)
  }
  const hex = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : [])
  const gap = s.indexOf('::')
  if (gap < 0) return [...hex(s), ...tail]
  const head = hex(s.slice(0, gap))
  const rest = hex(s.slice(gap + 2))
  return [...head, ...Array<number>(8 - tail.length - head.length - rest.length).fill(0), ...rest, ...tail]
}

/**
 * The client address as rate-limit keys count it. One IPv6 host usually holds a whole /64
 * (and picks new addresses in it at will), so an IPv6 address counts as its /64; an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, how a dual-stack socket reports IPv4)
 * counts as the IPv4 address. Brackets, an IPv6 zone and an IPv4 port are dropped. The
 * result has no '/' except in the fixed `::/64` ending of an IPv6 prefix (anything that is
 * not an address is percent-encoded), so a key that puts an email after `<address>/` stays
 * unambiguous.
 */
export function addressKey(address: string): string {
  let a = address.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a)
  if (bracketed) a = bracketed[1]!
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'))
  if (isIPv4(a)) return a
  const unzoned = a.replace(/%[^%]*$/, '')
  if (isIPv6(unzoned)) {
    const g = ipv6Groups(unzoned)
    if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
      return `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`
    return `${g
      .slice(0, 4)
      .map((x) => x.toString(16))
      .join(':')}::/64`
  }
  return encodeURIComponent(address)
}

const MINUTE = 60_000

/**
 * The limits. A whole training room may share one address (a company proxy, the room's
 * NAT), so the per-address limits leave room for a cohort of 500; guessing is limited by
 * the tighter counters of failures and, for join codes, by their size (~52 bits).
 */
export const LIMITS = {
  /** join attempts per address; `max` is the default, PODNET_JOIN_LIMIT sets it (joinLimit) */
  joinPerIp: { max: 1000, windowMs: 10 * MINUTE },
  /** unknown join codes per address: only wrong codes count (lib/server/routes/join.ts) */
  joinMissPerIp: { max: 100, windowMs: 10 * MINUTE },
  loginPerIp: { max: 100, windowMs: 15 * MINUTE },
  /** wrong passwords for one email from one address: a stranger cannot lock the owner out */
  loginFailPerEmailIp: { max: 10, windowMs: 15 * MINUTE },
  /** wrong passwords for one email from all addresses together, by browsers it does not know */
  loginFailPerEmail: { max: 100, windowMs: 15 * MINUTE },
  /**
   * wrong passwords from a browser the account signed in from before (its device cookie,
   * lib/server/auth/devices.ts); such attempts skip the limits above
   */
  loginFailPerDevice: { max: 10, windowMs: 15 * MINUTE },
  magicPerEmail: { max: 5, windowMs: 15 * MINUTE },
  magicPerIp: { max: 30, windowMs: 15 * MINUTE },
  setupPerIp: { max: 20, windowMs: 15 * MINUTE },
} satisfies Record<string, Limit>

/** The per-address join limit with the configured maximum (PODNET_JOIN_LIMIT). */
export const joinLimit = (max: number): Limit => ({ ...LIMITS.joinPerIp, max })

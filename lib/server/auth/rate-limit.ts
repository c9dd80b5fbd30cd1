// Fixed-window counters kept in the database, so a limit holds across every replica behind
// a load balancer. One upsert per hit: the row for (key, window) counts the hits.
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
  /** wrong passwords for one email from all addresses together */
  loginFailPerEmail: { max: 100, windowMs: 15 * MINUTE },
  magicPerEmail: { max: 5, windowMs: 15 * MINUTE },
  magicPerIp: { max: 30, windowMs: 15 * MINUTE },
  setupPerIp: { max: 20, windowMs: 15 * MINUTE },
} satisfies Record<string, Limit>

/** The per-address join limit with the configured maximum (PODNET_JOIN_LIMIT). */
export const joinLimit = (max: number): Limit => ({ ...LIMITS.joinPerIp, max })

// Device cookies (OWASP's pattern against online guessing without locking the owner out).
// A browser that signs in with an account's password gets a long-lived HttpOnly cookie
// holding a random token bound to that account; the tokens table keeps its hash (purpose
// 'device'), so a database dump holds no usable cookie. A login attempt that brings a valid
// device cookie for the account it tries is counted on that device alone: it skips the
// per-address and per-email limits, which strangers can fill, and its wrong passwords do
// not count toward them. The cookie is the browser's, not the session's: logout leaves it.
// Erasing an account deletes its tokens, device tokens with them (and the foreign key
// cascades); expired ones go at the next start with every other expired token.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { hashToken, randomToken } from './secrets'

/** The cookie's name; `__Host-` is put in front where the session cookie has it. */
export const DEVICE_COOKIE = 'podnet-device'
export const DEVICE_TTL_MS = 180 * 24 * 3600_000
/** Device tokens an account keeps (newest first): a script that signs in without keeping cookies cannot pile them up. */
export const DEVICES_PER_USER = 20

/** Tokens we issue are 43 base64url characters; anything else cannot match. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/

/**
 * The hash of the browser's device token when it is valid and bound to `userId` (the
 * account that has the email being tried), else undefined.
 */
export async function knownDevice(
  db: Kysely<Database>,
  token: string | undefined,
  userId: string | undefined,
  now: number,
): Promise<string | undefined> {
  if (!token || !userId || !TOKEN.test(token)) return undefined
  const tokenHash = hashToken(token)
  const row = await db
    .selectFrom('tokens')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'device')
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return row?.user_id === userId ? tokenHash : undefined
}

/**
 * A new device token for the account (returned, to set as the cookie). The one the browser
 * brought, if any, is replaced: the browser keeps one device cookie, the newest sign-in's.
 */
export async function issueDevice(
  db: Kysely<Database>,
  userId: string,
  now: number,
  previous: string | undefined,
): Promise<string> {
  const token = randomToken()
  await db.transaction().execute(async (tx) => {
    if (previous && TOKEN.test(previous))
      await tx
        .deleteFrom('tokens')
        .where('token_hash', '=', hashToken(previous))
        .where('purpose', '=', 'device')
        .execute()
    await tx
      .insertInto('tokens')
      .values({
        token_hash: hashToken(token),
        purpose: 'device',
        user_id: userId,
        email: null,
        expires_at: now + DEVICE_TTL_MS,
        used_at: null,
      })
      .execute()
    const mine = await tx
      .selectFrom('tokens')
      .select('token_hash')
      .where('user_id', '=', userId)
      .where('purpose', '=', 'device')
      .orderBy('expires_at', 'desc')
      .execute()
    const old = mine.slice(DEVICES_PER_USER).map((r) => r.token_hash)
    if (old.length) await tx.deleteFrom('tokens').where('token_hash', 'in', old).execute()
  })
  return token
}

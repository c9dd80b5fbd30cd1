// Server-side sessions: the cookie holds a random token, the table its hash. A login makes
// a new token (so a token planted before login is worthless), logout deletes the row.
import type { Kysely } from 'kysely'
import type { Database, User } from '../db/schema'
import type { Principal } from '../api/route'
import { hashToken, randomToken } from './secrets'

export async function startSession(
  db: Kysely<Database>,
  userId: string,
  now: number,
  ttlMs: number,
  /** the session being replaced, when the browser already had one */
  previousTokenHash?: string,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken()
  const csrfToken = randomToken()
  await db.transaction().execute(async (tx) => {
    if (previousTokenHash)
      await tx.deleteFrom('sessions').where('token_hash', '=', previousTokenHash).execute()
    await tx
      .insertInto('sessions')
      .values({
        token_hash: hashToken(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now,
        expires_at: now + ttlMs,
      })
      .execute()
  })
  return { token, csrfToken }
}

export async function findSession(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<Principal | undefined> {
  // Tokens we issue are 43 base64url characters; anything else cannot match.
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined
  const tokenHash = hashToken(token)
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.csrf_token',
      'sessions.expires_at',
      'users.id',
      'users.display_name',
      'users.email',
      'users.email_verified',
      'users.password_hash',
      'users.role',
      'users.oidc_subject',
      'users.created_at',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (!row || row.expires_at <= now) return undefined
  const { csrf_token, expires_at: _e, ...user } = row
  return { user: user as User, tokenHash, csrfToken: csrf_token }
}

export async function endSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

export async function endAllSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

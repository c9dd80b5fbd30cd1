// Proven and unproven email addresses. An address typed when joining is not proof of owning
// it: whoever typed it could have set the account's password too. So an account is trusted
// with its address — promoted to instructor by it, linked to an OIDC sign-in by it — only
// once the address is proven, and an unproven holder gives the address up to the account
// that proves it.
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Takes an unproven address away from an account: it keeps its memberships, submissions
 * and sessions, but no longer signs in by that address (password or magic link).
 */
export async function releaseEmail(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email: null, email_verified: 0, password_hash: null })
    .where('id', '=', userId)
    .execute()
  await db.deleteFrom('tokens').where('user_id', '=', userId).where('purpose', '=', 'magic-link').execute()
}

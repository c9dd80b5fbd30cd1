// The tool's own RS256 key pair: made on first need and kept in the database, so every
// replica signs with the same key and the platform's cached copy of our JWKS stays valid
// across restarts. The private half never leaves this module: it is not logged and no
// route returns it; the JWKS route publishes the public halves only.
import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, importJWK } from 'jose'
import type { JWK } from 'jose'
import type { ServerContext } from '../context'
import type { ToolKey } from './ags'

const signing = new WeakMap<ServerContext, Promise<ToolKey>>()

async function oldest(server: ServerContext) {
  return server.db
    .selectFrom('lti_keys')
    .selectAll()
    .orderBy('created_at', 'asc')
    .orderBy('kid', 'asc')
    .executeTakeFirst()
}

async function ensureKey(server: ServerContext) {
  const found = await oldest(server)
  if (found) return found
  const pair = await generateKeyPair('RS256', { extractable: true })
  const kid = randomUUID()
  const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' }
  const privateJwk: JWK = { ...(await exportJWK(pair.privateKey)), kid, alg: 'RS256' }
  await server.db
    .insertInto('lti_keys')
    .values({
      kid,
      public_jwk: JSON.stringify(publicJwk),
      private_jwk: JSON.stringify(privateJwk),
      created_at: server.now(),
    })
    .execute()
  // Replicas that raced here each stored one; all are published and the oldest signs.
  return (await oldest(server))!
}

/** The key our client assertions are signed with. */
export function toolKey(server: ServerContext): Promise<ToolKey> {
  let key = signing.get(server)
  if (!key) {
    key = ensureKey(server).then(async (row) => ({
      kid: row.kid,
      privateKey: (await importJWK(JSON.parse(row.private_jwk) as JWK, 'RS256')) as CryptoKey,
    }))
    // A failure (the database away) is not remembered: the next caller tries again.
    key.catch(() => signing.delete(server))
    signing.set(server, key)
  }
  return key
}

/** The public keys, as the platform fetches them from our JWKS URL. */
export async function publicJwks(server: ServerContext): Promise<{ keys: JWK[] }> {
  await ensureKey(server)
  const rows = await server.db.selectFrom('lti_keys').select('public_jwk').orderBy('created_at').execute()
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as JWK) }
}

// The two legs of an OIDC sign-in. The flow's state, PKCE verifier and nonce are kept in
// the database (any replica can finish what another started) and bound to the browser
// that started it by a short-lived cookie, so nobody can push their own sign-in onto
// someone else's browser.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ServerContext } from '../context'
import type { User } from '../db/schema'
import { defineRoute } from '../api/route'
import { HttpError } from '../api/errors'
import { errorBody } from '../api/schemas'
import { findNul } from '../api/nul'
import { client, oidcConfiguration } from '../auth/oidc'
import { hashToken, randomToken } from '../auth/secrets'
import { releaseEmail } from '../auth/email'
import { describeError } from '../log'
import { signIn } from './session'

const FLOW_COOKIE = 'podnet-oidc'
const FLOW_TTL_MS = 10 * 60_000
const RETURN_TO = /^\/[A-Za-z0-9/_-]{0,200}$/

function redirect(location: string) {
  return { status: 302, headers: { Location: location } }
}

function requireOidc(server: ServerContext) {
  if (!server.config.oidc) throw new HttpError(404, 'sign-in through an OIDC provider is not configured')
  return server.config.oidc
}

async function findOrCreateUser(
  server: ServerContext,
  issuer: string,
  claims: Record<string, unknown>,
): Promise<User> {
  const subject = `${issuer} ${String(claims.sub)}`
  const existing = await server.db
    .selectFrom('users')
    .selectAll()
    .where('oidc_subject', '=', subject)
    .executeTakeFirst()
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined)
  const email = claims.email_verified === true ? str(claims.email)?.toLowerCase() : undefined
  if (existing) {
    // The provider vouches for the account's own address: it is proven from now on.
    if (email && existing.email === email && existing.email_verified !== 1) {
      await server.db.updateTable('users').set({ email_verified: 1 }).where('id', '=', existing.id).execute()
      return { ...existing, email_verified: 1 }
    }
    return existing
  }
  const name = (str(claims.name) ?? str(claims.preferred_username) ?? email?.split('@')[0] ?? 'Learner')
    .replace(/\p{Cc}/gu, '')
    .slice(0, 60)
  return server.db.transaction().execute(async (tx) => {
    // A verified email links the sign-in to the account that has proven the same address.
    // An account holding it unproven — typed when joining, perhaps by someone else, who may
    // have set its password — is not linked: it gives the address up to the new account.
    let taken = false
    if (email) {
      const byEmail = await tx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
      if (byEmail && byEmail.email_verified === 1) {
        if (!byEmail.oidc_subject) {
          await tx.updateTable('users').set({ oidc_subject: subject }).where('id', '=', byEmail.id).execute()
          return { ...byEmail, oidc_subject: subject }
        }
        taken = true
      } else if (byEmail) await releaseEmail(tx, byEmail.id)
    }
    const u: User = {
      id: randomUUID(),
      display_name: name,
      email: taken ? null : (email ?? null),
      email_verified: email && !taken ? 1 : 0,
      password_hash: null,
      role: 'learner',
      oidc_subject: subject,
      created_at: server.now(),
    }
    await tx.insertInto('users').values(u).execute()
    return u
  })
}

export const oidcRoutes = [
  defineRoute({
    id: 'startOidc',
    method: 'GET',
    path: '/api/oidc/start',
    tag: 'session',
    summary:
      'Starts a sign-in at the organisation’s OIDC provider (a redirect); back to `returnTo` afterwards',
    access: 'public',
    query: z
      .object({ returnTo: z.string().regex(RETURN_TO, { error: 'must be a path on this site' }).optional() })
      .strict(),
    responses: {
      302: { description: 'to the provider' },
      404: { description: 'no provider configured', schema: errorBody },
      503: { description: 'the provider cannot be reached', schema: errorBody },
    },
    async handler({ server, query, origin, cookies }) {
      const oidc = requireOidc(server)
      let config: client.Configuration
      try {
        config = await oidcConfiguration(oidc)
      } catch (e) {
        server.log.error(`OIDC discovery at ${oidc.issuer} failed: ${describeError(e)}`)
        throw new HttpError(503, 'the sign-in provider cannot be reached')
      }
      const state = client.randomState()
      const nonce = client.randomNonce()
      const verifier = client.randomPKCECodeVerifier()
      const browser = randomToken()
      await server.db
        .insertInto('oidc_flows')
        .values({
          state,
          code_verifier: verifier,
          nonce,
          browser_hash: hashToken(browser),
          return_to: query.returnTo ?? '/',
          created_at: server.now(),
        })
        .execute()
      await server.db
        .deleteFrom('oidc_flows')
        .where('created_at', '<', server.now() - FLOW_TTL_MS)
        .execute()
      cookies.set(FLOW_COOKIE, browser, FLOW_TTL_MS / 1000)
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: `${origin}/api/oidc/callback`,
        scope: 'openid profile email',
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      })
      return redirect(url.href)
    },
  }),

  defineRoute({
    id: 'finishOidc',
    method: 'GET',
    path: '/api/oidc/callback',
    tag: 'session',
    summary:
      'Where the provider sends the browser back: checks the answer, signs in, returns to the page the flow started from',
    access: 'public',
    query: z.record(z.string(), z.string()),
    responses: {
      302: { description: 'signed in; back to the page the sign-in started from' },
      403: {
        description: 'the flow is unknown, expired, or was started in another browser',
        schema: errorBody,
      },
    },
    async handler({ server, query, request, cookies, principal, origin }) {
      const oidc = requireOidc(server)
      const state = query.state ?? ''
      const flow = await server.db
        .deleteFrom('oidc_flows')
        .where('state', '=', state)
        .returningAll()
        .executeTakeFirst()
      const browser = cookies.get(FLOW_COOKIE)
      cookies.set(FLOW_COOKIE, '', 0)
      if (
        !flow ||
        flow.created_at < server.now() - FLOW_TTL_MS ||
        !browser ||
        hashToken(browser) !== flow.browser_hash
      )
        throw new HttpError(
          403,
          'this sign-in is unknown, expired or was started in another browser: start again',
        )
      if (query.error)
        throw new HttpError(403, `the provider refused the sign-in (${query.error.slice(0, 100)})`)
      let claims: Record<string, unknown> | undefined
      try {
        const config = await oidcConfiguration(oidc)
        // The URL the provider redirected to, on this site's public origin.
        const current = new URL(`${origin}/api/oidc/callback${new URL(request.url).search}`)
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: flow.code_verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        })
        claims = tokens.claims() as Record<string, unknown> | undefined
      } catch (e) {
        server.log.warn(`OIDC sign-in failed: ${(e as Error).message}`)
        throw new HttpError(403, 'the provider’s answer could not be verified: start again')
      }
      if (!claims?.sub) throw new HttpError(403, 'the provider sent no subject')
      // PostgreSQL refuses NUL in text: a claim with one must not reach an insert.
      if (findNul(claims)) throw new HttpError(403, 'the provider’s answer contains a NUL character')
      const user = await findOrCreateUser(server, oidc.issuer, claims)
      await signIn(server, cookies, user, principal)
      return redirect(`${origin}${RETURN_TO.test(flow.return_to) ? flow.return_to : '/'}`)
    },
  }),
]

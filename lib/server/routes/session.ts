// Signing in and out: the setup link, email + password, magic links.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ServerContext } from '../context'
import type { User } from '../db/schema'
import type { CookieJar, Principal } from '../api/route'
import { defineRoute } from '../api/route'
import { HttpError, tooMany } from '../api/errors'
import { displayName, email, errorBody, password, userBody } from '../api/schemas'
import { hit, LIMITS, peek } from '../auth/rate-limit'
import { DEVICE_COOKIE, DEVICE_TTL_MS, issueDevice, knownDevice } from '../auth/devices'
import { hashPassword, hashToken, randomToken, verifyPassword } from '../auth/secrets'
import { startSession, endSession } from '../auth/sessions'
import { magicLinksAvailable, sendMagicLink } from '../mail'
import { SETUP_FILE } from '../bootstrap'
import { rmSync } from 'node:fs'
import { join } from 'node:path'

export const publicUser = (u: Pick<User, 'id' | 'display_name' | 'email' | 'role'>) => ({
  id: u.id,
  displayName: u.display_name,
  email: u.email,
  role: u.role,
})

const signedIn = z.object({ user: userBody, csrfToken: z.string() })

/** Starts a fresh session for the user (rotating any the browser had) and sets the cookie. */
export async function signIn(
  server: ServerContext,
  cookies: CookieJar,
  user: User,
  previous: Principal | undefined,
): Promise<{ user: ReturnType<typeof publicUser>; csrfToken: string }> {
  const { token, csrfToken } = await startSession(
    server.db,
    user.id,
    server.now(),
    server.config.sessionTtlMs,
    previous?.tokenHash,
  )
  cookies.setSession(token, Math.floor(server.config.sessionTtlMs / 1000))
  return { user: publicUser(user), csrfToken }
}

/** Remembers this browser for the account: a new device cookie (lib/server/auth/devices.ts). */
async function rememberDevice(server: ServerContext, cookies: CookieJar, userId: string) {
  const token = await issueDevice(server.db, userId, server.now(), cookies.get(DEVICE_COOKIE))
  cookies.set(DEVICE_COOKIE, token, Math.floor(DEVICE_TTL_MS / 1000))
}

async function limit(server: ServerContext, key: string, l: { max: number; windowMs: number }) {
  const d = await hit(server.db, key, l, server.now())
  if (!d.allowed) throw tooMany(d.retryAfter)
}

export const sessionRoutes = [
  defineRoute({
    id: 'getSession',
    method: 'GET',
    path: '/api/session',
    tag: 'session',
    summary: 'Who is signed in (null when nobody), the CSRF token for state changes, and the sign-in options',
    access: 'public',
    responses: {
      200: {
        description: 'the session',
        schema: z.object({
          user: userBody.nullable(),
          csrfToken: z.string().nullable(),
          oidc: z.object({ name: z.string() }).nullable(),
          magicLinks: z.boolean().describe('sign-in links by email are available (mail is set up)'),
          setupNeeded: z.boolean(),
        }),
      },
    },
    async handler({ principal, server }) {
      const admin = await server.db
        .selectFrom('users')
        .select('id')
        .where('role', '=', 'admin')
        .executeTakeFirst()
      return {
        body: {
          user: principal ? publicUser(principal.user) : null,
          csrfToken: principal?.csrfToken ?? null,
          oidc: server.config.oidc ? { name: server.config.oidc.name } : null,
          magicLinks: magicLinksAvailable(server.config),
          setupNeeded: !admin,
        },
      }
    },
  }),

  defineRoute({
    id: 'completeSetup',
    method: 'POST',
    path: '/api/setup',
    tag: 'session',
    summary: 'Creates the first instructor (an admin) with the one-time setup token the server printed',
    access: 'public',
    body: z.object({ token: z.string().min(1).max(200), displayName, email, password }).strict(),
    responses: {
      201: { description: 'signed in as the new admin', schema: signedIn },
      403: { description: 'the token is wrong, used or expired', schema: errorBody },
    },
    async handler({ server, body, cookies, principal, clientIp }) {
      await limit(server, `setup-ip:${clientIp}`, LIMITS.setupPerIp)
      const now = server.now()
      const passwordHash = await hashPassword(body.password)
      const user = await server.db.transaction().execute(async (tx) => {
        const used = await tx
          .updateTable('tokens')
          .set({ used_at: now })
          .where('token_hash', '=', hashToken(body.token))
          .where('purpose', '=', 'setup')
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst()
        if (Number(used.numUpdatedRows) !== 1)
          throw new HttpError(403, 'this setup link is wrong, used or expired')
        // One admin from setup: every other setup token dies with this one.
        await tx.deleteFrom('tokens').where('purpose', '=', 'setup').execute()
        const taken = await tx
          .selectFrom('users')
          .select('id')
          .where('email', '=', body.email)
          .executeTakeFirst()
        if (taken) throw new HttpError(409, 'an account with this email exists', 'body.email')
        const u: User = {
          id: randomUUID(),
          display_name: body.displayName,
          email: body.email,
          // Whoever holds the setup link is the operator, who chose this address.
          email_verified: 1,
          password_hash: passwordHash,
          role: 'admin',
          oidc_subject: null,
          created_at: now,
        }
        await tx.insertInto('users').values(u).execute()
        return u
      })
      rmSync(join(server.config.dataDir, SETUP_FILE), { force: true })
      server.log.info(`setup complete: admin account ${user.email} created`)
      await rememberDevice(server, cookies, user.id)
      return { status: 201, body: await signIn(server, cookies, user, principal) }
    },
  }),

  defineRoute({
    id: 'login',
    method: 'POST',
    path: '/api/login',
    tag: 'session',
    summary: 'Signs in with email and password',
    access: 'public',
    body: z.object({ email, password: z.string().min(1).max(200) }).strict(),
    responses: {
      200: { description: 'signed in', schema: signedIn },
      401: { description: 'wrong email or password', schema: errorBody },
      429: { description: 'too many attempts', schema: errorBody },
    },
    async handler({ server, body, cookies, principal, clientIp }) {
      const now = server.now()
      const user = await server.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', body.email)
        .executeTakeFirst()
      // A browser this account signed in from before (a valid device cookie bound to it) is
      // counted on its own: strangers filling the counters below cannot lock the owner out.
      const device = await knownDevice(server.db, cookies.get(DEVICE_COOKIE), user?.id, now)
      // Otherwise wrong passwords count per (email, address), so a stranger who tries an
      // account's password ten times locks out only their own address, and per email across
      // every address with a much higher cap, which still bounds a guesser with many
      // addresses. clientIp (an IPv6 address as its /64) has no '/' but in its fixed '::/64'
      // ending, so the pair key cannot be made to collide.
      const counters: [string, { max: number; windowMs: number }][] = device
        ? [[`login-fail-device:${device}`, LIMITS.loginFailPerDevice]]
        : [
            [`login-fail:${clientIp}/${body.email}`, LIMITS.loginFailPerEmailIp],
            [`login-fail-email:${body.email}`, LIMITS.loginFailPerEmail],
          ]
      if (!device) await limit(server, `login-ip:${clientIp}`, LIMITS.loginPerIp)
      for (const [key, l] of counters) {
        const p = await peek(server.db, key, l, now)
        if (!p.allowed) throw tooMany(p.retryAfter)
      }
      if (!(await verifyPassword(body.password, user?.password_hash ?? null)) || !user) {
        for (const [key, l] of counters) await hit(server.db, key, l, now)
        throw new HttpError(401, 'wrong email or password')
      }
      await rememberDevice(server, cookies, user.id)
      return { body: await signIn(server, cookies, user, principal) }
    },
  }),

  defineRoute({
    id: 'logout',
    method: 'POST',
    path: '/api/logout',
    tag: 'session',
    summary:
      'Ends this session (the token stops working everywhere); the browser keeps its device cookie, which names the browser, not the session',
    access: 'user',
    responses: { 204: { description: 'signed out' } },
    async handler({ server, principal, cookies }) {
      await endSession(server.db, principal!.tokenHash)
      cookies.clearSession()
      return { status: 204 }
    },
  }),

  defineRoute({
    id: 'setPassword',
    method: 'POST',
    path: '/api/me/password',
    tag: 'session',
    summary:
      'Sets the signed-in account’s password (the current one is needed when there is one); other sessions of the account end',
    access: 'user',
    body: z.object({ password, currentPassword: z.string().max(200).optional() }).strict(),
    responses: {
      204: { description: 'changed' },
      403: { description: 'the current password is wrong', schema: errorBody },
    },
    async handler({ server, principal, body }) {
      const user = principal!.user
      if (user.password_hash && !(await verifyPassword(body.currentPassword ?? '', user.password_hash)))
        throw new HttpError(403, 'the current password is wrong', 'body.currentPassword')
      if (!user.email) throw new HttpError(409, 'an account without an email cannot sign in with a password')
      const hash = await hashPassword(body.password)
      await server.db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute()
        await tx
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .where('token_hash', '!=', principal!.tokenHash)
          .execute()
      })
      return { status: 204 }
    },
  }),

  defineRoute({
    id: 'requestMagicLink',
    method: 'POST',
    path: '/api/magic-links',
    tag: 'session',
    summary:
      'Mails a sign-in link to an account’s email; always 202 when mail is set up, so it does not tell which accounts exist',
    access: 'public',
    body: z.object({ email }).strict(),
    responses: {
      202: { description: 'a link was sent if the account exists' },
      409: {
        description:
          'no mail is set up (PODNET_MAIL_COMMAND and PODNET_PUBLIC_URL), so there are no sign-in links by email',
        schema: errorBody,
      },
      429: { description: 'too many', schema: errorBody },
    },
    async handler({ server, body, clientIp }) {
      if (!magicLinksAvailable(server.config))
        throw new HttpError(
          409,
          'sign-in links by email are not available: this server has no mail set up (PODNET_MAIL_COMMAND and PODNET_PUBLIC_URL)',
        )
      await limit(server, `magic-ip:${clientIp}`, LIMITS.magicPerIp)
      await limit(server, `magic-email:${body.email}`, LIMITS.magicPerEmail)
      const user = await server.db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('email', '=', body.email)
        .executeTakeFirst()
      if (user) {
        const token = randomToken()
        await server.db
          .insertInto('tokens')
          .values({
            token_hash: hashToken(token),
            purpose: 'magic-link',
            user_id: user.id,
            email: body.email,
            expires_at: server.now() + 15 * 60_000,
            used_at: null,
          })
          .execute()
        await sendMagicLink(server, body.email, `${server.config.publicUrl}/login#magic=${token}`)
      }
      return { status: 202 }
    },
  }),

  defineRoute({
    id: 'redeemMagicLink',
    method: 'POST',
    path: '/api/magic-links/redeem',
    tag: 'session',
    summary: 'Signs in with the token of a magic link (once, within 15 minutes)',
    access: 'public',
    body: z.object({ token: z.string().min(1).max(200) }).strict(),
    responses: {
      200: { description: 'signed in', schema: signedIn },
      403: { description: 'wrong, used or expired', schema: errorBody },
    },
    async handler({ server, body, cookies, principal }) {
      const now = server.now()
      const hash = hashToken(body.token)
      const user = await server.db.transaction().execute(async (tx) => {
        const row = await tx
          .updateTable('tokens')
          .set({ used_at: now })
          .where('token_hash', '=', hash)
          .where('purpose', '=', 'magic-link')
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .returning(['user_id', 'email'])
          .executeTakeFirst()
        const u = row?.user_id
          ? await tx.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst()
          : undefined
        if (!row || !u) return undefined
        // (Links made before addresses were remembered carry none: they sign in, prove nothing.)
        if (row.email === null) return u
        // The link was mailed to an address the account has since given up.
        if (u.email !== row.email) return undefined
        if (u.email_verified === 1) return u
        // The address is proven now. Whoever used the account before — with the password
        // set at joining, or the session the join opened — had not shown they own the
        // address, and may not be its owner: the password goes, and every other session ends.
        await tx
          .updateTable('users')
          .set({ email_verified: 1, password_hash: null })
          .where('id', '=', u.id)
          .execute()
        await tx.deleteFrom('sessions').where('user_id', '=', u.id).execute()
        // Nor are the browsers they signed in from the owner's.
        await tx.deleteFrom('tokens').where('user_id', '=', u.id).where('purpose', '=', 'device').execute()
        return { ...u, email_verified: 1, password_hash: null }
      })
      if (!user) throw new HttpError(403, 'this sign-in link is wrong, used or expired')
      await rememberDevice(server, cookies, user.id)
      return { body: await signIn(server, cookies, user, principal) }
    },
  }),
]

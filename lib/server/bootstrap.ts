// The first instructor. There is no default account: either PODNET_ADMIN_EMAIL and
// PODNET_ADMIN_PASSWORD name one (created on the first start), or, while no admin exists,
// every start prints a one-time setup link (valid 24 hours) and writes it to
// DATA_DIR/setup-url.txt, readable by its owner only, for installs where nobody reads the
// console; each new link replaces the ones printed before, so only the newest works.
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ServerContext } from './context'
import { StartupError } from './db/connect'
import { hashPassword, hashToken, randomToken } from './auth/secrets'
import { prune } from './auth/rate-limit'

export const SETUP_TTL_MS = 24 * 3600 * 1000
export const SETUP_FILE = 'setup-url.txt'

export function siteUrl(ctx: Pick<ServerContext, 'config'>): string {
  return ctx.config.publicUrl ?? `http://${ctx.config.host ?? 'localhost'}:${ctx.config.port}`
}

export async function bootstrap(ctx: ServerContext): Promise<void> {
  const { db, config, log } = ctx
  const now = ctx.now()
  // Housekeeping at each start: expired sessions, links and rate-limit windows.
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
  await db.deleteFrom('tokens').where('expires_at', '<=', now).execute()
  await prune(db, now, 24 * 3600_000)
  if (config.mailCommand && !config.publicUrl)
    log.warn(
      'PODNET_MAIL_COMMAND is set but PODNET_PUBLIC_URL is not: sign-in links by email stay off until it is (a mailed link needs the public address)',
    )
  if (config.adminEmail || config.adminPassword) {
    if (!config.adminEmail || !config.adminPassword)
      throw new StartupError('set both PODNET_ADMIN_EMAIL and PODNET_ADMIN_PASSWORD, or neither')
    if (config.adminPassword.length < 12)
      throw new StartupError('PODNET_ADMIN_PASSWORD must be at least 12 characters')
    const email = config.adminEmail.toLowerCase()
    const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
    if (!existing) {
      await db
        .insertInto('users')
        .values({
          id: randomUUID(),
          display_name: email.split('@')[0] || 'Admin',
          email,
          // The operator named this address for the admin.
          email_verified: 1,
          password_hash: await hashPassword(config.adminPassword),
          role: 'admin',
          oidc_subject: null,
          created_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .execute()
      log.info(`admin account ${email} created from PODNET_ADMIN_EMAIL`)
    }
    return
  }
  const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst()
  const file = join(config.dataDir, SETUP_FILE)
  if (admin) {
    rmSync(file, { force: true })
    return
  }
  const token = randomToken()
  // The links printed at earlier starts stop working: otherwise every one of them, in old
  // logs and terminals, would stay a way in for 24 hours.
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('tokens').where('purpose', '=', 'setup').where('used_at', 'is', null).execute()
    await tx
      .insertInto('tokens')
      .values({
        token_hash: hashToken(token),
        purpose: 'setup',
        user_id: null,
        email: null,
        expires_at: now + SETUP_TTL_MS,
        used_at: null,
      })
      .execute()
  })
  const link = `${siteUrl(ctx)}/setup#token=${token}`
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
    writeFileSync(file, `${link}\n`, { mode: 0o600 })
  } catch {
    // a read-only data folder (PostgreSQL installs): the console line is enough
  }
  // The one secret the server prints, on purpose: it is how the first instructor gets in.
  log.info(
    `no instructor account yet: open ${link} within 24 hours to create the first one (links printed before this one no longer work)`,
  )
}

// Settings from the environment, read once at start. Nothing here has a default secret:
// without PODNET_ADMIN_EMAIL/PODNET_ADMIN_PASSWORD the first start prints a setup link.
import { StartupError } from './db/connect'

export interface OidcConfig {
  issuer: string
  clientId: string
  clientSecret?: string
  /** the button's label, e.g. "Sign in with Acme" */
  name: string
}

export interface ServerConfig {
  dataDir: string
  databaseUrl?: string
  /** PostgreSQL schema (DATABASE_SCHEMA; tests use a fresh one); the default search_path otherwise */
  pgSchema?: string
  /** the address people open, for links printed to the console; e.g. https://lab.example.org */
  publicUrl?: string
  adminEmail?: string
  adminPassword?: string
  /** served over TLS (PODNET_HTTPS=1): cookies are always Secure */
  https: boolean
  /**
   * PODNET_TRUSTED_PROXIES: how many proxies in front of the server append to
   * X-Forwarded-For (and set X-Forwarded-Host/-Proto). 0, the default: the socket's address
   * is the client's, and the Host header says which address the browser used.
   */
  trustedProxies: number
  /**
   * PODNET_JOIN_LIMIT: join attempts (and, counted apart, join-link lookups) allowed per
   * client address in 10 minutes. A training room often reaches the server from one NAT
   * address, so the default leaves room for 500 learners and their retries.
   */
  joinLimit: number
  oidc?: OidcConfig
  /** a sendmail-compatible command that reads a message on stdin (e.g. `/usr/sbin/sendmail -t`) */
  mailCommand?: string
  sessionTtlMs: number
  /** the port `npm start` listens on, for the setup link when no public URL is set */
  port: string
  /** the address it listens on (Next's HOSTNAME), when it is one address rather than all */
  host?: string
}

const on = (v: string | undefined) => !!v && /^(1|true|yes|on)$/i.test(v.trim())

function proxies(v: string | undefined): number {
  const text = v?.trim() || '0'
  // A typo must not quietly trust (or distrust) the wrong address: refuse to start.
  if (!/^\d{1,2}$/.test(text))
    throw new StartupError(
      `PODNET_TRUSTED_PROXIES must be a number of proxies (0 to 99), not ${JSON.stringify(text)}`,
    )
  return Number(text)
}

/** The default of PODNET_JOIN_LIMIT. */
export const DEFAULT_JOIN_LIMIT = 1000

function joinLimit(v: string | undefined): number {
  const text = v?.trim()
  if (!text) return DEFAULT_JOIN_LIMIT
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1)
    throw new StartupError(
      `PODNET_JOIN_LIMIT must be a number of join attempts per address in 10 minutes (1 or more), not ${JSON.stringify(text)}`,
    )
  return Number(text)
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const issuer = env.OIDC_ISSUER?.trim()
  const clientId = env.OIDC_CLIENT_ID?.trim()
  return {
    dataDir: env.DATA_DIR?.trim() || 'data',
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    pgSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    publicUrl: env.PODNET_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined,
    adminEmail: env.PODNET_ADMIN_EMAIL?.trim() || undefined,
    adminPassword: env.PODNET_ADMIN_PASSWORD || undefined,
    https: on(env.PODNET_HTTPS),
    trustedProxies: proxies(env.PODNET_TRUSTED_PROXIES),
    joinLimit: joinLimit(env.PODNET_JOIN_LIMIT),
    oidc:
      issuer && clientId
        ? {
            issuer,
            clientId,
            clientSecret: env.OIDC_CLIENT_SECRET || undefined,
            name: env.OIDC_NAME?.trim() || 'your organisation',
          }
        : undefined,
    mailCommand: env.PODNET_MAIL_COMMAND?.trim() || undefined,
    sessionTtlMs: 30 * 24 * 3600 * 1000,
    port: env.PORT?.trim() || '3000',
    host: boundHost(env.HOSTNAME),
  }
}

// A setup link to localhost fails where localhost resolves to ::1 first and the server
// listens on 127.0.0.1 only; a wildcard address is not one to open, so localhost it is.
function boundHost(v: string | undefined): string | undefined {
  const h = v?.trim()
  if (!h || h === '0.0.0.0' || h === '::' || h === '[::]') return undefined
  return h.includes(':') && !h.startsWith('[') ? `[${h}]` : h
}

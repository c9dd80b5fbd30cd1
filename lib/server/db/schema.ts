// The tables, as Kysely sees them. Both dialects store the same shapes: ids are random
// text, times are milliseconds since the epoch (bigint in PostgreSQL, read back as numbers),
// flags are 0/1 integers and structured values are JSON text, so one query works on both.
import type { Generated, Insertable, Selectable } from 'kysely'

export type Role = 'admin' | 'instructor' | 'learner'

export interface UsersTable {
  id: string
  display_name: string
  /** lower-cased; unique when present */
  email: string | null
  /**
   * 1 when the email is proven: a magic link mailed to it was opened, an OIDC provider said
   * it is verified, or an admin made the account for it (PODNET_ADMIN_EMAIL, the setup link,
   * a new instructor). An address typed when joining is 0 until then.
   */
  email_verified: number
  /** `scrypt$N$r$p$salt$hash`, base64 parts */
  password_hash: string | null
  role: Role
  /** `issuer sub` of the OIDC account, unique when present */
  oidc_subject: string | null
  created_at: number
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a database dump holds no usable session */
  token_hash: string
  user_id: string
  /** sent by the client in x-csrf-token on every state change */
  csrf_token: string
  created_at: number
  expires_at: number
}

/**
 * One-time tokens (the setup link, magic links) and the device cookies of browsers that
 * signed in (lib/server/auth/devices.ts); only their hash is kept.
 */
export interface TokensTable {
  token_hash: string
  purpose: 'setup' | 'magic-link' | 'device'
  user_id: string | null
  /** the address a magic link went to: redeeming it proves that address, if the account still has it */
  email: string | null
  expires_at: number
  used_at: number | null
}

export interface CohortsTable {
  id: string
  title: string
  owner_id: string
  join_code: string
  /** 1 while learners may join and submit */
  open: number
  /** after this, the join link stops working (null: never) */
  join_expires_at: number | null
  /** at most this many joins through the link (null: no limit) */
  join_max_uses: number | null
  join_uses: number
  /** after this, the cohort is closed for submissions too (null: never) */
  expires_at: number | null
  created_at: number
}

export interface MembershipsTable {
  cohort_id: string
  user_id: string
  joined_at: number
}

export interface SubmissionsTable {
  id: string
  cohort_id: string
  user_id: string
  exercise_id: string
  /** the learner's workspace exactly as received, JSON */
  workspace: string
  /** the server's verdict: 1 when every check passed */
  passed: number
  /** the grader's result, JSON */
  result: string
  created_at: number
}

export type EventKind =
  | 'joined'
  | 'opened-lesson'
  | 'completed-lesson'
  | 'checked'
  | 'passed'
  | 'hint-used'
  | 'solution-shown'
  /** passed in the browser before joining; not graded by the server */
  | 'passed-in-browser'

export interface EventsTable {
  id: string
  cohort_id: string
  user_id: string
  kind: EventKind
  /** the lesson slug or exercise id the event is about */
  subject: string | null
  at: number
}

export interface RateLimitsTable {
  /** e.g. `login:ip:10.0.0.7`, `join:code:abcd` */
  key: string
  window_start: number
  hits: number
}

/** Login attempts through OIDC in flight: kept here so any replica can finish them. */
export interface OidcFlowsTable {
  state: string
  code_verifier: string
  nonce: string
  /** hash of the value in the browser's flow cookie: the flow finishes in the browser that started it */
  browser_hash: string
  /** the page to return to, e.g. the join link the flow started from */
  return_to: string
  created_at: number
}

/** An LMS registered by an admin; `deployment_ids` is a JSON array of strings. */
export interface LtiPlatformsTable {
  id: string
  issuer: string
  client_id: string
  deployment_ids: string
  auth_login_url: string
  token_url: string
  jwks_url: string
  /** the admin who registered it; owns the cohorts its launches create */
  owner_id: string
  created_at: number
}

/** The tool's RS256 key pairs as JWKs (JSON); the oldest signs, all are published. */
export interface LtiKeysTable {
  kid: string
  public_jwk: string
  private_jwk: string
  created_at: number
}

/** LTI logins in flight: single use, bound to the browser by a cookie's hash. */
export interface LtiLoginsTable {
  state: string
  nonce: string
  platform_id: string
  browser_hash: string
  created_at: number
}

export interface LtiContextsTable {
  platform_id: string
  context_id: string
  cohort_id: string
}

export interface LtiUsersTable {
  platform_id: string
  /** the platform's `sub` */
  subject: string
  user_id: string
}

/** A placement of an exercise in an LMS course, with its AGS endpoint when it is graded. */
export interface LtiResourceLinksTable {
  platform_id: string
  resource_link_id: string
  cohort_id: string
  exercise_id: string
  lineitem: string | null
  lineitems: string | null
  /** JSON array of the AGS scopes the platform granted */
  scopes: string
  updated_at: number
}

/** A score to send to a lineitem; `score` is the AGS Score JSON. */
export interface LtiPassbacksTable {
  id: string
  submission_id: string
  platform_id: string
  lineitem: string
  score: string
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: number
  /** while a worker sends it; another replica leaves it alone until then */
  locked_until: number | null
  last_error: string | null
  created_at: number
  sent_at: number | null
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  tokens: TokensTable
  cohorts: CohortsTable
  memberships: MembershipsTable
  submissions: SubmissionsTable
  events: EventsTable
  rate_limits: RateLimitsTable
  oidc_flows: OidcFlowsTable
  lti_platforms: LtiPlatformsTable
  lti_keys: LtiKeysTable
  lti_logins: LtiLoginsTable
  lti_contexts: LtiContextsTable
  lti_users: LtiUsersTable
  lti_resource_links: LtiResourceLinksTable
  lti_passbacks: LtiPassbacksTable
}

export type User = Selectable<UsersTable>
export type Cohort = Selectable<CohortsTable>
export type Submission = Selectable<SubmissionsTable>
export type NewEvent = Insertable<EventsTable>
// Generated is re-exported for future tables with database-made columns.
export type { Generated }

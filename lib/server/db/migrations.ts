// The schema's history. Each migration is written once with Kysely's schema builder, so
// the same step runs on SQLite and PostgreSQL; never edit a migration that has shipped,
// add the next one. Kysely's Migrator records what ran and takes a lock while it runs
// (an advisory lock on PostgreSQL; SQLite has one writer anyway), so replicas that start
// together migrate once.
import { sql } from 'kysely'
import type { Kysely, Migration, MigrationProvider } from 'kysely'

// Times in ms since the epoch do not fit PostgreSQL's integer; bigint is integer in SQLite.
const TIME = 'bigint'

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.unique())
      .addColumn('password_hash', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('oidc_subject', 'text', (c) => c.unique())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .addColumn('expires_at', TIME, (c) => c.notNull())
      .execute()
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

    await db.schema
      .createTable('tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('expires_at', TIME, (c) => c.notNull())
      .addColumn('used_at', TIME)
      .execute()

    await db.schema
      .createTable('cohorts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('join_code', 'text', (c) => c.notNull().unique())
      .addColumn('open', 'integer', (c) => c.notNull())
      .addColumn('join_expires_at', TIME)
      .addColumn('join_max_uses', 'integer')
      .addColumn('join_uses', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', TIME)
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute()
    await db.schema.createIndex('cohorts_owner').on('cohorts').column('owner_id').execute()

    await db.schema
      .createTable('memberships')
      .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('joined_at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['cohort_id', 'user_id'])
      .execute()
    await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute()

    await db.schema
      .createTable('submissions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('exercise_id', 'text', (c) => c.notNull())
      .addColumn('workspace', 'text', (c) => c.notNull())
      .addColumn('passed', 'integer', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('submissions_cohort_user')
      .on('submissions')
      .columns(['cohort_id', 'user_id', 'created_at'])
      .execute()

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('at', TIME, (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('events_cohort_user')
      .on('events')
      .columns(['cohort_id', 'user_id', 'at'])
      .execute()

    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('window_start', TIME, (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
      .execute()

    await db.schema
      .createTable('oidc_flows')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('browser_hash', 'text', (c) => c.notNull())
      .addColumn('return_to', 'text', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute()
  },
}

// LTI 1.3: registered platforms, the tool's signing keys, logins in flight, and what a
// launch links — a context to a cohort, a platform user to an account, a resource link to
// an exercise and its lineitem — plus the queue of scores still to send.
const lti: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('lti_platforms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('deployment_ids', 'text', (c) => c.notNull())
      .addColumn('auth_login_url', 'text', (c) => c.notNull())
      .addColumn('token_url', 'text', (c) => c.notNull())
      .addColumn('jwks_url', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', TIME, (c) => c.notNull())
      .addUniqueConstraint('lti_platforms_issuer_client', ['issuer', 'client_id'])
      .execute()

    await db.schema
      .createTable('lti_keys')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('lti_logins')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
      .addColumn('browser_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', TIME, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('lti_contexts')
      .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
      .addColumn('context_id', 'text', (c) => c.notNull())
      .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('lti_contexts_pk', ['platform_id', 'context_id'])
      .execute()

    await db.schema
      .createTable('lti_users')
      .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('lti_users_pk', ['platform_id', 'subject'])
      .execute()

    await db.schema
      .createTable('lti_resource_links')
      .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
      .addColumn('resource_link_id', 'text', (c) => c.notNull())
      .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
      .addColumn('exercise_id', 'text', (c) => c.notNull())
      .addColumn('lineitem', 'text')
      .addColumn('lineitems', 'text')
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('updated_at', TIME, (c) => c.notNull())
      .addPrimaryKeyConstraint('lti_resource_links_pk', ['platform_id', 'resource_link_id'])
      .execute()
    await db.schema
      .createIndex('lti_resource_links_cohort')
      .on('lti_resource_links')
      .columns(['cohort_id', 'exercise_id'])
      .execute()

    await db.schema
      .createTable('lti_passbacks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
      .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platforms.id').onDelete('cascade'))
      .addColumn('lineitem', 'text', (c) => c.notNull())
      .addColumn('score', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', TIME, (c) => c.notNull())
      .addColumn('locked_until', TIME)
      .addColumn('last_error', 'text')
      .addColumn('created_at', TIME, (c) => c.notNull())
      .addColumn('sent_at', TIME)
      .execute()
    await db.schema
      .createIndex('lti_passbacks_due')
      .on('lti_passbacks')
      .columns(['status', 'next_attempt_at'])
      .execute()
  },
}

// Whether an account's email is proven: mail sent to it was opened (a magic link), an OIDC
// provider vouched for it, or an admin made the account for it. Until now an email given
// when joining was taken on trust, and making an instructor or an OIDC sign-in then handed
// that account to whoever had typed the address. Magic-link tokens now remember the address
// they were mailed to, so a link proves that address and no other.
const emailVerified: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('users')
      .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.alterTable('tokens').addColumn('email', 'text').execute()
    // Addresses someone vouched for before this step: admins come from PODNET_ADMIN_EMAIL or
    // the setup link, instructors were made by an admin for their address, and accounts an
    // OIDC provider made from a verified email have no password anybody else could have set.
    // A learner's address was never proven.
    await sql`update users set email_verified = 1 where email is not null and (role in ('admin', 'instructor') or (oidc_subject is not null and password_hash is null))`.execute(
      db,
    )
  },
}

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-lti': lti,
  '0003-email-verified': emailVerified,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
}

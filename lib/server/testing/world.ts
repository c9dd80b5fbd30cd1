// A small world for authorization tests: cohort A (owned by `instructor`, with `learner`)
// and cohort B (owned by `otherInstructor`, with `otherLearner`), plus an admin. Rows are
// written straight to the database with sessions, so building one costs a few inserts.
import { randomUUID } from 'node:crypto'
import type { Role } from '../db/schema'
import { startSession } from '../auth/sessions'
import { hashToken, joinCode, randomToken } from '../auth/secrets'
import { makeClient } from './harness'
import type { Client, TestServer } from './harness'

export const WHO = ['anonymous', 'learner', 'otherLearner', 'instructor', 'otherInstructor', 'admin'] as const
export type Who = (typeof WHO)[number]

export interface World {
  clients: Record<Who, Client>
  ids: Record<Exclude<Who, 'anonymous'>, string>
  cohortA: { id: string; code: string }
  cohortB: { id: string; code: string }
  /** an account with a password, for login */
  passwordUser: { email: string; password: string }
  /** fresh one-time tokens */
  setupToken: string
  magicToken: string
}

export async function buildWorld(
  s: TestServer,
  passwordHash: { hash: string; password: string },
): Promise<World> {
  const db = s.ctx.db
  const now = s.ctx.now()
  const tag = randomUUID().slice(0, 8)
  const user = async (role: Role, name: string, extra: { email?: string; password_hash?: string } = {}) => {
    const id = randomUUID()
    await db
      .insertInto('users')
      .values({
        id,
        display_name: name,
        email: extra.email ?? `${name}-${tag}@example.test`.toLowerCase(),
        email_verified: 0,
        password_hash: extra.password_hash ?? null,
        role,
        oidc_subject: null,
        created_at: now,
      })
      .execute()
    return id
  }
  const ids = {
    learner: await user('learner', 'Learner'),
    otherLearner: await user('learner', 'OtherLearner'),
    instructor: await user('instructor', 'Instructor'),
    otherInstructor: await user('instructor', 'OtherInstructor'),
    admin: await user('admin', 'Admin'),
  }
  const cohort = async (owner: string, member: string) => {
    const id = randomUUID()
    const code = joinCode()
    await db
      .insertInto('cohorts')
      .values({
        id,
        title: `Cohort ${tag}`,
        owner_id: owner,
        join_code: code,
        open: 1,
        join_expires_at: null,
        join_max_uses: null,
        join_uses: 0,
        expires_at: null,
        created_at: now,
      })
      .execute()
    await db.insertInto('memberships').values({ cohort_id: id, user_id: member, joined_at: now }).execute()
    return { id, code }
  }
  const cohortA = await cohort(ids.instructor, ids.learner)
  const cohortB = await cohort(ids.otherInstructor, ids.otherLearner)
  const pwEmail = `pw-${tag}@example.test`
  await user('learner', 'PasswordUser', { email: pwEmail, password_hash: passwordHash.hash })

  const clients = { anonymous: makeClient(s.url) } as Record<Who, Client>
  for (const [who, id] of Object.entries(ids) as [Exclude<Who, 'anonymous'>, string][]) {
    const { token, csrfToken } = await startSession(db, id, now, s.ctx.config.sessionTtlMs)
    const c = makeClient(s.url)
    c.cookie = `__Host-podnet-session=${token}`
    c.csrf = csrfToken
    clients[who] = c
  }
  const setupToken = randomToken()
  const magicToken = randomToken()
  await db
    .insertInto('tokens')
    .values([
      {
        token_hash: hashToken(setupToken),
        purpose: 'setup',
        user_id: null,
        email: null,
        expires_at: now + 3600_000,
        used_at: null,
      },
      {
        token_hash: hashToken(magicToken),
        purpose: 'magic-link',
        user_id: ids.learner,
        email: null,
        expires_at: now + 3600_000,
        used_at: null,
      },
    ])
    .execute()
  return {
    clients,
    ids,
    cohortA,
    cohortB,
    passwordUser: { email: pwEmail, password: passwordHash.password },
    setupToken,
    magicToken,
  }
}

// Joining a cohort through its link: one click with a display name, optionally with an
// email and password to sign in again from another device. Lessons completed before
// joining (the browser's local progress) come along.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Cohort, NewEvent, User } from '../db/schema'
import { defineRoute } from '../api/route'
import { HttpError, tooMany } from '../api/errors'
import {
  cohortSummary,
  displayName,
  email,
  errorBody,
  exerciseId,
  lessonSlug,
  password,
  userBody,
} from '../api/schemas'
import { hit, joinLimit, LIMITS } from '../auth/rate-limit'
import type { ServerContext } from '../context'
import { hashPassword } from '../auth/secrets'
import { isOpen, summary } from './cohorts'
import { signIn } from './session'

/** 6 values a row: 6000 bound values an INSERT, well under either database's limit. */
const EVENTS_PER_INSERT = 1000

const codeParams = z.object({ code: z.string().regex(/^[a-z0-9]{4,40}$/) })

/**
 * Looks a join code up for a client address. Unknown codes count against the address's miss
 * limit; past it, an unknown code gets 429 instead of 404, but a code that exists still
 * works. On purpose: a class behind one NAT address shares the counter, and a few learners
 * mistyping, or the whole room trying the old code after the instructor replaced the link,
 * must not lock out everyone who types the right one. Refusing right codes would not buy
 * safety either: a code is ~52 bits (36^10), so even at the per-address caps (join
 * attempts, and link lookups counted apart, PODNET_JOIN_LIMIT each per 10 minutes) finding
 * one by guessing takes longer than any cohort lasts by many orders of magnitude.
 */
async function findCohort(server: ServerContext, code: string, clientIp: string, now: number) {
  const c = await server.db.selectFrom('cohorts').selectAll().where('join_code', '=', code).executeTakeFirst()
  if (!c) {
    const miss = await hit(server.db, `join-miss:${clientIp}`, LIMITS.joinMissPerIp, now)
    if (!miss.allowed) throw tooMany(miss.retryAfter)
  }
  if (!joinable(c, now)) throw new HttpError(404, 'this join link does not work (wrong, expired or closed)')
  return c
}

function joinable(c: Cohort | undefined, now: number): c is Cohort {
  if (!c) return false
  return isOpen(c, now) && (c.join_expires_at === null || c.join_expires_at > now)
}

export const joinRoutes = [
  defineRoute({
    id: 'getJoinLink',
    method: 'GET',
    path: '/api/join/{code}',
    tag: 'join',
    summary: 'What a join link leads to: the cohort’s title, while the link works',
    access: 'public',
    params: codeParams,
    responses: {
      200: { description: 'the cohort', schema: z.object({ title: z.string(), member: z.boolean() }) },
      404: { description: 'no such link, or it no longer works', schema: errorBody },
      429: {
        description: 'too many lookups, or too many unknown codes, from this address',
        schema: errorBody,
      },
    },
    async handler({ server, params, principal, clientIp }) {
      const now = server.now()
      // Opening the link looks the code up: capped per address like joining, counted apart
      // (each learner's page asks once before joining).
      const looked = await hit(server.db, `join-look-ip:${clientIp}`, joinLimit(server.config.joinLimit), now)
      if (!looked.allowed) throw tooMany(looked.retryAfter)
      const c = await findCohort(server, params.code, clientIp, now)
      const member = principal
        ? !!(await server.db
            .selectFrom('memberships')
            .select('user_id')
            .where('cohort_id', '=', c.id)
            .where('user_id', '=', principal.user.id)
            .executeTakeFirst())
        : false
      return { body: { title: c.title, member } }
    },
  }),

  defineRoute({
    id: 'joinCohort',
    method: 'POST',
    path: '/api/join/{code}',
    tag: 'join',
    summary:
      'Joins the cohort: as the signed-in account, or as a new learner with a display name (and optionally email and password); signs in',
    access: 'public',
    params: codeParams,
    body: z
      .object({
        displayName: displayName.optional(),
        email: email.optional(),
        password: password.optional(),
        progress: z
          .object({
            completed: z.record(lessonSlug, z.iso.datetime({ offset: true })),
            exercises: z
              .record(
                exerciseId,
                z.object({
                  passedAt: z.iso.datetime({ offset: true }).optional(),
                  hints: z.int().min(0).max(100).optional(),
                  solutionShown: z.boolean().optional(),
                }),
              )
              .optional(),
          })
          .optional()
          .describe('lessons completed in this browser before joining (localStorage podnet-lab:progress)'),
      })
      .strict(),
    responses: {
      201: {
        description: 'joined and signed in',
        schema: z.object({ cohort: cohortSummary, user: userBody, csrfToken: z.string() }),
      },
      404: { description: 'no such link, or it no longer works', schema: errorBody },
      409: { description: 'the email belongs to an account: sign in first', schema: errorBody },
      410: { description: 'the link has been used as often as allowed', schema: errorBody },
      429: { description: 'too many attempts', schema: errorBody },
    },
    async handler({ server, params, body, principal, cookies, clientIp }) {
      const now = server.now()
      const ip = await hit(server.db, `join-ip:${clientIp}`, joinLimit(server.config.joinLimit), now)
      if (!ip.allowed) throw tooMany(ip.retryAfter)
      const c = await findCohort(server, params.code, clientIp, now)
      if (!principal && !body.displayName)
        throw new HttpError(400, 'body.displayName: give a display name', 'body.displayName')
      if (body.password && !body.email)
        throw new HttpError(400, 'body.email: a password needs an email', 'body.email')
      const passwordHash = !principal && body.password ? await hashPassword(body.password) : null
      // Progress for exercises this course has; anything else in the browser's record
      // (another version of the course, or made up) names nothing on the dashboard.
      const known = new Set((await server.grader.exercises()).map((e) => e.id))

      const user = await server.db.transaction().execute(async (tx) => {
        let u: User
        if (principal) {
          u = principal.user
          const already = await tx
            .selectFrom('memberships')
            .select('user_id')
            .where('cohort_id', '=', c.id)
            .where('user_id', '=', u.id)
            .executeTakeFirst()
          if (already) return u
        } else {
          if (body.email) {
            const taken = await tx
              .selectFrom('users')
              .select('id')
              .where('email', '=', body.email)
              .executeTakeFirst()
            if (taken)
              throw new HttpError(
                409,
                'an account with this email exists: sign in, then open the link again',
                'body.email',
              )
          }
          u = {
            id: randomUUID(),
            display_name: body.displayName!,
            email: body.email ?? null,
            // Typed, not proven: a magic link mailed to it proves it later.
            email_verified: 0,
            password_hash: passwordHash,
            role: 'learner',
            oidc_subject: null,
            created_at: now,
          }
          await tx.insertInto('users').values(u).execute()
        }
        const counted = await tx
          .updateTable('cohorts')
          .set((eb) => ({ join_uses: eb('join_uses', '+', 1) }))
          .where('id', '=', c.id)
          .where((eb) =>
            eb.or([eb('join_max_uses', 'is', null), eb('join_uses', '<', eb.ref('join_max_uses'))]),
          )
          .executeTakeFirst()
        if (Number(counted.numUpdatedRows) !== 1)
          throw new HttpError(410, 'this join link has been used as often as allowed')
        await tx
          .insertInto('memberships')
          .values({ cohort_id: c.id, user_id: u.id, joined_at: now })
          .execute()
        const events: NewEvent[] = [
          { id: randomUUID(), cohort_id: c.id, user_id: u.id, kind: 'joined', subject: null, at: now },
        ]
        const add = (kind: NewEvent['kind'], subject: string, at: number) =>
          events.push({
            id: randomUUID(),
            cohort_id: c.id,
            user_id: u.id,
            kind,
            subject,
            at: Math.min(at, now),
          })
        for (const [slug, when] of Object.entries(body.progress?.completed ?? {}).slice(0, 500))
          add('completed-lesson', slug, Date.parse(when))
        // Exercise progress from the browser: hints and solutions as they were; a pass as
        // "passed in the browser", which the dashboard shows apart from graded passes.
        for (const [id, e] of Object.entries(body.progress?.exercises ?? {})) {
          if (!known.has(id)) continue
          for (let k = 0; k < (e.hints ?? 0); k++) add('hint-used', id, now)
          if (e.solutionShown) add('solution-shown', id, now)
          if (e.passedAt) add('passed-in-browser', id, Date.parse(e.passedAt))
        }
        // In parts: one INSERT may bind at most 32766 values on SQLite and 65535 on
        // PostgreSQL, and a course's worth of hints is more rows than that allows.
        for (let i = 0; i < events.length; i += EVENTS_PER_INSERT)
          await tx
            .insertInto('events')
            .values(events.slice(i, i + EVENTS_PER_INSERT))
            .execute()
        return u
      })
      const signed = await signIn(server, cookies, user, principal)
      return { status: 201, body: { cohort: summary(c, now), ...signed } }
    },
  }),
]

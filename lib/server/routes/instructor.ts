// The instructor's dashboard operations, and the admin's: making instructors.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ServerContext } from '../context'
import { defineRoute } from '../api/route'
import { HttpError, notFound } from '../api/errors'
import { displayName, email, id, iso, submissionBody, userBody } from '../api/schemas'
import { cohortDashboard, dashboardCsv } from '../dashboard'
import { hashToken, randomToken } from '../auth/secrets'
import { releaseEmail } from '../auth/email'
import { cohortParams, summary } from './cohorts'
import { submissionView } from './learning'
import { publicUser } from './session'

const learnerParams = z.object({ cohortId: id, learnerId: id })

const cell = z.object({
  status: z.enum(['passed', 'attempted', 'not-started']),
  attempts: z.number(),
  hints: z.number(),
  solutionShown: z.boolean(),
  passedInBrowser: z.boolean().describe('passed in the browser before joining; not graded by the server'),
  lastAt: z.string().nullable(),
})

const dashboardBody = z.object({
  cohort: z.object({ id: z.string(), title: z.string(), open: z.boolean() }),
  exercises: z.array(z.object({ id: z.string(), title: z.string(), lesson: z.string() })),
  learners: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      joinedAt: z.string(),
      lastActivity: z.string().nullable(),
      cells: z.record(z.string(), cell),
    }),
  ),
  stuck: z.array(
    z.object({
      exerciseId: z.string(),
      title: z.string(),
      attempts: z.number(),
      failed: z.number(),
      failureRate: z.number(),
      learnersAttempted: z.number(),
      learnersPassed: z.number(),
      commonFailingCheck: z.object({ name: z.string(), count: z.number() }).nullable(),
    }),
  ),
  generatedAt: z.string(),
})

async function learnerOf(server: Pick<ServerContext, 'db'>, cohortId: string, learnerId: string) {
  const m = await server.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.display_name', 'users.email', 'users.role', 'memberships.joined_at'])
    .where('memberships.cohort_id', '=', cohortId)
    .where('memberships.user_id', '=', learnerId)
    .executeTakeFirst()
  if (!m) throw notFound('no such learner in this cohort')
  return m
}

export const instructorRoutes = [
  defineRoute({
    id: 'cohortDashboard',
    method: 'GET',
    path: '/api/cohorts/{cohortId}/dashboard',
    tag: 'dashboard',
    summary:
      'Learners × exercises (passed, attempted, not started; attempts, hints, last activity) and where the cohort is stuck',
    access: 'cohort-instructor',
    params: cohortParams,
    responses: { 200: { description: 'the dashboard', schema: dashboardBody } },
    async handler({ server, cohort }) {
      const d = await cohortDashboard(server.db, cohort!.id, await server.grader.exercises())
      const s = summary(cohort!, server.now())
      return {
        body: {
          cohort: { id: s.id, title: s.title, open: s.open },
          exercises: d.exercises,
          learners: d.learners.map((l) => ({
            id: l.id,
            displayName: l.displayName,
            joinedAt: iso(l.joinedAt)!,
            lastActivity: iso(l.lastActivity),
            cells: Object.fromEntries(
              Object.entries(l.cells).map(([k, c]) => [k, { ...c, lastAt: iso(c.lastAt) }]),
            ),
          })),
          stuck: d.stuck,
          generatedAt: iso(server.now())!,
        },
      }
    },
  }),

  defineRoute({
    id: 'exportCohortCsv',
    method: 'GET',
    path: '/api/cohorts/{cohortId}/export.csv',
    tag: 'dashboard',
    summary: 'The dashboard as CSV: one row per learner and exercise',
    access: 'cohort-instructor',
    params: cohortParams,
    responses: { 200: { description: 'CSV (RFC 4180, formulas defused)', contentType: 'text/csv' } },
    async handler({ server, cohort }) {
      const d = await cohortDashboard(server.db, cohort!.id, await server.grader.exercises())
      const name = cohort!.title.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'cohort'
      return {
        text: dashboardCsv(d),
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}.csv"`,
        },
      }
    },
  }),

  defineRoute({
    id: 'learnerAttempts',
    method: 'GET',
    path: '/api/cohorts/{cohortId}/learners/{learnerId}/attempts',
    tag: 'dashboard',
    summary:
      'A learner’s attempts in the cohort, newest first, with the submitted files and the grader’s messages',
    access: 'cohort-instructor',
    params: learnerParams,
    query: z.object({ exerciseId: z.string().max(100).optional() }).strict(),
    responses: {
      200: {
        description: 'attempts',
        schema: z.object({
          learner: z.object({ id: z.string(), displayName: z.string(), joinedAt: z.string() }),
          attempts: z.array(submissionBody.extend({ workspace: z.record(z.string(), z.unknown()) })),
        }),
      },
    },
    async handler({ server, cohort, params, query }) {
      const m = await learnerOf(server, cohort!.id, params.learnerId)
      let q = server.db
        .selectFrom('submissions')
        .selectAll()
        .where('cohort_id', '=', cohort!.id)
        .where('user_id', '=', m.id)
      if (query.exerciseId) q = q.where('exercise_id', '=', query.exerciseId)
      const rows = await q.orderBy('created_at', 'desc').limit(500).execute()
      return {
        body: {
          learner: { id: m.id, displayName: m.display_name, joinedAt: iso(m.joined_at)! },
          attempts: rows.map((r) => ({
            ...submissionView(r),
            workspace: JSON.parse(r.workspace) as Record<string, unknown>,
          })),
        },
      }
    },
  }),

  defineRoute({
    id: 'removeLearner',
    method: 'DELETE',
    path: '/api/cohorts/{cohortId}/learners/{learnerId}',
    tag: 'dashboard',
    summary:
      'Removes a learner from the cohort and erases their submissions and events in it; a learner account in no other cohort is deleted with its sessions',
    access: 'cohort-instructor',
    params: learnerParams,
    responses: { 204: { description: 'removed and erased' } },
    async handler({ server, cohort, params }) {
      const m = await learnerOf(server, cohort!.id, params.learnerId)
      await server.db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('events')
          .where('cohort_id', '=', cohort!.id)
          .where('user_id', '=', m.id)
          .execute()
        await tx
          .deleteFrom('submissions')
          .where('cohort_id', '=', cohort!.id)
          .where('user_id', '=', m.id)
          .execute()
        await tx
          .deleteFrom('memberships')
          .where('cohort_id', '=', cohort!.id)
          .where('user_id', '=', m.id)
          .execute()
        if (m.role === 'learner') {
          const other = await tx
            .selectFrom('memberships')
            .select('cohort_id')
            .where('user_id', '=', m.id)
            .executeTakeFirst()
          if (!other) {
            await tx.deleteFrom('sessions').where('user_id', '=', m.id).execute()
            await tx.deleteFrom('tokens').where('user_id', '=', m.id).execute()
            await tx.deleteFrom('users').where('id', '=', m.id).execute()
          }
        }
      })
      return { status: 204 }
    },
  }),

  defineRoute({
    id: 'createInstructor',
    method: 'POST',
    path: '/api/instructors',
    tag: 'admin',
    summary:
      'Creates an instructor account (or makes the account that has proven this email an instructor; an account holding it unproven gives it up) and returns a one-time sign-in link to pass on',
    access: 'admin',
    body: z.object({ email, displayName }).strict(),
    responses: {
      201: {
        description: 'the instructor and their sign-in link',
        schema: z.object({ user: userBody, signInUrl: z.string() }),
      },
    },
    async handler({ server, body, origin }) {
      const now = server.now()
      const user = await server.db.transaction().execute(async (tx) => {
        const existing = await tx
          .selectFrom('users')
          .selectAll()
          .where('email', '=', body.email)
          .executeTakeFirst()
        if (existing) {
          if (existing.role === 'admin')
            throw new HttpError(409, 'this account is an admin already', 'body.email')
          if (existing.email_verified === 1) {
            await tx.updateTable('users').set({ role: 'instructor' }).where('id', '=', existing.id).execute()
            return { ...existing, role: 'instructor' as const }
          }
          // Nobody proved this address: whoever typed it when joining (and set the password)
          // may not be the person the admin means. That account keeps its cohorts but gives
          // the address up; the instructor gets an account of their own.
          await releaseEmail(tx, existing.id)
        }
        const u = {
          id: randomUUID(),
          display_name: body.displayName,
          email: body.email,
          // The admin names the address, and the sign-in link goes to its owner through them.
          email_verified: 1,
          password_hash: null,
          role: 'instructor' as const,
          oidc_subject: null,
          created_at: now,
        }
        await tx.insertInto('users').values(u).execute()
        return u
      })
      const token = randomToken()
      await server.db
        .insertInto('tokens')
        .values({
          token_hash: hashToken(token),
          purpose: 'magic-link',
          user_id: user.id,
          email: body.email,
          expires_at: now + 7 * 24 * 3600_000,
          used_at: null,
        })
        .execute()
      return {
        status: 201,
        body: {
          user: publicUser(user),
          signInUrl: `${server.config.publicUrl ?? origin}/login#magic=${token}`,
        },
      }
    },
  }),
]

// The learner's side: submissions (graded here, never trusted from the browser), their
// history, the event log, and the cohorts the learner belongs to.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { NewEvent } from '../db/schema'
import { defineRoute } from '../api/route'
import { HttpError } from '../api/errors'
import {
  cohortSummary,
  errorBody,
  exerciseId,
  iso,
  lessonSlug,
  submissionBody,
  workspace,
} from '../api/schemas'
import { describeError } from '../log'
import { cohortParams, isOpen, summary } from './cohorts'
import type { GradeResult } from '../grading'
import { enqueuePassback } from '../lti/passback'

/** Events the browser reports; joined, checked and passed are recorded by the server. */
export const CLIENT_EVENTS = ['opened-lesson', 'completed-lesson', 'hint-used', 'solution-shown'] as const

export function submissionView(s: {
  id: string
  exercise_id: string
  passed: number
  result: string
  created_at: number
}) {
  const r = JSON.parse(s.result) as GradeResult
  return {
    id: s.id,
    exerciseId: s.exercise_id,
    passed: s.passed === 1,
    checks: r.checks ?? [],
    ...(r.issues ? { issues: r.issues } : {}),
    createdAt: iso(s.created_at)!,
  }
}

export const learningRoutes = [
  defineRoute({
    id: 'myCohorts',
    method: 'GET',
    path: '/api/me/cohorts',
    tag: 'learning',
    summary: 'The cohorts the signed-in account has joined',
    access: 'user',
    responses: { 200: { description: 'cohorts', schema: z.object({ cohorts: z.array(cohortSummary) }) } },
    async handler({ server, principal }) {
      const rows = await server.db
        .selectFrom('memberships')
        .innerJoin('cohorts', 'cohorts.id', 'memberships.cohort_id')
        .selectAll('cohorts')
        .where('memberships.user_id', '=', principal!.user.id)
        .orderBy('memberships.joined_at', 'desc')
        .execute()
      return { body: { cohorts: rows.map((c) => summary(c, server.now())) } }
    },
  }),

  defineRoute({
    id: 'submit',
    method: 'POST',
    path: '/api/cohorts/{cohortId}/submissions',
    tag: 'learning',
    summary:
      'Submits the workspace of an exercise: the server grades it, stores the attempt and its result, and answers 201 once both are committed',
    access: 'cohort-member',
    params: cohortParams,
    body: z.object({ exerciseId, workspace }).strict(),
    responses: {
      201: { description: 'graded and stored', schema: submissionBody },
      409: { description: 'the cohort is closed', schema: errorBody },
      422: { description: 'the grader could not grade this workspace', schema: errorBody },
    },
    async handler({ server, cohort, principal, body }) {
      const now = server.now()
      if (!isOpen(cohort!, now)) throw new HttpError(409, 'this cohort is closed')
      let result: GradeResult | undefined
      try {
        result = await server.grader.grade(body.exerciseId, body.workspace)
      } catch (e) {
        server.log.error(`grading ${body.exerciseId} failed: ${describeError(e)}`)
        throw new HttpError(422, 'the grader could not grade this workspace')
      }
      if (!result) throw new HttpError(400, 'body.exerciseId: no such exercise', 'body.exerciseId')
      const row = {
        id: randomUUID(),
        cohort_id: cohort!.id,
        user_id: principal!.user.id,
        exercise_id: body.exerciseId,
        workspace: JSON.stringify(body.workspace),
        passed: result.passed ? 1 : 0,
        result: JSON.stringify(result),
        created_at: now,
      }
      const events: NewEvent[] = [
        {
          id: randomUUID(),
          cohort_id: row.cohort_id,
          user_id: row.user_id,
          kind: 'checked',
          subject: body.exerciseId,
          at: now,
        },
      ]
      if (result.passed)
        events.push({
          id: randomUUID(),
          cohort_id: row.cohort_id,
          user_id: row.user_id,
          kind: 'passed',
          subject: body.exerciseId,
          at: now,
        })
      // One transaction: the 201 goes out only after the commit (synchronous=FULL on
      // SQLite, a committed transaction on PostgreSQL), so an acknowledged attempt survives.
      if (server.database.dialect === 'postgres')
        // One statement, so one round trip: a data-modifying WITH commits both rows or neither.
        await server.db
          .with('submission', (db) => db.insertInto('submissions').values(row))
          .insertInto('events')
          .values(events)
          .execute()
      else
        await server.db.transaction().execute(async (tx) => {
          await tx.insertInto('submissions').values(row).execute()
          await tx.insertInto('events').values(events).execute()
        })
      // After the commit: the LMS score is queued and sent in the background.
      await enqueuePassback(server, row, result)
      return { status: 201, body: submissionView(row) }
    },
  }),

  defineRoute({
    id: 'mySubmissions',
    method: 'GET',
    path: '/api/cohorts/{cohortId}/submissions',
    tag: 'learning',
    summary: 'The signed-in learner’s attempts in this cohort, newest first',
    access: 'cohort-member',
    params: cohortParams,
    query: z.object({ exerciseId: exerciseId.optional() }).strict(),
    responses: {
      200: { description: 'attempts', schema: z.object({ submissions: z.array(submissionBody) }) },
    },
    async handler({ server, cohort, principal, query }) {
      let q = server.db
        .selectFrom('submissions')
        .select(['id', 'exercise_id', 'passed', 'result', 'created_at'])
        .where('cohort_id', '=', cohort!.id)
        .where('user_id', '=', principal!.user.id)
      if (query.exerciseId) q = q.where('exercise_id', '=', query.exerciseId)
      const rows = await q.orderBy('created_at', 'desc').limit(200).execute()
      return { body: { submissions: rows.map(submissionView) } }
    },
  }),

  defineRoute({
    id: 'recordEvent',
    method: 'POST',
    path: '/api/cohorts/{cohortId}/events',
    tag: 'learning',
    summary: 'Records what the learner did: opened or completed a lesson, used a hint, showed a solution',
    access: 'cohort-member',
    params: cohortParams,
    body: z
      .object({
        kind: z.enum(CLIENT_EVENTS, { error: `must be one of ${CLIENT_EVENTS.join(', ')}` }),
        subject: z.union([lessonSlug, exerciseId]).describe('the lesson slug or exercise id'),
      })
      .strict(),
    responses: { 201: { description: 'recorded', schema: z.object({ id: z.string(), at: z.string() }) } },
    async handler({ server, cohort, principal, body }) {
      const now = server.now()
      const event = {
        id: randomUUID(),
        cohort_id: cohort!.id,
        user_id: principal!.user.id,
        kind: body.kind,
        subject: body.subject,
        at: now,
      }
      await server.db.insertInto('events').values(event).execute()
      return { status: 201, body: { id: event.id, at: iso(now)! } }
    },
  }),
]

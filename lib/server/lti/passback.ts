// Score passback, queued. A graded submission from a learner who came through an LTI
// launch adds a row to lti_passbacks after the submission is committed; sending happens
// afterwards, off the request, so a slow or failing LMS never delays or loses the
// learner's 201. Failed sends are retried with exponential backoff; a row is claimed with
// a short lock first, so replicas sharing PostgreSQL do not send the same score twice at once.
import { randomUUID } from 'node:crypto'
import type { ServerContext } from '../context'
import type { GradeResult } from '../grading'
import { describeError } from '../log'
import { postScore, SCORE_SCOPE } from './ags'
import type { Score } from './ags'
import { toolKey } from './keys'
import { registration } from './platforms'

export const FIRST_RETRY_MS = 30_000
const MAX_RETRY_MS = 3600_000
export const MAX_ATTEMPTS = 12
const LOCK_MS = 60_000
const BATCH = 20

export interface GradedSubmission {
  id: string
  cohort_id: string
  user_id: string
  exercise_id: string
  created_at: number
}

export function backoff(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1))
}

/**
 * The AGS score of one attempt: checks passed out of checks run. A failed attempt never
 * gets full marks, even when the checks that ran all passed (invalid manifests stop
 * grading at one failed check).
 */
export function scoreOf(result: GradeResult, userId: string, at: number): Score {
  const total = Math.max(1, result.checks.length)
  const passedChecks = result.checks.filter((c) => c.passed).length
  return {
    userId,
    scoreGiven: result.passed ? total : Math.min(passedChecks, total - 1),
    scoreMaximum: total,
    activityProgress: result.passed ? 'Completed' : 'Submitted',
    gradingProgress: 'FullyGraded',
    timestamp: new Date(at).toISOString(),
  }
}

/**
 * Queues the score of a graded submission for every graded placement of its exercise in
 * the LMS course the learner launched from. Never throws: the submission is already
 * stored and acknowledged whatever happens here.
 */
export async function enqueuePassback(
  server: ServerContext,
  submission: GradedSubmission,
  result: GradeResult,
): Promise<void> {
  try {
    const links = await server.db
      .selectFrom('lti_resource_links')
      .innerJoin('lti_users', (j) =>
        j
          .onRef('lti_users.platform_id', '=', 'lti_resource_links.platform_id')
          .on('lti_users.user_id', '=', submission.user_id),
      )
      .select([
        'lti_resource_links.platform_id',
        'lti_resource_links.lineitem',
        'lti_resource_links.scopes',
        'lti_users.subject',
      ])
      .where('lti_resource_links.cohort_id', '=', submission.cohort_id)
      .where('lti_resource_links.exercise_id', '=', submission.exercise_id)
      .where('lti_resource_links.lineitem', 'is not', null)
      .execute()
    const targets = links.filter((l) => (JSON.parse(l.scopes) as string[]).includes(SCORE_SCOPE))
    if (!targets.length) return
    if (!result.passed) {
      // The LMS keeps the latest score: a failed retry after a pass would lower the grade.
      const passedBefore = await server.db
        .selectFrom('submissions')
        .select('id')
        .where('cohort_id', '=', submission.cohort_id)
        .where('user_id', '=', submission.user_id)
        .where('exercise_id', '=', submission.exercise_id)
        .where('passed', '=', 1)
        .where('id', '!=', submission.id)
        .executeTakeFirst()
      if (passedBefore) return
    }
    const now = server.now()
    const seen = new Set<string>()
    const rows = []
    for (const t of targets) {
      const key = `${t.platform_id} ${t.lineitem}`
      if (seen.has(key)) continue
      seen.add(key)
      rows.push({
        id: randomUUID(),
        submission_id: submission.id,
        platform_id: t.platform_id,
        lineitem: t.lineitem!,
        score: JSON.stringify(scoreOf(result, t.subject, submission.created_at)),
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      })
    }
    await server.db.insertInto('lti_passbacks').values(rows).execute()
    kickPassbacks(server)
  } catch (e) {
    server.log.error(`queueing the LMS score of submission ${submission.id} failed: ${describeError(e)}`)
  }
}

interface Worker {
  running: boolean
  again: boolean
  timer?: NodeJS.Timeout
}
const workers = new WeakMap<ServerContext, Worker>()

/**
 * Sends what is due now, in the background, then sleeps until the next retry. Rows left
 * by a stopped process are picked up when the next process starts (lib/server/index.ts).
 */
export function kickPassbacks(server: ServerContext): void {
  let w = workers.get(server)
  if (!w) workers.set(server, (w = { running: false, again: false }))
  if (w.running) {
    w.again = true
    return
  }
  w.running = true
  if (w.timer) clearTimeout(w.timer)
  w.timer = undefined
  const worker = w
  void (async () => {
    try {
      do {
        worker.again = false
        await drainPassbacks(server)
      } while (worker.again)
      const next = await server.db
        .selectFrom('lti_passbacks')
        .select('next_attempt_at')
        .where('status', '=', 'pending')
        .orderBy('next_attempt_at')
        .executeTakeFirst()
      if (next) {
        const delay = Math.max(1000, Math.min(MAX_RETRY_MS, next.next_attempt_at - server.now()))
        worker.timer = setTimeout(() => kickPassbacks(server), delay)
        // A pending retry must not keep a stopping process (or a test run) alive.
        worker.timer.unref()
      }
    } catch (e) {
      server.log.error(`sending LMS scores failed: ${describeError(e)}`)
    } finally {
      worker.running = false
    }
  })()
}

/** Sends every due passback once; returns how many were sent. */
export async function drainPassbacks(server: ServerContext): Promise<number> {
  let sent = 0
  for (;;) {
    const now = server.now()
    const due = await server.db
      .selectFrom('lti_passbacks')
      .innerJoin('lti_platforms', 'lti_platforms.id', 'lti_passbacks.platform_id')
      .selectAll('lti_platforms')
      .select([
        'lti_passbacks.id as passback_id',
        'lti_passbacks.lineitem',
        'lti_passbacks.score',
        'lti_passbacks.attempts',
      ])
      .where('lti_passbacks.status', '=', 'pending')
      .where('lti_passbacks.next_attempt_at', '<=', now)
      .where((eb) =>
        eb.or([eb('lti_passbacks.locked_until', 'is', null), eb('lti_passbacks.locked_until', '<', now)]),
      )
      .orderBy('lti_passbacks.next_attempt_at')
      .limit(BATCH)
      .execute()
    if (!due.length) return sent
    let claimedAny = false
    for (const row of due) {
      const claimed = await server.db
        .updateTable('lti_passbacks')
        .set({ locked_until: now + LOCK_MS })
        .where('id', '=', row.passback_id)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) continue
      claimedAny = true
      const attempts = row.attempts + 1
      try {
        await postScore(
          registration(row),
          await toolKey(server),
          row.lineitem,
          JSON.parse(row.score) as Score,
        )
        await server.db
          .updateTable('lti_passbacks')
          .set({ status: 'sent', attempts, sent_at: server.now(), locked_until: null, last_error: null })
          .where('id', '=', row.passback_id)
          .execute()
        sent++
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).slice(0, 500)
        const giveUp = attempts >= MAX_ATTEMPTS
        await server.db
          .updateTable('lti_passbacks')
          .set({
            status: giveUp ? 'failed' : 'pending',
            attempts,
            next_attempt_at: server.now() + backoff(attempts),
            locked_until: null,
            last_error: message,
          })
          .where('id', '=', row.passback_id)
          .execute()
        server.log.warn(
          `LMS score for ${row.issuer} (${row.lineitem}) not sent, attempt ${attempts}${giveUp ? ', giving up' : ''}: ${message}`,
        )
      }
    }
    if (!claimedAny) return sent
  }
}

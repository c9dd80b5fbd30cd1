// The instructor's view of a cohort, computed from the submissions and the event log:
// learners × exercises, where the cohort is stuck, and the same grid as CSV.
import type { Kysely } from 'kysely'
import type { Database } from './db/schema'
import type { ExerciseInfo, GradeResult } from './grading'

export type CellStatus = 'passed' | 'attempted' | 'not-started'

export interface Cell {
  status: CellStatus
  attempts: number
  hints: number
  solutionShown: boolean
  /** passed in the browser before joining (not graded by the server) */
  passedInBrowser: boolean
  lastAt: number | null
}

export interface LearnerRow {
  id: string
  displayName: string
  joinedAt: number
  lastActivity: number | null
  cells: Record<string, Cell>
}

export interface StuckRow {
  exerciseId: string
  title: string
  attempts: number
  failed: number
  failureRate: number
  learnersAttempted: number
  learnersPassed: number
  commonFailingCheck: { name: string; count: number } | null
}

export interface Dashboard {
  exercises: ExerciseInfo[]
  learners: LearnerRow[]
  stuck: StuckRow[]
}

/** Failing attempts read per exercise to find the most common failing check. */
const FAILURE_SAMPLE = 500

export async function cohortDashboard(
  db: Kysely<Database>,
  cohortId: string,
  known: ExerciseInfo[],
): Promise<Dashboard> {
  const [members, attempts, events] = await Promise.all([
    db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.display_name', 'memberships.joined_at'])
      .where('memberships.cohort_id', '=', cohortId)
      .orderBy('users.display_name')
      .orderBy('users.id')
      .execute(),
    db
      .selectFrom('submissions')
      .select((eb) => [
        'user_id',
        'exercise_id',
        eb.fn.countAll<number>().as('attempts'),
        eb.fn.sum<number>('passed').as('passes'),
        eb.fn.max('created_at').as('last_at'),
      ])
      .where('cohort_id', '=', cohortId)
      .groupBy(['user_id', 'exercise_id'])
      .execute(),
    db
      .selectFrom('events')
      .select((eb) => [
        'user_id',
        'kind',
        'subject',
        eb.fn.countAll<number>().as('n'),
        eb.fn.max('at').as('last_at'),
      ])
      .where('cohort_id', '=', cohortId)
      .groupBy(['user_id', 'kind', 'subject'])
      .execute(),
  ])

  const exercises = [...known]
  const seen = new Set(known.map((e) => e.id))
  for (const a of attempts)
    if (!seen.has(a.exercise_id)) {
      seen.add(a.exercise_id)
      exercises.push({ id: a.exercise_id, title: a.exercise_id, lesson: '' })
    }

  const rows = new Map<string, LearnerRow>()
  for (const m of members) {
    const cells: Record<string, Cell> = {}
    for (const e of exercises)
      cells[e.id] = {
        status: 'not-started',
        attempts: 0,
        hints: 0,
        solutionShown: false,
        passedInBrowser: false,
        lastAt: null,
      }
    rows.set(m.id, {
      id: m.id,
      displayName: m.display_name,
      joinedAt: Number(m.joined_at),
      lastActivity: null,
      cells,
    })
  }
  const touch = (row: LearnerRow, at: number) => {
    if (row.lastActivity === null || at > row.lastActivity) row.lastActivity = at
  }
  for (const a of attempts) {
    const row = rows.get(a.user_id)
    const cell = row?.cells[a.exercise_id]
    if (!row || !cell) continue
    cell.attempts = Number(a.attempts)
    cell.status = Number(a.passes) > 0 ? 'passed' : 'attempted'
    cell.lastAt = Number(a.last_at)
    touch(row, cell.lastAt)
  }
  for (const ev of events) {
    const row = rows.get(ev.user_id)
    if (!row) continue
    touch(row, Number(ev.last_at))
    const cell = ev.subject ? row.cells[ev.subject] : undefined
    if (!cell) continue
    if (ev.kind === 'hint-used') cell.hints = Number(ev.n)
    if (ev.kind === 'solution-shown') cell.solutionShown = true
    if (ev.kind === 'passed-in-browser') cell.passedInBrowser = true
  }

  const stuck: StuckRow[] = []
  for (const e of exercises) {
    const mine = attempts.filter((a) => a.exercise_id === e.id && rows.has(a.user_id))
    const total = mine.reduce((s, a) => s + Number(a.attempts), 0)
    if (total === 0) continue
    const passes = mine.reduce((s, a) => s + Number(a.passes), 0)
    stuck.push({
      exerciseId: e.id,
      title: e.title,
      attempts: total,
      failed: total - passes,
      failureRate: (total - passes) / total,
      learnersAttempted: mine.length,
      learnersPassed: mine.filter((a) => Number(a.passes) > 0).length,
      commonFailingCheck: total > passes ? await commonFailingCheck(db, cohortId, e.id) : null,
    })
  }
  stuck.sort(
    (a, b) =>
      b.failureRate - a.failureRate || b.failed - a.failed || a.exerciseId.localeCompare(b.exerciseId),
  )
  return { exercises, learners: [...rows.values()], stuck }
}

async function commonFailingCheck(db: Kysely<Database>, cohortId: string, exerciseId: string) {
  const failed = await db
    .selectFrom('submissions')
    .select('result')
    .where('cohort_id', '=', cohortId)
    .where('exercise_id', '=', exerciseId)
    .where('passed', '=', 0)
    .orderBy('created_at', 'desc')
    .limit(FAILURE_SAMPLE)
    .execute()
  const counts = new Map<string, number>()
  for (const { result } of failed) {
    const r = JSON.parse(result) as GradeResult
    for (const c of r.checks ?? []) if (!c.passed) counts.set(c.name, (counts.get(c.name) ?? 0) + 1)
  }
  let best: { name: string; count: number } | null = null
  for (const [name, count] of counts)
    if (!best || count > best.count || (count === best.count && name < best.name)) best = { name, count }
  return best
}

/**
 * One CSV cell. Quotes as RFC 4180 asks, and defuses spreadsheet formulas: a cell that
 * starts with = + - @ tab or carriage return gets a leading apostrophe, so a display name
 * like `=HYPERLINK(...)` is shown as text.
 */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n']/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

export function dashboardCsv(d: Dashboard): string {
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString())
  const lines = [
    [
      'learner',
      'learner_id',
      'joined',
      'exercise',
      'exercise_title',
      'status',
      'attempts',
      'hints_used',
      'solution_shown',
      'passed_in_browser',
      'last_attempt',
    ],
  ]
  for (const l of d.learners)
    for (const e of d.exercises) {
      const c = l.cells[e.id]!
      lines.push([
        l.displayName,
        l.id,
        iso(l.joinedAt),
        e.id,
        e.title,
        c.status,
        String(c.attempts),
        String(c.hints),
        c.solutionShown ? 'yes' : 'no',
        c.passedInBrowser ? 'yes' : 'no',
        iso(c.lastAt),
      ])
    }
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

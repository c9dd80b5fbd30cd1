import { afterEach, describe, expect, it } from 'vitest'
import type { Grader } from '../grading'
import { DIALECTS } from '../testing/databases'
import { startTestServer } from '../testing/harness'
import type { TestServer } from '../testing/harness'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

// A course with many exercises: the events a join brings along then outnumber the bound
// parameters one INSERT may carry (32766 on SQLite, 65535 on PostgreSQL).
const MANY = Array.from({ length: 200 }, (_, i) => ({
  id: `exercise-${i}`,
  title: `Exercise ${i}`,
  lesson: `lesson-${i}`,
}))
const bigCourse: Grader = {
  async exercises() {
    return MANY
  },
  async grade() {
    return undefined
  },
}

describe.each(DIALECTS)('joining with progress on %s', (dialect) => {
  it('takes a big progress body: events for known exercises only, inserted in parts', async () => {
    server = await startTestServer(dialect, { grader: bigCourse })
    const { client: teacher } = await server.user('instructor')
    const c = (await teacher.json('POST', '/api/cohorts', { title: 'Big' })).body as {
      id: string
      joinCode: string
    }
    const when = '2026-12-01T10:00:00.000Z'
    const completed = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`lesson-${i}`, when]))
    const exercises: Record<string, { passedAt: string; hints: number; solutionShown: boolean }> = {}
    for (const e of MANY) exercises[e.id] = { passedAt: when, hints: 100, solutionShown: true }
    // Ids the course does not have: nothing of theirs is kept.
    for (let i = 0; i < 3000; i++)
      exercises[`unknown-${i}`] = { passedAt: when, hints: 100, solutionShown: true }
    const body = { displayName: 'Keen', progress: { completed, exercises } }
    expect(JSON.stringify(body).length).toBeLessThan(1024 * 1024)

    const learner = server.client()
    const r = await learner.json('POST', `/api/join/${c.joinCode}`, body)
    expect(r.status, JSON.stringify(r.body)).toBe(201)

    const rows = await server.ctx.db
      .selectFrom('events')
      .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
      .where('cohort_id', '=', c.id)
      .groupBy('kind')
      .execute()
    const counts = Object.fromEntries(rows.map((x) => [x.kind, Number(x.n)]))
    expect(counts).toEqual({
      joined: 1,
      // at most 500 lessons come along
      'completed-lesson': 500,
      'hint-used': MANY.length * 100,
      'solution-shown': MANY.length,
      'passed-in-browser': MANY.length,
    })
    const unknown = await server.ctx.db
      .selectFrom('events')
      .select('id')
      .where('subject', 'like', 'unknown-%')
      .execute()
    expect(unknown).toEqual([])
    expect(server.logs.filter((l) => l.startsWith('error'))).toEqual([])
  })
})

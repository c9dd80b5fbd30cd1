// The server grades with the course's grader: the reference solution of a real exercise
// passes, each known wrong answer fails with its message, and the stored attempt keeps the
// grader's messages. The browser's own verdict is not part of the request at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readExercises } from '../exercises/exercises'
import { courseGrader } from './course-grader'
import { DIALECTS } from './testing/databases'
import { startTestServer } from './testing/harness'
import type { Client, TestServer } from './testing/harness'

const exercise = readExercises()[0]!

describe.each(DIALECTS)('submissions graded by the course grader on %s', (dialect) => {
  let s: TestServer
  let cohortId: string
  let learner: Client
  beforeAll(async () => {
    s = await startTestServer(dialect, { grader: courseGrader() })
    const { client: teacher } = await s.user('instructor')
    const c = (await teacher.json('POST', '/api/cohorts', { title: 'Real grading' })).body as {
      id: string
      joinCode: string
    }
    cohortId = c.id
    learner = s.client()
    await learner.json('POST', `/api/join/${c.joinCode}`, { displayName: 'Real' })
  })
  afterAll(() => s.close())

  it(`the reference solution of ${exercise.id} passes`, async () => {
    const r = await learner.json('POST', `/api/cohorts/${cohortId}/submissions`, {
      exerciseId: exercise.id,
      workspace: { files: exercise.solution },
    })
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ exerciseId: exercise.id, passed: true })
  })

  it('every known wrong answer fails with its message, and a claimed verdict is refused', async () => {
    for (const wrong of exercise.wrong) {
      const r = await learner.json<{ passed: boolean; checks: { passed: boolean; message: string }[] }>(
        'POST',
        `/api/cohorts/${cohortId}/submissions`,
        { exerciseId: exercise.id, workspace: { files: wrong.files } },
      )
      const body = r.body as { passed: boolean; checks: { passed: boolean; message: string }[] }
      expect(body.passed, wrong.name).toBe(false)
      expect(
        body.checks
          .filter((c) => !c.passed)
          .map((c) => c.message)
          .join('\n'),
      ).toContain(wrong.message)
    }
    const claimed = await learner.json('POST', `/api/cohorts/${cohortId}/submissions`, {
      exerciseId: exercise.id,
      workspace: { files: exercise.wrong[0]!.files },
      passed: true,
    })
    expect(claimed.status).toBe(400)
    const rows = await s.ctx.db.selectFrom('submissions').select(['passed', 'result']).execute()
    expect(rows).toHaveLength(1 + exercise.wrong.length)
    expect(rows.filter((r) => r.passed === 1)).toHaveLength(1)
  })

  it('the dashboard lists the course exercises', async () => {
    const exercises = await courseGrader().exercises()
    expect(exercises.map((e) => e.id)).toContain(exercise.id)
  })
})

import { describe, expect, it } from 'vitest'
import { readExercises } from '../exercises/exercises'
import { gradingPool } from './grade-pool'

const exercise = readExercises()[0]!

describe('the grading pool', () => {
  it('grades on worker threads exactly as the course grader does', async () => {
    const pool = gradingPool(2)
    const [ok, bad, none] = await Promise.all([
      pool.grade(exercise.id, { files: exercise.solution }),
      pool.grade(exercise.id, { files: exercise.wrong[0]!.files }),
      pool.grade('no-such-exercise', {}),
    ])
    expect(ok).toMatchObject({ id: exercise.id, passed: true })
    expect(bad?.passed).toBe(false)
    expect(bad?.checks.some((c) => !c.passed && c.message.includes(exercise.wrong[0]!.message))).toBe(true)
    expect(none).toBeUndefined()
    // The same workspace again is answered from the cache, with the same result.
    expect(await pool.grade(exercise.id, { files: exercise.solution })).toEqual(ok)
    expect((await pool.exercises()).map((e) => e.id)).toContain(exercise.id)
  })
})

import { describe, expect, it } from 'vitest'
import {
  emptyProgress,
  exportProgress,
  mergeProgress,
  parseStoredProgress,
  serializeProgress,
  withExercisePassed,
  withHintsRevealed,
  withLessonCompleted,
  withSolutionShown,
} from './progress'
import { importProgress, parseProgressFile, ProgressFileError } from './progress-file'

const T1 = new Date('2026-01-01T10:00:00.000Z')
const T2 = new Date('2026-02-01T10:00:00.000Z')

describe('stored progress', () => {
  it('reads version 1 (lessons only) as written by the first course release', () => {
    const p = parseStoredProgress(JSON.stringify({ v: 1, completed: { 'one-ip-per-pod': T1.toISOString() } }))
    expect(p).toEqual({ completed: { 'one-ip-per-pod': T1.toISOString() }, exercises: {} })
  })

  it('round-trips through serialize and parse', () => {
    let p = withLessonCompleted(emptyProgress(), 'a', true, T1)
    p = withExercisePassed(p, 'np-x', T2)
    p = withHintsRevealed(p, 'np-x', 2)
    p = withSolutionShown(p, 'np-y')
    expect(parseStoredProgress(serializeProgress(p))).toEqual(p)
  })

  it('drops damaged entries one by one and keeps the rest', () => {
    const raw = JSON.stringify({
      completed: { good: T1.toISOString(), 'Bad Slug': T1.toISOString(), late: 'not a date', n: 3 },
      exercises: {
        ok: { passedAt: T2.toISOString(), hints: 1 },
        weird: { passedAt: 12, hints: -3, solutionShown: 'yes' },
        list: [1, 2],
        __proto__: { passedAt: T2.toISOString() },
      },
    })
    expect(parseStoredProgress(raw)).toEqual({
      completed: { good: T1.toISOString() },
      exercises: { ok: { passedAt: T2.toISOString(), hints: 1 } },
    })
  })

  it('treats unreadable storage as no progress', () => {
    for (const raw of [null, '', '{', '[]', '"x"', 'null', '{"completed":[1]}'])
      expect(parseStoredProgress(raw)).toEqual(emptyProgress())
  })
})

describe('changes', () => {
  it('remembers the first pass of an exercise, not a later one', () => {
    const p = withExercisePassed(withExercisePassed(emptyProgress(), 'e', T1), 'e', T2)
    expect(p.exercises.e!.passedAt).toBe(T1.toISOString())
  })

  it('never lowers the count of revealed hints', () => {
    const p = withHintsRevealed(withHintsRevealed(emptyProgress(), 'e', 3), 'e', 1)
    expect(p.exercises.e!.hints).toBe(3)
  })

  it('unmarks a lesson when asked', () => {
    const p = withLessonCompleted(withLessonCompleted(emptyProgress(), 'a', true, T1), 'a', false, T2)
    expect(p.completed).toEqual({})
  })
})

describe('merge', () => {
  it('keeps every completion of both sides with the earlier date', () => {
    const a = {
      completed: { x: T2.toISOString(), only_a: T1.toISOString() },
      exercises: { e: { passedAt: T2.toISOString(), hints: 1 }, f: { hints: 2 } },
    }
    const b = {
      completed: { x: T1.toISOString(), y: T2.toISOString() },
      exercises: { e: { passedAt: T1.toISOString(), solutionShown: true }, f: { hints: 1 } },
    }
    expect(mergeProgress(a, b)).toEqual({
      completed: { x: T1.toISOString(), only_a: T1.toISOString(), y: T2.toISOString() },
      exercises: { e: { passedAt: T1.toISOString(), hints: 1, solutionShown: true }, f: { hints: 2 } },
    })
    expect(mergeProgress(a, b)).toEqual(mergeProgress(b, a))
  })
})

describe('export and import', () => {
  const mine = withExercisePassed(withLessonCompleted(emptyProgress(), 'a', true, T1), 'e1', T1)

  it('reads back exactly what it exported', () => {
    const text = exportProgress(mine, T2)
    expect(JSON.parse(text)).toMatchObject({
      format: 'podnet-lab-progress',
      version: 2,
      exportedAt: T2.toISOString(),
    })
    expect(parseProgressFile(text)).toEqual(mine)
  })

  it('merges an import into existing progress and says what is new', () => {
    const other = withExercisePassed(withLessonCompleted(emptyProgress(), 'b', true, T2), 'e2', T2)
    const r = importProgress(mine, exportProgress(withExercisePassed(other, 'e1', T2), T2))
    expect(r.newLessons).toBe(1)
    expect(r.newExercises).toBe(1)
    expect(r.merged.completed).toEqual({ a: T1.toISOString(), b: T2.toISOString() })
    expect(r.merged.exercises.e1!.passedAt).toBe(T1.toISOString())
    expect(r.merged.exercises.e2!.passedAt).toBe(T2.toISOString())
  })

  it('an empty file of the right kind changes nothing', () => {
    const r = importProgress(mine, JSON.stringify({ format: 'podnet-lab-progress', version: 2 }))
    expect(r).toEqual({ newLessons: 0, newExercises: 0, merged: mine })
  })

  const bad: [string, string][] = [
    ['not json', 'The file is not valid JSON'],
    ['[1,2]', 'expected a JSON object'],
    ['{"version":2}', 'at format: is not "podnet-lab-progress"'],
    ['{"format":"podnet-lab-progress","version":9}', 'at version: is newer than this course understands'],
    [
      '{"format":"podnet-lab-progress","version":2,"completed":{"a":"yesterday"}}',
      'at completed.a: must be a date and time',
    ],
    [
      '{"format":"podnet-lab-progress","version":2,"exercises":{"e":{"hints":1.5}}}',
      'at exercises.e.hints: must be a whole number',
    ],
    [
      '{"format":"podnet-lab-progress","version":2,"exercises":{"e":{"passed":true}}}',
      'at exercises.e.passed: is not a field of a progress file',
    ],
    [
      '{"format":"podnet-lab-progress","version":2,"completed":{"Not A Slug":"2026-01-01T00:00:00Z"}}',
      'a lesson slug is lowercase letters',
    ],
  ]
  for (const [text, message] of bad)
    it(`refuses ${text.slice(0, 60)} with a clear error`, () => {
      expect(() => importProgress(mine, text)).toThrow(ProgressFileError)
      expect(() => importProgress(mine, text)).toThrow(message)
    })
})

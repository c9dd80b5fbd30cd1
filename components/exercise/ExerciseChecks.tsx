'use client'
// An exercise's checks against its running lab. The grader is pure, so it runs here in
// the browser on the lab's whole session (the editor's files and what the terminal
// applied, deleted or relabelled): on Check, and again shortly after every change, marking
// the exercise passed the first time every check passes.
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { markExercisePassed, markSolutionShown } from '@/components/course/progress-store'
import type { RunningLab } from '@/components/lab/lab-registry'
import { useSessionVersion } from '@/components/lab/use-lab-session'
import { grade } from '@/lib/grading/grade'
import type { Exercise, GradeResult, Workspace } from '@/lib/grading/types'
import type { LabSession } from '@/lib/session/session'
import type { CohortVerdict } from '@/components/cohort/cohort-submit'
import { testHooks } from '../test-hooks'
import { cohortEvent, cohortSubmit } from './cohort'

/** Re-grading waits this long after the last change, so typing is not slowed by it. */
const SETTLE_MS = 120

/** What browser tests read: `window.__podnet.exercises[id]`. */
export interface ExerciseTestHandle {
  /** the result on screen (null before the first grading) */
  result(): GradeResult | null
  /** grades the lab's session as it is now */
  grade(): GradeResult
}

function workspaceOf(session: LabSession): Workspace {
  const { cni, files, applied, deleted, labels, annotations } = session.snapshot()
  return { cni, files, applied, deleted, labels, annotations }
}

export default function ExerciseChecks({
  exercise,
  lab,
  alreadyPassed,
}: {
  exercise: Exercise
  lab: RunningLab
  alreadyPassed: boolean
}) {
  const { session } = lab
  const version = useSessionVersion(session)
  const [result, setResult] = useState<GradeResult | null>(null)
  const [shown, setShown] = useState(alreadyPassed)
  const [solutionNote, setSolutionNote] = useState(false)
  const [cohort, setCohort] = useState<CohortVerdict | null>(null)
  const latest = useRef<GradeResult | null>(null)
  const ids = useId()

  const run = useCallback((): GradeResult => {
    const r = grade(exercise, workspaceOf(session))
    latest.current = r
    setResult(r)
    if (r.passed) {
      markExercisePassed(exercise.id)
      setShown(true)
    }
    return r
  }, [exercise, session])

  // Again after each change, once the learner pauses (and at most once per frame).
  useEffect(() => {
    let frame: number | undefined
    const t = setTimeout(() => {
      frame = requestAnimationFrame(() => run())
    }, SETTLE_MS)
    return () => {
      clearTimeout(t)
      if (frame !== undefined) cancelAnimationFrame(frame)
    }
  }, [version, run])

  useEffect(() => {
    const hooks = testHooks().exercises
    const handle: ExerciseTestHandle = { result: () => latest.current, grade: run }
    hooks[exercise.id] = handle
    return () => {
      if (hooks[exercise.id] === handle) delete hooks[exercise.id]
    }
  }, [exercise.id, run])

  const check = () => {
    const r = run()
    setShown(true)
    setCohort(null)
    void cohortSubmit(exercise.id, workspaceOf(session)).then((v) => v && setCohort(v))
    return r
  }

  const showSolution = () => {
    const start = Object.fromEntries(
      exercise.startFiles.filter((f) => f.editable).map((f) => [f.name, f.text] as const),
    )
    lab.replace({
      cni: exercise.cni,
      files: { ...start, ...exercise.solution },
      applied: {},
      deleted: [],
      labels: {},
      annotations: {},
      created: {},
    })
    markSolutionShown(exercise.id)
    cohortEvent('solution-shown', exercise.id)
    setSolutionNote(true)
  }

  const passedCount = result?.checks.filter((c) => c.passed).length ?? 0
  const total = result?.checks.length ?? 0
  const summary =
    !shown || !result
      ? ''
      : result.passed
        ? `All ${total} checks pass: exercise passed.`
        : `${passedCount} of ${total} checks pass.`

  return (
    <div className="exercise-checks-panel">
      <div className="exercise-actions">
        <button type="button" className="ex-button" onClick={check} data-testid="exercise-check-button">
          Check
        </button>
        <button type="button" className="ex-button secondary" onClick={showSolution}>
          Show solution
        </button>
        <span className="exercise-summary" role="status" id={`${ids}-summary`} data-testid="exercise-summary">
          {summary}
        </span>
      </div>
      {solutionNote ? (
        <p className="exercise-note">
          The solution is now in the lab. Your attempt is kept: <strong>Restore previous attempt</strong> in
          the lab’s toolbar brings it back.
        </p>
      ) : null}
      {shown && result ? (
        <ul className="exercise-results" aria-labelledby={`${ids}-summary`} data-testid="exercise-results">
          {result.checks.map((c, i) => (
            <li key={i} data-testid="exercise-check" data-passed={c.passed ? 'true' : 'false'}>
              <span className="exercise-result-icon" aria-hidden="true">
                {c.passed ? '✔' : '✖'}
              </span>
              <span className="exercise-result-text">
                <span className="visually-hidden">{c.passed ? 'Passed: ' : 'Failed: '}</span>
                <span className="exercise-result-name">{c.name}</span>
                <span className="exercise-result-message">{c.message}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {cohort ? (
        <p className="exercise-note" data-testid="exercise-cohort">
          Your cohort’s server graded this attempt too: {cohort.passed ? 'passed' : 'not passed yet'}.
        </p>
      ) : null}
    </div>
  )
}

'use client'
// A graded exercise on the page: its task, its lab (the course's lab, started from the
// exercise's files), the checks once the lab runs, and the hints one at a time. The
// grader and the checks' panel load with the lab, so a lesson stays light until then; so
// do the exercise and its lab's files, fetched from the JSON the build wrote for it.
import './exercise.css'
import dynamic from 'next/dynamic'
import { useCallback, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { markHintsRevealed, useProgress } from '@/components/course/progress-store'
import type { LabConfig } from '@/components/lab/config'
import { LabIsland } from '@/components/lab/LabIsland'
import type { LabSummary } from '@/components/lab/LabIsland'
import { useRunningLab } from '@/components/lab/lab-registry'
import type { Exercise } from '@/lib/grading/types'
import { cohortEvent } from './cohort'
import type { ExerciseData } from './exercise-data'

const ExerciseChecks = dynamic(() => import('./ExerciseChecks'), {
  ssr: false,
  loading: () => <p className="exercise-muted">Loading the checks…</p>,
})

export function ExerciseIsland({
  id,
  title,
  lab,
  task,
  hints,
}: {
  id: string
  title: string
  lab: LabSummary
  task: ReactNode
  hints: ReactNode[]
}) {
  const [exercise, setExercise] = useState<Exercise | null>(null)
  const pending = useRef<Promise<LabConfig> | null>(null)
  const load = useCallback(() => {
    // app/exercise-data/[id]: one static file per exercise, same origin (CSP, offline).
    pending.current ??= fetch(`/exercise-data/${encodeURIComponent(id)}`)
      .then((r) => {
        if (!r.ok) throw new Error(`the exercise's data did not load (HTTP ${r.status})`)
        return r.json() as Promise<ExerciseData>
      })
      .then((data) => {
        setExercise(data.exercise)
        return data.lab
      })
      .catch((e: unknown) => {
        // A later attempt (the learner's retry) fetches again.
        pending.current = null
        throw e
      })
    return pending.current
  }, [id])
  const titleId = `exercise-${id}-title`
  const running = useRunningLab(lab.id)
  const record = useProgress().exercises[id]
  const passed = !!record?.passedAt
  const [localHints, setLocalHints] = useState(0)
  const revealed = Math.min(hints.length, Math.max(localHints, record?.hints ?? 0))
  const lastHint = useRef<HTMLDivElement>(null)

  const reveal = () => {
    const next = revealed + 1
    setLocalHints(next)
    markHintsRevealed(id, next)
    cohortEvent('hint-used', id)
    // The new hint takes the focus, so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => lastHint.current?.focus())
  }

  return (
    <section
      className="graded-exercise"
      id={`exercise-${id}`}
      aria-labelledby={titleId}
      data-testid="exercise"
      data-exercise={id}
      data-passed={passed ? 'true' : 'false'}
    >
      <header className="graded-exercise-header">
        <h3 id={titleId} className="graded-exercise-title">
          <span className="exercise-kicker">Exercise</span> <span>{title}</span>
        </h3>
        <span className="graded-exercise-badge" data-passed={passed ? 'true' : 'false'}>
          {passed ? (record?.solutionShown ? 'Passed (solution shown)' : 'Passed') : 'Not passed yet'}
        </span>
      </header>
      <div className="graded-exercise-task">{task}</div>
      {/* The lab is a landmark inside the exercise's: its name adds "lab" so the two differ. */}
      <span id={`${titleId}-lab`} hidden>
        lab
      </span>
      <LabIsland config={{ ...lab, load }} labelledBy={`${titleId} ${titleId}-lab`} />
      <div className="graded-exercise-footer">
        {running && exercise ? (
          <ExerciseChecks exercise={exercise} lab={running} alreadyPassed={passed} />
        ) : (
          <p className="exercise-muted">The checks run once the lab above has started.</p>
        )}
        {hints.length ? (
          <div className="exercise-hints">
            {hints.slice(0, revealed).map((h, i) => (
              <div
                key={i}
                className="exercise-hint"
                tabIndex={-1}
                ref={i === revealed - 1 ? lastHint : undefined}
                data-testid="exercise-hint"
              >
                <p className="exercise-hint-title">
                  Hint {i + 1} of {hints.length}
                </p>
                {h}
              </div>
            ))}
            {revealed < hints.length ? (
              <button type="button" className="ex-button secondary" onClick={reveal}>
                {revealed ? `Show hint ${revealed + 1} of ${hints.length}` : `Show a hint (${hints.length})`}
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
    </section>
  )
}

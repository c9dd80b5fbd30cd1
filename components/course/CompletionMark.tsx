'use client'

import '@/components/exercise/progress.css'
import { useProgress } from './progress-store'

function Ring({ done }: { done: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="7" />
      {done && <path d="M4.5 8.2l2.3 2.3 4.7-4.9" />}
    </svg>
  )
}

/**
 * A lesson's completion mark in lists: an empty ring, or a tick once completed. Placed after
 * the title in the markup (so a screen reader hears "title (completed)") and drawn before it
 * by CSS.
 */
export function CompletionMark({ slug }: { slug: string }) {
  const done = !!useProgress().completed[slug]
  return (
    <span className="mark" data-done={done ? 'true' : 'false'}>
      <Ring done={done} />
      {done && <span className="visually-hidden"> (completed)</span>}
    </span>
  )
}

/** An exercise's mark: a tick once all its checks have passed. */
export function ExerciseMark({ id }: { id: string }) {
  const rec = useProgress().exercises[id]
  const done = !!rec?.passedAt
  return (
    <span className="mark" data-done={done ? 'true' : 'false'} data-testid="exercise-mark" data-exercise={id}>
      <Ring done={done} />
      {done && (
        <span className="visually-hidden"> (passed{rec?.solutionShown ? ', solution shown' : ''})</span>
      )}
    </span>
  )
}

/** "3/14": how many of a lesson's graded exercises are passed. */
export function ExerciseCount({ ids, long = false }: { ids: readonly string[]; long?: boolean }) {
  const exercises = useProgress().exercises
  const passed = ids.filter((id) => exercises[id]?.passedAt).length
  return (
    <span
      className="exercise-count"
      data-testid="exercise-count"
      data-passed={passed}
      data-total={ids.length}
      data-done={passed === ids.length ? 'true' : 'false'}
    >
      {long ? (
        `${passed} of ${ids.length} exercises passed`
      ) : (
        <>
          <span aria-hidden="true">
            {passed}/{ids.length}
          </span>
          <span className="visually-hidden">
            , {passed} of {ids.length} exercises passed
          </span>
        </>
      )}
    </span>
  )
}

import { useId } from 'react'
import type { ReactNode } from 'react'
import { GradedExercise } from '@/components/exercise/GradedExercise'

/**
 * `<Exercise id="…" />`: a graded exercise (content/scenarios/<scenario>/exercises/<id>.yaml)
 * with its own lab, checks, hints and solution. `<Exercise title="…">`: a task for the
 * learner in a titled box, with <Hint> and <Solution> inside.
 */
export function Exercise(props: { id: string } | { title: string; children: ReactNode }) {
  if ('id' in props) return <GradedExercise id={props.id} />
  return <TaskBox {...props} />
}

function TaskBox({ title, children }: { title: string; children: ReactNode }) {
  const id = useId()
  return (
    <div className="exercise" role="group" aria-labelledby={id}>
      <p className="exercise-title" id={id}>
        <span className="exercise-kicker">Exercise</span>
        <span>{title}</span>
      </p>
      <div className="exercise-body">{children}</div>
    </div>
  )
}

function Disclosure({ kind, label, children }: { kind: string; label: string; children: ReactNode }) {
  return (
    <details className={`disclosure disclosure-${kind}`}>
      <summary>{label}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  )
}

/** A hint, collapsed until the learner opens it. */
export function Hint({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <Disclosure kind="hint" label={title ?? 'Hint'}>
      {children}
    </Disclosure>
  )
}

/** The solution, collapsed until the learner opens it. */
export function Solution({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <Disclosure kind="solution" label={title ?? 'Solution'}>
      {children}
    </Disclosure>
  )
}

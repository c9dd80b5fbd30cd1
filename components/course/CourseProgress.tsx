'use client'

import { useId } from 'react'
import { useProgress } from './progress-store'

/** The course progress bars: lessons marked complete, and graded exercises passed. */
export function CourseProgress({
  slugs,
  exerciseIds = [],
}: {
  slugs: readonly string[]
  exerciseIds?: readonly string[]
}) {
  const progress = useProgress()
  const id = useId()
  const done = slugs.filter((s) => progress.completed[s]).length
  const total = slugs.length
  const passed = exerciseIds.filter((e) => progress.exercises[e]?.passedAt).length
  return (
    <div className="course-progress">
      <p className="course-progress-label" id={`${id}-lessons`}>
        <span>Course progress</span>
        <span className="course-progress-count">
          {done} of {total} lessons
        </span>
      </p>
      <progress max={total} value={done} aria-labelledby={`${id}-lessons`} />
      {exerciseIds.length ? (
        <>
          <p className="course-progress-label" id={`${id}-exercises`}>
            <span>Exercises</span>
            <span className="course-progress-count" data-testid="course-exercises" data-passed={passed}>
              {passed} of {exerciseIds.length} passed
            </span>
          </p>
          <progress max={exerciseIds.length} value={passed} aria-labelledby={`${id}-exercises`} />
        </>
      ) : null}
    </div>
  )
}

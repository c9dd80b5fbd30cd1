'use client'

import { useId } from 'react'
import { useCompleted } from './progress-store'

/** The course progress bar: how many of the course's lessons are marked complete. */
export function CourseProgress({ slugs }: { slugs: readonly string[] }) {
  const completed = useCompleted()
  const id = useId()
  const done = slugs.filter((s) => completed.has(s)).length
  const total = slugs.length
  return (
    <div className="course-progress">
      <p className="course-progress-label" id={id}>
        <span>Course progress</span>
        <span className="course-progress-count">
          {done} of {total} lessons
        </span>
      </p>
      <progress max={total} value={done} aria-labelledby={id} />
    </div>
  )
}

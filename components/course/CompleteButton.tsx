'use client'

import { reportLessonEvent, useLessonOpened } from '@/components/cohort/lesson-events'
import { setCompleted, useCompleted } from './progress-store'

/**
 * Marks a lesson complete (or takes the mark back) in the browser's progress; a learner in a
 * cohort also has the completion recorded in the cohort's log.
 */
export function toggleCompleted(slug: string, done: boolean): void {
  setCompleted(slug, !done)
  if (!done) void reportLessonEvent('completed-lesson', slug)
}

/**
 * "Mark as complete" for one lesson; pressing it again takes the mark back. It is on every
 * lesson page, so it also tells a learner's cohort that the lesson was opened.
 */
export function CompleteButton({ slug }: { slug: string }) {
  const done = useCompleted().has(slug)
  useLessonOpened(slug)
  return (
    <button
      type="button"
      className="complete-button"
      aria-pressed={done}
      data-done={done ? 'true' : 'false'}
      onClick={() => toggleCompleted(slug, done)}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="7" />
        {done && <path d="M4.5 8.2l2.3 2.3 4.7-4.9" />}
      </svg>
      {done ? 'Completed' : 'Mark as complete'}
    </button>
  )
}

'use client'

import { setCompleted, useCompleted } from './progress-store'

/** "Mark as complete" for one lesson; pressing it again takes the mark back. */
export function CompleteButton({ slug }: { slug: string }) {
  const done = useCompleted().has(slug)
  return (
    <button
      type="button"
      className="complete-button"
      aria-pressed={done}
      data-done={done ? 'true' : 'false'}
      onClick={() => setCompleted(slug, !done)}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="7" />
        {done && <path d="M4.5 8.2l2.3 2.3 4.7-4.9" />}
      </svg>
      {done ? 'Completed' : 'Mark as complete'}
    </button>
  )
}

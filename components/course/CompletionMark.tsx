'use client'

import { useCompleted } from './progress-store'

/**
 * A lesson's completion mark in lists: an empty ring, or a tick once completed. Placed after
 * the title in the markup (so a screen reader hears "title (completed)") and drawn before it
 * by CSS.
 */
export function CompletionMark({ slug }: { slug: string }) {
  const done = useCompleted().has(slug)
  return (
    <span className="mark" data-done={done ? 'true' : 'false'}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="7" />
        {done && <path d="M4.5 8.2l2.3 2.3 4.7-4.9" />}
      </svg>
      {done && <span className="visually-hidden"> (completed)</span>}
    </span>
  )
}

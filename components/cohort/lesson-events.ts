'use client'
// The lesson side of the cohort's event log: a lesson page opened, a lesson marked complete.
// Sent only when the learner belongs to a cohort (the same check submissions make, through
// currentCohort), after the page has settled, and never in the way: a failure is dropped
// and the course goes on from local progress alone.
import { useEffect } from 'react'
import { recordCohortEvent } from './cohort-submit'

export type LessonEventKind = 'opened-lesson' | 'completed-lesson'

/** Records a lesson event in the learner's cohort; resolves (never rejects) either way. */
export function reportLessonEvent(kind: LessonEventKind, slug: string): Promise<void> {
  return recordCohortEvent(kind, slug).catch(() => {})
}

/**
 * The lesson page's effect: reports the lesson as opened a moment later, so that the page's
 * own work comes first. The cleanup cancels it when the page goes at once, which also keeps
 * React's development double mount to one report.
 */
export function lessonOpened(slug: string): () => void {
  const timer = setTimeout(() => void reportLessonEvent('opened-lesson', slug), 500)
  return () => clearTimeout(timer)
}

/** Reports the lesson as opened once its page is up, and again when another lesson replaces it. */
export function useLessonOpened(slug: string): void {
  useEffect(() => lessonOpened(slug), [slug])
}

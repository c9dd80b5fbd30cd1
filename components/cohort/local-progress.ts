// What the browser learned before joining (localStorage `podnet-lab:progress`, read with
// lib/storage/progress): the lessons marked complete and, per exercise, when it passed in
// the browser, how many hints were revealed and whether the solution was shown. Sent along
// with the join so the cohort's log starts where the learner already is. A pass in the
// browser is recorded as such — only a submission graded by the server counts as passed.
import { PROGRESS_KEY, parseStoredProgress } from '@/lib/storage/progress'

export interface LocalProgress {
  completed: Record<string, string>
  exercises: Record<string, { passedAt?: string; hints?: number; solutionShown?: boolean }>
}

export function localProgress(): LocalProgress | undefined {
  let raw: string | null
  try {
    raw = window.localStorage.getItem(PROGRESS_KEY)
  } catch {
    return undefined
  }
  const p = parseStoredProgress(raw)
  return Object.keys(p.completed).length || Object.keys(p.exercises).length ? p : undefined
}

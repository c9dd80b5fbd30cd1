// The learner's progress (lessons marked complete, exercises passed), kept in localStorage
// through the pure lib/storage/progress. A tiny external store read with
// useSyncExternalStore: the server snapshot is "nothing completed", so the first client
// render matches the static HTML, and React re-renders with the stored state right after
// hydration (no hydration mismatch). Other tabs are followed through the `storage` event.
import { useSyncExternalStore } from 'react'
import {
  emptyProgress,
  parseStoredProgress,
  PROGRESS_KEY,
  serializeProgress,
  withExercisePassed,
  withHintsRevealed,
  withLessonCompleted,
  withSolutionShown,
} from '@/lib/storage/progress'
import type { Progress } from '@/lib/storage/progress'

export { PROGRESS_KEY }
export type { Progress }

const EMPTY: Progress = emptyProgress()
const EMPTY_SET: ReadonlySet<string> = new Set()
const listeners = new Set<() => void>()
let lastRaw: string | null | undefined
let lastProgress: Progress = EMPTY
let lastCompleted: ReadonlySet<string> = EMPTY_SET

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(PROGRESS_KEY)
  } catch {
    return null
  }
}

function refresh(): void {
  const raw = readRaw()
  if (raw === lastRaw) return
  lastRaw = raw
  lastProgress = parseStoredProgress(raw)
  lastCompleted = new Set(Object.keys(lastProgress.completed))
}

function onStorage(e: StorageEvent) {
  if (e.key === null || e.key === PROGRESS_KEY) listeners.forEach((l) => l())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (listeners.size === 1) window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) window.removeEventListener('storage', onStorage)
  }
}

/** The whole record (empty during server rendering and hydration). */
export function useProgress(): Progress {
  return useSyncExternalStore(
    subscribe,
    () => (refresh(), lastProgress),
    () => EMPTY,
  )
}

/** The slugs of the lessons marked complete (empty during server rendering and hydration). */
export function useCompleted(): ReadonlySet<string> {
  return useSyncExternalStore(
    subscribe,
    () => (refresh(), lastCompleted),
    () => EMPTY_SET,
  )
}

/** The stored progress now, read afresh (for export and import). */
export function readProgress(): Progress {
  return parseStoredProgress(readRaw())
}

/** Stores `next` (computed from what is stored now); false when storage refused it. */
function update(change: (p: Progress) => Progress): boolean {
  const before = readProgress()
  const next = change(before)
  if (next === before) return true
  let ok = true
  try {
    window.localStorage.setItem(PROGRESS_KEY, serializeProgress(next))
  } catch {
    // storage full or blocked: progress is not kept, the page still works
    ok = false
  }
  listeners.forEach((l) => l())
  return ok
}

export function setCompleted(slug: string, done: boolean): void {
  update((p) => withLessonCompleted(p, slug, done, new Date()))
}

export function markExercisePassed(id: string): void {
  update((p) => withExercisePassed(p, id, new Date()))
}

export function markHintsRevealed(id: string, count: number): void {
  update((p) => withHintsRevealed(p, id, count))
}

export function markSolutionShown(id: string): void {
  update((p) => withSolutionShown(p, id))
}

/** Replaces the stored record (an import, already merged with what was there). */
export function storeProgress(p: Progress): boolean {
  return update(() => p)
}

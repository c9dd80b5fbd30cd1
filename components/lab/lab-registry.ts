'use client'
// The running labs of a page, by lab id, so a panel outside a lab (an exercise's checks)
// can read its session and change it. A lab registers while its runtime is mounted.
import { useSyncExternalStore } from 'react'
import type { LabSession, SessionState } from '@/lib/session/session'

export interface RunningLab {
  session: LabSession
  /** swaps the attempt for `state`, keeping the attempt as the restorable one (as a reset does) */
  replace(state: SessionState): void
}

const labs = new Map<string, RunningLab>()
const listeners = new Set<() => void>()

export function publishLab(id: string, lab: RunningLab): () => void {
  labs.set(id, lab)
  listeners.forEach((l) => l())
  return () => {
    if (labs.get(id) !== lab) return
    labs.delete(id)
    listeners.forEach((l) => l())
  }
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** The lab with this id while it runs, else undefined. */
export function useRunningLab(id: string): RunningLab | undefined {
  return useSyncExternalStore(
    subscribe,
    () => labs.get(id),
    () => undefined,
  )
}

'use client'
// One LabSession per lab, restored from and saved to localStorage, with React re-rendering
// on every change.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { LabSession } from '@/lib/session/session'
import type { SessionState } from '@/lib/session/session'
import { loadLab, resetLab, restoreLab, saveLab } from '@/lib/storage/lab-storage'
import type { KeyValueStore } from '@/lib/storage/lab-storage'
import { sessionInit } from './config'
import type { LabConfig } from './config'

function browserStore(): KeyValueStore | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}

/** Re-renders on every change of the session; returns its version. */
export function useSessionVersion(session: LabSession): number {
  return useSyncExternalStore(
    useCallback((fn) => session.subscribe(fn), [session]),
    () => session.version,
    () => 0,
  )
}

export interface LabHandle {
  session: LabSession
  version: number
  canRestore: boolean
  reset(): void
  restorePrevious(): void
  /** puts `state` in place of the attempt, which becomes the restorable one (e.g. a solution) */
  replace(state: SessionState): void
}

export function useLabSession(config: LabConfig): LabHandle {
  const saved = useMemo(() => loadLab(browserStore(), config.id), [config.id])
  const session = useMemo(() => {
    const init = sessionInit(config)
    try {
      return new LabSession(init, saved.current)
    } catch {
      // A saved state this version cannot read: start fresh rather than fail.
      return new LabSession(init)
    }
  }, [config, saved])
  const version = useSessionVersion(session)
  const [canRestore, setCanRestore] = useState(!!saved.previous)

  // Save shortly after a change, and at once when the page is hidden or the lab unmounts.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const savedVersion = useRef(session.version)
  const save = useCallback(() => {
    timer.current = undefined
    savedVersion.current = session.version
    saveLab(browserStore(), config.id, session.snapshot())
  }, [session, config.id])
  useEffect(() => {
    if (version === savedVersion.current) return
    clearTimeout(timer.current)
    timer.current = setTimeout(save, 250)
  }, [version, save])
  useEffect(() => {
    const flush = () => {
      if (timer.current === undefined) return
      clearTimeout(timer.current)
      save()
    }
    window.addEventListener('pagehide', flush)
    return () => {
      window.removeEventListener('pagehide', flush)
      flush()
    }
  }, [save])

  const reset = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = undefined
    resetLab(browserStore(), config.id, session.snapshot())
    session.reset()
    savedVersion.current = session.version
    setCanRestore(true)
  }, [session, config.id])

  const restorePrevious = useCallback(() => {
    clearTimeout(timer.current)
    timer.current = undefined
    const previous = restoreLab(browserStore(), config.id, session.snapshot())
    if (previous) session.restore(previous)
    savedVersion.current = session.version
  }, [session, config.id])

  const replace = useCallback(
    (state: SessionState) => {
      clearTimeout(timer.current)
      timer.current = undefined
      resetLab(browserStore(), config.id, session.snapshot())
      session.restore(state)
      saveLab(browserStore(), config.id, session.snapshot())
      savedVersion.current = session.version
      setCanRestore(true)
    },
    [session, config.id],
  )

  return { session, version, canRestore, reset, restorePrevious, replace }
}

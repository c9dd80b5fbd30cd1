'use client'
// One LabSession per lab, restored from and saved to localStorage, with React re-rendering
// on every change.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { LabSession } from '@/lib/session/session'
import type { SessionState } from '@/lib/session/session'
import { loadLab, resetLab, restoreLab, saveLab } from '@/lib/storage/lab-storage'
import type { KeyValueStore } from '@/lib/storage/lab-storage'
import type { LabConfig } from './config'

function browserStore(): KeyValueStore | undefined {
  try {
    return window.localStorage
  } catch {
    return undefined
  }
}

export interface LabHandle {
  session: LabSession
  version: number
  canRestore: boolean
  reset(): void
  restorePrevious(): void
}

export function useLabSession(config: LabConfig): LabHandle {
  const session = useMemo(() => {
    const saved = loadLab(browserStore(), config.id).current
    const init = { files: config.files, cni: config.cni, ...(config.nodes ? { nodes: config.nodes } : {}) }
    try {
      return new LabSession(init, saved)
    } catch {
      // A saved state this version cannot read: start fresh rather than fail.
      return new LabSession(init)
    }
  }, [config])
  const version = useSyncExternalStore(
    useCallback((fn) => session.subscribe(fn), [session]),
    () => session.version,
    () => 0,
  )
  const [canRestore, setCanRestore] = useState(() => !!loadLab(browserStore(), config.id).previous)

  // Save shortly after changes, and at once when the page is hidden.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const skipFirst = useRef(true)
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false
      return
    }
    clearTimeout(timer.current)
    timer.current = setTimeout(() => saveLab(browserStore(), config.id, session.snapshot()), 250)
  }, [version, session, config.id])
  useEffect(() => {
    const flush = () => {
      if (timer.current) {
        clearTimeout(timer.current)
        saveLab(browserStore(), config.id, session.snapshot())
      }
    }
    window.addEventListener('pagehide', flush)
    return () => {
      window.removeEventListener('pagehide', flush)
      flush()
    }
  }, [session, config.id])

  const reset = useCallback(() => {
    clearTimeout(timer.current)
    resetLab(browserStore(), config.id, session.snapshot())
    session.reset()
    setCanRestore(true)
  }, [session, config.id])

  const restorePrevious = useCallback(() => {
    clearTimeout(timer.current)
    const previous: SessionState | undefined = restoreLab(browserStore(), config.id, session.snapshot())
    if (previous) session.restore(previous)
  }, [session, config.id])

  return { session, version, canRestore, reset, restorePrevious }
}

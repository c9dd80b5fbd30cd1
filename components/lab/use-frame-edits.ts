'use client'
// Editor changes arrive per keystroke; the cluster is rebuilt from them at most once per
// animation frame, so typing stays smooth and the verdicts follow within a frame.
import { useCallback, useEffect, useRef } from 'react'
import type { LabSession } from '@/lib/session/session'

export function useFrameEdits(session: LabSession): (file: string, text: string) => void {
  const pending = useRef(new Map<string, string>())
  const frame = useRef<number | undefined>(undefined)
  const apply = useCallback(() => {
    frame.current = undefined
    const edits = [...pending.current]
    pending.current.clear()
    for (const [f, t] of edits) session.setFile(f, t)
  }, [session])
  // Leaving (or switching sessions) applies what is still pending, so no keystroke is lost.
  useEffect(
    () => () => {
      if (frame.current === undefined) return
      cancelAnimationFrame(frame.current)
      apply()
    },
    [apply],
  )
  return useCallback(
    (file: string, text: string) => {
      pending.current.set(file, text)
      if (frame.current === undefined) frame.current = requestAnimationFrame(apply)
    },
    [apply],
  )
}

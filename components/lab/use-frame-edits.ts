'use client'
// Editor changes arrive per keystroke; the cluster is rebuilt from them at most once per
// animation frame, so typing stays smooth and the verdicts follow within a frame.
import { useCallback, useEffect, useRef } from 'react'
import type { LabSession } from '@/lib/session/session'

export function useFrameEdits(session: LabSession): (file: string, text: string) => void {
  const pending = useRef(new Map<string, string>())
  const frame = useRef<number | undefined>(undefined)
  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current)
      frame.current = undefined
    },
    [session],
  )
  return useCallback(
    (file: string, text: string) => {
      pending.current.set(file, text)
      if (frame.current !== undefined) return
      frame.current = requestAnimationFrame(() => {
        frame.current = undefined
        const edits = [...pending.current]
        pending.current.clear()
        for (const [f, t] of edits) session.setFile(f, t)
      })
    },
    [session],
  )
}

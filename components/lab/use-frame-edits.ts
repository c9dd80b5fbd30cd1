'use client'
// The lab's editor changes, applied to its session through an EditBatcher: at once after a
// quiet frame, at most once per frame during a burst.
import { useEffect, useMemo } from 'react'
import type { LabSession } from '@/lib/session/session'
import { EditBatcher } from './edit-batcher'

export function useFrameEdits(session: LabSession): (file: string, text: string) => void {
  const batcher = useMemo(() => new EditBatcher((f, t) => session.setFile(f, t)), [session])
  // Leaving (or switching sessions) applies what is still pending, so no keystroke is lost.
  useEffect(() => () => batcher.flush(), [batcher])
  return useMemo(() => (file: string, text: string) => batcher.edit(file, text), [batcher])
}

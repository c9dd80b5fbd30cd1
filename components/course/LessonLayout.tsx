'use client'

import { useRef, useState } from 'react'
import type { ReactNode } from 'react'

type View = 'lesson' | 'lab'

/**
 * Wraps a lesson. On narrow screens (≤ 900px) a lesson with a lab shows either its text or
 * its lab: the "Lesson" / "Lab" buttons switch `data-view`, and CSS hides the other part.
 * The lab stays mounted while hidden, so nothing typed in it is lost. On wide screens the
 * buttons are hidden and the lab sits in the text where the lesson places it.
 */
export function LessonLayout({ hasLab, children }: { hasLab: boolean; children: ReactNode }) {
  const [view, setView] = useState<View>('lesson')
  const rootRef = useRef<HTMLDivElement>(null)
  const lessonScroll = useRef(0)

  const show = (next: View) => {
    if (next === view) return
    if (next === 'lab') lessonScroll.current = window.scrollY
    setView(next)
    // After the switch: the lab starts at the top; the text returns where the reader was.
    requestAnimationFrame(() => {
      if (next === 'lab') {
        const top = rootRef.current ? rootRef.current.getBoundingClientRect().top + window.scrollY : 0
        window.scrollTo({ top: Math.max(0, top - 8) })
      } else {
        window.scrollTo({ top: lessonScroll.current })
      }
    })
  }

  return (
    <div className="lesson-layout" data-view={view} data-has-lab={hasLab ? 'true' : 'false'} ref={rootRef}>
      {hasLab && (
        <div className="view-switch" role="group" aria-label="Show the lesson text or its lab">
          <button type="button" aria-pressed={view === 'lesson'} onClick={() => show('lesson')}>
            Lesson
          </button>
          <button type="button" aria-pressed={view === 'lab'} onClick={() => show('lab')}>
            Lab
          </button>
        </div>
      )}
      {children}
    </div>
  )
}

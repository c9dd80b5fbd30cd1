'use client'
// The lab's place on the page. The runtime (simulator, Monaco, xterm) is loaded only once
// the lab is close to the screen or the learner opens it, so reading a lesson stays light.
import './lab-island.css'
import dynamic from 'next/dynamic'
import { useEffect, useRef, useState } from 'react'
import type { LabConfig } from './config'

const LabRuntime = dynamic(() => import('./LabRuntime'), {
  ssr: false,
  loading: () => <p className="lab-loading">Loading the lab…</p>,
})

export function LabIsland({ config }: { config: LabConfig }) {
  const ref = useRef<HTMLElement>(null)
  const [open, setOpen] = useState(false)

  useEffect(() => {
    const el = ref.current
    if (!el || open) return
    if (typeof IntersectionObserver === 'undefined') {
      setOpen(true)
      return
    }
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setOpen(true)
      },
      { rootMargin: '300px 0px' },
    )
    io.observe(el)
    return () => io.disconnect()
  }, [open])

  const headingId = `lab-${config.id}-title`
  return (
    <section ref={ref} className="lab" aria-labelledby={headingId} data-lab={config.id}>
      <header className="lab-header">
        <h2 id={headingId} className="lab-title">
          Lab: {config.title}
        </h2>
        {config.description ? <p className="lab-description">{config.description}</p> : null}
      </header>
      {open ? (
        <LabRuntime config={config} />
      ) : (
        <div className="lab-placeholder">
          <p>
            A simulated cluster ({config.files.length} manifest file{config.files.length === 1 ? '' : 's'},{' '}
            {config.flows.length} watched flow{config.flows.length === 1 ? '' : 's'}).
          </p>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Open the lab
          </button>
        </div>
      )}
    </section>
  )
}

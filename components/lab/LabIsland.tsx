'use client'
// The lab's place on the page. The runtime (simulator, Monaco, xterm) is loaded only once
// the lab is close to the screen or the learner opens it, so reading a lesson stays light.
import './lab-island.css'
import dynamic from 'next/dynamic'
import { startTransition, useEffect, useRef, useState } from 'react'
import type { LabConfig } from './config'

/** What the placeholder shows of a lab whose config is fetched only when it opens. */
export interface LabSummary {
  id: string
  title: string
  description?: string
  fileCount: number
  flowCount: number
}

/** A lab known by its summary; `load` fetches its config when the lab opens. */
export interface LazyLab extends LabSummary {
  load: () => Promise<LabConfig>
}

const LabRuntime = dynamic(() => import('./LabRuntime'), {
  ssr: false,
  loading: () => <p className="lab-loading">Loading the lab…</p>,
})

export function LabIsland({
  config,
  labelledBy,
}: {
  config: LabConfig | LazyLab
  /** the id of a heading outside the island that names the lab (a lab page's <h1>): the
   * island then shows neither title nor description again */
  labelledBy?: string
}) {
  const ref = useRef<HTMLElement>(null)
  const [open, setOpen] = useState(false)
  const lazy = 'load' in config ? config : null
  const [loaded, setLoaded] = useState<LabConfig | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const ready = lazy ? loaded : (config as LabConfig)
  const load = lazy?.load

  useEffect(() => {
    if (!open || !load || loaded || failed) return
    let live = true
    load().then(
      (c) => {
        if (live) startTransition(() => setLoaded(c))
      },
      (e: unknown) => {
        if (live) setFailed(e instanceof Error ? e.message : String(e))
      },
    )
    return () => {
      live = false
    }
  }, [open, load, loaded, failed])

  useEffect(() => {
    const el = ref.current
    if (!el || open) return
    if (typeof IntersectionObserver === 'undefined') {
      setOpen(true)
      return
    }
    const io = new IntersectionObserver(
      (entries) => {
        // A transition: React renders the lab in slices and keeps the page responsive to
        // scrolling meanwhile, instead of one long task (the placeholder stays until then).
        if (entries.some((e) => e.isIntersecting)) startTransition(() => setOpen(true))
      },
      { rootMargin: '300px 0px' },
    )
    io.observe(el)
    return () => io.disconnect()
  }, [open])

  const fileCount = lazy ? lazy.fileCount : (config as LabConfig).files.length
  const flowCount = lazy ? lazy.flowCount : (config as LabConfig).flows.length
  const headingId = `lab-${config.id}-title`
  return (
    <section ref={ref} className="lab" aria-labelledby={labelledBy ?? headingId} data-lab={config.id}>
      {labelledBy ? null : (
        <header className="lab-header">
          <h2 id={headingId} className="lab-title">
            Lab: {config.title}
          </h2>
          {config.description ? <p className="lab-description">{config.description}</p> : null}
        </header>
      )}
      {open && ready ? (
        <LabRuntime config={ready} />
      ) : open && failed ? (
        <div className="lab-placeholder" role="alert">
          <p>The lab could not be loaded: {failed}.</p>
          <button type="button" className="button" onClick={() => setFailed(null)}>
            Try again
          </button>
        </div>
      ) : open ? (
        <p className="lab-loading">Loading the lab…</p>
      ) : (
        <div className="lab-placeholder">
          <p>
            A simulated cluster ({fileCount} manifest file{fileCount === 1 ? '' : 's'}, {flowCount} watched
            flow{flowCount === 1 ? '' : 's'}).
          </p>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Open the lab
          </button>
        </div>
      )}
    </section>
  )
}

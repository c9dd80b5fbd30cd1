import { useId } from 'react'
import { DIAGRAMS } from '@/components/diagrams'
import type { DiagramName } from '@/lib/content/authoring'
import { DIAGRAM_NAMES } from '@/lib/content/authoring'
import { Markers } from '@/components/diagrams/kit'
import '@/components/diagrams/diagrams.css'

// One of the course's drawings, server-rendered as an SVG (no client script). The SVG is an
// image with a title and a description that says in words what it shows; the course index
// has already refused a name that is not in DIAGRAM_NAMES, the throw is the last guard.

/** A named diagram from components/diagrams/, e.g. `<Diagram name="veth-pair" />`. */
export function Diagram({ name, caption }: { name: DiagramName; caption?: string }) {
  const d = (DIAGRAMS as Partial<Record<string, (typeof DIAGRAMS)[DiagramName]>>)[name]
  if (!d) throw new Error(`<Diagram name="${name}">: name must be one of ${DIAGRAM_NAMES.join(', ')}`)
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const titleId = `dg-title-${uid}`
  const descId = `dg-desc-${uid}`
  const ids = { arrow: `dg-a-${uid}`, ok: `dg-o-${uid}`, deny: `dg-d-${uid}`, muted: `dg-m-${uid}` }
  return (
    <figure className="diagram dg" data-diagram={name}>
      {/* On a phone the drawing scrolls sideways: focusable, so the keyboard can scroll it. */}
      <div className="diagram-scroll" tabIndex={0} role="region" aria-labelledby={titleId}>
        <svg
          viewBox={`0 0 ${d.width} ${d.height}`}
          width={d.width}
          height={d.height}
          role="img"
          aria-labelledby={titleId}
          aria-describedby={descId}
        >
          <title id={titleId}>{d.title}</title>
          <desc id={descId}>{d.description}</desc>
          <Markers ids={ids} />
          {d.draw(ids)}
        </svg>
      </div>
      <figcaption className="diagram-caption">{caption ?? d.title}</figcaption>
    </figure>
  )
}

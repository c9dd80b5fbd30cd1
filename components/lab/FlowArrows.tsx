'use client'
// The watched and probed flows drawn over the cluster view, from pod to pod: solid with ✔
// when allowed, dashed with ✖ when dropped (shape and sign, not colour alone). The same
// flows are listed as text in the traffic panel, so the drawing is hidden from screen readers.
import { useId, useLayoutEffect, useRef, useState } from 'react'
import type { FlowResult } from '@/lib/session/flows'

interface Line {
  key: string
  x1: number
  y1: number
  x2: number
  y2: number
  verdict: 'allowed' | 'dropped'
  label: string
}

/** The pods a flow runs between: its source pod and the pod that served it. */
function ends(f: FlowResult): [string, string] | undefined {
  const r = f.result
  if (!r) return undefined
  const from = r.request.from
  if (!('pod' in from)) return undefined
  const to = r.backend?.label ?? f.to
  if (!to.includes('/') || to === from.pod) return undefined
  return [from.pod, to]
}

/** Draws over its parent element, which holds the pod cards. */
export function FlowArrows({ flows }: { flows: FlowResult[] }) {
  const svg = useRef<SVGSVGElement>(null)
  // Marker ids must be unique on the page, which may hold several labs.
  const ids = `flow-arrows-${useId().replace(/[^\w-]/g, '')}`
  const [lines, setLines] = useState<Line[]>([])
  const [size, setSize] = useState({ w: 0, h: 0 })

  useLayoutEffect(() => {
    // The parent, not a ref passed down: a parent's ref is not set yet when a child's
    // layout effect first runs.
    const root = svg.current?.parentElement
    if (!root) return
    const measure = () => {
      const box = root.getBoundingClientRect()
      const centre = (id: string) => {
        const el = root.querySelector<HTMLElement>(`[data-pod="${CSS.escape(id)}"]`)
        if (!el || !el.offsetParent) return undefined
        const r = el.getBoundingClientRect()
        return { x: r.left - box.left + r.width / 2, y: r.top - box.top + r.height / 2 }
      }
      const out: Line[] = []
      flows.forEach((f, i) => {
        const e = ends(f)
        if (!e) return
        const a = centre(e[0])
        const b = centre(e[1])
        if (!a || !b) return
        // Pairs drawn both ways would overlap: shift each line a little to its side.
        const dx = b.x - a.x
        const dy = b.y - a.y
        const len = Math.hypot(dx, dy) || 1
        const off = 6 * ((i % 3) - 1)
        const nx = (-dy / len) * off
        const ny = (dx / len) * off
        out.push({
          key: `${i}`,
          x1: a.x + nx,
          y1: a.y + ny,
          x2: b.x + nx,
          y2: b.y + ny,
          verdict: f.verdict,
          label: `${f.verdict === 'allowed' ? '✔' : '✖'} ${f.port}`,
        })
      })
      setLines(out)
      setSize({ w: root.scrollWidth, h: root.scrollHeight })
    }
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(root)
    return () => ro.disconnect()
  }, [flows])

  return (
    <svg
      ref={svg}
      className="flow-arrows"
      aria-hidden="true"
      width={size.w}
      height={size.h}
      viewBox={`0 0 ${size.w || 1} ${size.h || 1}`}
    >
      <defs>
        <marker
          id={`${ids}-ok`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" className="flow-arrow-head-allowed" />
        </marker>
        <marker
          id={`${ids}-bad`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" className="flow-arrow-head-dropped" />
        </marker>
      </defs>
      {lines.map((l) => {
        // Stop short of the target's centre so the head stays visible on the card.
        const t = 0.85
        const x2 = l.x1 + (l.x2 - l.x1) * t
        const y2 = l.y1 + (l.y2 - l.y1) * t
        return (
          <g key={l.key} className={`flow-arrow flow-arrow-${l.verdict}`}>
            <line
              x1={l.x1}
              y1={l.y1}
              x2={x2}
              y2={y2}
              markerEnd={`url(#${ids}-${l.verdict === 'allowed' ? 'ok' : 'bad'})`}
              strokeDasharray={l.verdict === 'allowed' ? undefined : '6 4'}
            />
            <text x={(l.x1 + x2) / 2} y={(l.y1 + y2) / 2 - 4} textAnchor="middle">
              {l.label}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

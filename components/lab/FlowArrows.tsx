'use client'
// The watched and probed flows drawn over the cluster view, from pod to pod: solid with ✔
// when allowed, dashed with ✖ when dropped (shape and sign, not colour alone). The same
// flows are listed as text in the traffic panel, so the drawing is hidden from screen readers.
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { FlowResult } from '@/lib/session/flows'
import { flowPath, labelBox, placeLabel } from './flow-geometry'
import type { Point, Rect } from './flow-geometry'

interface Line {
  key: string
  d: string
  verdict: 'allowed' | 'dropped'
  label: string
  spot?: { x: number; y: number; leader: boolean }
  mid: Point
}

interface Layout {
  cards: Map<string, Rect>
  /** what labels must not cover: the pod cards and the nodes' headings */
  obstacles: Rect[]
  w: number
  h: number
}

const EMPTY: Layout = { cards: new Map(), obstacles: [], w: 0, h: 0 }
/** The labels' size at 11px bold: measured once would need a render; this is close enough. */
const labelSize = (text: string) => ({ w: Math.ceil(text.length * 6.8) + 6, h: 14 })
const SHORT = { w: 13, h: 14 }

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

/**
 * Draws over its parent element, which holds the pod cards. The cards are measured only
 * when the layout can have moved (`layoutKey` changes, or the parent is resized): an edit
 * that only changes verdicts redraws from the last measurement, without forcing a layout.
 */
export function FlowArrows({ flows, layoutKey }: { flows: FlowResult[]; layoutKey?: string }) {
  const svg = useRef<SVGSVGElement>(null)
  // Marker ids must be unique on the page, which may hold several labs.
  const ids = `flow-arrows-${useId().replace(/[^\w-]/g, '')}`
  const [layout, setLayout] = useState<Layout>(EMPTY)

  useLayoutEffect(() => {
    // The parent, not a ref passed down: a parent's ref is not set yet when a child's
    // layout effect first runs.
    const root = svg.current?.parentElement
    if (!root) return
    const measure = () => {
      const box = root.getBoundingClientRect()
      const rel = (el: Element): Rect => {
        const r = el.getBoundingClientRect()
        return { x: r.left - box.left, y: r.top - box.top, w: r.width, h: r.height }
      }
      const cards = new Map<string, Rect>()
      const obstacles: Rect[] = []
      for (const el of root.querySelectorAll<HTMLElement>('[data-pod]')) {
        if (!el.offsetParent) continue
        const r = rel(el)
        cards.set(el.dataset.pod!, r)
        obstacles.push({ x: r.x - 2, y: r.y - 2, w: r.w + 4, h: r.h + 4 })
      }
      for (const el of root.querySelectorAll('.node-head, .node > .muted')) obstacles.push(rel(el))
      setLayout({ cards, obstacles, w: root.scrollWidth, h: root.scrollHeight })
    }
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(root)
    return () => ro.disconnect()
  }, [layoutKey])

  const lines = useMemo(() => {
    const out: Line[] = []
    const placed: Rect[] = []
    const bounds = { x: 0, y: 0, w: layout.w, h: layout.h }
    // Flows between the same two pods are spread side by side.
    const pairs = new Map<string, number>()
    const pairOf = (a: string, b: string) => (a < b ? `${a} ${b}` : `${b} ${a}`)
    for (const f of flows) {
      const e = ends(f)
      if (e) pairs.set(pairOf(...e), (pairs.get(pairOf(...e)) ?? 0) + 1)
    }
    const seen = new Map<string, number>()
    flows.forEach((f, i) => {
      const e = ends(f)
      if (!e) return
      const a = layout.cards.get(e[0])
      const b = layout.cards.get(e[1])
      if (!a || !b) return
      const pair = pairOf(...e)
      const n = pairs.get(pair) ?? 1
      const k = seen.get(pair) ?? 0
      seen.set(pair, k + 1)
      // Drawn in the pair's own direction, so both ways of a pair share one side convention.
      const side = e[0] < e[1] ? 1 : -1
      const path = flowPath(a, b, side * 8 * (k - (n - 1) / 2), bounds)
      const mark = f.verdict === 'allowed' ? '✔' : '✖'
      const full = `${mark} ${f.port}`
      const size = labelSize(full)
      const spot = placeLabel(path, size, [...layout.obstacles, ...placed], bounds, SHORT)
      if (spot) placed.push(labelBox(spot, spot.short ? SHORT : size))
      const label = spot?.short ? mark : full
      out.push({ key: `${i}`, d: path.d, verdict: f.verdict, label, spot, mid: path.mid })
    })
    return out
  }, [flows, layout])

  return (
    <svg
      ref={svg}
      className="flow-arrows"
      aria-hidden="true"
      width={layout.w}
      height={layout.h}
      viewBox={`0 0 ${layout.w || 1} ${layout.h || 1}`}
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
      {lines.map((l) => (
        <g key={l.key} className={`flow-arrow flow-arrow-${l.verdict}`}>
          <path
            d={l.d}
            fill="none"
            markerEnd={`url(#${ids}-${l.verdict === 'allowed' ? 'ok' : 'bad'})`}
            strokeDasharray={l.verdict === 'allowed' ? undefined : '6 4'}
          />
          {l.spot?.leader ? (
            <line className="flow-leader" x1={l.spot.x} y1={l.spot.y} x2={l.mid.x} y2={l.mid.y} />
          ) : null}
          {l.spot ? (
            <text x={l.spot.x} y={l.spot.y} textAnchor="middle" dominantBaseline="central">
              {l.label}
            </text>
          ) : null}
        </g>
      ))}
    </svg>
  )
}

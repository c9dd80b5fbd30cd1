import type { ReactNode } from 'react'

// Small drawing pieces shared by the diagrams, so every picture uses the same boxes, arrows
// and type sizes, and every colour comes from the theme's CSS variables (diagrams.css).

/** Marker ids of one rendered diagram: unique per figure, so two diagrams on a page never share one. */
export interface Ids {
  arrow: string
  ok: string
  deny: string
  muted: string
}

export interface DiagramDef {
  /** short name of the picture: the SVG's title and the visible caption */
  title: string
  /** what the picture shows, in words: the SVG's description for screen readers */
  description: string
  width: number
  height: number
  draw: (ids: Ids) => ReactNode
}

export type BoxKind = 'pod' | 'iface' | 'rule' | 'plain' | 'ok' | 'deny' | 'muted'

/** A labelled box; `lines` are the smaller lines under the label. */
export function Box({
  x,
  y,
  w,
  h,
  kind = 'iface',
  label,
  lines = [],
  mono = false,
  align = 'middle',
}: {
  x: number
  y: number
  w: number
  h: number
  kind?: BoxKind
  label?: string
  lines?: string[]
  mono?: boolean
  align?: 'middle' | 'start'
}) {
  const rows = (label ? 1 : 0) + lines.length
  // the text block is centred vertically: label 17px high, each small line 17px
  const top = y + h / 2 - (rows * 17) / 2 + 13
  const tx = align === 'middle' ? x + w / 2 : x + 12
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={8} className={`dg-box dg-${kind}`} />
      {label && (
        <text x={tx} y={top} textAnchor={align} className="dg-label">
          {label}
        </text>
      )}
      {lines.map((l, i) => (
        <text
          key={i}
          x={tx}
          y={top + (label ? 18 : 0) + i * 17}
          textAnchor={align}
          className={mono ? 'dg-mono' : 'dg-sub'}
        >
          {l}
        </text>
      ))}
    </g>
  )
}

/** A large container (a node, a namespace) with its name in the top left corner. */
export function Zone({
  x,
  y,
  w,
  h,
  label,
  dashed = false,
}: {
  x: number
  y: number
  w: number
  h: number
  label: string
  dashed?: boolean
}) {
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={12} className={dashed ? 'dg-zone dg-dashed' : 'dg-zone'} />
      <text x={x + 12} y={y + 22} className="dg-zone-label">
        {label}
      </text>
    </g>
  )
}

export type ArrowKind = 'main' | 'ok' | 'deny' | 'muted'

/** An arrow along an SVG path (`d`), with a head at its end (and at its start if `both`). */
export function Arrow({
  d,
  ids,
  kind = 'main',
  both = false,
  dashed = false,
}: {
  d: string
  ids: Ids
  kind?: ArrowKind
  both?: boolean
  dashed?: boolean
}) {
  const marker = `url(#${{ main: ids.arrow, ok: ids.ok, deny: ids.deny, muted: ids.muted }[kind]})`
  return (
    <path
      d={d}
      fill="none"
      className={`dg-arrow dg-arrow-${kind}${dashed ? ' dg-dashed' : ''}`}
      markerEnd={marker}
      markerStart={both ? marker : undefined}
    />
  )
}

/** A line of text; `kind` picks the size and colour. */
export function Label({
  x,
  y,
  children,
  kind = 'sub',
  anchor = 'middle',
}: {
  x: number
  y: number
  children: ReactNode
  kind?: 'label' | 'sub' | 'mono' | 'ok' | 'deny' | 'step'
  anchor?: 'start' | 'middle' | 'end'
}) {
  return (
    <text x={x} y={y} textAnchor={anchor} className={`dg-${kind}`}>
      {children}
    </text>
  )
}

/** A numbered circle, for steps the description refers to. */
export function Step({ x, y, n }: { x: number; y: number; n: number }) {
  return (
    <g>
      <circle cx={x} cy={y} r={11} className="dg-step-dot" />
      <text x={x} y={y + 5} textAnchor="middle" className="dg-step-num">
        {n}
      </text>
    </g>
  )
}

/** A cross: traffic stops here. Drawn, not only coloured, so it reads without colour. */
export function Cross({ x, y }: { x: number; y: number }) {
  return (
    <path
      d={`M${x - 8} ${y - 8}L${x + 8} ${y + 8}M${x + 8} ${y - 8}L${x - 8} ${y + 8}`}
      className="dg-cross"
    />
  )
}

/** The arrowhead markers one diagram uses, one per arrow colour. */
export function Markers({ ids }: { ids: Ids }) {
  return (
    <defs>
      {(
        [
          [ids.arrow, 'main'],
          [ids.ok, 'ok'],
          [ids.deny, 'deny'],
          [ids.muted, 'muted'],
        ] as const
      ).map(([id, kind]) => (
        <marker
          key={id}
          id={id}
          viewBox="0 0 10 10"
          refX="8"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0L10 5L0 10z" className={`dg-head-${kind}`} />
        </marker>
      ))}
    </defs>
  )
}

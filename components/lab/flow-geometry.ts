// Where the cluster view draws a flow: from the border of one pod card to the border of
// the other (so arrowheads never sit on a card's text), bowing out to the side when two
// cards sit right above each other, with its label ("✔ 80/TCP") in free space, never on a
// pod card or a node's heading. Plain geometry, so it is tested without a browser.

export interface Rect {
  x: number
  y: number
  w: number
  h: number
}

export interface Point {
  x: number
  y: number
}

export interface FlowPath {
  /** SVG path data, from the source card's border to the target card's border */
  d: string
  /** a point on the path, near its middle: where the label is looked for first */
  mid: Point
  /** the direction of the path at `mid` (unit vector) */
  dir: Point
  /** points along the path, the middle first, then outwards: where a short label may go */
  samples: Point[]
}

/** t = 0.5, then 0.45 and 0.55, … out to 0.15 and 0.85. */
const SAMPLE_TS = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85]

const centre = (r: Rect): Point => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 })

/** Where the ray from the rectangle's centre towards `dir` leaves the rectangle. */
function exit(r: Rect, dir: Point): Point {
  const c = centre(r)
  const tx = dir.x ? r.w / 2 / Math.abs(dir.x) : Infinity
  const ty = dir.y ? r.h / 2 / Math.abs(dir.y) : Infinity
  const t = Math.min(tx, ty)
  return { x: c.x + dir.x * t, y: c.y + dir.y * t }
}

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/** Below this, a line between cards stacked in one column is too short to see: bow out. */
const MIN_STRAIGHT = 28
const BOW = 22

/**
 * The path of a flow between two cards. `offset` shifts it sideways so that flows between
 * the same cards (one each way, or on several ports) do not lie on top of each other.
 */
export function flowPath(from: Rect, to: Rect, offset = 0, bounds?: Rect): FlowPath {
  const a = centre(from)
  const b = centre(to)
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1
  const dir = { x: (b.x - a.x) / len, y: (b.y - a.y) / len }
  const normal = { x: -dir.y, y: dir.x }
  const shift = (p: Point) => ({ x: p.x + normal.x * offset, y: p.y + normal.y * offset })
  const start = shift(exit(from, dir))
  const end = shift(exit(to, { x: -dir.x, y: -dir.y }))
  const straight = Math.hypot(end.x - start.x, end.y - start.y)
  const forward = (end.x - start.x) * dir.x + (end.y - start.y) * dir.y
  const sameColumn = from.x < to.x + to.w && to.x < from.x + from.w
  if (forward > 0 && (straight >= MIN_STRAIGHT || !sameColumn)) {
    const at = (t: number) => ({ x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t })
    return {
      d: `M${r1(start.x)},${r1(start.y)} L${r1(end.x)},${r1(end.y)}`,
      mid: at(0.5),
      dir,
      samples: SAMPLE_TS.map(at),
    }
  }
  // Cards stacked in one column: leave from the side of the source and come back into the
  // same side of the target, around the gap; the right side, unless that leaves the view.
  const right = !bounds || Math.max(from.x + from.w, to.x + to.w) + BOW <= bounds.x + bounds.w
  const y1 = a.y + offset
  const y2 = b.y + offset
  const x1 = right ? from.x + from.w : from.x
  const x2 = right ? to.x + to.w : to.x
  const out = right ? Math.max(x1, x2) + BOW : Math.min(x1, x2) - BOW
  // A cubic Bézier's point at t (here with both control points at x = out).
  const at = (t: number) => {
    const u = 1 - t
    return {
      x: u * u * u * x1 + 3 * u * t * out + t * t * t * x2,
      y: u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2,
    }
  }
  return {
    d: `M${r1(x1)},${r1(y1)} C${r1(out)},${r1(y1)} ${r1(out)},${r1(y2)} ${r1(x2)},${r1(y2)}`,
    mid: at(0.5),
    dir: { x: 0, y: Math.sign(y2 - y1) || 1 },
    samples: SAMPLE_TS.map(at),
  }
}

const r1 = (n: number) => Math.round(n * 10) / 10

export interface LabelSpot {
  x: number
  y: number
  /** the label sits away from its path: draw a thin leader back to it */
  leader: boolean
  /** no room for the whole label: only its sign (✔ or ✖) is shown, on the path */
  short: boolean
}

/**
 * Finds a place for a label of size w×h near the middle of `path` that overlaps none of
 * `obstacles` (pod cards, node headings, labels already placed) and stays inside `bounds`:
 * along and beside the path, then a little further out (with a leader line). Where the
 * whole label does not fit, the sign alone (size `short`) is placed on the path where it
 * crosses free space, such as the gap between two cards. Undefined when even that does
 * not fit: the flow is drawn without a label (the traffic panel lists every flow).
 */
export function placeLabel(
  path: FlowPath,
  size: { w: number; h: number },
  obstacles: readonly Rect[],
  bounds: Rect,
  short: { w: number; h: number } = { w: 14, h: 14 },
): LabelSpot | undefined {
  const { dir } = path
  const normal = { x: -dir.y, y: dir.x }
  const fits = (p: Point, sz: { w: number; h: number }) => {
    const box = { x: p.x - sz.w / 2, y: p.y - sz.h / 2, w: sz.w, h: sz.h }
    if (box.x < bounds.x || box.y < bounds.y) return false
    if (box.x + box.w > bounds.x + bounds.w || box.y + box.h > bounds.y + bounds.h) return false
    return !obstacles.some((o) => overlaps(box, o))
  }
  // Along the path and just beside it.
  for (const along of [0, -12, 12, -24, 24, -36, 36]) {
    for (const side of [0, -(size.h / 2 + 3), size.h / 2 + 3]) {
      const p = {
        x: path.mid.x + dir.x * along + normal.x * side,
        y: path.mid.y + dir.y * along + normal.y * side,
      }
      if (fits(p, size)) return { ...p, leader: false, short: false }
    }
  }
  // A little further out, nearest first.
  for (let radius = 16; radius <= 64; radius += 8) {
    const steps = Math.max(12, Math.round(radius / 4))
    for (let i = 0; i < steps; i++) {
      const angle = (2 * Math.PI * i) / steps
      const p = { x: path.mid.x + Math.cos(angle) * radius, y: path.mid.y + Math.sin(angle) * radius }
      if (fits(p, size)) return { ...p, leader: true, short: false }
    }
  }
  for (const p of path.samples) if (fits(p, short)) return { ...p, leader: false, short: true }
  return undefined
}

/** The label's box, as placed, to add to the obstacles of the next label. */
export function labelBox(spot: Point, size: { w: number; h: number }, pad = 2): Rect {
  return {
    x: spot.x - size.w / 2 - pad,
    y: spot.y - size.h / 2 - pad,
    w: size.w + 2 * pad,
    h: size.h + 2 * pad,
  }
}

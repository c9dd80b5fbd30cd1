import { describe, expect, it } from 'vitest'
import { flowPath, labelBox, placeLabel } from './flow-geometry'
import type { Rect } from './flow-geometry'

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
const numbers = (d: string) => d.match(/-?\d+(\.\d+)?/g)!.map(Number)

describe('flow arrows', () => {
  // Two node columns, as the cluster view lays them out: 180px wide cards, 8px apart.
  const client = { x: 10, y: 40, w: 180, h: 90 }
  const monitor = { x: 10, y: 135, w: 180, h: 90 }
  const web = { x: 220, y: 135, w: 180, h: 90 }
  const other = { x: 220, y: 40, w: 180, h: 90 }
  const size = { w: 60, h: 14 }
  const bounds = { x: 0, y: 0, w: 420, h: 300 }

  it('a flow between columns runs from border to border, not from centre to centre', () => {
    const p = flowPath(monitor, web)
    const [x1, y1, x2, y2] = numbers(p.d)
    expect(x1).toBeCloseTo(190)
    expect(x2).toBeCloseTo(220)
    expect(y1).toBeCloseTo(180)
    expect(y2).toBeCloseTo(180)
  })

  it('cards stacked in one node get a path that bows out beside them', () => {
    const p = flowPath(other, web)
    expect(p.d).toMatch(/^M[\d.]+,[\d.]+ C/)
    const [x1, , cx] = numbers(p.d)
    expect(x1).toBe(400)
    expect(cx).toBeGreaterThan(400)
  })

  it('a label never lands on a pod card, however crowded the midpoint is', () => {
    const cards = [client, monitor, web, other].map((r) => ({
      x: r.x - 2,
      y: r.y - 2,
      w: r.w + 4,
      h: r.h + 4,
    }))
    for (const [a, b] of [
      [client, web],
      [monitor, web],
      [other, web],
    ] as const) {
      const spot = placeLabel(flowPath(a, b), size, cards, bounds)
      expect(spot).toBeDefined()
      const box = labelBox(spot!, spot!.short ? { w: 14, h: 14 } : size, 0)
      for (const c of cards) expect(overlaps(box, c)).toBe(false)
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.w).toBeLessThanOrEqual(bounds.w)
    }
  })

  it('labels placed one after another do not cover each other', () => {
    const cards = [monitor, web]
    const placed: Rect[] = []
    for (let i = 0; i < 4; i++) {
      const spot = placeLabel(flowPath(monitor, web, i * 8), size, [...cards, ...placed], bounds)
      expect(spot).toBeDefined()
      const box = labelBox(spot!, size, 0)
      for (const p of placed) expect(overlaps(box, p)).toBe(false)
      placed.push(labelBox(spot!, size))
    }
  })

  it('where the whole label does not fit, the sign alone goes in the gap between cards', () => {
    // Two columns packed with cards, 24px apart: no room for "✔ 80/TCP", room for "✔".
    const left = { x: 0, y: 0, w: 200, h: 300 }
    const right = { x: 224, y: 0, w: 200, h: 300 }
    const spot = placeLabel(flowPath(left, right), size, [left, right], { x: 0, y: 0, w: 424, h: 300 })
    expect(spot).toMatchObject({ short: true })
    const box = labelBox(spot!, { w: 13, h: 14 }, 0)
    expect(overlaps(box, left) || overlaps(box, right)).toBe(false)
  })

  it('gives up rather than cover a card when there is no room at all', () => {
    const wall = [{ x: 0, y: 0, w: 420, h: 300 }]
    expect(placeLabel(flowPath(monitor, web), size, wall, bounds)).toBeUndefined()
  })
})

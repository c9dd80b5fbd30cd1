import { describe, expect, it } from 'vitest'
import type { BatcherClock } from './edit-batcher'
import { EditBatcher } from './edit-batcher'

function fakeClock() {
  let t = 0
  const micro: (() => void)[] = []
  const frames = new Map<number, () => void>()
  let next = 1
  const clock: BatcherClock = {
    now: () => t,
    microtask: (fn) => void micro.push(fn),
    frame: (fn) => {
      frames.set(next, fn)
      return next++
    },
    cancelFrame: (id) => void frames.delete(id),
  }
  return {
    clock,
    advance: (ms: number) => void (t += ms),
    runMicrotasks: () => micro.splice(0).forEach((f) => f()),
    runFrame: () => {
      const fs = [...frames.values()]
      frames.clear()
      fs.forEach((f) => f())
    },
    frames,
  }
}

describe('EditBatcher', () => {
  it('applies the first edit after a quiet frame in a microtask, without waiting for a frame', () => {
    const c = fakeClock()
    const applied: string[] = []
    const b = new EditBatcher((f, t) => applied.push(`${f}=${t}`), c.clock)
    b.edit('policy.yaml', 'a')
    expect(applied).toEqual([])
    c.runMicrotasks()
    expect(applied).toEqual(['policy.yaml=a'])
    expect(c.frames.size).toBe(0)
  })

  it('gathers edits that come faster than a frame and applies only the latest per file', () => {
    const c = fakeClock()
    const applied: string[] = []
    const b = new EditBatcher((f, t) => applied.push(`${f}=${t}`), c.clock)
    b.edit('p.yaml', 'a')
    c.runMicrotasks()
    c.advance(4)
    b.edit('p.yaml', 'ab')
    b.edit('p.yaml', 'abc')
    b.edit('q.yaml', 'x')
    c.runMicrotasks()
    expect(applied).toEqual(['p.yaml=a'])
    c.runFrame()
    expect(applied).toEqual(['p.yaml=a', 'p.yaml=abc', 'q.yaml=x'])
  })

  it('flush applies a pending edit at once and cancels its frame, so leaving loses nothing', () => {
    const c = fakeClock()
    const applied: string[] = []
    const b = new EditBatcher((f, t) => applied.push(`${f}=${t}`), c.clock)
    b.edit('p.yaml', 'a')
    c.runMicrotasks()
    c.advance(1)
    b.edit('p.yaml', 'ab')
    b.flush()
    expect(applied).toEqual(['p.yaml=a', 'p.yaml=ab'])
    expect(c.frames.size).toBe(0)
    c.runFrame()
    c.runMicrotasks()
    expect(applied).toHaveLength(2)
  })

  it('after a quiet frame the next edit is immediate again', () => {
    const c = fakeClock()
    const applied: string[] = []
    const b = new EditBatcher((f, t) => applied.push(t), c.clock)
    b.edit('p', '1')
    c.runMicrotasks()
    c.advance(20)
    b.edit('p', '2')
    c.runMicrotasks()
    expect(applied).toEqual(['1', '2'])
  })
})

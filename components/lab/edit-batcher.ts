// Editor changes arrive per keystroke. The first change after a quiet frame is applied at
// once (in a microtask, after the editor's own handler), so a verdict does not wait for
// the next animation frame, which a busy main thread can push back by tens of
// milliseconds. Changes that come faster than one per frame are gathered and applied
// together on the next frame, so a burst (key repeat, a macro) rebuilds the cluster at most
// once per frame.

export interface BatcherClock {
  now(): number
  microtask(fn: () => void): void
  frame(fn: () => void): number
  cancelFrame(id: number): void
}

const FRAME_MS = 16

export const browserClock: BatcherClock = {
  now: () => performance.now(),
  microtask: (fn) => queueMicrotask(fn),
  frame: (fn) => requestAnimationFrame(fn),
  cancelFrame: (id) => cancelAnimationFrame(id),
}

export class EditBatcher {
  private readonly pending = new Map<string, string>()
  private scheduled: 'microtask' | number | undefined
  private lastApplied = -Infinity

  constructor(
    private readonly apply: (file: string, text: string) => void,
    private readonly clock: BatcherClock = browserClock,
  ) {}

  edit(file: string, text: string): void {
    this.pending.set(file, text)
    if (this.scheduled !== undefined) return
    if (this.clock.now() - this.lastApplied >= FRAME_MS) {
      this.scheduled = 'microtask'
      this.clock.microtask(() => this.flush())
    } else {
      this.scheduled = this.clock.frame(() => this.flush())
    }
  }

  /** Applies what is pending now (also on leaving, so no keystroke is lost). */
  flush(): void {
    if (typeof this.scheduled === 'number') this.clock.cancelFrame(this.scheduled)
    this.scheduled = undefined
    if (this.pending.size === 0) return
    const edits = [...this.pending]
    this.pending.clear()
    this.lastApplied = this.clock.now()
    for (const [f, t] of edits) this.apply(f, t)
  }
}

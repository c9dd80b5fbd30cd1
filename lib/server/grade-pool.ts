// Grading off the request thread: a few worker threads run the course grader, so a
// submission's simulation never stalls the requests around it and every core is used.
// Identical submissions (the reference solution, the classic mistakes) are common in a
// class; their results are kept in a small cache, as grading is deterministic.
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { GradeResult, Grader, Workspace } from './grading'
import { courseGrader } from './course-grader'

/** A grading that takes longer than this is a bug or an attack: the thread is replaced. */
const GRADE_TIMEOUT_MS = 20_000
const CACHE_SIZE = 1000
// Next.js sets NEXT_RUNTIME in its server; Turbopack rewrites import.meta.url to the source
// path, so it cannot tell a bundle from a source run.
const FROM_SOURCE = !process.env.NEXT_RUNTIME

interface Pending {
  resolve(r: GradeResult | undefined): void
  reject(e: Error): void
  timer: NodeJS.Timeout
}

class GradeThread {
  worker!: Worker
  pending = new Map<number, Pending>()

  constructor() {
    this.start()
  }

  start() {
    // Turbopack bundles the worker entry it finds in `new Worker(new URL(…))`; run from
    // source (tests, the benchmark) the thread registers tsx first, then loads the entry.
    this.worker = FROM_SOURCE
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
            new URL('./grade-worker.ts', import.meta.url).href,
          )}) })`,
          { eval: true },
        )
      : new Worker(new URL('./grade-worker.ts', import.meta.url))
    this.worker.unref()
    this.worker.on('message', (m: { id: number; result?: GradeResult; error?: string }) => {
      const p = this.pending.get(m.id)
      if (!p) return
      this.pending.delete(m.id)
      clearTimeout(p.timer)
      if (m.error !== undefined) p.reject(new Error(m.error))
      else p.resolve(m.result)
    })
    this.worker.on('error', (e) => this.fail(e))
    this.worker.on('exit', (code) => {
      if (this.pending.size) this.fail(new Error(`grading thread exited with ${code}`))
    })
  }

  fail(e: Error) {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer)
      p.reject(e)
    }
    this.pending.clear()
    void this.worker.terminate()
    this.start()
  }

  grade(id: number, exerciseId: string, workspace: Workspace): Promise<GradeResult | undefined> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('grading took too long')), GRADE_TIMEOUT_MS)
      this.pending.set(id, { resolve, reject, timer })
      this.worker.postMessage({ id, exerciseId, workspace })
    })
  }
}

export function gradingPool(size = Math.max(1, Math.min(4, availableParallelism()))): Grader {
  const local = courseGrader()
  let threads: GradeThread[] | undefined
  let next = 0
  const cache = new Map<string, GradeResult | undefined>()
  return {
    exercises: () => local.exercises(),
    async grade(exerciseId, workspace) {
      const key = createHash('sha256')
        .update(exerciseId)
        .update('\0')
        .update(JSON.stringify(workspace))
        .digest('base64')
      if (cache.has(key)) {
        const hit = cache.get(key)
        cache.delete(key)
        cache.set(key, hit)
        return hit
      }
      threads ??= Array.from({ length: size }, () => new GradeThread())
      // The thread with the fewest gradings in flight.
      const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a))
      const result = await thread.grade(next++, exerciseId, workspace)
      cache.set(key, result)
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!)
      return result
    },
  }
}

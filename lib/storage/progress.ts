// A learner's progress through the course, kept in the browser (no account needed): the
// lessons marked complete and the graded exercises passed, with the hints they revealed.
// Pure: it parses whatever it finds in storage (never trusting it), merges two records
// without ever losing a completion, and writes and reads the export file.
// Reading an export file (with zod) lives in ./progress-file, loaded only when a file is
// imported: this module is on every page (the sidebar's marks), zod is not needed there.

/** One exercise's record. */
export interface ExerciseProgress {
  /** when all its checks first passed (ISO date); absent while not passed */
  passedAt?: string
  /** how many of its hints were revealed */
  hints?: number
  /** the solution was shown (before or after passing) */
  solutionShown?: boolean
}

export interface Progress {
  /** lesson slug → ISO date it was marked complete */
  completed: Record<string, string>
  /** exercise id → its record */
  exercises: Record<string, ExerciseProgress>
}

/** The localStorage key; `completed` keeps the shape it had in version 1. */
export const PROGRESS_KEY = 'podnet-lab:progress'
export const PROGRESS_VERSION = 2
/** `format` of an export file, so an unrelated JSON file is recognised as such. */
export const EXPORT_FORMAT = 'podnet-lab-progress'

export const SLUG = /^[a-z0-9][a-z0-9-]{0,120}$/
const MAX_ENTRIES = 5000
export const MAX_HINTS = 100

export function emptyProgress(): Progress {
  return { completed: {}, exercises: {} }
}

function isoDate(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 40) return undefined
  const t = Date.parse(v)
  return Number.isNaN(t) ? undefined : new Date(t).toISOString()
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Reads progress as stored (any version, any damage): entries that are not what they
 * should be are left out one by one, so one bad value does not cost the rest.
 */
export function parseStoredProgress(raw: string | null | undefined): Progress {
  const out = emptyProgress()
  if (!raw) return out
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return out
  }
  if (!isMap(data)) return out
  if (isMap(data.completed))
    for (const [slug, when] of Object.entries(data.completed).slice(0, MAX_ENTRIES)) {
      const at = isoDate(when)
      if (SLUG.test(slug) && at) out.completed[slug] = at
    }
  if (isMap(data.exercises))
    for (const [id, rec] of Object.entries(data.exercises).slice(0, MAX_ENTRIES)) {
      if (!SLUG.test(id) || !isMap(rec)) continue
      const e: ExerciseProgress = {}
      const at = isoDate(rec.passedAt)
      if (at) e.passedAt = at
      if (typeof rec.hints === 'number' && Number.isInteger(rec.hints) && rec.hints > 0)
        e.hints = Math.min(rec.hints, MAX_HINTS)
      if (rec.solutionShown === true) e.solutionShown = true
      if (Object.keys(e).length) out.exercises[id] = e
    }
  return out
}

export function serializeProgress(p: Progress): string {
  return JSON.stringify({ v: PROGRESS_VERSION, completed: p.completed, exercises: p.exercises })
}

const earlier = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : a <= b ? a : b

/**
 * Both records together: whatever either has completed stays completed (with the earlier
 * date), the larger hint count and any shown solution are kept. Nothing is ever removed.
 */
export function mergeProgress(a: Progress, b: Progress): Progress {
  const out: Progress = { completed: { ...a.completed }, exercises: {} }
  for (const [slug, at] of Object.entries(b.completed))
    out.completed[slug] = earlier(out.completed[slug], at)!
  for (const id of new Set([...Object.keys(a.exercises), ...Object.keys(b.exercises)])) {
    const x = a.exercises[id] ?? {}
    const y = b.exercises[id] ?? {}
    const e: ExerciseProgress = {}
    const passedAt = earlier(x.passedAt, y.passedAt)
    if (passedAt) e.passedAt = passedAt
    const hints = Math.max(x.hints ?? 0, y.hints ?? 0)
    if (hints) e.hints = hints
    if (x.solutionShown || y.solutionShown) e.solutionShown = true
    out.exercises[id] = e
  }
  return out
}

// ---- changes ----

export function withLessonCompleted(p: Progress, slug: string, done: boolean, now: Date): Progress {
  const completed = { ...p.completed }
  if (done) completed[slug] ??= now.toISOString()
  else delete completed[slug]
  return { ...p, completed }
}

function withExercise(p: Progress, id: string, change: (e: ExerciseProgress) => ExerciseProgress): Progress {
  return { ...p, exercises: { ...p.exercises, [id]: change({ ...(p.exercises[id] ?? {}) }) } }
}

/** An exercise passed; the first pass is the one remembered. */
export function withExercisePassed(p: Progress, id: string, now: Date): Progress {
  if (p.exercises[id]?.passedAt) return p
  return withExercise(p, id, (e) => ({ ...e, passedAt: now.toISOString() }))
}

/** `count` hints are now revealed (a count never goes down). */
export function withHintsRevealed(p: Progress, id: string, count: number): Progress {
  if ((p.exercises[id]?.hints ?? 0) >= count) return p
  return withExercise(p, id, (e) => ({ ...e, hints: Math.min(count, MAX_HINTS) }))
}

export function withSolutionShown(p: Progress, id: string): Progress {
  if (p.exercises[id]?.solutionShown) return p
  return withExercise(p, id, (e) => ({ ...e, solutionShown: true }))
}

// ---- the export file ----

/** The export file's text: pretty-printed JSON, readable by `parseProgressFile`. */
export function exportProgress(p: Progress, now: Date): string {
  return `${JSON.stringify(
    {
      format: EXPORT_FORMAT,
      version: PROGRESS_VERSION,
      exportedAt: now.toISOString(),
      completed: p.completed,
      exercises: p.exercises,
    },
    null,
    2,
  )}\n`
}

// Reading a progress export file, strictly: a file that is not one is refused with a
// message saying where and why. Kept apart from ./progress so that zod loads only when a
// learner imports a file, not with every page.
import { z } from 'zod'
import {
  EXPORT_FORMAT,
  emptyProgress,
  isMap,
  MAX_HINTS,
  mergeProgress,
  PROGRESS_VERSION,
  SLUG,
  type ExerciseProgress,
  type Progress,
} from './progress'

// zod compiles object parsers with `new Function` unless told not to; the site's CSP has no
// 'unsafe-eval', and even zod's probe for it would be reported as a violation.
z.config({ jitless: true })

const exportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT, {
      error: `is not "${EXPORT_FORMAT}": this is not a Podnet Lab progress file`,
    }),
    version: z
      .number({ error: 'must be a number' })
      .int()
      .min(1)
      .max(PROGRESS_VERSION, {
        error: `is newer than this course understands (at most ${PROGRESS_VERSION})`,
      }),
    exportedAt: z.string().optional(),
    completed: z
      .record(
        z.string().regex(SLUG, { error: 'a lesson slug is lowercase letters, digits and hyphens' }),
        z.iso.datetime({ error: 'must be a date and time such as 2026-01-31T12:00:00.000Z', offset: true }),
      )
      .default({}),
    exercises: z
      .record(
        z.string().regex(SLUG, { error: 'an exercise id is lowercase letters, digits and hyphens' }),
        z
          .object({
            passedAt: z.iso
              .datetime({ error: 'must be a date and time such as 2026-01-31T12:00:00.000Z', offset: true })
              .optional(),
            hints: z.int({ error: 'must be a whole number' }).min(0).max(MAX_HINTS).optional(),
            solutionShown: z.boolean({ error: 'must be true or false' }).optional(),
          })
          .strict(),
      )
      .default({}),
  })
  .strict()

export class ProgressFileError extends Error {}

function where(path: readonly PropertyKey[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : String(s))).join('.')
}

/** Reads an export file; a file that is not one throws a ProgressFileError saying where and why. */
export function parseProgressFile(text: string): Progress {
  if (text.length > 2_000_000)
    throw new ProgressFileError('The file is too large to be a progress file (over 2 MB).')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new ProgressFileError(`The file is not valid JSON: ${(e as Error).message}`)
  }
  if (!isMap(data))
    throw new ProgressFileError('The file is not a Podnet Lab progress file (expected a JSON object).')
  const parsed = exportSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const path =
      issue.code === 'unrecognized_keys' ? where([...issue.path, issue.keys[0]!]) : where(issue.path)
    const message =
      issue.code === 'unrecognized_keys'
        ? 'is not a field of a progress file'
        : issue.code === 'invalid_key'
          ? (issue.issues[0]?.message ?? issue.message)
          : issue.message
    throw new ProgressFileError(`The progress file is invalid at ${path || 'its top level'}: ${message}.`)
  }
  const p = emptyProgress()
  for (const [slug, at] of Object.entries(parsed.data.completed))
    p.completed[slug] = new Date(at).toISOString()
  for (const [id, rec] of Object.entries(parsed.data.exercises)) {
    const e: ExerciseProgress = {}
    if (rec.passedAt) e.passedAt = new Date(rec.passedAt).toISOString()
    if (rec.hints) e.hints = rec.hints
    if (rec.solutionShown) e.solutionShown = true
    p.exercises[id] = e
  }
  return p
}

export interface ImportSummary {
  /** lessons and exercises completed in the file but not here before */
  newLessons: number
  newExercises: number
  /** the merged progress to store */
  merged: Progress
}

/** Imports a file into existing progress: a merge, so nothing already here is lost. */
export function importProgress(existing: Progress, fileText: string): ImportSummary {
  const incoming = parseProgressFile(fileText)
  const merged = mergeProgress(existing, incoming)
  return {
    newLessons: Object.keys(incoming.completed).filter((s) => !existing.completed[s]).length,
    newExercises: Object.keys(incoming.exercises).filter(
      (id) => incoming.exercises[id]!.passedAt && !existing.exercises[id]?.passedAt,
    ).length,
    merged,
  }
}

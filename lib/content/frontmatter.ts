// Lesson frontmatter validation. Every problem names the file, so a broken lesson stops the
// build with a message an author can act on.
import type { LessonFrontmatter } from './types'

const FIELDS = ['title', 'summary', 'chapter', 'order', 'duration', 'objectives'] as const

export const LESSON_FIELDS: readonly string[] = FIELDS

/** A problem in one content file. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'))
    this.name = 'ContentError'
  }
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function closest(key: string): string | undefined {
  const k = key.toLowerCase()
  return FIELDS.find((f) => f.startsWith(k) || k.startsWith(f) || (k.length > 3 && f.includes(k)))
}

/**
 * Checks the frontmatter of `file` and returns it typed. Throws a ContentError listing every
 * problem (missing fields, wrong types, unknown fields) with the file's path.
 */
export function validateFrontmatter(data: unknown, file: string): LessonFrontmatter {
  const problems: string[] = []
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ContentError(file, [
      `frontmatter is missing: start the file with a \`---\` block holding ${FIELDS.join(', ')}`,
    ])
  }
  const fm = data as Record<string, unknown>
  const missing = FIELDS.filter((f) => fm[f] === undefined || fm[f] === null)
  if (missing.length === FIELDS.length) {
    throw new ContentError(file, [
      `frontmatter is missing: start the file with a \`---\` block holding ${FIELDS.join(', ')}`,
    ])
  }
  for (const f of missing) problems.push(`frontmatter field "${f}" is missing`)

  for (const f of ['title', 'summary', 'chapter'] as const) {
    if (fm[f] !== undefined && fm[f] !== null && !nonEmptyString(fm[f]))
      problems.push(`frontmatter field "${f}" must be a non-empty string`)
  }
  if (
    fm.order !== undefined &&
    fm.order !== null &&
    !(typeof fm.order === 'number' && Number.isFinite(fm.order))
  )
    problems.push(`frontmatter field "order" must be a number (its position in the chapter)`)
  if (
    fm.duration !== undefined &&
    fm.duration !== null &&
    !(typeof fm.duration === 'number' && Number.isInteger(fm.duration) && fm.duration > 0)
  )
    problems.push(`frontmatter field "duration" must be a whole number of minutes, e.g. 15`)
  if (fm.objectives !== undefined && fm.objectives !== null) {
    if (!Array.isArray(fm.objectives) || fm.objectives.length === 0)
      problems.push(`frontmatter field "objectives" must be a non-empty list of strings`)
    else if (!fm.objectives.every(nonEmptyString))
      problems.push(`frontmatter field "objectives" must hold only non-empty strings`)
  }
  for (const key of Object.keys(fm)) {
    if ((FIELDS as readonly string[]).includes(key)) continue
    const hint = closest(key)
    problems.push(`unknown frontmatter field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`)
  }
  if (problems.length) throw new ContentError(file, problems)

  return {
    title: (fm.title as string).trim(),
    summary: (fm.summary as string).trim(),
    chapter: (fm.chapter as string).trim(),
    order: fm.order as number,
    duration: fm.duration as number,
    objectives: (fm.objectives as string[]).map((o) => o.trim()),
  }
}

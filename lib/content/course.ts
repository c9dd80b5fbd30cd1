// The course index, built from the files on disk at build time (server only: uses node:fs).
//
//   content/lessons/chapters.yaml   the chapters, in order (title, optional summary)
//   content/lessons/<slug>.mdx      one lesson each; frontmatter: title, summary, chapter,
//                                   order, duration, objectives
//   content/scenarios/<name>/       the manifests a `<Lab scenario="name">` starts from
//
// Every problem found is reported with the file it is in, all at once, and stops the build.
import fs from 'node:fs'
import path from 'node:path'
import matter from 'gray-matter'
import { parse as parseYaml } from 'yaml'
import { ContentError, validateFrontmatter } from './frontmatter'
import { parseLessonBody } from './mdx'
import type { Chapter, Course, Lesson, LessonNeighbours, LessonSummary } from './types'
import { AUTHOR_COMPONENTS } from './authoring'

export interface LoadOptions {
  /** project root; default: the working directory (the build runs there) */
  root?: string
  /** default: <root>/content/lessons */
  lessonsDir?: string
  /** default: <root>/content/scenarios */
  scenariosDir?: string
}

/** Every content problem of the course, each prefixed with its file. */
export class CourseError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The course content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    )
    this.name = 'CourseError'
  }
}

// Content is read at build time only (every page and the search index are static), so these
// reads are kept out of the server's file trace: the standalone output needs no content/.
const exists = (p: string) => fs.existsSync(/*turbopackIgnore: true*/ p)
const isDirectory = (p: string) => exists(p) && fs.statSync(/*turbopackIgnore: true*/ p).isDirectory()
const readText = (p: string) => fs.readFileSync(/*turbopackIgnore: true*/ p, 'utf8')
const list = (p: string) => fs.readdirSync(/*turbopackIgnore: true*/ p)

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const LAB_ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/

export const CHAPTERS_FILE = 'chapters.yaml'

const firstLine = (e: unknown) =>
  String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .trim()

/** A URL-safe id for a chapter title ("Pod networking" → "pod-networking"). */
export function chapterSlug(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{Mark}+/gu, '')
    .replace(/[^\p{Letter}\p{Number}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
}

interface ChapterDef {
  title: string
  summary: string | null
}

function readChapters(file: string, rel: string): ChapterDef[] {
  if (!exists(file))
    throw new ContentError(rel, [
      'file is missing: list the chapters in order, e.g. "- title: Pod networking" (summary optional)',
    ])
  let data: unknown
  try {
    data = parseYaml(readText(file), { maxAliasCount: 10 })
  } catch (e) {
    throw new ContentError(rel, [`is not valid YAML: ${firstLine(e)}`])
  }
  if (!Array.isArray(data) || data.length === 0)
    throw new ContentError(rel, [
      'must be a non-empty list of chapters ("- title: …", optional "summary: …")',
    ])
  const problems: string[] = []
  const chapters: ChapterDef[] = []
  data.forEach((item: unknown, i) => {
    const entry = typeof item === 'string' ? { title: item } : item
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`item ${i + 1} must be a title or a mapping with "title" (and optional "summary")`)
      return
    }
    const { title, summary, ...rest } = entry as Record<string, unknown>
    if (typeof title !== 'string' || title.trim() === '') {
      problems.push(`item ${i + 1} has no "title"`)
      return
    }
    if (summary !== undefined && typeof summary !== 'string')
      problems.push(`chapter "${title}": "summary" must be a string`)
    for (const key of Object.keys(rest)) problems.push(`chapter "${title}": unknown field "${key}"`)
    if (chapters.some((c) => c.title === title.trim())) problems.push(`chapter "${title}" is listed twice`)
    chapters.push({ title: title.trim(), summary: typeof summary === 'string' ? summary.trim() : null })
  })
  if (problems.length) throw new ContentError(rel, problems)
  return chapters
}

/** Reads and checks every lesson; throws a CourseError listing all problems. */
export function loadCourse(options: LoadOptions = {}): Course {
  const root = options.root ?? process.cwd()
  const lessonsDir = options.lessonsDir ?? path.join(/*turbopackIgnore: true*/ root, 'content', 'lessons')
  const scenariosDir =
    options.scenariosDir ?? path.join(/*turbopackIgnore: true*/ root, 'content', 'scenarios')
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/')
  const problems: string[] = []
  const report = (e: unknown, file: string) => {
    if (e instanceof ContentError) problems.push(...e.problems.map((p) => `${e.file}: ${p}`))
    else problems.push(`${file}: ${(e as Error).message}`)
  }

  const chaptersFile = path.join(/*turbopackIgnore: true*/ lessonsDir, CHAPTERS_FILE)
  let chapterDefs: ChapterDef[] = []
  try {
    chapterDefs = readChapters(chaptersFile, rel(chaptersFile))
  } catch (e) {
    report(e, rel(chaptersFile))
  }
  const chapterIndex = new Map(chapterDefs.map((c, i) => [c.title, i]))

  const files = exists(lessonsDir)
    ? list(lessonsDir)
        .filter((f) => f.endsWith('.mdx'))
        .sort()
    : []
  if (files.length === 0) problems.push(`${rel(lessonsDir)}: no lessons (*.mdx) found`)

  const lessons: Lesson[] = []
  for (const name of files) {
    const abs = path.join(/*turbopackIgnore: true*/ lessonsDir, name)
    const file = rel(abs)
    const slug = name.replace(/\.mdx$/, '')
    try {
      const fileProblems: string[] = []
      if (!SLUG.test(slug))
        fileProblems.push(
          `the file name becomes the URL: use lowercase letters, digits and dashes (e.g. "one-ip-per-pod.mdx")`,
        )
      const source = readText(abs)
      let data: unknown
      try {
        // gray-matter caches by content; a copy keeps our checks from mutating its cache.
        data = { ...matter(source).data }
      } catch (e) {
        throw new ContentError(file, [`frontmatter is not valid YAML: ${firstLine(e)}`])
      }
      const fm = validateFrontmatter(data, file)
      if (chapterDefs.length && !chapterIndex.has(fm.chapter))
        fileProblems.push(
          `chapter "${fm.chapter}" is not listed in ${CHAPTERS_FILE} (chapters: ${chapterDefs.map((c) => `"${c.title}"`).join(', ')})`,
        )
      let body
      try {
        body = parseLessonBody(source)
      } catch (e) {
        throw new ContentError(file, [`MDX does not parse: ${firstLine(e)}`])
      }
      fileProblems.push(...body.problems)
      for (const name of body.components)
        if (!(AUTHOR_COMPONENTS as readonly string[]).includes(name))
          fileProblems.push(`<${name}> is not a course component (use ${AUTHOR_COMPONENTS.join(', ')})`)
      for (const lab of body.labs) {
        const where = `line ${lab.line}: <Lab>`
        if (!lab.id)
          fileProblems.push(`${where} needs a literal id="…" (the learner's work is saved under it)`)
        else if (!LAB_ID.test(lab.id))
          fileProblems.push(`${where} id "${lab.id}" should be lowercase words joined by "-"`)
        if (!lab.scenario) {
          fileProblems.push(`${where} needs a literal scenario="…" naming a folder of content/scenarios/`)
          continue
        }
        const dir = path.join(/*turbopackIgnore: true*/ scenariosDir, lab.scenario)
        if (!isDirectory(dir)) {
          fileProblems.push(`${where} scenario "${lab.scenario}" does not exist (expected ${rel(dir)}/)`)
          continue
        }
        if (lab.editable === null)
          fileProblems.push(
            `${where} editable must be a literal list of file names, e.g. editable={['policy.yaml']}`,
          )
        else
          for (const f of lab.editable)
            if (!exists(path.join(/*turbopackIgnore: true*/ dir, f)))
              fileProblems.push(`${where} editable file "${f}" is not in ${rel(dir)}/`)
      }
      if (fileProblems.length) throw new ContentError(file, fileProblems)
      lessons.push({
        ...fm,
        slug,
        file,
        hasLab: body.labs.length > 0,
        toc: body.toc,
        sections: body.sections,
        labs: body.labs,
      })
    } catch (e) {
      report(e, file)
    }
  }

  // Course-wide checks: two lessons at one position, a lab id used twice.
  const seenOrder = new Map<string, Lesson>()
  const seenLab = new Map<string, Lesson>()
  for (const l of lessons) {
    const key = `${l.chapter}\u0000${l.order}`
    const other = seenOrder.get(key)
    if (other)
      problems.push(
        `${l.file}: order ${l.order} is already used in chapter "${l.chapter}" by ${other.file}; give each lesson its own position`,
      )
    else seenOrder.set(key, l)
    for (const lab of l.labs) {
      if (!lab.id) continue
      const prev = seenLab.get(lab.id)
      if (prev && prev !== l) problems.push(`${l.file}: lab id "${lab.id}" is already used in ${prev.file}`)
      else if (prev === l) problems.push(`${l.file}: lab id "${lab.id}" is used twice in this lesson`)
      else seenLab.set(lab.id, l)
    }
  }

  if (problems.length) throw new CourseError(problems)

  lessons.sort(
    (a, b) =>
      chapterIndex.get(a.chapter)! - chapterIndex.get(b.chapter)! ||
      a.order - b.order ||
      a.slug.localeCompare(b.slug),
  )
  const chapters: Chapter[] = chapterDefs
    .map((c) => ({
      title: c.title,
      slug: chapterSlug(c.title),
      summary: c.summary,
      lessons: lessons.filter((l) => l.chapter === c.title).map(toSummary),
    }))
    .filter((c) => c.lessons.length > 0)
  return { chapters, lessons }
}

/** The lesson without its parsed body (what navigation needs). */
export function toSummary(lesson: Lesson): LessonSummary {
  const { slug, file, hasLab, title, summary, chapter, order, duration, objectives } = lesson
  return { slug, file, hasLab, title, summary, chapter, order, duration, objectives }
}

let cached: Course | undefined

/** The course of this project, read once per process (re-read on every call in development). */
export function getCourse(): Course {
  if (process.env.NODE_ENV === 'development') return loadCourse()
  return (cached ??= loadCourse())
}

export function getLesson(course: Course, slug: string): Lesson | undefined {
  return course.lessons.find((l) => l.slug === slug)
}

export function getNeighbours(course: Course, slug: string): LessonNeighbours {
  const i = course.lessons.findIndex((l) => l.slug === slug)
  if (i < 0) return { previous: null, next: null }
  const prev = course.lessons[i - 1]
  const next = course.lessons[i + 1]
  return { previous: prev ? toSummary(prev) : null, next: next ? toSummary(next) : null }
}

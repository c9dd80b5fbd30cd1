// The course's shape as the app sees it: built at build time from content/lessons/*.mdx
// (frontmatter read with gray-matter, the body parsed with the same MDX parser the build
// uses). Plain data only, so it can cross the server/client boundary.

/** Frontmatter every lesson must have, after validation. */
export interface LessonFrontmatter {
  title: string
  /** one or two sentences, shown on the home page, in search results and as the meta description */
  summary: string
  /** the chapter's title, one of those listed in content/lessons/chapters.yaml */
  chapter: string
  /** position within the chapter (ascending) */
  order: number
  /** minutes */
  duration: number
  /** what the learner can do afterwards, one line each */
  objectives: string[]
}

/** An h2 or h3 of a lesson, with the id rehype-slug gives it. */
export interface TocEntry {
  id: string
  text: string
  depth: 2 | 3
}

/** A `<Lab>` placed in a lesson, as written in the MDX (literal attributes only). */
export interface LabUsage {
  id: string | null
  scenario: string | null
  editable: string[] | null
  line: number
}

/** The readable text under one heading (or before the first one), for search. */
export interface TextSection {
  /** heading id, or null for the text before the first heading */
  id: string | null
  heading: string | null
  text: string
}

export interface LessonSummary extends LessonFrontmatter {
  slug: string
  /** path from the project root, e.g. content/lessons/networkpolicy-basics.mdx */
  file: string
  /** the lesson contains at least one `<Lab>` */
  hasLab: boolean
}

export interface Lesson extends LessonSummary {
  toc: TocEntry[]
  sections: TextSection[]
  labs: LabUsage[]
}

export interface Chapter {
  title: string
  slug: string
  summary: string | null
  lessons: LessonSummary[]
}

export interface Course {
  chapters: Chapter[]
  /** every lesson, in reading order (chapter order, then `order`) */
  lessons: Lesson[]
}

export interface LessonNeighbours {
  previous: LessonSummary | null
  next: LessonSummary | null
}

// Search across the lessons: the index (built at build time and served as one static JSON
// file) and the scorer that runs in the browser. No Node or DOM access here: the search box
// imports this module.
import type { Course } from './types'

export const SEARCH_INDEX_VERSION = 1

export interface SearchSection {
  /** heading id (the URL fragment), or null for the lesson's opening text */
  id: string | null
  heading: string | null
  text: string
}

export interface SearchDoc {
  slug: string
  title: string
  chapter: string
  summary: string
  sections: SearchSection[]
}

export interface SearchIndex {
  version: number
  docs: SearchDoc[]
}

/** Longest text kept per section; enough to find a term and show it in context. */
const MAX_SECTION_TEXT = 4000

export function buildSearchIndex(course: Course): SearchIndex {
  return {
    version: SEARCH_INDEX_VERSION,
    docs: course.lessons.map((l) => ({
      slug: l.slug,
      title: l.title,
      chapter: l.chapter,
      summary: l.summary,
      sections: l.sections.map((s) => ({
        id: s.id,
        heading: s.heading,
        text: s.text.length > MAX_SECTION_TEXT ? `${s.text.slice(0, MAX_SECTION_TEXT)}…` : s.text,
      })),
    })),
  }
}

// ---- the scorer ----

export interface SearchResult {
  slug: string
  /** `/lessons/<slug>` or `/lessons/<slug>#<heading id>` */
  href: string
  title: string
  chapter: string
  /** the section's heading when the best match is inside a section */
  heading: string | null
  /** a piece of text around the first match */
  snippet: string
  /** [start, end) ranges of matched terms in `snippet` */
  highlights: [number, number][]
  score: number
}

/** Lowercase, accents removed; the same length as the input so offsets map back. */
export function fold(text: string): string {
  let out = ''
  for (const ch of text) {
    let f = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
    if (f.length !== ch.length) f = ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch
    out += f
  }
  return out
}

/** Query → distinct terms (letters, digits and a few characters common in Kubernetes names). */
export function tokenize(query: string): string[] {
  const terms = fold(query)
    .split(/[^\p{Letter}\p{Number}./_-]+/u)
    .map((t) => t.replace(/^[./_-]+|[./_-]+$/g, ''))
    .filter((t) => t.length > 0)
  return [...new Set(terms)]
}

interface Field {
  text: string
  folded: string
}

interface Entry {
  doc: SearchDoc
  section: SearchSection | null
  title: Field
  heading: Field | null
  summary: Field | null
  body: Field
}

export interface PreparedIndex {
  entries: Entry[]
}

const field = (text: string): Field => ({ text, folded: fold(text) })

/** Folds every text once, so each keystroke only scans. */
export function prepareIndex(index: SearchIndex): PreparedIndex {
  const entries: Entry[] = []
  for (const doc of index.docs) {
    const sections = doc.sections.length ? doc.sections : [{ id: null, heading: null, text: '' }]
    for (const section of sections) {
      entries.push({
        doc,
        section: section.id === null ? null : section,
        title: field(doc.title),
        heading: section.heading ? field(section.heading) : null,
        // the summary belongs to the lesson as a whole: score it with its opening section
        summary: section.id === null ? field(doc.summary) : null,
        body: field(section.text),
      })
    }
  }
  return { entries }
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{Letter}\p{Number}]/u.test(c)

/** How well `term` matches `f`: 3 whole word, 2 word start, 1 inside a word, 0 none. */
function matchQuality(f: Field, term: string): { quality: number; at: number; count: number } {
  let at = -1
  let best = 0
  let count = 0
  let from = 0
  for (;;) {
    const i = f.folded.indexOf(term, from)
    if (i < 0) break
    count++
    const startsWord = !isWordChar(f.folded[i - 1])
    const endsWord = !isWordChar(f.folded[i + term.length])
    const q = startsWord ? (endsWord ? 3 : 2) : 1
    if (q > best) {
      best = q
      at = i
    }
    if (best === 3 || count >= 20) break
    from = i + 1
  }
  return { quality: best, at, count }
}

const WEIGHTS = { title: 10, heading: 6, summary: 4, body: 1 }

/** Common words: they add to the score when present but are not required to match. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'at',
  'by',
  'for',
  'how',
  'i',
  'in',
  'is',
  'it',
  'of',
  'on',
  'or',
  'the',
  'to',
  'what',
  'why',
  'with',
])

interface Query {
  terms: string[]
  required: Set<string>
  /** the term that positions the snippet: the longest required one */
  anchor: string
  phrase: string
}

function parseQuery(query: string): Query | null {
  const terms = tokenize(query)
  if (terms.length === 0) return null
  const content = terms.filter((t) => !STOP_WORDS.has(t))
  const required = new Set(content.length ? content : terms)
  const anchor = [...required].sort((a, b) => b.length - a.length)[0]!
  return { terms, required, anchor, phrase: fold(query).trim().replace(/\s+/g, ' ') }
}

function scoreEntry(e: Entry, q: Query): { score: number; bodyAt: number } | null {
  let score = 0
  let bodyAt = -1
  let anchorAt = -1
  for (const term of q.terms) {
    let termScore = 0
    termScore += matchQuality(e.title, term).quality * WEIGHTS.title
    if (e.heading) termScore += matchQuality(e.heading, term).quality * WEIGHTS.heading
    if (e.summary) termScore += matchQuality(e.summary, term).quality * WEIGHTS.summary
    const b = matchQuality(e.body, term)
    if (b.quality > 0) {
      termScore += b.quality * WEIGHTS.body + Math.min(b.count, 5) * 0.5
      if (q.required.has(term) && (bodyAt < 0 || b.at < bodyAt)) bodyAt = b.at
      if (term === q.anchor) anchorAt = b.at
    }
    // Every required term must appear somewhere (in the lesson's title or this section).
    if (termScore === 0 && q.required.has(term)) return null
    score += termScore
  }
  if (q.terms.length > 1) {
    if (e.title.folded.includes(q.phrase)) score += 15
    if (e.heading?.folded.includes(q.phrase)) score += 10
    if (e.body.folded.includes(q.phrase)) score += 5
  }
  return { score, bodyAt: anchorAt >= 0 ? anchorAt : bodyAt }
}

const SNIPPET_BEFORE = 50
const SNIPPET_LENGTH = 160

function makeSnippet(text: string, folded: string, at: number, terms: string[]) {
  let start = 0
  if (at > SNIPPET_BEFORE) {
    start = at - SNIPPET_BEFORE
    const space = text.indexOf(' ', start)
    if (space >= 0 && space < at) start = space + 1
  }
  let end = Math.min(text.length, start + SNIPPET_LENGTH)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    if (space > at) end = space
  }
  const prefix = start > 0 ? '…' : ''
  const suffix = end < text.length ? '…' : ''
  const snippet = prefix + text.slice(start, end) + suffix
  const window = folded.slice(start, end)
  const highlights: [number, number][] = []
  for (const term of terms) {
    let from = 0
    for (;;) {
      const i = window.indexOf(term, from)
      if (i < 0) break
      highlights.push([prefix.length + i, prefix.length + i + term.length])
      from = i + term.length
    }
  }
  highlights.sort((a, b) => a[0] - b[0])
  const merged: [number, number][] = []
  for (const h of highlights) {
    const last = merged[merged.length - 1]
    if (last && h[0] <= last[1]) last[1] = Math.max(last[1], h[1])
    else merged.push([h[0], h[1]])
  }
  return { snippet, highlights: merged }
}

export interface SearchOptions {
  /** most results returned (default 8) */
  limit?: number
  /** most results from one lesson (default 3) */
  perLesson?: number
}

/** Ranks the sections of all lessons for `query`. Every term must match. */
export function search(index: PreparedIndex, query: string, options: SearchOptions = {}): SearchResult[] {
  const q = parseQuery(query)
  if (!q) return []
  const terms = q.terms
  const scored: { e: Entry; score: number; bodyAt: number }[] = []
  for (const e of index.entries) {
    const s = scoreEntry(e, q)
    if (s) scored.push({ e, ...s })
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      a.e.doc.title.localeCompare(b.e.doc.title) ||
      (a.e.section === null ? -1 : b.e.section === null ? 1 : 0),
  )
  const limit = options.limit ?? 8
  const perLesson = options.perLesson ?? 3
  const perDoc = new Map<string, number>()
  const results: SearchResult[] = []
  for (const { e, score, bodyAt } of scored) {
    const n = perDoc.get(e.doc.slug) ?? 0
    if (n >= perLesson) continue
    perDoc.set(e.doc.slug, n + 1)
    const source = bodyAt >= 0 ? e.body : (e.summary ?? e.body)
    const at = bodyAt >= 0 ? bodyAt : Math.max(0, firstHit(source, terms))
    const { snippet, highlights } = makeSnippet(source.text, source.folded, at, terms)
    results.push({
      slug: e.doc.slug,
      href: `/lessons/${e.doc.slug}${e.section?.id ? `#${e.section.id}` : ''}`,
      title: e.doc.title,
      chapter: e.doc.chapter,
      heading: e.section?.heading ?? null,
      snippet,
      highlights,
      score,
    })
    if (results.length >= limit) break
  }
  return results
}

function firstHit(f: Field, terms: string[]): number {
  let best = -1
  for (const t of terms) {
    const i = f.folded.indexOf(t)
    if (i >= 0 && (best < 0 || i < best)) best = i
  }
  return best
}

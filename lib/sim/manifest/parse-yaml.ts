// Multi-document YAML (and JSON, which YAML 1.2 reads too) into plain values that remember
// where each node was written, so any later error can point at a line and column.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml'
import type { Document, Node as YamlNode } from 'yaml'
import type { Issue, SourcePos } from './issues'

/** Limits that keep untrusted input from exhausting a browser tab or the server. */
export const PARSE_LIMITS = {
  /** characters of manifest text read at once */
  maxChars: 4 * 1024 * 1024,
  /** alias expansions per document (a YAML "billion laughs" needs thousands) */
  maxAliasCount: 100,
  /** documents in one text */
  maxDocuments: 10_000,
  /** nesting depth of one document */
  maxDepth: 200,
}

export type PathSegment = string | number

export interface ParsedDocument {
  /** 0-based index among the text's documents */
  index: number
  value: unknown
  /** the whole document's position */
  pos: SourcePos
  /** position of the node at `path`; with `key`, the position of the map key naming it */
  locate(path: readonly PathSegment[], opts?: { key?: boolean }): SourcePos | undefined
}

export interface ParseResult {
  docs: ParsedDocument[]
  issues: Issue[]
}

function toPos(lc: LineCounter, start: number, end: number): SourcePos {
  const a = lc.linePos(start)
  const b = lc.linePos(Math.max(start, end))
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col }
}

function nodeRange(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range
  return range ? [range[0], range[1]] : undefined
}

function child(node: unknown, seg: PathSegment): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue
      const k = isScalar(pair.key) ? pair.key.value : pair.key
      if (String(k) === String(seg)) return { key: pair.key, value: pair.value }
    }
    return undefined
  }
  if (isSeq(node) && typeof seg === 'number') {
    const item = node.items[seg]
    return item === undefined ? undefined : { value: item }
  }
  return undefined
}

function makeLocator(doc: Document, lc: LineCounter) {
  return (path: readonly PathSegment[], opts?: { key?: boolean }): SourcePos | undefined => {
    let node: unknown = doc.contents
    let best = nodeRange(node)
    for (let i = 0; i < path.length; i++) {
      const next = child(node, path[i]!)
      if (!next) break
      const last = i === path.length - 1
      const keyRange = nodeRange(next.key)
      const valueRange = nodeRange(next.value)
      if (last && opts?.key && keyRange) return toPos(lc, keyRange[0], keyRange[1])
      // `key:` with no value has no value node; the key is the best place to point at.
      best = valueRange ?? keyRange ?? best
      node = next.value
      if (!valueRange) break
    }
    return best ? toPos(lc, best[0], best[1]) : undefined
  }
}

function depthOf(node: unknown, limit: number): number {
  // Iterative so that a hostile document cannot overflow the stack while we measure it.
  let max = 0
  const stack: [unknown, number][] = [[node, 1]]
  while (stack.length) {
    const [n, d] = stack.pop()!
    if (d > max) max = d
    if (max > limit) return max
    if (isMap(n)) for (const p of n.items) stack.push([isPair(p) ? p.value : p, d + 1])
    else if (isSeq(n)) for (const item of n.items) stack.push([item, d + 1])
  }
  return max
}

function issueAt(code: Issue['code'], message: string, file: string, doc: number, pos?: SourcePos): Issue {
  return { severity: 'error', code, message, summary: message, source: { file, doc, pos }, pos }
}

/**
 * Parses every document of a text. Never throws: syntax errors, alias bombs, oversized
 * input and over-deep nesting come back as issues, and the documents that did parse are
 * still returned.
 */
export function parseManifestText(text: string, file: string): ParseResult {
  const issues: Issue[] = []
  if (text.length > PARSE_LIMITS.maxChars) {
    issues.push(
      issueAt(
        'too-large',
        `${file} is ${text.length} characters long; the simulator reads at most ${PARSE_LIMITS.maxChars} (${PARSE_LIMITS.maxChars / 1024 / 1024} MiB) at once`,
        file,
        0,
      ),
    )
    return { docs: [], issues }
  }
  const lc = new LineCounter()
  let parsed: ReturnType<typeof parseAllDocuments>
  try {
    parsed = parseAllDocuments(text, {
      lineCounter: lc,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
      // Warnings (unknown tags and the like) are not printed to the console; the input is untrusted.
      logLevel: 'error',
    })
  } catch (e) {
    issues.push(issueAt('syntax', `${file}: cannot parse YAML: ${(e as Error).message}`, file, 0))
    return { docs: [], issues }
  }
  const all = Array.isArray(parsed) ? parsed : [parsed]
  if (all.length > PARSE_LIMITS.maxDocuments) {
    issues.push(
      issueAt(
        'too-large',
        `${file} holds ${all.length} documents; the simulator reads at most ${PARSE_LIMITS.maxDocuments}`,
        file,
        0,
      ),
    )
    return { docs: [], issues }
  }
  const docs: ParsedDocument[] = []
  all.forEach((doc, index) => {
    const range = nodeRange(doc.contents) ?? [doc.range?.[0] ?? 0, doc.range?.[1] ?? 0]
    const pos = toPos(lc, range[0], range[1])
    if (doc.errors.length) {
      // Later errors of a broken document are mostly echoes of the first, as in kubectl.
      for (const err of doc.errors.slice(0, 1)) {
        const p = toPos(lc, err.pos[0], err.pos[1])
        issues.push(
          issueAt(
            'syntax',
            `error parsing ${file}: line ${p.line}, column ${p.col}: ${cleanYamlMessage(err.message)}`,
            file,
            index,
            p,
          ),
        )
      }
      return
    }
    if (depthOf(doc.contents, PARSE_LIMITS.maxDepth) > PARSE_LIMITS.maxDepth) {
      issues.push(
        issueAt(
          'too-large',
          `document ${index + 1} of ${file} is nested more than ${PARSE_LIMITS.maxDepth} levels deep`,
          file,
          index,
          pos,
        ),
      )
      return
    }
    let value: unknown
    try {
      value = doc.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount })
    } catch (e) {
      const msg = (e as Error).message
      const aliasy = /alias/i.test(msg) || e instanceof RangeError
      issues.push(
        issueAt(
          aliasy ? 'alias-limit' : 'syntax',
          aliasy
            ? `document ${index + 1} of ${file} expands too many YAML aliases (at most ${PARSE_LIMITS.maxAliasCount} are followed): ${msg}`
            : `error reading ${file}: ${msg}`,
          file,
          index,
          pos,
        ),
      )
      return
    }
    // An empty document (a stray `---`, or only comments) is not an object and not an error.
    if (value === null || value === undefined) return
    docs.push({ index, value, pos, locate: makeLocator(doc, lc) })
  })
  return { docs, issues }
}

function cleanYamlMessage(message: string): string {
  // The yaml library appends "at line N, column M" and a code excerpt; we report the
  // position ourselves.
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim()
}

export type { YamlNode }

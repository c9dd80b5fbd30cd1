// How much manifest input the simulator reads at once, and the checks that hold input to
// it. Manifests come from learners' editors, pasted text and share links: untrusted. Every
// limit has room to spare over the largest inputs the project reads on purpose: the 5,000-pod
// benchmark cluster (bench/sim-bench.ts, through the loader) is one List document of 1.9 MB,
// 6,600 objects, about 170,000 values and 13 levels deep; the busiest course scenario is
// 22 documents in 6 KB.
import type { PathSegment } from './parse-yaml'

/** UTF-8 bytes of manifest text read at once, all files together (4 MiB). */
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024
/** YAML documents in one text. */
export const MAX_DOCUMENTS = 10_000
/** Kubernetes objects, after expanding Lists, in one load. */
export const MAX_OBJECTS = 20_000
/** Levels of nested mappings and lists that one YAML document may hold. */
export const MAX_DEPTH = 100
/**
 * The yaml library's `maxAliasCount`: how far aliases inside anchored nodes may multiply
 * (a "billion laughs" document needs thousands).
 */
export const MAX_ALIAS_COUNT = 100
/**
 * Values (mappings, lists and scalars) in one document, each alias counted as the copy it
 * stands for: an alias of a large node, repeated, costs every later step as much as a copy.
 */
export const MAX_VALUES = 1_000_000

const MIB = 1024 * 1024

/** Bytes of the UTF-8 encoding, without building it. */
export function utf8Bytes(text: string): number {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4
        i++
      } else n += 3
    } else n += 3
  }
  return n
}

const sizeLimit = `${MAX_TOTAL_BYTES} bytes (${MAX_TOTAL_BYTES / MIB} MiB)`

/**
 * The line of `text` holding the byte at which `before + text` passes the size limit, for
 * a size message to point at; undefined when it does not pass it.
 */
export function lineAtLimit(text: string, before = 0): number | undefined {
  let n = before
  let line = 1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    let size = c < 0x80 ? 1 : c < 0x800 ? 2 : 3
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d < 0xe000) {
        size = 4
        i++
      }
    }
    n += size
    if (n > MAX_TOTAL_BYTES) return line
    if (c === 10) line++
  }
  return undefined
}

const passed = (line: number | undefined, file?: string) =>
  line
    ? ` (the limit is passed at line ${line}${file ? ` of ${file}` : ''})`
    : file
      ? ` (the limit is passed in ${file})`
      : ''

/** The message for one text over the size limit, or undefined. */
export function textTooLarge(file: string, bytes: number, line?: number): string | undefined {
  return bytes > MAX_TOTAL_BYTES
    ? `${file} is ${bytes} bytes; the simulator reads at most ${sizeLimit} of manifests at once${passed(line)}`
    : undefined
}

/**
 * The message for several texts together over the size limit, or undefined; `at` names
 * the file (and, when known, the line) where the limit is passed.
 */
export function totalTooLarge(
  files: number,
  bytes: number,
  at?: { file: string; line?: number },
): string | undefined {
  return bytes > MAX_TOTAL_BYTES
    ? `the ${files} manifest files are ${bytes} bytes together; the simulator reads at most ${sizeLimit} of manifests at once${at ? passed(at.line, at.file) : ''}`
    : undefined
}

export function tooManyDocuments(file: string, line: number): string {
  return `${file} holds more than ${MAX_DOCUMENTS} YAML documents; the simulator reads at most ${MAX_DOCUMENTS} from one file (document ${MAX_DOCUMENTS + 1} starts at line ${line})`
}

/** `where` is a file name or "the N manifest files"; `at` is where the count passes the limit. */
export function tooManyObjects(where: string, at?: { file: string; line: number }): string {
  const place = at
    ? ` (the count passes ${MAX_OBJECTS} at line ${at.line}${at.file === where ? '' : ` of ${at.file}`})`
    : ''
  return `${where} hold${where.startsWith('the ') ? '' : 's'} more than ${MAX_OBJECTS} Kubernetes objects; the simulator reads at most ${MAX_OBJECTS} at once${place}`
}

export function tooDeep(file: string, line: number): string {
  return `nesting deeper than ${MAX_DEPTH} levels at line ${line} of ${file}`
}

export function tooManyAliases(file: string, doc: number, detail: string, line?: number): string {
  return `document ${doc + 1} of ${file} expands too many YAML aliases (at most ${MAX_ALIAS_COUNT} are followed${line ? `; the limit is passed by the alias at line ${line}` : ''}): ${detail}`
}

export function tooManyValues(file: string, doc: number, line?: number): string {
  return `document ${doc + 1} of ${file} holds more than ${MAX_VALUES} values (mappings, lists and scalars, each alias counted as a copy); the simulator reads at most ${MAX_VALUES} per document${line ? ` (the count passes ${MAX_VALUES} at line ${line})` : ''}`
}

export function selfReference(file: string, doc: number, line: number | undefined): string {
  return `document ${doc + 1} of ${file} contains itself: the alias${line ? ` at line ${line}` : ''} points at a node that encloses it`
}

export type ValueProblem = { kind: 'deep' | 'cycle' | 'values'; path: PathSegment[] } | undefined

/**
 * Walks a parsed document (iteratively: it may be as deep as the input allows) and finds
 * the first limit it breaks: too deep, containing itself through an alias, or too many
 * values. The work is bounded by MAX_VALUES, whatever the aliases multiply.
 */
export function checkValue(root: unknown): ValueProblem {
  type Entry = { v: unknown; key: PathSegment; depth: number } | { exit: object; pop: boolean }
  // keys from the root to the container being walked, and the containers open on that path
  const path: PathSegment[] = []
  const open = new Set<object>()
  const stack: Entry[] = [{ v: root, key: '', depth: 0 }]
  let values = 0
  while (stack.length) {
    const e = stack.pop()!
    if ('exit' in e) {
      open.delete(e.exit)
      if (e.pop) path.pop()
      continue
    }
    if (++values > MAX_VALUES) return { kind: 'values', path: [...path, e.key] }
    const { v, depth } = e
    if (typeof v !== 'object' || v === null) continue
    if (open.has(v)) return { kind: 'cycle', path: [...path, e.key] }
    if (depth >= MAX_DEPTH) return { kind: 'deep', path: [...path, e.key] }
    open.add(v)
    if (depth > 0) path.push(e.key)
    stack.push({ exit: v, pop: depth > 0 })
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, depth: depth + 1 })
    } else {
      const keys = Object.keys(v)
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push({ v: (v as Record<string, unknown>)[keys[i]!], key: keys[i]!, depth: depth + 1 })
    }
  }
  return undefined
}

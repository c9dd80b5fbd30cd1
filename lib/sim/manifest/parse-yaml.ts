// Multi-document YAML (and JSON, which YAML 1.2 reads too) into plain values that remember
// where each node was written, so any later error can point at a line and column. The
// input is untrusted: the limits of ./limits are enforced while the text is read, before
// any step that recurses or multiplies work.
import {
  Composer,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  visit,
} from 'yaml'
import type { Alias, CST, Document, Node as YamlNode } from 'yaml'
import type { Issue, SourcePos } from './issues'
import {
  checkValue,
  MAX_ALIAS_COUNT,
  MAX_DEPTH,
  MAX_DOCUMENTS,
  selfReference,
  textTooLarge,
  tooDeep,
  tooManyAliases,
  tooManyDocuments,
  tooManyValues,
  utf8Bytes,
} from './limits'

/**
 * The parser keeps one open token per level of nesting, plus the document and at most one
 * more (a block collection's pending value), so its stack bounds the nesting before the
 * recursive composer sees it. The exact depth is checked again on the composed value.
 */
const PARSER_STACK_LIMIT = MAX_DEPTH + 2

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

function issueAt(code: Issue['code'], message: string, file: string, doc: number, pos?: SourcePos): Issue {
  return { severity: 'error', code, message, summary: message, source: { file, doc, pos }, pos }
}

/**
 * Parses every document of a text. Never throws: syntax errors, alias bombs, oversized
 * input and over-deep nesting come back as issues. A document that breaks a limit is
 * refused on its own; a text too large, with too many documents or nested too deep for
 * the parser is refused as a whole, since reading it on is the cost the limits prevent.
 */
export function parseManifestText(text: string, file: string, bytes = utf8Bytes(text)): ParseResult {
  const issues: Issue[] = []
  const large = textTooLarge(file, bytes)
  if (large) return { docs: [], issues: [issueAt('too-large', large, file, 0)] }

  const lc = new LineCounter()
  const parser = new Parser(lc.addNewLine)
  lc.addNewLine(0) // as Parser.parse does: line 1 starts at offset 0
  const tokens: CST.Token[] = []
  let documents = 0
  const refuse = (issue: Issue): ParseResult => ({ docs: [], issues: [issue] })
  const tooMany = (token: CST.Document): ParseResult => {
    const at = lc.linePos(token.offset)
    const pos = { line: at.line, col: at.col, endLine: at.line, endCol: at.col }
    return refuse(issueAt('too-large', tooManyDocuments(file, at.line), file, documents - 1, pos))
  }
  try {
    for (const lexeme of new Lexer().lex(text)) {
      for (const token of parser.next(lexeme)) {
        tokens.push(token)
        if (token.type === 'document' && ++documents > MAX_DOCUMENTS) return tooMany(token)
      }
      if (parser.stack.length > PARSER_STACK_LIMIT) {
        const at = lc.linePos(parser.offset)
        const pos = { line: at.line, col: at.col, endLine: at.line, endCol: at.col }
        return refuse(issueAt('too-large', tooDeep(file, at.line), file, documents, pos))
      }
    }
    for (const token of parser.end()) {
      tokens.push(token)
      if (token.type === 'document' && ++documents > MAX_DOCUMENTS) return tooMany(token)
    }
  } catch (e) {
    return refuse(issueAt('syntax', `${file}: cannot parse YAML: ${(e as Error).message}`, file, 0))
  }

  let all: Document.Parsed[]
  try {
    const composer = new Composer({
      uniqueKeys: true,
      strict: true,
      // YAML 1.1 types (!!binary, !!set, !!timestamp) are not JSON; kubectl's decoder does
      // not make them either. Unresolved, they stay strings and plain mappings.
      resolveKnownTags: false,
      // Warnings (unknown tags and the like) are not printed to the console; the input is untrusted.
      logLevel: 'error',
    })
    all = Array.from(composer.compose(tokens))
  } catch (e) {
    return refuse(issueAt('syntax', `${file}: cannot parse YAML: ${(e as Error).message}`, file, 0))
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
    let value: unknown
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
    } catch (e) {
      const msg = (e as Error).message
      const aliasy = /alias/i.test(msg) || e instanceof RangeError
      const range = aliasy ? nodeRange(aliasPastLimit(doc)) : undefined
      const at = range ? toPos(lc, range[0], range[1]) : pos
      issues.push(
        issueAt(
          aliasy ? 'alias-limit' : 'syntax',
          aliasy ? tooManyAliases(file, index, msg, range && at.line) : `error reading ${file}: ${msg}`,
          file,
          index,
          at,
        ),
      )
      return
    }
    // An empty document (a stray `---`, or only comments) is not an object and not an error.
    if (value === null || value === undefined) return
    const locate = makeLocator(doc, lc)
    const problem = checkValue(value)
    if (problem) {
      const at = locate(problem.path) ?? pos
      issues.push(
        problem.kind === 'values'
          ? issueAt('too-large', tooManyValues(file, index, at.line), file, index, at)
          : problem.kind === 'deep'
            ? issueAt('too-large', tooDeep(file, at.line), file, index, at)
            : issueAt('alias-limit', selfReference(file, index, at.line), file, index, at),
      )
      return
    }
    docs.push({ index, value, pos, locate })
  })
  return { docs, issues }
}

/**
 * The alias at which the yaml library's alias limit gave up, for the message to point at:
 * its count, replayed over the nodes in the order toJS converts them (aliases resolve to
 * the last node anchored with their name before them; each use multiplies by the aliases
 * inside that node). Recursion here is bounded: the parser refused deeper nesting.
 */
function aliasPastLimit(doc: Document): Alias | undefined {
  const data = new Map<unknown, { count: number; aliasCount: number }>()
  const lastAnchored = new Map<string, unknown>()
  const resolved = new Map<Alias, unknown>()
  const aliasCount = (node: unknown): number => {
    if (isAlias(node)) {
      const d = data.get(resolved.get(node))
      return d ? d.count * d.aliasCount : 0
    }
    if (isCollection(node)) return node.items.reduce((m: number, item) => Math.max(m, aliasCount(item)), 0)
    if (isPair(node)) return Math.max(aliasCount(node.key), aliasCount(node.value))
    return 1
  }
  let culprit: Alias | undefined
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const found = lastAnchored.get(node.source)
        resolved.set(node, found)
        const d = data.get(found)
        if (!d) return
        d.count += 1
        if (d.aliasCount === 0) d.aliasCount = aliasCount(found)
        if (d.count * d.aliasCount > MAX_ALIAS_COUNT) {
          culprit = node
          return visit.BREAK
        }
        return
      }
      if ((isScalar(node) || isCollection(node)) && node.anchor) {
        lastAnchored.set(node.anchor, node)
        data.set(node, { count: 1, aliasCount: 0 })
      }
    },
  })
  return culprit
}

function cleanYamlMessage(message: string): string {
  // The yaml library appends "at line N, column M" and a code excerpt; we report the
  // position ourselves.
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim()
}

export type { YamlNode }

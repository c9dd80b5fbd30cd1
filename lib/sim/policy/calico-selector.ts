// Calico's label selector expressions (`app == 'db' && !has(canary)`), parsed once and
// matched against an endpoint's labels. The grammar and precedence follow Calico's
// selector reference (docs.tigera.io, reference/resources/globalnetworkpolicy#selectors;
// tigera/docs calico/_includes/content/_selectors.mdx): match operators bind tightest,
// then parentheses, `!`, `&&`, and `||` loosest.
import type { Labels } from '../model/types'

export type SelectorExpr =
  | { op: 'all' }
  | { op: 'global' }
  | { op: 'eq' | 'ne' | 'contains' | 'starts' | 'ends'; key: string; value: string }
  | { op: 'has'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'not'; x: SelectorExpr }
  | { op: 'and' | 'or'; a: SelectorExpr; b: SelectorExpr }

export interface CalicoSelector {
  /** the selector as written (trimmed), shown to the learner */
  text: string
  expr: SelectorExpr
}

export class SelectorError extends Error {}

type Token =
  | { t: 'str'; v: string }
  | { t: 'word'; v: string }
  | { t: 'op'; v: '==' | '!=' | '!' | '&&' | '||' | '(' | ')' | '{' | '}' | ',' }

// Label keys may hold a DNS prefix and a slash (projectcalico.org/namespace).
const WORD = /[A-Za-z0-9_./-]/

function tokenize(text: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const two = text.slice(i, i + 2)
    if (two === '==' || two === '!=' || two === '&&' || two === '||') {
      out.push({ t: 'op', v: two })
      i += 2
      continue
    }
    if ('!(){},'.includes(c)) {
      out.push({ t: 'op', v: c as '!' })
      i++
      continue
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      if (end < 0) throw new SelectorError(`unterminated string starting at character ${i + 1}`)
      out.push({ t: 'str', v: text.slice(i + 1, end) })
      i = end + 1
      continue
    }
    if (WORD.test(c)) {
      let j = i
      while (j < text.length && WORD.test(text[j]!)) j++
      out.push({ t: 'word', v: text.slice(i, j) })
      i = j
      continue
    }
    throw new SelectorError(`unexpected character ${JSON.stringify(c)} at character ${i + 1}`)
  }
  return out
}

class Parser {
  private i = 0
  constructor(private readonly toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.i]
  }

  private isOp(v: string): boolean {
    const t = this.peek()
    return t?.t === 'op' && t.v === v
  }

  private isWord(v: string): boolean {
    const t = this.peek()
    return t?.t === 'word' && t.v === v
  }

  private expectOp(v: string): void {
    if (!this.isOp(v)) throw new SelectorError(`expected "${v}"${this.where()}`)
    this.i++
  }

  private where(): string {
    const t = this.peek()
    return t ? ` before "${t.v}"` : ' at the end'
  }

  private string(): string {
    const t = this.peek()
    if (t?.t !== 'str') throw new SelectorError(`expected a quoted value${this.where()}`)
    this.i++
    return t.v
  }

  parse(): SelectorExpr {
    if (!this.toks.length) return { op: 'all' }
    const e = this.or()
    if (this.i < this.toks.length) throw new SelectorError(`unexpected "${this.peek()!.v}"`)
    return e
  }

  private or(): SelectorExpr {
    let a = this.and()
    while (this.isOp('||')) {
      this.i++
      a = { op: 'or', a, b: this.and() }
    }
    return a
  }

  private and(): SelectorExpr {
    let a = this.not()
    while (this.isOp('&&')) {
      this.i++
      a = { op: 'and', a, b: this.not() }
    }
    return a
  }

  private not(): SelectorExpr {
    if (this.isOp('!')) {
      this.i++
      return { op: 'not', x: this.not() }
    }
    return this.primary()
  }

  private primary(): SelectorExpr {
    if (this.isOp('(')) {
      this.i++
      const e = this.or()
      this.expectOp(')')
      return e
    }
    const t = this.peek()
    if (t?.t !== 'word') throw new SelectorError(`expected a label, all() or has()${this.where()}`)
    this.i++
    if ((t.v === 'all' || t.v === 'global' || t.v === 'has') && this.isOp('(')) {
      this.i++
      if (t.v === 'has') {
        const k = this.peek()
        if (k?.t !== 'word') throw new SelectorError(`expected a label inside has()${this.where()}`)
        this.i++
        this.expectOp(')')
        return { op: 'has', key: k.v }
      }
      this.expectOp(')')
      return { op: t.v }
    }
    const key = t.v
    if (this.isOp('==') || this.isOp('!=')) {
      const op = (this.peek() as { v: string }).v === '==' ? 'eq' : 'ne'
      this.i++
      return { op, key, value: this.string() }
    }
    if (this.isWord('in')) {
      this.i++
      return { op: 'in', key, values: this.set() }
    }
    if (this.isWord('not')) {
      this.i++
      if (!this.isWord('in')) throw new SelectorError(`expected "in" after "not"${this.where()}`)
      this.i++
      return { op: 'notin', key, values: this.set() }
    }
    if (this.isWord('contains')) {
      this.i++
      return { op: 'contains', key, value: this.string() }
    }
    for (const [first, op] of [
      ['starts', 'starts'],
      ['ends', 'ends'],
    ] as const) {
      if (this.isWord(first)) {
        this.i++
        if (!this.isWord('with')) throw new SelectorError(`expected "with" after "${first}"${this.where()}`)
        this.i++
        return { op, key, value: this.string() }
      }
    }
    throw new SelectorError(`expected ==, !=, in, not in, contains, starts with or ends with after "${key}"`)
  }

  private set(): string[] {
    this.expectOp('{')
    const values: string[] = []
    if (!this.isOp('}')) {
      values.push(this.string())
      while (this.isOp(',')) {
        this.i++
        values.push(this.string())
      }
    }
    this.expectOp('}')
    return values
  }
}

/** Parses a selector; throws SelectorError with a message for the learner. An empty one is all(). */
export function parseCalicoSelector(text: string): CalicoSelector {
  const trimmed = text.trim()
  return { text: trimmed, expr: new Parser(tokenize(trimmed)).parse() }
}

/** The parse error of a selector, or undefined when it is valid. */
export function calicoSelectorError(text: string): string | undefined {
  try {
    parseCalicoSelector(text)
    return undefined
  } catch (e) {
    if (e instanceof SelectorError) return e.message
    throw e
  }
}

const own = (labels: Labels, key: string) => Object.prototype.hasOwnProperty.call(labels, key)

/**
 * Whether the labels match. `global` is true for resources outside any namespace: the
 * lab's endpoints are pods, which are namespaced, so `global()` never selects them.
 */
export function calicoMatches(e: SelectorExpr, labels: Labels, global = false): boolean {
  switch (e.op) {
    case 'all':
      return true
    case 'global':
      return global
    case 'eq':
      return own(labels, e.key) && labels[e.key] === e.value
    // `!=` and `not in` also match a resource that lacks the label (Calico's selector table).
    case 'ne':
      return !own(labels, e.key) || labels[e.key] !== e.value
    case 'has':
      return own(labels, e.key)
    case 'in':
      return own(labels, e.key) && e.values.includes(labels[e.key]!)
    case 'notin':
      return !own(labels, e.key) || !e.values.includes(labels[e.key]!)
    case 'contains':
      return own(labels, e.key) && labels[e.key]!.includes(e.value)
    case 'starts':
      return own(labels, e.key) && labels[e.key]!.startsWith(e.value)
    case 'ends':
      return own(labels, e.key) && labels[e.key]!.endsWith(e.value)
    case 'not':
      return !calicoMatches(e.x, labels, global)
    case 'and':
      return calicoMatches(e.a, labels, global) && calicoMatches(e.b, labels, global)
    case 'or':
      return calicoMatches(e.a, labels, global) || calicoMatches(e.b, labels, global)
  }
}

// A small POSIX-shell reader: words with single and double quotes, bash's `$'…'`,
// backslash escapes and `$VAR` references; `|`, `&&`, `||`, `;` and newlines; redirections
// (`>`, `>>`, `<`, `2>&1`, `&>`); `<<EOF` here-documents. It tells an incomplete line (an
// open quote, a trailing backslash or `|`, a here-document without its end) from a wrong one.

import { readAnsiC } from './ansi-c'

export type WordPart =
  { kind: 'lit'; text: string; quoted: boolean } | { kind: 'var'; name: string; quoted: boolean }
export type Word = WordPart[]

export interface Redirect {
  /** which stream: 1, 2, or both (`&>`) */
  fd: 1 | 2 | 'both'
  op: '>' | '>>' | '<' | 'dup'
  /** the file (`>`, `>>`, `<`) or, for `dup`, the stream it is joined to */
  target: Word | 1 | 2
}

export interface HereDoc {
  body: string
  /** an unquoted delimiter: `$VAR` in the body is expanded */
  expand: boolean
}

export interface SimpleCommand {
  assigns: { name: string; value: Word }[]
  words: Word[]
  redirects: Redirect[]
  heredoc?: HereDoc
}

export interface Pipeline {
  commands: SimpleCommand[]
  negate: boolean
}

/** A list item: its pipeline and how it joins the previous one. */
export interface ListItem {
  pipeline: Pipeline
  /** `&&` or `||` with the previous item; `;` (or a newline) otherwise */
  join: ';' | '&&' | '||'
}

export type ParseResult =
  { kind: 'ok'; items: ListItem[] } | { kind: 'incomplete' } | { kind: 'error'; message: string }

type Token =
  | { t: 'word'; word: Word; raw: string }
  | { t: 'op'; op: '|' | '||' | '&&' | ';' | '&' | '\n' | '(' | ')' | '!' }
  | { t: 'redir'; fd: 1 | 2 | 'both'; op: '>' | '>>' | '<' | '<<' | '<<-' | 'dup'; dupTo?: 1 | 2 }

class Incomplete extends Error {}
class SyntaxError_ extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/
/**
 * What ends a word outside quotes: bash's blanks (space, tab, newline; not CR, not a
 * non-breaking space, not the other Unicode spaces, which stay part of the word as in bash)
 * and its metacharacters.
 */
const BREAKS = /[ \t\n|;&<>()]/

function lex(text: string): Token[] {
  const tokens: Token[] = []
  const heredocs: { delim: string; strip: boolean; expand: boolean; token: { body?: HereDoc } }[] = []
  let i = 0
  const n = text.length
  const readHeredocs = () => {
    // Bodies start on the line after the operator.
    for (const h of heredocs) {
      const lines: string[] = []
      for (;;) {
        if (i >= n) throw new Incomplete()
        let end = text.indexOf('\n', i)
        const last = end < 0
        if (last) end = n
        let line = text.slice(i, end)
        i = last ? n : end + 1
        if (h.strip) line = line.replace(/^\t+/, '')
        if (line === h.delim) break
        if (last) throw new Incomplete()
        lines.push(line)
      }
      h.token.body = { body: lines.length ? `${lines.join('\n')}\n` : '', expand: h.expand }
    }
    heredocs.length = 0
  }
  while (i < n) {
    const c = text[i]!
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2
      continue
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++
      continue
    }
    if (c === '\n') {
      tokens.push({ t: 'op', op: '\n' })
      i++
      if (heredocs.length) readHeredocs()
      continue
    }
    const two = text.slice(i, i + 2)
    const three = text.slice(i, i + 3)
    if (two === '&&' || two === '||') {
      tokens.push({ t: 'op', op: two })
      i += 2
      continue
    }
    if (three === '2>&' || two === '>&' || three === '1>&') {
      const fd = c === '2' ? 2 : 1
      i += c === '>' ? 2 : 3
      const to = text[i]
      if (to !== '1' && to !== '2') throw new SyntaxError_(`bash: ${to ?? 'newline'}: ambiguous redirect`)
      i++
      tokens.push({ t: 'redir', fd, op: 'dup', dupTo: to === '1' ? 1 : 2 })
      continue
    }
    if (two === '&>') {
      i += text[i + 2] === '>' ? 3 : 2
      tokens.push({ t: 'redir', fd: 'both', op: '>' })
      continue
    }
    if (
      (c === '2' || c === '1') &&
      (text[i + 1] === '>' || text[i + 1] === '<') &&
      (i === 0 || BREAKS.test(text[i - 1]!))
    ) {
      const op = text[i + 2] === '>' ? '>>' : text[i + 1] === '<' ? '<' : '>'
      tokens.push({ t: 'redir', fd: c === '2' ? 2 : 1, op })
      i += op === '>>' ? 3 : 2
      continue
    }
    if (two === '<<') {
      const strip = text[i + 2] === '-'
      i += strip ? 3 : 2
      while (text[i] === ' ' || text[i] === '\t') i++
      const start = i
      const w = readWord()
      if (!w) throw new SyntaxError_("bash: syntax error near unexpected token `newline'")
      const raw = text.slice(start, i)
      const delim = w.map((p) => (p.kind === 'lit' ? p.text : `$${p.name}`)).join('')
      const tok: { t: 'redir'; fd: 1; op: '<<' | '<<-'; body?: HereDoc } = {
        t: 'redir',
        fd: 1,
        op: strip ? '<<-' : '<<',
      }
      heredocs.push({ delim, strip, expand: !/['"\\]/.test(raw), token: tok })
      tokens.push(tok as Token)
      continue
    }
    if (c === '>' || c === '<') {
      const op = two === '>>' ? '>>' : c === '>' ? '>' : '<'
      tokens.push({ t: 'redir', fd: 1, op })
      i += op.length
      continue
    }
    if (c === '|' || c === ';' || c === '&' || c === '(' || c === ')') {
      tokens.push({ t: 'op', op: c })
      i++
      continue
    }
    if (
      c === '!' &&
      (text[i + 1] === ' ' || text[i + 1] === undefined) &&
      (!tokens.length || tokens[tokens.length - 1]!.t === 'op')
    ) {
      tokens.push({ t: 'op', op: '!' })
      i++
      continue
    }
    const start = i
    const word = readWord()
    // Every character that can stop a word is handled above; should one ever slip through,
    // an error is better than a loop that never ends.
    if (!word || i === start) throw new SyntaxError_(`bash: syntax error near unexpected token \`${c}'`)
    tokens.push({ t: 'word', word, raw: text.slice(start, i) })
  }
  if (heredocs.length) throw new Incomplete()
  return tokens

  function readWord(): Word | undefined {
    const parts: Word = []
    let lit = ''
    let quotedLit = false
    const flush = () => {
      if (lit) parts.push({ kind: 'lit', text: lit, quoted: quotedLit })
      lit = ''
    }
    const pushLit = (s: string, quoted: boolean) => {
      if (lit && quotedLit !== quoted) flush()
      quotedLit = quoted
      lit += s
    }
    const readVar = (quoted: boolean): boolean => {
      // at `$`
      const next = text[i + 1]
      if (next === '(')
        throw new SyntaxError_('bash: command substitution $(...) is not supported in this terminal')
      if (next === '{') {
        const end = text.indexOf('}', i)
        if (end < 0) throw new Incomplete()
        const name = text.slice(i + 2, end)
        if (!/^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])$/.test(name))
          throw new SyntaxError_(`bash: \${${name}}: bad substitution`)
        flush()
        parts.push({ kind: 'var', name, quoted })
        i = end + 1
        return true
      }
      if (next === '?' || next === '$' || next === '#' || (next !== undefined && /[0-9]/.test(next))) {
        flush()
        parts.push({ kind: 'var', name: next, quoted })
        i += 2
        return true
      }
      const m = NAME.exec(text.slice(i + 1))
      if (!m) return false
      flush()
      parts.push({ kind: 'var', name: m[0], quoted })
      i += 1 + m[0].length
      return true
    }
    let any = false
    while (i < n) {
      const c = text[i]!
      if (BREAKS.test(c)) break
      any = true
      if (c === '\\') {
        if (i + 1 >= n) throw new Incomplete()
        if (text[i + 1] === '\n') {
          i += 2
          continue
        }
        pushLit(text[i + 1]!, true)
        i += 2
        continue
      }
      if (c === "'") {
        const end = text.indexOf("'", i + 1)
        if (end < 0) throw new Incomplete()
        pushLit(text.slice(i + 1, end), true)
        if (end === i + 1) parts.push({ kind: 'lit', text: '', quoted: true })
        i = end + 1
        continue
      }
      if (c === '"') {
        i++
        let empty = true
        for (;;) {
          if (i >= n) throw new Incomplete()
          const d = text[i]!
          if (d === '"') {
            i++
            break
          }
          empty = false
          if (d === '\\' && i + 1 < n && /[$`"\\\n]/.test(text[i + 1]!)) {
            if (text[i + 1] !== '\n') pushLit(text[i + 1]!, true)
            i += 2
            continue
          }
          if (d === '`')
            throw new SyntaxError_('bash: command substitution `...` is not supported in this terminal')
          if (d === '$' && readVar(true)) continue
          pushLit(d, true)
          i++
        }
        if (empty) {
          flush()
          parts.push({ kind: 'lit', text: '', quoted: true })
        }
        continue
      }
      if (c === '`')
        throw new SyntaxError_('bash: command substitution `...` is not supported in this terminal')
      if (c === '$' && text[i + 1] === "'") {
        const q = readAnsiC(text, i + 2)
        if (!q) throw new Incomplete()
        pushLit(q.value, true)
        if (!q.value) parts.push({ kind: 'lit', text: '', quoted: true })
        i = q.end
        continue
      }
      if (c === '$' && readVar(false)) continue
      pushLit(c, false)
      i++
    }
    flush()
    return any ? parts : undefined
  }
}

const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=/

export function parse(text: string): ParseResult {
  let tokens: Token[]
  try {
    tokens = lex(text)
  } catch (e) {
    if (e instanceof Incomplete) return { kind: 'incomplete' }
    if (e instanceof SyntaxError_) return { kind: 'error', message: e.message }
    throw e
  }
  let pos = 0
  const unexpected = (tok: Token | undefined) =>
    new SyntaxError_(
      `bash: syntax error near unexpected token \`${
        !tok
          ? 'newline'
          : tok.t === 'op'
            ? tok.op === '\n'
              ? 'newline'
              : tok.op
            : tok.t === 'redir'
              ? tok.op === 'dup'
                ? '>&'
                : tok.op
              : tok.raw
      }'`,
    )
  const skipNewlines = () => {
    while (tokens[pos]?.t === 'op' && (tokens[pos] as { op: string }).op === '\n') pos++
  }
  const command = (): SimpleCommand => {
    const cmd: SimpleCommand = { assigns: [], words: [], redirects: [] }
    for (;;) {
      const tok = tokens[pos]
      if (!tok) break
      if (tok.t === 'word') {
        pos++
        const first = tok.word[0]
        if (!cmd.words.length && first?.kind === 'lit' && !first.quoted && ASSIGN.test(first.text)) {
          const m = ASSIGN.exec(first.text)!
          const rest: Word = [{ ...first, text: first.text.slice(m[0].length) }, ...tok.word.slice(1)]
          cmd.assigns.push({ name: m[1]!, value: rest })
          continue
        }
        cmd.words.push(tok.word)
        continue
      }
      if (tok.t === 'redir') {
        pos++
        if (tok.op === '<<' || tok.op === '<<-') {
          cmd.heredoc = (tok as unknown as { body: HereDoc }).body
          continue
        }
        if (tok.op === 'dup') {
          cmd.redirects.push({ fd: tok.fd, op: 'dup', target: tok.dupTo! })
          continue
        }
        const target = tokens[pos]
        if (!target || target.t !== 'word') throw unexpected(target)
        pos++
        cmd.redirects.push({ fd: tok.fd, op: tok.op as '>' | '>>' | '<', target: target.word })
        continue
      }
      break
    }
    if (!cmd.words.length && !cmd.assigns.length && !cmd.redirects.length && !cmd.heredoc)
      throw unexpected(tokens[pos])
    return cmd
  }
  const pipeline = (): Pipeline => {
    let negate = false
    const t0 = tokens[pos]
    if (t0?.t === 'op' && t0.op === '!') {
      negate = true
      pos++
    }
    const commands = [command()]
    for (;;) {
      const tok = tokens[pos]
      if (tok?.t === 'op' && tok.op === '|') {
        pos++
        skipNewlines()
        if (pos >= tokens.length) throw new Incomplete()
        commands.push(command())
        continue
      }
      return { commands, negate }
    }
  }
  try {
    const items: ListItem[] = []
    skipNewlines()
    let join: ListItem['join'] = ';'
    while (pos < tokens.length) {
      const tok = tokens[pos]!
      if (tok.t === 'op' && (tok.op === '(' || tok.op === ')'))
        return { kind: 'error', message: 'bash: subshells ( … ) are not supported in this terminal' }
      items.push({ pipeline: pipeline(), join })
      const next = tokens[pos]
      if (!next) break
      if (next.t !== 'op') throw unexpected(next)
      pos++
      if (next.op === '&&' || next.op === '||') {
        join = next.op
        skipNewlines()
        if (pos >= tokens.length) throw new Incomplete()
      } else if (next.op === ';' || next.op === '\n') {
        join = ';'
        skipNewlines()
      } else if (next.op === '&') {
        return { kind: 'error', message: 'bash: background jobs (&) are not supported in this terminal' }
      } else throw unexpected(next)
    }
    return { kind: 'ok', items }
  } catch (e) {
    if (e instanceof Incomplete) return { kind: 'incomplete' }
    if (e instanceof SyntaxError_) return { kind: 'error', message: e.message }
    throw e
  }
}

/** Expands a word into fields: unquoted variables split on whitespace; quoted text stays whole. */
export function expandWord(word: Word, lookup: (name: string) => string | undefined): string[] {
  const fields: string[] = []
  let cur = ''
  let has = false
  for (const p of word) {
    if (p.kind === 'lit') {
      cur += p.text
      has = has || p.quoted || p.text.length > 0
      continue
    }
    const v = lookup(p.name) ?? ''
    if (p.quoted) {
      cur += v
      has = true
      continue
    }
    const pieces = v.split(/[ \t\n]+/)
    pieces.forEach((piece, k) => {
      if (k > 0) {
        if (has || cur) fields.push(cur)
        cur = ''
        has = false
      }
      cur += piece
      if (piece) has = true
    })
  }
  if (has || cur) fields.push(cur)
  return fields
}

/** `$VAR` and `${VAR}` in a here-document body. */
export function expandText(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(
    /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*|[?$#])\}|\$([A-Za-z_][A-Za-z0-9_]*|[?$#])/g,
    (m, a: string, b: string) => (m === '\\$' ? '$' : (lookup(a ?? b) ?? '')),
  )
}

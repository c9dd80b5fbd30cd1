// A small syntax highlighter for the code blocks of lessons, run on the server at build
// time (no client JavaScript). It knows YAML (manifests) and shell sessions, which is what
// the course shows; every other language is left plain.

export type TokenKind = 'comment' | 'key' | 'string' | 'number' | 'literal' | 'punct' | 'prompt' | 'command'

export interface Token {
  text: string
  kind?: TokenKind
}

const YAML_LANGS = new Set(['yaml', 'yml'])
const SHELL_LANGS = new Set(['sh', 'shell', 'bash', 'console', 'shell-session'])

export function highlight(code: string, lang: string | undefined): Token[] {
  const l = lang?.toLowerCase()
  if (l && YAML_LANGS.has(l))
    return merge(code.split('\n').flatMap((line, i) => withNewline(yamlLine(line), i)))
  if (l && SHELL_LANGS.has(l))
    return merge(code.split('\n').flatMap((line, i) => withNewline(shellLine(line), i)))
  return [{ text: code }]
}

function withNewline(tokens: Token[], index: number): Token[] {
  return index === 0 ? tokens : [{ text: '\n' }, ...tokens]
}

/** Joins neighbours of the same kind, so the markup stays small. */
function merge(tokens: Token[]): Token[] {
  const out: Token[] = []
  for (const t of tokens) {
    if (t.text === '') continue
    const last = out[out.length - 1]
    if (last && last.kind === t.kind) last.text += t.text
    else out.push({ ...t })
  }
  return out
}

/** Index of a `#` that starts a comment (at the start or after a space, outside quotes). */
function commentStart(line: string): number {
  let quote: string | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === quote) quote = null
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(line[i - 1]!)) quote = c
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return i
  }
  return -1
}

function yamlValue(value: string): Token[] {
  const m = /^(\s*)(.*?)(\s*)$/.exec(value)!
  const [, lead, core, trail] = m
  let kind: TokenKind | undefined
  if (/^(["']).*\1$/.test(core!)) kind = 'string'
  else if (/^-?(\d+(\.\d+)?|0x[0-9a-f]+)$/i.test(core!)) kind = 'number'
  else if (/^(true|false|null|~|yes|no)$/i.test(core!)) kind = 'literal'
  else if (/^[[\]{},|>-]+$/.test(core!)) kind = 'punct'
  else if (/^---$|^\.\.\.$/.test(core!)) kind = 'punct'
  return [{ text: lead! }, { text: core!, kind }, { text: trail! }]
}

function yamlLine(line: string): Token[] {
  const c = commentStart(line)
  const body = c >= 0 ? line.slice(0, c) : line
  const comment = c >= 0 ? [{ text: line.slice(c), kind: 'comment' as const }] : []
  if (/^\s*(---|\.\.\.)\s*$/.test(body)) return [{ text: body, kind: 'punct' }, ...comment]
  // leading list dashes, then an optional `key:`
  const m = /^(\s*)((?:-\s+)*)((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?))(:)(\s+|$)(.*)$/.exec(body)
  if (m) {
    const [, indent, dashes, key, colon, space, rest] = m
    return [
      { text: indent! },
      { text: dashes!, kind: 'punct' },
      { text: key!, kind: 'key' },
      { text: colon!, kind: 'punct' },
      { text: space! },
      ...yamlValue(rest!),
      ...comment,
    ]
  }
  const d = /^(\s*)((?:-\s*)*)(.*)$/.exec(body)!
  return [{ text: d[1]! }, { text: d[2]!, kind: 'punct' }, ...yamlValue(d[3]!), ...comment]
}

function shellLine(line: string): Token[] {
  if (/^\s*#/.test(line)) return [{ text: line, kind: 'comment' }]
  // `$ cmd` or busybox's `/ # cmd`: the prompt, then what was typed; other lines are output
  const m = /^(\s*(?:\$|\/ #) )(.*)$/.exec(line)
  if (m)
    return [
      { text: m[1]!, kind: 'prompt' },
      { text: m[2]!, kind: 'command' },
    ]
  return [{ text: line }]
}

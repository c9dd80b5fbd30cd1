// Bash's ANSI-C quoting, `$'…'`, both ways. Bash writes a name it cannot print that way
// (`bash: $'kubectl\r': command not found`, the message a script with Windows line endings
// gives), and the learner can type one: it is the only way to name a file whose name holds
// a control character, so tab completion inserts such names in this form.

/** Characters bash will not print raw in a name: C0 (tab and newline too), DEL, C1, and
 * the Unicode line and paragraph separators, which are not printable either. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/

const NAMED_OUT: Readonly<Record<string, string>> = {
  '\x1b': '\\E',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  "'": "\\'",
}

const NAMED_IN: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
}

export function needsAnsiC(text: string): boolean {
  return UNPRINTABLE.test(text)
}

/** The text up to its first character that `needsAnsiC`. */
export function printablePrefix(text: string): string {
  const at = text.search(UNPRINTABLE)
  return at < 0 ? text : text.slice(0, at)
}

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp]
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)]
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)]
}

/** `$'…'` as bash's ansic_quote writes it: named escapes, else the UTF-8 bytes in octal. */
export function ansiCQuote(text: string): string {
  let out = "$'"
  for (const ch of text) {
    const named = NAMED_OUT[ch]
    if (named) out += named
    else if (UNPRINTABLE.test(ch))
      out += utf8(ch.codePointAt(0)!)
        .map((b) => `\\${b.toString(8).padStart(3, '0')}`)
        .join('')
    else out += ch
  }
  return `${out}'`
}

/**
 * Bytes written as `\NNN` or `\xHH` as text: UTF-8 sequences decode to their character,
 * as a UTF-8 terminal shows them; a byte that starts none stands for the character of
 * the same number (`\x9b` is U+009B), since a JavaScript string cannot hold a raw byte.
 */
function decodeBytes(bytes: number[]): string {
  let out = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!
    const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1
    const tail = bytes.slice(i + 1, i + len)
    if (len > 1 && tail.length === len - 1 && tail.every((t) => (t & 0xc0) === 0x80)) {
      let cp = b & (0xff >> (len + 1))
      for (const t of tail) cp = (cp << 6) | (t & 0x3f)
      const minimal = len === 2 || (len === 3 ? cp >= 0x800 : cp >= 0x10000 && cp <= 0x10ffff)
      if (minimal && !(cp >= 0xd800 && cp < 0xe000)) {
        out += String.fromCodePoint(cp)
        i += len
        continue
      }
    }
    out += String.fromCharCode(b)
    i++
  }
  return out
}

/**
 * Reads the body of `$'…'` starting just after the opening quote; undefined when the
 * text ends first (the line is incomplete). `end` is the index after the closing quote.
 */
export function readAnsiC(text: string, from: number): { value: string; end: number } | undefined {
  let out = ''
  let bytes: number[] = []
  const flush = () => {
    if (bytes.length) out += decodeBytes(bytes)
    bytes = []
  }
  let i = from
  const digits = (re: RegExp, max: number) => {
    let j = i
    while (j < text.length && j - i < max && re.test(text[j]!)) j++
    const s = text.slice(i, j)
    i = j
    return s
  }
  while (i < text.length) {
    const c = text[i]!
    if (c === "'") {
      flush()
      return { value: out, end: i + 1 }
    }
    if (c !== '\\') {
      flush()
      out += c
      i++
      continue
    }
    const e = text[i + 1]
    if (e === undefined) return undefined
    i += 2
    if (/[0-7]/.test(e)) {
      i--
      bytes.push(parseInt(digits(/[0-7]/, 3), 8) & 0xff)
      continue
    }
    if (e === 'x') {
      const h = digits(/[0-9A-Fa-f]/, 2)
      if (h) bytes.push(parseInt(h, 16))
      else {
        flush()
        out += '\\x'
      }
      continue
    }
    flush()
    const named = NAMED_IN[e]
    if (named !== undefined) out += named
    else if (e === 'u' || e === 'U') {
      const h = digits(/[0-9A-Fa-f]/, e === 'u' ? 4 : 8)
      const cp = h ? parseInt(h, 16) : -1
      out +=
        cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000) ? String.fromCodePoint(cp) : `\\${e}${h}`
    } else if (e === 'c') {
      // `\cX`: the control character of X, as Ctrl-X types it.
      const x = text[i]
      if (x === undefined) return undefined
      out += String.fromCharCode(x.charCodeAt(0) & 0x1f)
      i++
    } else out += `\\${e}`
  }
  return undefined
}

// `-o yaml`, `-o json` and `-o jsonpath` as kubectl prints them. kubectl reads objects as
// unstructured maps, so every map comes out with its keys sorted; JSON is indented by four
// spaces; YAML (sigs.k8s.io/yaml over go-yaml) does not indent list items under their key.
import { stringify } from 'yaml'

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(o)
        .filter((k) => o[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((k) => [k, sortKeys(o[k])]),
    )
  }
  return v
}

/**
 * Characters JSON.stringify writes raw that must not reach the terminal raw: DEL and the
 * C1 controls (U+009B starts an escape sequence as ESC [ does), and the line and paragraph
 * separators, which Go's encoder escapes too. The terminal would write them as `\x9B`,
 * which is no JSON escape; as `\u009b` the output stays JSON.
 */
const JSON_RAW = /[\x7f-\x9f\u2028\u2029]/g

function json(v: unknown, indent?: number): string {
  // String(): JSON.stringify(undefined) is undefined.
  return String(JSON.stringify(sortKeys(v), null, indent)).replace(
    JSON_RAW,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

export function toJson(v: unknown): string {
  return `${json(v, 4)}\n`
}

export function toYaml(v: unknown): string {
  // YAML 1.1, as go-yaml v2 writes it: strings that 1.1 would read as booleans or
  // timestamps (`on`, `yes`, `2024-01-01T00:00:00Z`) are quoted.
  return stringify(sortKeys(v), {
    indentSeq: false,
    lineWidth: 0,
    aliasDuplicateObjects: false,
    version: '1.1',
  })
}

/** A `kind: List` wrapper, as `get -o yaml` prints several objects. */
export function listOf(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }
}

type Seg = { key: string } | { index: number } | { all: true }

function parsePath(path: string): Seg[] | string {
  const segs: Seg[] = []
  let i = 0
  if (path.startsWith('$')) i = 1
  while (i < path.length) {
    const c = path[i]!
    if (c === '.') {
      i++
      let j = i
      while (j < path.length && !/[.[]/.test(path[j]!)) j++
      if (j > i) segs.push({ key: path.slice(i, j) })
      i = j
    } else if (c === '[') {
      const end = path.indexOf(']', i)
      if (end < 0) return `unclosed array expect ]`
      const inner = path.slice(i + 1, end).trim()
      if (inner === '*') segs.push({ all: true })
      else if (/^-?\d+$/.test(inner)) segs.push({ index: Number(inner) })
      else if (/^'.*'$|^".*"$/.test(inner)) segs.push({ key: inner.slice(1, -1) })
      else return `unsupported array expression ${inner}`
      i = end + 1
    } else
      return `unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`
  }
  return segs
}

function walk(values: unknown[], segs: Seg[]): unknown[] {
  let cur = values
  for (const s of segs) {
    const next: unknown[] = []
    for (const v of cur) {
      if ('key' in s) {
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && s.key in (v as object))
          next.push((v as Record<string, unknown>)[s.key])
      } else if ('index' in s) {
        if (Array.isArray(v)) {
          const idx = s.index < 0 ? v.length + s.index : s.index
          if (idx >= 0 && idx < v.length) next.push(v[idx])
        }
      } else if (Array.isArray(v)) next.push(...v)
      else if (typeof v === 'object' && v !== null) next.push(...Object.values(v))
    }
    cur = next
  }
  return cur
}

const show = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'object' && v !== null ? json(v) : String(v)

/**
 * A subset of kubectl's JSONPath: `{.a.b[0].c}`, `[*]`, `['key']`, literal text around the
 * braces; several results are joined by spaces. Returns an error string prefixed `error:`.
 */
export function jsonpath(template: string, data: unknown): { text: string } | { error: string } {
  let out = ''
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) {
      out += template.slice(i)
      break
    }
    out += template.slice(i, open)
    const close = template.indexOf('}', open)
    if (close < 0) return { error: `error: error parsing jsonpath ${template}, unclosed action` }
    const expr = template.slice(open + 1, close).trim()
    if (expr === '"\\n"' || expr === "'\\n'") out += '\n'
    else if (expr === '"\\t"') out += '\t'
    else if (/^range |^end$|^if /.test(expr))
      return { error: `error: this lab's jsonpath supports paths like {.items[*].metadata.name} only` }
    else {
      const segs = parsePath(expr)
      if (typeof segs === 'string') return { error: `error: error parsing jsonpath ${template}, ${segs}` }
      const found = walk([data], segs)
      if (!found.length && segs.length && !segs.some((s) => 'all' in s)) {
        const last = segs[segs.length - 1]!
        if ('key' in last)
          return { error: `error: error executing jsonpath "${template}": ${last.key} is not found` }
      }
      out += found.map(show).join(' ')
    }
    i = close + 1
  }
  return { text: out }
}

// Bad values that Go prints with %#v as typed composites: map[string]string{...},
// v1.LabelSelector{...}, core.ServicePort{...}. field-error.ts renders plain JSON-ish values;
// these helpers build the exact Go text and carry it in the error verbatim.
import type { FieldErrorType } from '../issues'
import type { FieldError } from './field-error'
import type { Path } from './util'
import { asList, asObject, asString, asStringList, goSorted, isObject } from './util'

/** strconv.Quote: Go's %q for a string. */
export function goQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    switch (ch) {
      case '"':
        out += '\\"'
        continue
      case '\\':
        out += '\\\\'
        continue
      case '\n':
        out += '\\n'
        continue
      case '\r':
        out += '\\r'
        continue
      case '\t':
        out += '\\t'
        continue
      case '\x07':
        out += '\\a'
        continue
      case '\b':
        out += '\\b'
        continue
      case '\f':
        out += '\\f'
        continue
      case '\v':
        out += '\\v'
        continue
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`
    else out += ch
  }
  return out + '"'
}

/**
 * An error whose bad value is shown exactly as `goRepr`. The value travels in the detail
 * (value stays undefined), so formatFieldError prints `Type: <goRepr>: <detail>`.
 */
export function rawError(path: Path, type: FieldErrorType, goRepr: string, detail?: string): FieldError {
  return { path, type, detail: detail ? `${goRepr}: ${detail}` : goRepr }
}

export const rawInvalid = (path: Path, goRepr: string, detail: string): FieldError =>
  rawError(path, 'Invalid value', goRepr, detail)

export const rawDuplicate = (path: Path, goRepr: string): FieldError =>
  rawError(path, 'Duplicate value', goRepr)

export const rawUnsupported = (path: Path, goRepr: string, supported: string[]): FieldError =>
  rawError(path, 'Unsupported value', goRepr, `supported values: ${supported.map(goQuote).join(', ')}`)

/** %#v of a map[string]string: sorted keys, `nil` maps as `map[string]string(nil)`. */
export function goStringMap(m: unknown): string {
  if (!isObject(m)) return 'map[string]string(nil)'
  const body = goSorted(Object.keys(m))
    .map((k) => `${goQuote(k)}:${goQuote(asString(m[k]))}`)
    .join(', ')
  return `map[string]string{${body}}`
}

/** %#v of a named slice of strings, e.g. `[]networking.PolicyType{"Ingress"}`. */
export function goStringSlice(v: unknown, typeName = '[]string'): string {
  if (!Array.isArray(v)) return `${typeName}(nil)`
  return `${typeName}{${asStringList(v).map(goQuote).join(', ')}}`
}

/** %#v of a metav1.LabelSelector (the value of a dereferenced *LabelSelector). */
export function goLabelSelector(sel: unknown): string {
  const s = asObject(sel) ?? {}
  const exprs = s.matchExpressions
  let exprText: string
  if (!Array.isArray(exprs)) exprText = '[]v1.LabelSelectorRequirement(nil)'
  else {
    const items = asList(exprs).map((e) => {
      const r = asObject(e) ?? {}
      return `v1.LabelSelectorRequirement{Key:${goQuote(asString(r.key))}, Operator:${goQuote(asString(r.operator))}, Values:${goStringSlice(r.values)}}`
    })
    exprText = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`
  }
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprText}}`
}

/** %#v of an intstr.IntOrString. */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`
  const n = typeof v === 'number' ? v : 0
  return `intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`
}

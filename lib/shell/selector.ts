// `-l` label selectors as kubectl parses them (apimachinery labels.Parse): `app=web`,
// `app==web`, `app!=web`, `tier in (a,b)`, `tier notin (a)`, `app`, `!app`, comma-joined.
import type { LabelSelector, LabelSelectorRequirement } from '../sim/model/types'

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

/** Splits on commas outside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = []
  let depth = 0
  let cur = ''
  for (const c of text) {
    if (c === '(') depth++
    if (c === ')') depth--
    if (c === ',' && depth === 0) {
      parts.push(cur)
      cur = ''
    } else cur += c
  }
  parts.push(cur)
  return parts
}

export function parseLabelSelector(text: string): LabelSelector | { error: string } {
  const sel: LabelSelector = { matchLabels: {}, matchExpressions: [] }
  if (!text.trim()) return sel
  const bad = (found: string, expected = "!, identifier, or 'end of string'") => ({
    error: `error: unable to parse requirement: found '${found}', expected: ${expected}`,
  })
  for (const raw of splitTop(text)) {
    const part = raw.trim()
    if (!part) return bad(',')
    let m: RegExpExecArray | null
    const req = (key: string, operator: LabelSelectorRequirement['operator'], values: string[] = []) => {
      if (!KEY.test(key)) return false
      for (const v of values) if (!VALUE.test(v)) return false
      sel.matchExpressions.push({ key, operator, values })
      return true
    }
    if ((m = /^!\s*([^\s=!()]+)$/.exec(part))) {
      if (!req(m[1]!, 'DoesNotExist')) return bad(m[1]!)
    } else if ((m = /^([^\s=!()]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(part))) {
      if (!req(m[1]!, m[2] === '!=' ? 'NotIn' : 'In', [m[3]!])) return bad(m[3]! || m[1]!)
    } else if ((m = /^([^\s=!()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const values = m[3]!.split(',').map((v) => v.trim())
      if (!req(m[1]!, m[2] === 'in' ? 'In' : 'NotIn', values)) return bad(m[3]!)
    } else if ((m = /^([^\s=!()]+)$/.exec(part))) {
      if (!req(m[1]!, 'Exists')) return bad(m[1]!)
    } else {
      const tok = /^[=!()]/.test(part) ? part[0]! : (part.split(/\s+/)[1] ?? part)
      return bad(
        tok,
        /^[=!]/.test(tok)
          ? "!, identifier, or 'end of string'"
          : "'in', 'notin', '=', '==', '!=', 'gt', 'lt', or 'exists'",
      )
    }
  }
  return sel
}

// Field errors worded as k8s.io/apimachinery/pkg/util/validation/field words them, so the
// simulator's messages match what `kubectl apply` prints for the same manifest.
import type { FieldErrorType } from '../issues'
import type { PathSegment } from '../parse-yaml'
import { fieldPath } from '../structural'

export interface FieldError {
  path: PathSegment[]
  type: FieldErrorType
  /** the offending value, printed as Go's %#v / %q would print it; undefined: no value shown */
  value?: unknown
  detail?: string
  /** the "supported values" list of an Unsupported value error */
  supported?: string[]
}

export interface FieldWarning {
  path: PathSegment[]
  /** the warning text exactly as the API server sends it */
  message: string
}

/** Go's %#v of a JSON-ish value, as apimachinery prints an invalid value. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string'))
      return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`
    return `[]interface {}{${v.map(goValue).join(', ')}}`
  }
  const entries = Object.entries(v as Record<string, unknown>)
  if (entries.every(([, x]) => typeof x === 'string'))
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`
  return `map[string]interface {}{${entries.map(([k, x]) => `${JSON.stringify(k)}:${goValue(x)}`).join(', ')}}`
}

/** The text after the field path: `Invalid value: "x": detail`. */
export function errorBody(e: FieldError): string {
  let s: string = e.type
  switch (e.type) {
    case 'Required value':
    case 'Forbidden':
    case 'Too long':
    case 'Internal error':
      if (e.type === 'Too long' && e.value !== undefined && !e.detail) break
      return e.detail ? `${s}: ${e.detail}` : s
  }
  if (e.value !== undefined) s += `: ${goValue(e.value)}`
  if (e.type === 'Unsupported value' && e.supported) {
    s += `: supported values: ${e.supported.map((x) => JSON.stringify(x)).join(', ')}`
  } else if (e.detail) {
    s += `: ${e.detail}`
  }
  return s
}

/** `spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be …` */
export function formatFieldError(e: FieldError): string {
  const path = fieldPath(e.path)
  return path ? `${path}: ${errorBody(e)}` : errorBody(e)
}

// Small constructors keep rule code close to the Go validation it mirrors.
export const invalid = (path: PathSegment[], value: unknown, detail: string): FieldError => ({
  path,
  type: 'Invalid value',
  value,
  detail,
})
export const required = (path: PathSegment[], detail?: string): FieldError => ({
  path,
  type: 'Required value',
  detail,
})
export const forbidden = (path: PathSegment[], detail: string): FieldError => ({
  path,
  type: 'Forbidden',
  detail,
})
export const unsupported = (path: PathSegment[], value: unknown, supported: string[]): FieldError => ({
  path,
  type: 'Unsupported value',
  value,
  supported,
})
export const duplicate = (path: PathSegment[], value: unknown): FieldError => ({
  path,
  type: 'Duplicate value',
  value,
})
export const tooMany = (path: PathSegment[], actual: number, max: number): FieldError => ({
  path,
  type: 'Too many',
  value: actual,
  detail: `must have at most ${max} items`,
})
export const tooLong = (path: PathSegment[], max: number): FieldError => ({
  path,
  type: 'Too long',
  detail: `may not be more than ${max} bytes`,
})

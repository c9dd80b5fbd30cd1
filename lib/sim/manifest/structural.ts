// kubectl's strict decoding: unknown fields and values of the wrong JSON type are
// rejected before validation runs, with the messages the API server prints for them.
import { ALL_SCHEMA_TYPES as SCHEMA_TYPES } from './kinds'
import type { PathSegment } from './parse-yaml'
import { isObject, own } from '../util/json'

export interface StructuralError {
  code: 'unknown-field' | 'wrong-type'
  /** path of the offending node */
  path: PathSegment[]
  /** the API server's wording for this one problem */
  message: string
  /** for a wrong type: the JSON type expected (OpenAPI's name) and the one found */
  expected?: string
  got?: string
}

/** `spec.ingress[0].from[0]`: the API server's way of writing a field path. */
export function fieldPath(path: readonly PathSegment[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out ? `.${seg}` : seg
  }
  return out
}

/** The same path as Go's json package names a struct field: no list indices. */
function goFieldPath(path: readonly PathSegment[]): string {
  return path.filter((s) => typeof s === 'string').join('.')
}

function goTypeName(t: string): string {
  if (t.startsWith('[]')) return `[]${goTypeName(t.slice(2))}`
  if (t.startsWith('map[')) return `map[string]${goTypeName(t.slice(4, -1))}`
  switch (t) {
    case 'string':
    case 'date':
      return 'string'
    case 'integer':
      return 'int32'
    case 'number':
      return 'float64'
    case 'boolean':
      return 'bool'
    case 'int-or-string':
      return 'intstr.IntOrString'
    case 'quantity':
      return 'resource.Quantity'
    default: {
      // V1LabelSelector → v1.LabelSelector, DiscoveryV1EndpointPort → v1.EndpointPort
      const m = /^(?:[A-Z][a-z]+)?(V\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(t)
      return m ? `${m[1]!.toLowerCase()}.${m[2]}` : t
    }
  }
}

function structName(t: string): string {
  return goTypeName(t).replace(/^\w+\./, '')
}

/** The OpenAPI type a CRD's schema gives a field of this type. */
function openApiType(t: string): string {
  if (t.startsWith('[]')) return 'array'
  if (t.startsWith('map[')) return 'object'
  switch (t) {
    case 'string':
    case 'date':
      return 'string'
    case 'integer':
    case 'number':
    case 'boolean':
      return t
    case 'int-or-string':
      return 'integer or string'
    default:
      return 'object'
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return 'number'
  if (typeof v === 'string') return 'string'
  return 'object'
}

/**
 * Orders paths as the API server meets them: kubectl sends the object as JSON with every
 * map's keys sorted (Go's encoding/json), and the decoder reports in document order. So
 * several unknown fields are listed depth first, keys in byte order, list items by index.
 */
function compareGoPaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    const sx = String(x)
    const sy = String(y)
    return sx < sy ? -1 : sx > sy ? 1 : 0
  }
  return a.length - b.length
}

/**
 * Walks `value` against the API type `model` and returns every unknown field and every
 * value of the wrong JSON type, in the order the API server reports them. `null` is
 * accepted everywhere, as Go's decoder does.
 */
export function checkStructure(value: unknown, model: string): StructuralError[] {
  const errors: StructuralError[] = []
  // Explicit stack: manifests are untrusted and may be deep.
  const stack: { v: unknown; t: string; path: PathSegment[]; parent: string }[] = [
    { v: value, t: model, path: [], parent: model },
  ]
  while (stack.length) {
    const { v, t, path, parent } = stack.pop()!
    if (v === null || v === undefined) continue
    const wrong = (got: string) =>
      errors.push({
        code: 'wrong-type',
        path,
        message: `json: cannot unmarshal ${got} into Go struct field ${structName(parent)}.${goFieldPath(path)} of type ${goTypeName(t)}`,
        expected: openApiType(t),
        got: jsonKind(v),
      })
    if (t.startsWith('[]')) {
      if (!Array.isArray(v)) {
        wrong(jsonKind(v))
        continue
      }
      const inner = t.slice(2)
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], t: inner, path: [...path, i], parent })
      continue
    }
    if (t.startsWith('map[')) {
      if (!isObject(v)) {
        wrong(jsonKind(v))
        continue
      }
      const inner = t.slice(4, -1)
      for (const k of Object.keys(v).reverse()) stack.push({ v: v[k], t: inner, path: [...path, k], parent })
      continue
    }
    switch (t) {
      case 'string':
      case 'date':
        if (typeof v !== 'string') wrong(jsonKind(v))
        continue
      case 'integer':
        if (typeof v !== 'number') wrong(jsonKind(v))
        else if (!Number.isInteger(v)) wrong(`number ${v}`)
        continue
      case 'number':
        if (typeof v !== 'number') wrong(jsonKind(v))
        continue
      case 'boolean':
        if (typeof v !== 'boolean') wrong(jsonKind(v))
        continue
      case 'int-or-string':
        if (typeof v === 'number' ? !Number.isInteger(v) : typeof v !== 'string') wrong(jsonKind(v))
        continue
      case 'quantity':
        if (typeof v !== 'string' && typeof v !== 'number') wrong(jsonKind(v))
        continue
      case 'any':
        continue
    }
    const fields = SCHEMA_TYPES[t]
    if (!fields) continue
    if (!isObject(v)) {
      wrong(jsonKind(v))
      continue
    }
    for (const k of Object.keys(v).reverse()) {
      // Keys come from the manifest: `toString` must be an unknown field, not a prototype method.
      const f = own(fields, k)
      if (!f) {
        errors.push({
          code: 'unknown-field',
          path: [...path, k],
          message: `unknown field "${fieldPath([...path, k])}"`,
        })
        continue
      }
      stack.push({ v: v[k], t: f.t, path: [...path, k], parent: t })
    }
  }
  return errors.sort((a, b) => compareGoPaths(a.path, b.path))
}

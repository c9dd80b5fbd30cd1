// Labels, annotations and label selectors: k8s.io/apimachinery/pkg/apis/meta/v1/validation
// (ValidateLabels, ValidateLabelSelector), pkg/api/validation (ValidateAnnotations) and the
// selector semantics of metav1.LabelSelectorAsSelector / labels.Selector.Matches.
import type { FieldError } from './field-error'
import { forbidden, invalid, required, tooLong } from './field-error'
import { isQualifiedName, isValidLabelValue } from './names'
import type { Path } from './util'
import { asList, asObject, asString, asStringList, isObject, utf8Length } from './util'

export function validateLabelName(key: string, path: Path): FieldError[] {
  return isQualifiedName(key).map((msg) => invalid(path, key, msg))
}

/** ValidateLabels: every key a qualified name, every value a label value; errors at the map's path. */
export function validateLabels(labels: unknown, path: Path): FieldError[] {
  if (!isObject(labels)) return []
  const errs: FieldError[] = []
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...validateLabelName(k, path))
    const value = asString(v)
    for (const msg of isValidLabelValue(value)) errs.push(invalid(path, value, msg))
  }
  return errs
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024

/** ValidateAnnotations: keys are qualified names (case-insensitive); 256 KiB in total. */
export function validateAnnotations(annotations: unknown, path: Path): FieldError[] {
  if (!isObject(annotations)) return []
  const errs: FieldError[] = []
  let size = 0
  for (const [k, v] of Object.entries(annotations)) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, msg))
    size += utf8Length(k) + utf8Length(asString(v))
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT))
  return errs
}

/**
 * The checks label and node selectors share for the set operators (In, NotIn, Exists,
 * DoesNotExist); undefined when `operator` is none of them.
 */
export function setOperatorErrors(
  operator: string,
  values: readonly string[],
  path: Path,
): FieldError[] | undefined {
  switch (operator) {
    case 'In':
    case 'NotIn':
      return values.length === 0
        ? [required([...path, 'values'], "must be specified when `operator` is 'In' or 'NotIn'")]
        : []
    case 'Exists':
    case 'DoesNotExist':
      return values.length > 0
        ? [
            forbidden(
              [...path, 'values'],
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          ]
        : []
    default:
      return undefined
  }
}

export interface LabelSelectorOptions {
  /** only for backward compatibility with stored objects; false on create */
  allowInvalidLabelValueInSelector?: boolean
}

export function validateLabelSelectorRequirement(
  req: unknown,
  path: Path,
  opts: LabelSelectorOptions = {},
): FieldError[] {
  const r = asObject(req) ?? {}
  const errs: FieldError[] = []
  const operator = asString(r.operator)
  const values = asStringList(r.values)
  const setErrors = setOperatorErrors(operator, values, path)
  if (setErrors) errs.push(...setErrors)
  else errs.push(invalid([...path, 'operator'], operator, 'not a valid selector operator'))
  errs.push(...validateLabelName(asString(r.key), [...path, 'key']))
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid([...path, 'values', i], v, msg))
    })
  }
  return errs
}

/** ValidateLabelSelector; a missing (nil) selector is valid. */
export function validateLabelSelector(
  sel: unknown,
  path: Path,
  opts: LabelSelectorOptions = {},
): FieldError[] {
  const s = asObject(sel)
  if (!s) return []
  const errs = validateLabels(s.matchLabels, [...path, 'matchLabels'])
  asList(s.matchExpressions).forEach((e, i) => {
    errs.push(...validateLabelSelectorRequirement(e, [...path, 'matchExpressions', i], opts))
  })
  return errs
}

type Operator = 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
interface Requirement {
  key: string
  op: Operator
  values: string[]
}

/** A labels.Selector: `nothing` matches no object, an empty requirement list every object. */
export type Selector = { nothing: true } | { nothing: false; reqs: Requirement[] }

/** labels.NewRequirement's checks, reduced to "is it acceptable". */
function requirementOk(r: Requirement): boolean {
  if (isQualifiedName(r.key).length) return false
  if ((r.op === 'In' || r.op === 'NotIn') && r.values.length === 0) return false
  if (r.op === 'Equals' && r.values.length !== 1) return false
  if ((r.op === 'Exists' || r.op === 'DoesNotExist') && r.values.length !== 0) return false
  return r.values.every((v) => isValidLabelValue(v).length === 0)
}

/**
 * metav1.LabelSelectorAsSelector: nil selects nothing, an empty selector everything; an
 * invalid selector is an error (undefined here).
 */
export function labelSelectorAsSelector(sel: unknown): Selector | undefined {
  const s = asObject(sel)
  if (!s) return { nothing: true }
  const matchLabels = asObject(s.matchLabels) ?? {}
  const exprs = asList(s.matchExpressions)
  const reqs: Requirement[] = []
  for (const [k, v] of Object.entries(matchLabels)) reqs.push({ key: k, op: 'Equals', values: [asString(v)] })
  for (const e of exprs) {
    const r = asObject(e) ?? {}
    const op = asString(r.operator)
    if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') return undefined
    reqs.push({ key: asString(r.key), op, values: asStringList(r.values) })
  }
  if (!reqs.every(requirementOk)) return undefined
  return { nothing: false, reqs }
}

/** labels.Set(m).AsSelector(): equality requirements, no validation. */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  return {
    nothing: false,
    reqs: Object.entries(set ?? {}).map(([key, v]) => ({ key, op: 'Equals' as const, values: [v] })),
  }
}

export function selectorEmpty(s: Selector): boolean {
  return !s.nothing && s.reqs.length === 0
}

export function selectorMatches(s: Selector, labels: Record<string, string> | undefined): boolean {
  if (s.nothing) return false
  const ls = labels ?? {}
  return s.reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(ls, r.key)
    const v = ls[r.key]
    switch (r.op) {
      case 'Equals':
      case 'In':
        return has && r.values.includes(v ?? '')
      case 'NotIn':
        return !has || !r.values.includes(v ?? '')
      case 'Exists':
        return has
      case 'DoesNotExist':
        return !has
    }
    return false
  })
}

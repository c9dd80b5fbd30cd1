// Manifest texts in, Kubernetes objects out: parsing, List expansion, strict decoding and
// API-server validation, with every problem located in its source text.
import type { FieldErrorType, Issue, SourcePos, SourceRef } from './issues'
import { ALL_KINDS as SUPPORTED_KINDS, CLUSTER_SCOPED } from './kinds'
import {
  lineAtLimit,
  MAX_OBJECTS,
  MAX_TOTAL_BYTES,
  textTooLarge,
  tooManyObjects,
  totalTooLarge,
  utf8Bytes,
} from './limits'
import { parseManifestText } from './parse-yaml'
import type { ParsedDocument, PathSegment } from './parse-yaml'
import { checkStructure, fieldPath } from './structural'
import { errorBody } from './validate/field-error'
import { validateObject } from './validate'
import { nameSuffix } from '../util/hash'
import { isObject, own, str } from '../util/json'

export interface ManifestSource {
  /** a file name or label shown in messages, e.g. `policy.yaml` */
  file: string
  text: string
}

/** A decoded object of a supported kind that passed validation. */
export interface KubeObject {
  apiVersion: string
  kind: string
  name: string
  /** undefined for cluster-scoped kinds (Namespace) */
  namespace?: string
  labels: Record<string, string>
  /** the object as written, after namespace defaulting */
  raw: Record<string, unknown>
  source: SourceRef
  /** position of a field of this object in its source text */
  locate(path: readonly PathSegment[], opts?: { key?: boolean }): SourcePos | undefined
}

export interface LoadResult {
  objects: KubeObject[]
  issues: Issue[]
  /** UTF-8 bytes of the text(s) read, so that separately loaded texts are held to one limit */
  bytes?: number
  /** the file read, when one was, for a message about texts together over a limit */
  file?: string
}

export interface LoadOptions {
  /**
   * Read manifests the way offline analyzers do: only a NetworkPolicy's spec must be valid
   * (its meaning depends on it), unknown fields in it included; other problems, unknown
   * fields and name formats among them, are reported as warnings and the objects kept.
   */
  lenient?: boolean
  /**
   * What the API server does with unknown fields (its `fieldValidation`, kubectl's
   * `--validate`): `Strict` (the default) refuses the object; `Warn` drops the fields and
   * says so (`Warning: unknown field "spec.foo"`); `Ignore` drops them silently. Dropped
   * fields apply to every kind, NetworkPolicy included, as on a real cluster: a selector
   * indented one level too deep is then gone, and the rule it sat in allows more.
   */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore'
}

const LIST_KIND = /List$/
// Kinds whose spec decides traffic: never read leniently, a misplaced field there changes what is allowed.
const POLICY_KINDS = new Set([
  'NetworkPolicy',
  'ClusterNetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
])

interface Pending {
  value: unknown
  doc: ParsedDocument
  file: string
  base: PathSegment[]
  item?: number
}

/** Loads several texts; an object defined twice keeps its later definition, with a warning. */
export function loadManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadResult {
  // All texts are held to one size limit, checked before any of them is parsed.
  const sizes = sources.map((s) => utf8Bytes(s.text))
  const bytes = sizes.reduce((a, b) => a + b, 0)
  if (sources.length > 1 && bytes > MAX_TOTAL_BYTES) {
    let before = 0
    let k = 0
    while (before + sizes[k]! <= MAX_TOTAL_BYTES) before += sizes[k++]!
    const { file, text } = sources[k]!
    const line = lineAtLimit(text, before)
    const message = totalTooLarge(sources.length, bytes, { file, line })!
    return { objects: [], issues: [limitIssue(message, file, line)], bytes }
  }
  return mergeLoads(sources.map((s, i) => loadSource(s, options, sizes[i])))
}

/** A copy of obj without the fields at the given paths (what the API server keeps). */
function dropFields(obj: Record<string, unknown>, paths: readonly (readonly PathSegment[])[]) {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>
  for (const path of paths) {
    let at: unknown = copy
    for (const seg of path.slice(0, -1))
      at = isObject(at) || Array.isArray(at) ? (at as Record<PathSegment, unknown>)[seg] : undefined
    const last = path[path.length - 1]
    if (last !== undefined && isObject(at)) delete at[String(last)]
  }
  return copy
}

function limitIssue(message: string, file: string, line?: number): Issue {
  const pos = line ? { line, col: 1, endLine: line, endCol: 1 } : undefined
  return {
    severity: 'error',
    code: 'too-large',
    message,
    summary: message,
    source: { file, doc: 0, pos },
    pos,
  }
}

/**
 * Puts separately loaded texts together, in order, as loadManifests would have, with the
 * limits on size and object count applied to all of them together.
 */
export function mergeLoads(loads: readonly LoadResult[]): LoadResult {
  const objects: KubeObject[] = []
  const issues: Issue[] = []
  const seen = new Map<string, KubeObject>()
  const bytes = loads.reduce((n, l) => n + (l.bytes ?? 0), 0)
  const count = loads.reduce((n, l) => n + l.objects.length, 0)
  if (loads.length > 1 && bytes > MAX_TOTAL_BYTES) {
    let before = 0
    let k = 0
    while (before + (loads[k]!.bytes ?? 0) <= MAX_TOTAL_BYTES) before += loads[k++]!.bytes ?? 0
    const file = loads[k]!.file ?? ''
    return { objects, issues: [limitIssue(totalTooLarge(loads.length, bytes, { file })!, file)], bytes }
  }
  if (count > MAX_OBJECTS) {
    // the first object past the limit, to point at
    let k = 0
    let before = 0
    while (before + loads[k]!.objects.length <= MAX_OBJECTS) before += loads[k++]!.objects.length
    const { file, pos } = loads[k]!.objects[MAX_OBJECTS - before]!.source
    const at = pos ? { file, line: pos.line } : undefined
    const message = tooManyObjects(`the ${loads.length} manifest files`, at)
    return { objects, issues: [limitIssue(message, file, pos?.line)], bytes }
  }
  for (const load of loads) {
    issues.push(...load.issues)
    for (const object of load.objects) {
      const { kind, namespace, name, source } = object
      const key = `${kind}/${namespace ?? ''}/${name}`
      const earlier = seen.get(key)
      if (earlier) {
        issues.push({
          severity: 'warning',
          code: 'duplicate',
          message: `${kind} "${namespace ? `${namespace}/` : ''}${name}" is defined more than once; the definition in ${source.file} replaces the one in ${earlier.source.file}`,
          summary: `${kind} ${name} is defined more than once; this definition wins`,
          kind,
          name,
          namespace,
          source,
          pos: source.pos,
        })
        objects.splice(objects.indexOf(earlier), 1)
      }
      seen.set(key, object)
      objects.push(object)
    }
  }
  return { objects, issues, bytes }
}

/**
 * Loads one text. Texts load independently (a lab caches each file's load and rebuilds
 * only the one that changed); duplicates across texts are settled by mergeLoads.
 */
export function loadSource(
  { file, text }: ManifestSource,
  options: LoadOptions = {},
  bytes = utf8Bytes(text),
): LoadResult {
  const objects: KubeObject[] = []
  const issues: Issue[] = []
  if (bytes > MAX_TOTAL_BYTES) {
    const line = lineAtLimit(text)
    return { objects, issues: [limitIssue(textTooLarge(file, bytes, line)!, file, line)], bytes, file }
  }
  const parsed = parseManifestText(text, file, bytes)
  issues.push(...parsed.issues)
  const queue: Pending[] = parsed.docs.map((doc) => ({ value: doc.value, doc, file, base: [] }))
  // Objects met so far, Lists expanded: counted before any is validated.
  let count = queue.length
  for (let next = 0; next < queue.length; next++) {
    const p = queue[next]!
    const locate = (path: readonly PathSegment[], opts?: { key?: boolean }) =>
      p.doc.locate([...p.base, ...path], opts)
    const source: SourceRef = { file, doc: p.doc.index, pos: locate([]) }
    if (p.item !== undefined) source.item = p.item
    const push = (issue: Omit<Issue, 'source'>) => issues.push({ ...issue, source })

    if (!isObject(p.value)) {
      push({
        severity: 'error',
        code: 'not-an-object',
        message: `error: error validating "${file}": error validating data: invalid object: expected a mapping with apiVersion and kind, found ${Array.isArray(p.value) ? 'a list' : typeof p.value}`,
        summary: 'expected a Kubernetes object (a mapping with apiVersion and kind)',
        pos: source.pos,
      })
      continue
    }
    let obj = p.value
    const kind = str(obj.kind)
    const apiVersion = str(obj.apiVersion)
    if (!kind || !apiVersion) {
      const missing = !kind ? 'kind' : 'apiVersion'
      push({
        severity: 'error',
        code: 'not-an-object',
        message: `error: error validating "${file}": error validating data: ${missing} not set`,
        summary: `${missing} not set`,
        field: missing,
        pos: locate([missing]) ?? source.pos,
      })
      continue
    }

    if (LIST_KIND.test(kind) && Array.isArray(obj.items)) {
      // Items of a typed list (PodList, NamespaceList) may leave out their kind and
      // apiVersion: the list's type implies them.
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length)
      const before = count - 1
      count += obj.items.length - 1
      if (count > MAX_OBJECTS) {
        // the item that takes the count past the limit, to point at
        const line = locate(['items', MAX_OBJECTS - before])?.line
        const message = tooManyObjects(file, line ? { file, line } : undefined)
        return { objects: [], issues: [limitIssue(message, file, line)], bytes, file }
      }
      obj.items.forEach((value, i) => {
        const item = itemKind && isObject(value) ? { kind: itemKind, apiVersion, ...value } : value
        queue.push({ value: item, doc: p.doc, file, base: [...p.base, 'items', i], item: i })
      })
      continue
    }

    let meta = isObject(obj.metadata) ? obj.metadata : {}
    const shownName = str(meta.name) ?? str(meta.generateName) ?? ''
    const spec = own(SUPPORTED_KINDS, kind)
    if (!spec) {
      push({
        severity: 'warning',
        code: 'unknown-kind',
        message: `${kind} "${shownName}" (${apiVersion}) was skipped: the simulator does not model this kind`,
        summary: `${kind} is not modelled by the simulator; this object is ignored`,
        kind,
        name: shownName,
        pos: locate(['kind']) ?? source.pos,
      })
      continue
    }
    if (!spec.apiVersions.includes(apiVersion)) {
      push({
        severity: 'error',
        code: 'unknown-kind',
        message: `error: resource mapping not found for name: "${shownName}" namespace: "${str(meta.namespace) ?? ''}" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
        summary: `no matches for kind "${kind}" in version "${apiVersion}" (use ${spec.apiVersions.join(' or ')})`,
        kind,
        name: shownName,
        field: 'apiVersion',
        pos: locate(['apiVersion']) ?? source.pos,
      })
      continue
    }

    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion
    const structural = checkStructure(obj, spec.model)
    // Lenient reading tolerates unknown fields, except in a NetworkPolicy's spec: there a
    // misplaced selector, once ignored, leaves a rule that allows everything.
    const tolerated = (e: (typeof structural)[number]) =>
      options.lenient === true &&
      e.code === 'unknown-field' &&
      !(POLICY_KINDS.has(kind) && e.path[0] === 'spec')
    const dropping = options.fieldValidation === 'Warn' || options.fieldValidation === 'Ignore'
    if (dropping && structural.length && structural.every((e) => e.code === 'unknown-field')) {
      const kept = dropFields(
        obj,
        structural.map((e) => e.path),
      )
      if (options.fieldValidation === 'Warn')
        for (const e of structural)
          push({
            severity: 'warning',
            code: 'unknown-field',
            message: `Warning: unknown field "${fieldPath(e.path)}"`,
            summary: `${fieldPath(e.path)}: unknown field, dropped (is it indented under the right parent?)`,
            field: fieldPath(e.path),
            kind,
            name: shownName,
            pos: locate(e.path, { key: true }) ?? source.pos,
          })
      structural.length = 0
      obj = kept
      meta = isObject(obj.metadata) ? obj.metadata : {}
    }
    const lenientUnknown = structural.every(tolerated)
    if (structural.length) {
      const unknown = structural.filter((e) => e.code === 'unknown-field')
      const typed = structural.filter((e) => e.code === 'wrong-type')
      const prefix = `Error from server (BadRequest): error when creating "${file}": ${kind} in version "${version}" cannot be handled as a ${kind}: `
      // Go's decoder stops at the first type error; strict decoding lists every unknown field.
      const text = typed.length
        ? typed[0]!.message
        : `strict decoding error: ${unknown.map((e) => e.message).join(', ')}`
      for (const e of structural) {
        if (e.code === 'wrong-type' && spec.served === 'crd') {
          // A custom resource is checked against its CRD's OpenAPI schema, not decoded into
          // Go structs: the API server answers 422 with the schema's wording.
          const field = fieldPath(e.path)
          const body = `${field}: Invalid value: "${e.got}": ${field} in body must be of type ${e.expected}: "${e.got}"`
          push({
            severity: 'error',
            code: 'invalid',
            message: `The ${kind} "${shownName}" is invalid: ${body}`,
            summary: body,
            field,
            errorType: 'Invalid value',
            kind,
            name: shownName,
            pos: locate(e.path) ?? source.pos,
          })
          continue
        }
        push({
          severity: tolerated(e) ? 'warning' : 'error',
          code: e.code,
          message: prefix + (e.code === 'wrong-type' ? e.message : text),
          summary:
            e.code === 'unknown-field'
              ? `${fieldPath(e.path)}: unknown field (is it indented under the right parent?)`
              : `${fieldPath(e.path)}: ${e.message.replace(/^json: /, '')}`,
          field: fieldPath(e.path),
          kind,
          name: shownName,
          pos: locate(e.path, { key: e.code === 'unknown-field' }) ?? source.pos,
        })
      }
      if (!lenientUnknown) continue
    }

    let name = str(meta.name)
    // generateName gets a suffix as the API server adds one, derived from the input so that
    // loading the same text twice gives the same names.
    if (!name && str(meta.generateName))
      name = `${meta.generateName}${nameSuffix(`${file}#${p.doc.index}#${p.item ?? ''}`)}`
    const namespaced = !CLUSTER_SCOPED.has(kind)
    const namespace = namespaced ? (str(meta.namespace) ?? 'default') : undefined
    const raw: Record<string, unknown> = {
      ...obj,
      metadata: { ...meta, ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) },
    }

    const result = validateObject(kind, raw)
    let blocking = 0
    for (const e of result.errors) {
      const lenient = options.lenient === true && !(POLICY_KINDS.has(kind) && e.path[0] === 'spec')
      if (!lenient) blocking++
      const body = `${fieldPath(e.path)}: ${errorBody(e)}`
      push({
        severity: lenient ? 'warning' : 'error',
        code: 'invalid',
        message: `The ${kind} "${name ?? ''}" is invalid: ${body}`,
        summary: body,
        field: fieldPath(e.path),
        errorType: e.type as FieldErrorType,
        detail: e.detail,
        kind,
        name: name ?? '',
        namespace,
        pos: locate(e.path) ?? source.pos,
      })
    }
    for (const w of result.warnings) {
      push({
        severity: 'warning',
        code: 'warning',
        message: `Warning: ${w.message}`,
        summary: w.message,
        field: fieldPath(w.path),
        kind,
        name: name ?? '',
        namespace,
        pos: locate(w.path) ?? source.pos,
      })
    }
    if (blocking || !name) continue

    const labels = isObject(meta.labels) ? (meta.labels as Record<string, string>) : {}
    objects.push({ apiVersion, kind, name, namespace, labels, raw, source, locate })
  }
  // Within one text, too, a later definition replaces an earlier one.
  return { ...mergeLoads([{ objects, issues, bytes }]), file }
}

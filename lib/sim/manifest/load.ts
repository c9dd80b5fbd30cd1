// Manifest texts in, Kubernetes objects out: parsing, List expansion, strict decoding and
// API-server validation, with every problem located in its source text.
import type { FieldErrorType, Issue, SourcePos, SourceRef } from './issues'
import { SUPPORTED_KINDS } from './k8s-schema.generated'
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
}

export interface LoadOptions {
  /**
   * Read manifests the way offline analyzers do: unknown fields are ignored, and only a
   * NetworkPolicy's spec must be valid (its meaning depends on it); other problems, name
   * formats included, are reported as warnings and the objects kept.
   */
  lenient?: boolean
}

const CLUSTER_SCOPED = new Set(['Namespace'])
const LIST_KIND = /List$/

interface Pending {
  value: unknown
  doc: ParsedDocument
  file: string
  base: PathSegment[]
  item?: number
}

/** Loads several texts; an object defined twice keeps its later definition, with a warning. */
export function loadManifests(sources: readonly ManifestSource[], options: LoadOptions = {}): LoadResult {
  return mergeLoads(sources.map((s) => loadSource(s, options)))
}

/** Puts separately loaded texts together, in order, as loadManifests would have. */
export function mergeLoads(loads: readonly LoadResult[]): LoadResult {
  const objects: KubeObject[] = []
  const issues: Issue[] = []
  const seen = new Map<string, KubeObject>()
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
  return { objects, issues }
}

/**
 * Loads one text. Texts load independently (a lab caches each file's load and rebuilds
 * only the one that changed); duplicates across texts are settled by mergeLoads.
 */
export function loadSource({ file, text }: ManifestSource, options: LoadOptions = {}): LoadResult {
  const objects: KubeObject[] = []
  const issues: Issue[] = []
  const parsed = parseManifestText(text, file)
  issues.push(...parsed.issues)
  const queue: Pending[] = parsed.docs.map((doc) => ({ value: doc.value, doc, file, base: [] }))
  while (queue.length) {
    const p = queue.shift()!
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
    const obj = p.value
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
      obj.items.forEach((value, i) => {
        const item = itemKind && isObject(value) ? { kind: itemKind, apiVersion, ...value } : value
        queue.push({ value: item, doc: p.doc, file, base: [...p.base, 'items', i], item: i })
      })
      continue
    }

    const meta = isObject(obj.metadata) ? obj.metadata : {}
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
    const lenientUnknown = options.lenient === true && structural.every((e) => e.code === 'unknown-field')
    if (structural.length) {
      const unknown = structural.filter((e) => e.code === 'unknown-field')
      const typed = structural.filter((e) => e.code === 'wrong-type')
      const prefix = `Error from server (BadRequest): error when creating "${file}": ${kind} in version "${version}" cannot be handled as a ${kind}: `
      // Go's decoder stops at the first type error; strict decoding lists every unknown field.
      const text = typed.length
        ? typed[0]!.message
        : `strict decoding error: ${unknown.map((e) => e.message).join(', ')}`
      for (const e of structural) {
        push({
          severity: lenientUnknown ? 'warning' : 'error',
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
      const lenient = options.lenient === true && !(kind === 'NetworkPolicy' && e.path[0] === 'spec')
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
  return mergeLoads([{ objects, issues }])
}

// ObjectMeta on create: pkg/api/validation ValidateObjectMetaAccessor (apimachinery) plus
// the finalizer check pkg/apis/core/validation adds on top.
import type { FieldError } from './field-error'
import { forbidden, invalid, required } from './field-error'
import { goQuote, goStringSlice, rawInvalid } from './go-value'
import { validateAnnotations, validateLabels } from './labels'
import type { NameFn } from './names'
import { isQualifiedName, nameIsDNSLabel } from './names'
import type { Path } from './util'
import { asList, asObject, asString, asStringList } from './util'

export interface ObjectMetaOptions {
  /** namespaced kinds need metadata.namespace; cluster-scoped kinds have it cleared */
  namespaced: boolean
  nameFn: NameFn
}

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion'])

/** validateKubeFinalizerName: unqualified finalizers must be one of the standard ones. */
export function validateKubeFinalizerName(value: string, path: Path): FieldError[] {
  if (value.split('/').length === 1 && !STANDARD_FINALIZERS.has(value))
    return [invalid(path, value, 'name is neither a standard finalizer name nor is it fully qualified')]
  return []
}

function goBoolPtr(v: unknown): string {
  return typeof v === 'boolean' ? '(*bool)(0xc000000000)' : '(*bool)(nil)'
}

function goOwnerReference(ref: Record<string, unknown>): string {
  const q = (v: unknown) => goQuote(asString(v))
  return `v1.OwnerReference{APIVersion:${q(ref.apiVersion)}, Kind:${q(ref.kind)}, Name:${q(ref.name)}, UID:${q(ref.uid)}, Controller:${goBoolPtr(ref.controller)}, BlockOwnerDeletion:${goBoolPtr(ref.blockOwnerDeletion)}}`
}

function validateOwnerReferences(refs: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const all = `[]v1.OwnerReference{${asList(refs)
    .map((r) => goOwnerReference(asObject(r) ?? {}))
    .join(', ')}}`
  let firstController = ''
  for (const item of asList(refs)) {
    const ref = asObject(item) ?? {}
    const apiVersion = asString(ref.apiVersion)
    const kind = asString(ref.kind)
    const name = asString(ref.name)
    const uid = asString(ref.uid)
    const slash = apiVersion.indexOf('/')
    const group = slash >= 0 ? apiVersion.slice(0, slash) : ''
    const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion
    if (version.length === 0)
      errs.push(invalid([...path, 'apiVersion'], apiVersion, 'version must not be empty'))
    if (kind.length === 0) errs.push(invalid([...path, 'kind'], kind, 'must not be empty'))
    if (name.length === 0) errs.push(invalid([...path, 'name'], name, 'must not be empty'))
    if (uid.length === 0) errs.push(invalid([...path, 'uid'], uid, 'must not be empty'))
    if (group === '' && version === 'v1' && kind === 'Event')
      errs.push(rawInvalid(path, goOwnerReference(ref), '/v1, Kind=Event is disallowed from being an owner'))
    if (ref.controller === true) {
      const current = `${kind}/${name}`
      if (firstController)
        errs.push(
          rawInvalid(
            path,
            all,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        )
      else firstController = current
    }
  }
  return errs
}

function validateFinalizers(finalizers: unknown, path: Path): FieldError[] {
  const list = asStringList(finalizers)
  const errs: FieldError[] = []
  for (const f of list) for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg))
  if (list.includes('orphan') && list.includes('foregroundDeletion'))
    errs.push(
      rawInvalid(
        path,
        goStringSlice(finalizers),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    )
  return errs
}

/**
 * ValidateObjectMeta as the core API group calls it on create. Name generation has already
 * happened, so `metadata.name` is the generated name when only generateName was given.
 */
export function validateObjectMeta(
  metadata: unknown,
  opts: ObjectMetaOptions,
  path: Path = ['metadata'],
): FieldError[] {
  const meta = asObject(metadata) ?? {}
  const errs: FieldError[] = []
  const generateName = asString(meta.generateName)
  if (generateName) {
    for (const msg of opts.nameFn(generateName, true))
      errs.push(invalid([...path, 'generateName'], generateName, msg))
  }
  const name = asString(meta.name)
  if (!name) errs.push(required([...path, 'name'], 'name or generateName is required'))
  else for (const msg of opts.nameFn(name, false)) errs.push(invalid([...path, 'name'], name, msg))

  const namespace = asString(meta.namespace)
  if (opts.namespaced) {
    if (!namespace) errs.push(required([...path, 'namespace'], ''))
    else
      for (const msg of nameIsDNSLabel(namespace, false))
        errs.push(invalid([...path, 'namespace'], namespace, msg))
  } else if (namespace) {
    errs.push(forbidden([...path, 'namespace'], 'not allowed on this type'))
  }

  // metadata.generation is not checked: most strategies set it to 1 on create
  errs.push(...validateLabels(meta.labels, [...path, 'labels']))
  errs.push(...validateAnnotations(meta.annotations, [...path, 'annotations']))
  errs.push(...validateOwnerReferences(meta.ownerReferences, [...path, 'ownerReferences']))
  errs.push(...validateFinalizers(meta.finalizers, [...path, 'finalizers']))
  asStringList(meta.finalizers).forEach((f, i) =>
    errs.push(...validateKubeFinalizerName(f, [...path, 'finalizers', i])),
  )
  return errs
}

/** The object's name, '' when missing. */
export function objectName(obj: Record<string, unknown>): string {
  return asString(asObject(obj.metadata)?.name)
}

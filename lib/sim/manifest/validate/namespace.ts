// Namespace: ValidateNamespace. The name is a DNS-1123 label; spec.finalizers must be
// qualified or standard names. A namespace set on this cluster-scoped object is cleared
// by the API server before validation, so it is never an error here.
import type { FieldError } from './field-error'
import { validateKubeFinalizerName, validateObjectMeta } from './metadata'
import { eachInvalid, isQualifiedName, nameIsDNSLabel } from './names'
import type { JsonObject } from './util'
import { asObject, asStringList } from './util'

export function validateNamespace(ns: JsonObject): FieldError[] {
  const meta = { ...(asObject(ns.metadata) ?? {}) }
  delete meta.namespace
  const errs = validateObjectMeta(meta, { namespaced: false, nameFn: nameIsDNSLabel })
  const path = ['spec', 'finalizers']
  for (const f of asStringList(asObject(ns.spec)?.finalizers)) {
    errs.push(...eachInvalid(path, f, isQualifiedName(f)))
    errs.push(...validateKubeFinalizerName(f, path))
  }
  return errs
}

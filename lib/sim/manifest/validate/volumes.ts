// Pod volumes (ValidateVolumes / validateVolumeSource): names, exactly one source, and the
// checks of the common sources. Cloud and legacy plugin sources are only counted.
import type { FieldError } from './field-error'
import { duplicate, forbidden, invalid, required, unsupported } from './field-error'
import {
  VOLUME_FIELD_PATHS,
  validateContainerResourceFieldSelector,
  validateLocalDescendingPath,
  validateObjectFieldSelector,
  validatePathNoBacksteps,
} from './container'
import { eachInvalid, isDNS1123Label } from './names'
import type { JsonObject, Path } from './util'
import { asList, asNumber, asObject, asOptString, asString, goSorted, isObject } from './util'

/** Volume source fields in the order Go checks them, with the name Go's Forbidden error uses. */
const SOURCES: [field: string, forbiddenName: string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
]

const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive'
const HOST_PATH_TYPES = goSorted([
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
])

function validateMode(mode: unknown, path: Path): FieldError[] {
  const m = asNumber(mode)
  return m !== undefined && (m > 0o777 || m < 0) ? [invalid(path, m, FILE_MODE_ERROR)] : []
}

/** ValidateLocalNonReservedPath. */
function validateLocalNonReservedPath(target: string, path: Path): FieldError[] {
  const errs = validateLocalDescendingPath(target, path)
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(invalid(path, target, "must not start with '..'"))
  return errs
}

function validateKeyToPaths(items: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(items).forEach((item, i) => {
    const kp = asObject(item) ?? {}
    const p = [...path, i]
    if (!asString(kp.key)) errs.push(required([...p, 'key'], ''))
    const target = asString(kp.path)
    if (!target) errs.push(required([...p, 'path'], ''))
    errs.push(...validateLocalNonReservedPath(target, [...p, 'path']))
    errs.push(...validateMode(kp.mode, [...p, 'mode']))
  })
  return errs
}

function validateDownwardAPIFile(file: JsonObject, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const target = asString(file.path)
  if (!target) errs.push(required([...path, 'path'], ''))
  errs.push(...validateLocalNonReservedPath(target, [...path, 'path']))
  const fieldRef = asObject(file.fieldRef)
  const resourceFieldRef = asObject(file.resourceFieldRef)
  if (fieldRef) {
    errs.push(...validateObjectFieldSelector(fieldRef, VOLUME_FIELD_PATHS, [...path, 'fieldRef']))
    if (resourceFieldRef)
      errs.push(
        invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
      )
  } else if (resourceFieldRef) {
    errs.push(
      ...validateContainerResourceFieldSelector(resourceFieldRef, [...path, 'resourceFieldRef'], true),
    )
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'))
  }
  errs.push(...validateMode(file.mode, [...path, 'mode']))
  return errs
}

function validateSource(field: string, src: JsonObject, path: Path): FieldError[] {
  const errs: FieldError[] = []
  switch (field) {
    case 'hostPath': {
      const p = asString(src.path)
      if (!p) return [required([...path, 'path'], '')]
      errs.push(...validatePathNoBacksteps(p, [...path, 'path']))
      const type = asOptString(src.type)
      if (type !== undefined && !HOST_PATH_TYPES.includes(type))
        errs.push(unsupported([...path, 'type'], type, HOST_PATH_TYPES))
      break
    }
    case 'gitRepo':
      if (!asString(src.repository)) errs.push(required([...path, 'repository'], ''))
      errs.push(...validateLocalDescendingPath(asString(src.directory), [...path, 'directory']))
      break
    case 'secret':
      if (!asString(src.secretName)) errs.push(required([...path, 'secretName'], ''))
      errs.push(...validateMode(src.defaultMode, [...path, 'defaultMode']))
      errs.push(...validateKeyToPaths(src.items, [...path, 'items']))
      break
    case 'configMap':
      if (!asString(src.name)) errs.push(required([...path, 'name'], ''))
      errs.push(...validateMode(src.defaultMode, [...path, 'defaultMode']))
      errs.push(...validateKeyToPaths(src.items, [...path, 'items']))
      break
    case 'persistentVolumeClaim':
      if (!asString(src.claimName)) errs.push(required([...path, 'claimName'], ''))
      break
    case 'nfs': {
      if (!asString(src.server)) errs.push(required([...path, 'server'], ''))
      const p = asString(src.path)
      if (!p) errs.push(required([...path, 'path'], ''))
      if (!p.startsWith('/')) errs.push(invalid([...path, 'path'], p, 'must be an absolute path'))
      break
    }
    case 'downwardAPI':
      errs.push(...validateMode(src.defaultMode, [...path, 'defaultMode']))
      for (const item of asList(src.items)) errs.push(...validateDownwardAPIFile(asObject(item) ?? {}, path))
      break
    case 'projected':
      errs.push(...validateMode(src.defaultMode, [...path, 'defaultMode']))
      asList(src.sources).forEach((s, i) => {
        const source = asObject(s) ?? {}
        const sp = [...path, 'sources', i]
        let count = 0
        for (const kind of [
          'secret',
          'configMap',
          'downwardAPI',
          'serviceAccountToken',
          'clusterTrustBundle',
        ]) {
          const v = asObject(source[kind])
          if (!v) continue
          count++
          if ((kind === 'secret' || kind === 'configMap') && !asString(v.name))
            errs.push(required([...sp, kind, 'name'], ''))
          if (kind === 'secret' || kind === 'configMap')
            errs.push(...validateKeyToPaths(v.items, [...sp, kind, 'items']))
          if (kind === 'serviceAccountToken') {
            const exp = asNumber(v.expirationSeconds)
            if (exp !== undefined && exp < 600)
              errs.push(
                invalid(
                  [...sp, kind, 'expirationSeconds'],
                  exp,
                  'may not specify a duration less than 10 minutes',
                ),
              )
          }
        }
        if (count > 1) errs.push(forbidden(sp, 'may not specify more than 1 volume type per source'))
      })
      break
    case 'csi':
      if (!asString(src.driver)) errs.push(required([...path, 'driver'], ''))
      break
    case 'ephemeral':
      if (!asObject(src.volumeClaimTemplate)) errs.push(required([...path, 'volumeClaimTemplate'], ''))
      break
  }
  return errs
}

/** ValidateVolumes: returns the volumes that validated (mounts may only name these) and the errors. */
export function validateVolumes(
  volumes: unknown,
  path: Path,
): { valid: Map<string, JsonObject>; errs: FieldError[] } {
  const valid = new Map<string, JsonObject>()
  const names = new Set<string>()
  const errs: FieldError[] = []
  asList(volumes).forEach((item, i) => {
    const vol = isObject(item) ? item : {}
    const idx = [...path, i]
    const name = asString(vol.name)
    const el: FieldError[] = []
    let count = 0
    for (const [field, forbiddenName] of SOURCES) {
      const src = asObject(vol[field])
      if (!src) continue
      if (count > 0) {
        el.push(forbidden([...idx, forbiddenName], 'may not specify more than 1 volume type'))
        continue
      }
      count++
      el.push(...validateSource(field, src, [...idx, field]))
    }
    if (count === 0) el.push(required(idx, 'must specify a volume type'))
    if (!name) el.push(required([...idx, 'name'], ''))
    else el.push(...eachInvalid([...idx, 'name'], name, isDNS1123Label(name)))
    if (names.has(name)) el.push(duplicate([...idx, 'name'], name))
    if (el.length === 0) {
      names.add(name)
      valid.set(name, vol)
    } else {
      errs.push(...el)
    }
  })
  return { valid, errs }
}

// Containers of a PodSpec (pkg/apis/core/validation): validateContainerCommon, ports, env,
// volume mounts, probes, lifecycle handlers, resources and the container security context.
import type { FieldError } from './field-error'
import { duplicate, forbidden, invalid, required, unsupported } from './field-error'
import { rawInvalid } from './go-value'
import {
  eachInvalid,
  isConfigMapKey,
  isDNS1123Label,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidID,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names'
import { compareQuantity, milliValue, parseQuantity, quantityString } from './quantity'
import type { JsonObject, Path } from './util'
import { asList, asNumber, asObject, asOptString, asString, asStringList, goSorted, isObject } from './util'

/** What container validation needs to know about the surrounding PodSpec. */
export interface PodContext {
  /** the PodSpec is a Pod's own (not a template's) */
  isPod: boolean
  /** volumes that passed validation, by name */
  volumes: Map<string, JsonObject>
  gracePeriod: number | undefined
  restartPolicy: string
  hostUsers: boolean
}

/** field.Path.Key: `limits[cpu]`, kept in one segment so the path prints the way Go prints it. */
export function keyed(path: Path, key: string): Path {
  const last = path[path.length - 1]
  return [...path.slice(0, -1), `${String(last)}[${key}]`]
}

const PORT_PROTOCOLS = goSorted(['TCP', 'UDP', 'SCTP'])

export function validateContainerPorts(ports: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set<string>()
  asList(ports).forEach((item, i) => {
    const port = asObject(item) ?? {}
    const idx = [...path, i]
    const name = asString(port.name)
    if (name) {
      const msgs = isValidPortName(name)
      if (msgs.length) errs.push(...eachInvalid([...idx, 'name'], name, msgs))
      else if (names.has(name)) errs.push(duplicate([...idx, 'name'], name))
      else names.add(name)
    }
    const containerPort = asNumber(port.containerPort) ?? 0
    if (containerPort === 0) errs.push(required([...idx, 'containerPort'], ''))
    else errs.push(...eachInvalid([...idx, 'containerPort'], containerPort, isValidPortNum(containerPort)))
    const hostPort = asNumber(port.hostPort) ?? 0
    if (hostPort !== 0) errs.push(...eachInvalid([...idx, 'hostPort'], hostPort, isValidPortNum(hostPort)))
    const protocol = asString(port.protocol)
    if (!protocol) errs.push(required([...idx, 'protocol'], ''))
    else if (!PORT_PROTOCOLS.includes(protocol))
      errs.push(unsupported([...idx, 'protocol'], protocol, PORT_PROTOCOLS))
  })
  return errs
}

const ENV_FIELD_PATHS = goSorted([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
])
export const VOLUME_FIELD_PATHS = goSorted([
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'metadata.uid',
])
const CONVERTIBLE_FIELD_LABELS = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
])
const RESOURCE_FIELD_PATHS = goSorted([
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
])

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['key']`. */
function splitSubscript(p: string): [string, string] | undefined {
  if (!p.endsWith("']")) return undefined
  const parts = p.slice(0, -2).split("['")
  if (parts.length < 2 || !parts[0]) return undefined
  return [parts[0], parts.slice(1).join("['")]
}

/** validateObjectFieldSelector (env var and downward API volume fieldRef). */
export function validateObjectFieldSelector(fs: JsonObject, expressions: string[], path: Path): FieldError[] {
  const apiVersion = asString(fs.apiVersion)
  const fieldPathValue = asString(fs.fieldPath)
  if (!apiVersion) return [required([...path, 'apiVersion'], '')]
  if (!fieldPathValue) return [required([...path, 'fieldPath'], '')]
  let err: string | undefined
  const sub = splitSubscript(fieldPathValue)
  if (apiVersion !== 'v1') err = `unsupported pod version: ${apiVersion}`
  else if (sub) {
    if (sub[0] !== 'metadata.annotations' && sub[0] !== 'metadata.labels')
      err = `field label does not support subscript: ${fieldPathValue}`
  } else if (!CONVERTIBLE_FIELD_LABELS.has(fieldPathValue) && fieldPathValue !== 'spec.host') {
    err = `field label not supported: ${fieldPathValue}`
  }
  if (err) return [invalid([...path, 'fieldPath'], fieldPathValue, `error converting fieldPath: ${err}`)]
  const internal = fieldPathValue === 'spec.host' ? 'spec.nodeName' : fieldPathValue
  if (sub) {
    const key = sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1]
    return eachInvalid(path, key, isQualifiedName(key))
  }
  if (!expressions.includes(internal)) return [unsupported([...path, 'fieldPath'], internal, expressions)]
  return []
}

const DIVISORS: Record<string, Set<string>> = {
  cpu: new Set(['1m', '1']),
  memory: new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']),
}

export function validateContainerResourceFieldSelector(
  fs: JsonObject,
  path: Path,
  volume: boolean,
): FieldError[] {
  const errs: FieldError[] = []
  const resource = asString(fs.resource)
  if (volume && !asString(fs.containerName)) errs.push(required([...path, 'containerName'], ''))
  else if (!resource) errs.push(required([...path, 'resource'], ''))
  else if (
    !RESOURCE_FIELD_PATHS.includes(resource) &&
    !resource.startsWith('requests.hugepages-') &&
    !resource.startsWith('limits.hugepages-')
  )
    errs.push(unsupported([...path, 'resource'], resource, RESOURCE_FIELD_PATHS))
  const divisor = fs.divisor != null ? parseQuantity(fs.divisor) : undefined
  if (divisor && divisor.nanos !== 0n) {
    const d = quantityString(divisor)
    const kind = resource.endsWith('.cpu') ? 'cpu' : resource.endsWith('.memory') ? 'memory' : undefined
    if (kind === 'cpu' && !DIVISORS.cpu!.has(d))
      errs.push(
        invalid(
          [...path, 'divisor'],
          resource,
          "only divisor's values 1m and 1 are supported with the cpu resource",
        ),
      )
    if (kind === 'memory' && !DIVISORS.memory!.has(d))
      errs.push(
        invalid(
          [...path, 'divisor'],
          resource,
          "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
        ),
      )
  }
  return errs
}

function validateKeySelector(s: JsonObject, path: Path): FieldError[] {
  const name = asString(s.name)
  const errs = eachInvalid([...path, 'name'], name, nameIsDNSSubdomain(name, false))
  const key = asString(s.key)
  if (!key) errs.push(required([...path, 'key'], ''))
  else errs.push(...eachInvalid([...path, 'key'], key, isConfigMapKey(key)))
  return errs
}

export function validateEnv(env: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(env).forEach((item, i) => {
    const ev = asObject(item) ?? {}
    const idx = [...path, i]
    const name = asString(ev.name)
    if (!name) errs.push(required([...idx, 'name'], ''))
    else errs.push(...eachInvalid([...idx, 'name'], name, isRelaxedEnvVarName(name)))
    const valueFrom = asObject(ev.valueFrom)
    if (!valueFrom) return
    const vfPath = [...idx, 'valueFrom']
    let sources = 0
    const fieldRef = asObject(valueFrom.fieldRef)
    if (fieldRef) {
      sources++
      errs.push(...validateObjectFieldSelector(fieldRef, ENV_FIELD_PATHS, [...vfPath, 'fieldRef']))
    }
    const resourceFieldRef = asObject(valueFrom.resourceFieldRef)
    if (resourceFieldRef) {
      sources++
      errs.push(
        ...validateContainerResourceFieldSelector(resourceFieldRef, [...vfPath, 'resourceFieldRef'], false),
      )
    }
    const configMapKeyRef = asObject(valueFrom.configMapKeyRef)
    if (configMapKeyRef) {
      sources++
      errs.push(...validateKeySelector(configMapKeyRef, [...vfPath, 'configMapKeyRef']))
    }
    const secretKeyRef = asObject(valueFrom.secretKeyRef)
    if (secretKeyRef) {
      sources++
      errs.push(...validateKeySelector(secretKeyRef, [...vfPath, 'secretKeyRef']))
    }
    if (sources === 0)
      errs.push(
        invalid(
          vfPath,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      )
    else if (asString(ev.value))
      errs.push(invalid(vfPath, '', 'may not be specified when `value` is not empty'))
    else if (sources > 1)
      errs.push(invalid(vfPath, '', 'may not have more than one field specified at a time'))
  })
  return errs
}

export function validateEnvFrom(envFrom: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(envFrom).forEach((item, i) => {
    const ev = asObject(item) ?? {}
    const idx = [...path, i]
    const prefix = asString(ev.prefix)
    if (prefix) errs.push(...eachInvalid([...idx, 'prefix'], prefix, isRelaxedEnvVarName(prefix)))
    let sources = 0
    for (const key of ['configMapRef', 'secretRef']) {
      const ref = asObject(ev[key])
      if (!ref) continue
      sources++
      const name = asString(ref.name)
      if (!name) errs.push(required([...idx, key, 'name'], ''))
      else errs.push(...eachInvalid([...idx, key, 'name'], name, nameIsDNSSubdomain(name, true)))
    }
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'))
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'))
  })
  return errs
}

/** validateLocalDescendingPath: relative, without '..' elements. */
export function validateLocalDescendingPath(target: string, path: Path): FieldError[] {
  const errs: FieldError[] = []
  if (target.startsWith('/')) errs.push(invalid(path, target, 'must be a relative path'))
  errs.push(...validatePathNoBacksteps(target, path))
  return errs
}

export function validatePathNoBacksteps(target: string, path: Path): FieldError[] {
  return target.split('/').includes('..') ? [invalid(path, target, "must not contain '..'")] : []
}

function validateVolumeMounts(c: JsonObject, ctx: PodContext, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const mountPoints = new Set<string>()
  const devices = new Map(
    asList(c.volumeDevices).map((d) => [asString(asObject(d)?.name), asString(asObject(d)?.devicePath)]),
  )
  asList(c.volumeMounts).forEach((item, i) => {
    const mnt = asObject(item) ?? {}
    const idx = [...path, i]
    const name = asString(mnt.name)
    const mountPath = asString(mnt.mountPath)
    if (!name) errs.push(required([...idx, 'name'], ''))
    if (!ctx.volumes.has(name)) errs.push({ path: [...idx, 'name'], type: 'Not found', value: name })
    if (!mountPath) errs.push(required([...idx, 'mountPath'], ''))
    if (mountPoints.has(mountPath)) errs.push(invalid([...idx, 'mountPath'], mountPath, 'must be unique'))
    mountPoints.add(mountPath)
    if (devices.has(name))
      errs.push(invalid([...idx, 'name'], name, 'must not already exist in volumeDevices'))
    if ([...devices.values()].includes(mountPath))
      errs.push(
        invalid([...idx, 'mountPath'], mountPath, 'must not already exist as a path in volumeDevices'),
      )
    const subPath = asString(mnt.subPath)
    const subPathExpr = asString(mnt.subPathExpr)
    if (ctx.volumes.get(name)?.image) {
      if (subPath) errs.push(invalid([...idx, 'subPath'], subPath, 'not allowed in image volume sources'))
      if (subPathExpr)
        errs.push(invalid([...idx, 'subPathExpr'], subPathExpr, 'not allowed in image volume sources'))
    }
    // Go reports these under the list's path, not the item's
    if (subPath) errs.push(...validateLocalDescendingPath(subPath, [...path, 'subPath']))
    if (subPathExpr) {
      if (subPath)
        errs.push(
          invalid([...idx, 'subPathExpr'], subPathExpr, 'subPathExpr and subPath are mutually exclusive'),
        )
      errs.push(...validateLocalDescendingPath(subPathExpr, [...path, 'subPathExpr']))
    }
  })
  return errs
}

function validateVolumeDevices(c: JsonObject, ctx: PodContext, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const mounts = new Map(
    asList(c.volumeMounts).map((m) => [asString(asObject(m)?.name), asString(asObject(m)?.mountPath)]),
  )
  const paths = new Set<string>()
  const names = new Set<string>()
  asList(c.volumeDevices).forEach((item, i) => {
    const dev = asObject(item) ?? {}
    const idx = [...path, i]
    const name = asString(dev.name)
    const devicePath = asString(dev.devicePath)
    const source = ctx.volumes.get(name)
    const isPVC = !!source && (source.persistentVolumeClaim != null || source.ephemeral != null)
    if (!name) errs.push(required([...idx, 'name'], ''))
    if (names.has(name)) errs.push(invalid([...idx, 'name'], name, 'must be unique'))
    if (source && !isPVC)
      errs.push(
        invalid(
          [...idx, 'name'],
          name,
          'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
        ),
      )
    if (!source) errs.push({ path: [...idx, 'name'], type: 'Not found', value: name })
    if (!devicePath) errs.push(required([...idx, 'devicePath'], ''))
    if (paths.has(devicePath)) errs.push(invalid([...idx, 'devicePath'], devicePath, 'must be unique'))
    if (devicePath && validatePathNoBacksteps(devicePath, []).length)
      errs.push(invalid([...idx, 'devicePath'], devicePath, "can not contain backsteps ('..')"))
    else paths.add(devicePath)
    if (mounts.has(name)) errs.push(invalid([...idx, 'name'], name, 'must not already exist in volumeMounts'))
    if ([...mounts.values()].includes(devicePath))
      errs.push(
        invalid([...idx, 'devicePath'], devicePath, 'must not already exist as a path in volumeMounts'),
      )
    if (name) names.add(name)
  })
  return errs
}

// Resource names (pkg/apis/core/helper).
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage'])
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
])
const isHugePages = (name: string) => name.startsWith('hugepages-')
const isNativeResource = (name: string) => !name.includes('/') || name.includes('kubernetes.io/')
const isExtendedResource = (name: string) =>
  !isNativeResource(name) && !name.startsWith('requests.') && isQualifiedName(`requests.${name}`).length === 0
const isOvercommitAllowed = (name: string) => isNativeResource(name) && !isHugePages(name)

function validateContainerResourceName(name: string, path: Path): FieldError[] {
  const errs = eachInvalid(path, name, isQualifiedName(name))
  if (errs.length) return errs
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name))
      errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'))
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
      errs.push(invalid(path, name, 'must be a standard resource for containers'))
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"))
  }
  return errs
}

function validateResourceQuantityValue(name: string, raw: unknown, path: Path): FieldError[] {
  const q = parseQuantity(raw)
  // an unparsable quantity fails decoding (HTTP 400) before validation runs
  if (!q) return []
  const errs: FieldError[] = []
  if (q.nanos < 0n) errs.push(invalid(path, quantityString(q), 'must be greater than or equal to 0'))
  if (isExtendedResource(name) && milliValue(q) % 1000n !== 0n)
    errs.push(invalid(path, quantityString(q), 'must be an integer'))
  return errs
}

/** ValidateContainerResourceRequirements. */
export function validateResources(resources: unknown, path: Path): FieldError[] {
  const r = asObject(resources) ?? {}
  const errs: FieldError[] = []
  const limPath = [...path, 'limits']
  const reqPath = [...path, 'requests']
  const limits = asObject(r.limits) ?? {}
  const requests = asObject(r.requests) ?? {}
  let limCpuMem = false
  let reqCpuMem = false
  let limHuge = false
  let reqHuge = false
  for (const [name, raw] of Object.entries(limits)) {
    const p = keyed(limPath, name)
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantityValue(name, raw, p))
    if (isHugePages(name)) limHuge = true
    if (name === 'cpu' || name === 'memory') limCpuMem = true
  }
  for (const [name, raw] of Object.entries(requests)) {
    const p = keyed(reqPath, name)
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantityValue(name, raw, p))
    const q = parseQuantity(raw)
    if (name in limits) {
      const lim = parseQuantity(limits[name])
      if (q && lim) {
        const cmp = compareQuantity(q, lim)
        if (cmp !== 0 && !isOvercommitAllowed(name))
          errs.push(
            invalid(reqPath, quantityString(q), `must be equal to ${name} limit of ${quantityString(lim)}`),
          )
        else if (cmp > 0)
          errs.push(
            invalid(
              reqPath,
              quantityString(q),
              `must be less than or equal to ${name} limit of ${quantityString(lim)}`,
            ),
          )
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'))
    }
    if (isHugePages(name)) reqHuge = true
    if (name === 'cpu' || name === 'memory') reqCpuMem = true
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge))
    errs.push(forbidden(path, 'HugePages require cpu or memory'))
  return errs
}

const PULL_POLICIES = goSorted(['Always', 'IfNotPresent', 'Never'])

function validateSecurityContext(sc: unknown, path: Path, hostUsers: boolean): FieldError[] {
  const s = asObject(sc)
  if (!s) return []
  const errs: FieldError[] = []
  for (const key of ['runAsUser', 'runAsGroup']) {
    const v = asNumber(s[key])
    if (v !== undefined) errs.push(...eachInvalid([...path, key], v, isValidID(v)))
  }
  const procMount = asOptString(s.procMount)
  if (procMount !== undefined) {
    if (procMount !== 'Default' && procMount !== 'Unmasked')
      errs.push(unsupported([...path, 'procMount'], procMount, ['Default', 'Unmasked']))
    if (hostUsers && procMount === 'Unmasked')
      errs.push(invalid([...path, 'procMount'], procMount, '`hostUsers` must be false to use `Unmasked`'))
  }
  errs.push(...validateSeccompProfileField(s.seccompProfile, [...path, 'seccompProfile']))
  if (s.allowPrivilegeEscalation === false) {
    if (s.privileged === true)
      errs.push(
        rawInvalid(
          path,
          'core.SecurityContext{...}',
          'cannot set `allowPrivilegeEscalation` to false and `privileged` to true',
        ),
      )
    if (asStringList(asObject(s.capabilities)?.add).includes('CAP_SYS_ADMIN'))
      errs.push(
        rawInvalid(
          path,
          'core.SecurityContext{...}',
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      )
  }
  errs.push(...validateAppArmorProfileField(s.appArmorProfile, [...path, 'appArmorProfile']))
  return errs
}

export function validateSeccompProfileField(profile: unknown, path: Path): FieldError[] {
  const p = asObject(profile)
  if (!p) return []
  const errs: FieldError[] = []
  const type = asString(p.type)
  const supported = ['Localhost', 'RuntimeDefault', 'Unconfined']
  if (!type) errs.push(required([...path, 'type'], 'type is required when seccompProfile is set'))
  else if (!supported.includes(type)) errs.push(unsupported([...path, 'type'], type, supported))
  const localhost = asOptString(p.localhostProfile)
  if (type === 'Localhost') {
    if (localhost === undefined)
      errs.push(required([...path, 'localhostProfile'], 'must be set when seccomp type is Localhost'))
    else errs.push(...validateLocalDescendingPath(localhost, [...path, 'localhostProfile']))
  } else if (localhost !== undefined) {
    errs.push(
      rawInvalid(
        [...path, 'localhostProfile'],
        'core.SeccompProfile{...}',
        'can only be set when seccomp type is Localhost',
      ),
    )
  }
  return errs
}

export function validateAppArmorProfileField(profile: unknown, path: Path): FieldError[] {
  const p = asObject(profile)
  if (!p) return []
  const type = asString(p.type)
  const localhost = asOptString(p.localhostProfile)
  switch (type) {
    case 'Localhost':
      if (localhost === undefined || localhost.trim() === '')
        return [required([...path, 'localhostProfile'], 'must be set when AppArmor type is Localhost')]
      if (localhost.trim() !== localhost)
        return [invalid([...path, 'localhostProfile'], localhost, 'must not be padded with whitespace')]
      return []
    case 'RuntimeDefault':
    case 'Unconfined':
      return localhost !== undefined
        ? [
            invalid(
              [...path, 'localhostProfile'],
              localhost,
              'can only be set when AppArmor type is Localhost',
            ),
          ]
        : []
    case '':
      return [required([...path, 'type'], 'type is required when appArmorProfile is set')]
    default:
      return [unsupported([...path, 'type'], type, ['Localhost', 'RuntimeDefault', 'Unconfined'])]
  }
}

export function validateContainerCommon(c: JsonObject, ctx: PodContext, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const name = asString(c.name)
  if (!name) errs.push(required([...path, 'name'], ''))
  else errs.push(...eachInvalid([...path, 'name'], name, isDNS1123Label(name)))
  if (!asString(c.image)) errs.push(required([...path, 'image'], ''))
  const tmp = asString(c.terminationMessagePolicy)
  if (!tmp) errs.push(required([...path, 'terminationMessagePolicy'], ''))
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(unsupported([...path, 'terminationMessagePolicy'], tmp, ['File', 'FallbackToLogsOnError']))
  errs.push(...validateContainerPorts(c.ports, [...path, 'ports']))
  errs.push(...validateEnv(c.env, [...path, 'env']))
  errs.push(...validateEnvFrom(c.envFrom, [...path, 'envFrom']))
  errs.push(...validateVolumeMounts(c, ctx, [...path, 'volumeMounts']))
  errs.push(...validateVolumeDevices(c, ctx, [...path, 'volumeDevices']))
  const pull = asString(c.imagePullPolicy)
  if (!pull) errs.push(required([...path, 'imagePullPolicy'], ''))
  else if (!PULL_POLICIES.includes(pull))
    errs.push(unsupported([...path, 'imagePullPolicy'], pull, PULL_POLICIES))
  errs.push(...validateResources(c.resources, [...path, 'resources']))
  errs.push(...validateResizePolicy(c.resizePolicy, ctx.restartPolicy, [...path, 'resizePolicy']))
  errs.push(...validateSecurityContext(c.securityContext, [...path, 'securityContext'], ctx.hostUsers))
  return errs
}

function validateResizePolicy(policies: unknown, restartPolicy: string, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const seen = new Set<string>()
  asList(policies).forEach((item, i) => {
    const p = asObject(item) ?? {}
    const resource = asString(p.resourceName)
    const policy = asString(p.restartPolicy)
    if (seen.has(resource)) errs.push(duplicate([...path, i], resource))
    seen.add(resource)
    if (!resource) errs.push(required(path, ''))
    else if (resource !== 'cpu' && resource !== 'memory')
      errs.push(unsupported(path, resource, ['cpu', 'memory']))
    if (!policy) errs.push(required(path, ''))
    else if (policy !== 'NotRequired' && policy !== 'RestartContainer')
      errs.push(unsupported(path, policy, ['NotRequired', 'RestartContainer']))
    if (restartPolicy === 'Never' && policy !== 'NotRequired')
      errs.push(invalid(path, policy, "must be 'NotRequired' when `restartPolicy` is 'Never'"))
  })
  return errs
}

// Probes and lifecycle handlers.

function validatePortNumOrName(port: unknown, path: Path): FieldError[] {
  if (typeof port === 'string') return eachInvalid(path, port, isValidPortName(port))
  const n = typeof port === 'number' ? port : 0
  return eachInvalid(path, n, isValidPortNum(n))
}

function validateHandler(
  handler: JsonObject,
  ctx: PodContext,
  path: Path,
  allowSleep: boolean,
): FieldError[] {
  const errs: FieldError[] = []
  let handlers = 0
  const kinds = allowSleep
    ? ['exec', 'httpGet', 'tcpSocket', 'sleep']
    : ['exec', 'httpGet', 'tcpSocket', 'grpc']
  for (const kind of kinds) {
    const h = asObject(handler[kind])
    if (!h) continue
    if (handlers > 0) {
      errs.push(forbidden([...path, kind], 'may not specify more than 1 handler type'))
      continue
    }
    handlers++
    const hp = [...path, kind]
    switch (kind) {
      case 'exec':
        if (asList(h.command).length === 0) errs.push(required([...hp, 'command'], ''))
        break
      case 'httpGet': {
        if (!asString(h.path)) errs.push(required([...hp, 'path'], ''))
        errs.push(...validatePortNumOrName(h.port, [...hp, 'port']))
        const scheme = asString(h.scheme)
        if (scheme !== 'HTTP' && scheme !== 'HTTPS')
          errs.push(unsupported([...hp, 'scheme'], scheme, ['HTTP', 'HTTPS']))
        for (const header of asList(h.httpHeaders)) {
          const name = asString(asObject(header)?.name)
          errs.push(...eachInvalid([...hp, 'httpHeaders'], name, isHTTPHeaderName(name)))
        }
        break
      }
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(h.port, [...hp, 'port']))
        break
      case 'grpc':
        errs.push(...validatePortNumOrName(asNumber(h.port) ?? 0, [...hp, 'port']))
        break
      case 'sleep': {
        const seconds = asNumber(h.seconds) ?? 0
        if (ctx.gracePeriod !== undefined && (seconds < 0 || seconds > ctx.gracePeriod))
          errs.push(
            invalid(
              hp,
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${ctx.gracePeriod})`,
            ),
          )
        break
      }
    }
  }
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'))
  return errs
}

function validateProbe(probe: JsonObject, ctx: PodContext, path: Path): FieldError[] {
  const errs = validateHandler(probe, ctx, path, false)
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ]) {
    const v = asNumber(probe[key]) ?? 0
    if (v < 0) errs.push(invalid([...path, key], v, 'must be greater than or equal to 0'))
  }
  const tgps = asNumber(probe.terminationGracePeriodSeconds)
  if (tgps !== undefined && tgps <= 0)
    errs.push(invalid([...path, 'terminationGracePeriodSeconds'], tgps, 'must be greater than 0'))
  return errs
}

function validateProbes(c: JsonObject, ctx: PodContext, path: Path): FieldError[] {
  const errs: FieldError[] = []
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = asObject(c[key])
    if (!probe) continue
    const p = [...path, key]
    errs.push(...validateProbe(probe, ctx, p))
    if (key === 'readinessProbe') {
      if (probe.terminationGracePeriodSeconds != null)
        errs.push(
          invalid(
            [...p, 'terminationGracePeriodSeconds'],
            probe.terminationGracePeriodSeconds,
            'must not be set for readinessProbes',
          ),
        )
    } else if ((asNumber(probe.successThreshold) ?? 0) !== 1) {
      errs.push(invalid([...p, 'successThreshold'], asNumber(probe.successThreshold) ?? 0, 'must be 1'))
    }
  }
  return errs
}

function validateLifecycle(lifecycle: JsonObject, ctx: PodContext, path: Path): FieldError[] {
  const errs: FieldError[] = []
  for (const key of ['postStart', 'preStop']) {
    const h = asObject(lifecycle[key])
    if (h) errs.push(...validateHandler(h, ctx, [...path, key], true))
  }
  return errs
}

/** checkHostPortConflicts: the same protocol/hostIP/hostPort may be used once. */
export function hostPortConflicts(
  containers: JsonObject[],
  path: Path,
  seen = new Set<string>(),
): FieldError[] {
  const errs: FieldError[] = []
  containers.forEach((c, ci) => {
    asList(c.ports).forEach((item, pi) => {
      const port = asObject(item) ?? {}
      const hostPort = asNumber(port.hostPort) ?? 0
      if (hostPort === 0) return
      const key = `${asString(port.protocol)}/${asString(port.hostIP)}/${hostPort}`
      if (seen.has(key)) errs.push(duplicate([...path, ci, 'ports', pi, 'hostPort'], key))
      else seen.add(key)
    })
  })
  return errs
}

export function validateContainers(list: JsonObject[], ctx: PodContext, path: Path): FieldError[] {
  if (list.length === 0) return [required(path, '')]
  const errs: FieldError[] = []
  const names = new Set<string>()
  list.forEach((c, i) => {
    const p = [...path, i]
    errs.push(...validateContainerCommon(c, ctx, p))
    const name = asString(c.name)
    if (names.has(name)) errs.push(duplicate([...p, 'name'], name))
    else names.add(name)
    const lifecycle = asObject(c.lifecycle)
    if (lifecycle) errs.push(...validateLifecycle(lifecycle, ctx, [...p, 'lifecycle']))
    errs.push(...validateProbes(c, ctx, p))
    if (c.restartPolicy != null)
      errs.push(forbidden([...p, 'restartPolicy'], 'may not be set for non-init containers'))
  })
  errs.push(...hostPortConflicts(list, path))
  return errs
}

export function validateInitContainers(
  list: JsonObject[],
  regular: JsonObject[],
  ctx: PodContext,
  path: Path,
): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set(regular.map((c) => asString(c.name)))
  list.forEach((c, i) => {
    const p = [...path, i]
    errs.push(...validateContainerCommon(c, ctx, p))
    const restart = asOptString(c.restartPolicy)
    if (restart !== undefined && restart !== 'Always')
      errs.push(unsupported([...p, 'restartPolicy'], restart, ['Always']))
    const name = asString(c.name)
    if (names.has(name)) errs.push(duplicate([...p, 'name'], name))
    else if (name) names.add(name)
    errs.push(...hostPortConflicts([c], path))
    const lifecycle = asObject(c.lifecycle)
    if (restart === 'Always') {
      if (lifecycle) errs.push(...validateLifecycle(lifecycle, ctx, [...p, 'lifecycle']))
      errs.push(...validateProbes(c, ctx, p))
    } else {
      for (const key of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[key] != null)
          errs.push(forbidden([...p, key], 'may not be set for init containers without restartPolicy=Always'))
      }
    }
  })
  return errs
}

/** Containers of a Pod (not a template): the image may not be padded with whitespace. */
export function validateContainersOnlyForPod(list: JsonObject[], path: Path): FieldError[] {
  const errs: FieldError[] = []
  list.forEach((c, i) => {
    const image = asString(c.image)
    if (image.trim() !== image)
      errs.push(invalid([...path, i, 'image'], image, 'must not have leading or trailing whitespace'))
  })
  return errs
}

export const isObjectList = (v: unknown): JsonObject[] => asList(v).map((x) => (isObject(x) ? x : {}))

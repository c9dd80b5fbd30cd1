// PodSpec, Pod and pod template validation (pkg/apis/core/validation ValidatePodSpec,
// ValidatePodCreate, ValidatePodTemplateSpec) on a defaulted copy of the object.
import type { FieldError } from './field-error'
import { duplicate, forbidden, invalid, required, unsupported } from './field-error'
import type { PodContext } from './container'
import {
  isObjectList,
  keyed,
  validateAppArmorProfileField,
  validateContainers,
  validateContainersOnlyForPod,
  validateInitContainers,
  validateLocalDescendingPath,
  validateSeccompProfileField,
} from './container'
import { isValidIP } from './ip'
import {
  setOperatorErrors,
  validateAnnotations,
  validateLabelName,
  validateLabelSelector,
  validateLabels,
} from './labels'
import { validateObjectMeta } from './metadata'
import {
  eachInvalid,
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDNS1123SubdomainWithUnderscore,
  isQualifiedName,
  isValidID,
  isValidLabelValue,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
} from './names'
import { validateVolumes } from './volumes'
import type { JsonObject, Path } from './util'
import { asBool, asList, asNumber, asObject, asOptString, asString, asStringList, isObject } from './util'

export interface PodSpecOptions {
  /** the spec is a Pod's (not a template's): stricter hostPort rules */
  isPod: boolean
  /** volumes that exist without being listed (a StatefulSet's volumeClaimTemplates) */
  extraVolumes?: string[]
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never']
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']

function validateNodeSelectorRequirement(
  req: unknown,
  allowInvalidValues: boolean,
  path: Path,
): FieldError[] {
  const r = asObject(req) ?? {}
  const errs: FieldError[] = []
  const operator = asString(r.operator)
  const values = asStringList(r.values)
  const setErrors = setOperatorErrors(operator, values, path)
  if (setErrors) errs.push(...setErrors)
  else
    switch (operator) {
      case 'Gt':
      case 'Lt':
        if (values.length !== 1)
          errs.push(
            required([...path, 'values'], "must be specified single value when `operator` is 'Lt' or 'Gt'"),
          )
        break
      default:
        errs.push(invalid([...path, 'operator'], operator, 'not a valid selector operator'))
    }
  errs.push(...validateLabelName(asString(r.key), [...path, 'key']))
  if (!allowInvalidValues) {
    values.forEach((v, i) => errs.push(...eachInvalid([...path, 'values', i], v, isValidLabelValue(v))))
  }
  return errs
}

function validateNodeFieldSelectorRequirement(req: unknown, path: Path): FieldError[] {
  const r = asObject(req) ?? {}
  const errs: FieldError[] = []
  const operator = asString(r.operator)
  const values = asStringList(r.values)
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length !== 1)
      errs.push(
        required(
          [...path, 'values'],
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      )
  } else {
    errs.push(invalid([...path, 'operator'], operator, 'not a valid selector operator'))
  }
  const key = asString(r.key)
  if (key !== 'metadata.name') errs.push(invalid([...path, 'key'], key, 'not a valid field selector key'))
  else
    values.forEach((v, i) =>
      errs.push(...eachInvalid([...path, 'values', i], v, nameIsDNSSubdomain(v, false))),
    )
  return errs
}

function validateNodeSelectorTerm(term: unknown, allowInvalidValues: boolean, path: Path): FieldError[] {
  const t = asObject(term) ?? {}
  const errs: FieldError[] = []
  asList(t.matchExpressions).forEach((r, j) =>
    errs.push(...validateNodeSelectorRequirement(r, allowInvalidValues, [...path, 'matchExpressions', j])),
  )
  asList(t.matchFields).forEach((r, j) =>
    errs.push(...validateNodeFieldSelectorRequirement(r, [...path, 'matchFields', j])),
  )
  return errs
}

function validateLabelKeys(keys: unknown, selector: unknown, path: Path): FieldError[] {
  const list = asStringList(keys)
  if (list.length === 0) return []
  if (!asObject(selector)) return [forbidden(path, 'must not be specified when labelSelector is not set')]
  return list.flatMap((k, i) => validateLabelName(k, [...path, i]))
}

function validatePodAffinityTerm(term: unknown, path: Path): FieldError[] {
  const t = asObject(term) ?? {}
  const errs = [
    ...validateLabelSelector(t.labelSelector, [...path, 'labelSelector']),
    ...validateLabelSelector(t.namespaceSelector, [...path, 'namespaceSelector']),
  ]
  for (const ns of asStringList(t.namespaces))
    errs.push(...eachInvalid([...path, 'namespace'], ns, nameIsDNSLabel(ns, false)))
  errs.push(...validateLabelKeys(t.matchLabelKeys, t.labelSelector, [...path, 'matchLabelKeys']))
  errs.push(...validateLabelKeys(t.mismatchLabelKeys, t.labelSelector, [...path, 'mismatchLabelKeys']))
  const mismatch = new Set(asStringList(t.mismatchLabelKeys))
  asStringList(t.matchLabelKeys).forEach((k, i) => {
    if (mismatch.has(k))
      errs.push(
        invalid([...path, 'matchLabelKeys', i], k, 'exists in both matchLabelKeys and mismatchLabelKeys'),
      )
  })
  const topologyKey = asString(t.topologyKey)
  if (!topologyKey) errs.push(required([...path, 'topologyKey'], 'can not be empty'))
  errs.push(...validateLabelName(topologyKey, [...path, 'topologyKey']))
  return errs
}

function validateWeight(weight: unknown, path: Path): FieldError[] {
  const w = asNumber(weight) ?? 0
  return w <= 0 || w > 100 ? [invalid(path, w, 'must be in the range 1-100')] : []
}

function validatePodAffinityKind(a: JsonObject, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const req = [...path, 'requiredDuringSchedulingIgnoredDuringExecution']
  asList(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
    errs.push(...validatePodAffinityTerm(t, [...req, i])),
  )
  const pref = [...path, 'preferredDuringSchedulingIgnoredDuringExecution']
  asList(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((wt, i) => {
    const w = asObject(wt) ?? {}
    errs.push(...validateWeight(w.weight, [...pref, i, 'weight']))
    errs.push(...validatePodAffinityTerm(w.podAffinityTerm, [...pref, i, 'podAffinityTerm']))
  })
  return errs
}

function validateAffinity(affinity: unknown, path: Path): FieldError[] {
  const a = asObject(affinity)
  if (!a) return []
  const errs: FieldError[] = []
  const na = asObject(a.nodeAffinity)
  if (na) {
    const napath = [...path, 'nodeAffinity']
    const req = asObject(na.requiredDuringSchedulingIgnoredDuringExecution)
    if (req) {
      const termsPath = [...napath, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']
      const terms = asList(req.nodeSelectorTerms)
      if (terms.length === 0) errs.push(required(termsPath, 'must have at least one node selector term'))
      terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, false, [...termsPath, i])))
    }
    const pref = [...napath, 'preferredDuringSchedulingIgnoredDuringExecution']
    asList(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const term = asObject(t) ?? {}
      errs.push(...validateWeight(term.weight, [...pref, i, 'weight']))
      errs.push(...validateNodeSelectorTerm(term.preference, true, [...pref, i, 'preference']))
    })
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = asObject(a[kind])
    if (pa) errs.push(...validatePodAffinityKind(pa, [...path, kind]))
  }
  return errs
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

export function validateTolerations(tolerations: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(tolerations).forEach((item, i) => {
    const t = asObject(item) ?? {}
    const idx = [...path, i]
    const key = asString(t.key)
    const operator = asString(t.operator)
    const value = asString(t.value)
    const effect = asString(t.effect)
    if (key) errs.push(...validateLabelName(key, [...idx, 'key']))
    if (!key && operator !== 'Exists')
      errs.push(
        invalid(
          [...idx, 'operator'],
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      )
    if (t.tolerationSeconds != null && effect !== 'NoExecute')
      errs.push(
        invalid([...idx, 'effect'], effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"),
      )
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(value)
        if (msgs.length) errs.push(invalid([...idx, 'operator'], value, msgs.join(';')))
        break
      }
      case 'Exists':
        if (value)
          errs.push(invalid([...idx, 'operator'], value, "value must be empty when `operator` is 'Exists'"))
        break
      default:
        errs.push(unsupported([...idx, 'operator'], operator, ['Equal', 'Exists']))
    }
    if (effect && !TAINT_EFFECTS.includes(effect))
      errs.push(unsupported([...idx, 'effect'], effect, TAINT_EFFECTS))
  })
  return errs
}

function validateDNSConfig(spec: JsonObject, path: Path): FieldError[] {
  const dnsConfig = asObject(spec.dnsConfig)
  if (spec.dnsPolicy === 'None') {
    if (!dnsConfig) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')]
    if (asList(dnsConfig.nameservers).length === 0)
      return [
        required(
          [...path, 'nameservers'],
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      ]
  }
  if (!dnsConfig) return []
  const errs: FieldError[] = []
  const nameservers = asStringList(dnsConfig.nameservers)
  if (nameservers.length > 3)
    errs.push(invalid([...path, 'nameservers'], nameservers, 'must not have more than 3 nameservers'))
  nameservers.forEach((ns, i) => errs.push(...isValidIP([...path, 'nameservers', i], ns)))
  const searches = asStringList(dnsConfig.searches)
  if (searches.length > 32)
    errs.push(invalid([...path, 'searches'], searches, 'must not have more than 32 search paths'))
  if (searches.join(' ').length > 2048)
    errs.push(
      invalid(
        [...path, 'searches'],
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    )
  searches.forEach((search, i) => {
    if (search === '.') return
    const s = search.replace(/\.$/, '')
    errs.push(...eachInvalid([...path, 'searches', i], s, isDNS1123SubdomainWithUnderscore(s)))
  })
  asList(dnsConfig.options).forEach((o, i) => {
    if (!asString(asObject(o)?.name)) errs.push(required([...path, 'options', i], 'must not be empty'))
  })
  return errs
}

const SYSCTL_PATTERN = '^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$'
const SYSCTL_RE = new RegExp(SYSCTL_PATTERN)

function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  const n = name.replace(/\//g, '.')
  if (n.startsWith('net.')) return 'net'
  if (
    n.startsWith('kernel.shm') ||
    n.startsWith('kernel.msg') ||
    n === 'kernel.sem' ||
    n.startsWith('fs.mqueue.')
  )
    return 'ipc'
  return undefined
}

function validatePodSecurityContext(spec: JsonObject, path: Path): FieldError[] {
  const sc = asObject(spec.securityContext)
  if (!sc) return []
  const errs: FieldError[] = []
  for (const key of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    const v = asNumber(sc[key])
    if (v !== undefined) errs.push(...eachInvalid([...path, key], v, isValidID(v)))
  }
  asList(sc.supplementalGroups).forEach((g, i) => {
    const v = asNumber(g) ?? 0
    errs.push(...eachInvalid([...path, 'supplementalGroups', i], v, isValidID(v)))
  })
  if (spec.shareProcessNamespace === true && asBool(spec.hostPID))
    errs.push(
      invalid(
        [...path, 'shareProcessNamespace'],
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    )
  const names = new Set<string>()
  asList(sc.sysctls).forEach((s, i) => {
    const name = asString(asObject(s)?.name)
    const p = [...path, 'sysctls', i, 'name']
    if (!name) errs.push(required(p, ''))
    else if (name.length > 253 || !SYSCTL_RE.test(name))
      errs.push(invalid(p, name, `must have at most 253 characters and match regex ${SYSCTL_PATTERN}`))
    else if (names.has(name)) errs.push(duplicate(p, name))
    const ns = sysctlNamespace(name)
    if (asBool(spec.hostNetwork) && ns === 'net')
      errs.push(invalid(p, name, "may not be specified when 'hostNetwork' is true"))
    else if (asBool(spec.hostIPC) && ns === 'ipc')
      errs.push(invalid(p, name, "may not be specified when 'hostIPC' is true"))
    names.add(name)
  })
  const fsGroupChangePolicy = asOptString(sc.fsGroupChangePolicy)
  if (
    fsGroupChangePolicy !== undefined &&
    fsGroupChangePolicy !== 'Always' &&
    fsGroupChangePolicy !== 'OnRootMismatch'
  )
    errs.push(
      unsupported([...path, 'fsGroupChangePolicy'], fsGroupChangePolicy, ['Always', 'OnRootMismatch']),
    )
  errs.push(...validateSeccompProfileField(sc.seccompProfile, [...path, 'seccompProfile']))
  errs.push(...validateAppArmorProfileField(sc.appArmorProfile, [...path, 'appArmorProfile']))
  const sgp = asOptString(sc.supplementalGroupsPolicy)
  if (sgp !== undefined && sgp !== 'Merge' && sgp !== 'Strict')
    errs.push(unsupported([...path, 'supplementalGroupsPolicy'], sgp, ['Merge', 'Strict']))
  return errs
}

function validateTopologySpreadConstraints(list: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const constraints = asList(list).map((c) => asObject(c) ?? {})
  constraints.forEach((c, i) => {
    const p = [...path, i]
    const maxSkew = asNumber(c.maxSkew) ?? 0
    if (maxSkew <= 0) errs.push(invalid([...p, 'maxSkew'], maxSkew, 'must be greater than zero'))
    const topologyKey = asString(c.topologyKey)
    if (!topologyKey) errs.push(required([...p, 'topologyKey'], 'can not be empty'))
    const action = asString(c.whenUnsatisfiable)
    const actions = ['DoNotSchedule', 'ScheduleAnyway']
    if (!actions.includes(action)) errs.push(unsupported([...p, 'whenUnsatisfiable'], action, actions))
    const repeated = constraints
      .slice(i + 1)
      .some((o) => asString(o.topologyKey) === topologyKey && asString(o.whenUnsatisfiable) === action)
    if (repeated)
      errs.push(duplicate([...p, '{topologyKey, whenUnsatisfiable}'], `{${topologyKey}, ${action}}`))
    const minDomains = asNumber(c.minDomains)
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalid([...p, 'minDomains'], minDomains, 'must be greater than zero'))
      if (action !== 'DoNotSchedule')
        errs.push(
          invalid(
            [...p, 'minDomains'],
            minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`,
          ),
        )
    }
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const v = asOptString(c[key])
      if (v !== undefined && v !== 'Honor' && v !== 'Ignore')
        errs.push(unsupported([...p, key], v, ['Honor', 'Ignore']))
    }
    const matchLabelKeys = asStringList(c.matchLabelKeys)
    if (matchLabelKeys.length) {
      const sel = asObject(c.labelSelector)
      if (!sel)
        errs.push(forbidden([...p, 'matchLabelKeys'], 'must not be specified when labelSelector is not set'))
      const selectorKeys = new Set([
        ...Object.keys(asObject(sel?.matchLabels) ?? {}),
        ...asList(sel?.matchExpressions).map((e) => asString(asObject(e)?.key)),
      ])
      matchLabelKeys.forEach((k, j) => {
        errs.push(...validateLabelName(k, [...p, 'matchLabelKeys', j]))
        if (selectorKeys.has(k))
          errs.push(
            invalid([...p, 'matchLabelKeys', j], k, 'exists in both matchLabelKeys and labelSelector'),
          )
      })
    }
    errs.push(...validateLabelSelector(c.labelSelector, [...p, 'labelSelector']))
  })
  return errs
}

/** helper.GetDeletionCostFromPodAnnotations: a 32-bit integer without a leading '+' or zeros. */
function validatePodDeletionCost(value: string): boolean {
  if (!/^(-[0-9]+|0|[1-9][0-9]*)$/.test(value)) return false
  const n = Number(value)
  return n >= -2147483648 && n <= 2147483647
}

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod'
const SECCOMP_CONTAINER_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/'
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/'

function validateSeccompAnnotation(profile: string, path: Path): FieldError[] {
  if (['runtime/default', 'docker/default', 'unconfined'].includes(profile)) return []
  if (profile.startsWith('localhost/'))
    return validateLocalDescendingPath(profile.slice('localhost/'.length), path)
  return [invalid(path, profile, 'must be a valid seccomp profile')]
}

function allContainerNames(spec: JsonObject): Set<string> {
  const names = new Set<string>()
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
    for (const c of asList(spec[list])) names.add(asString(asObject(c)?.name))
  return names
}

/** ValidatePodSpecificAnnotations. */
function validatePodSpecificAnnotations(annotations: unknown, spec: JsonObject, path: Path): FieldError[] {
  const a = asObject(annotations) ?? {}
  const errs: FieldError[] = []
  const mirror = 'kubernetes.io/config.mirror'
  if (mirror in a && !asString(spec.nodeName))
    errs.push(
      invalid(
        keyed(path, mirror),
        asString(a[mirror]),
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    )
  const costKey = 'controller.kubernetes.io/pod-deletion-cost'
  if (costKey in a && !validatePodDeletionCost(asString(a[costKey])))
    errs.push(invalid(keyed(path, costKey), asString(a[costKey]), 'must be a 32bit integer'))
  if (SECCOMP_POD in a)
    errs.push(...validateSeccompAnnotation(asString(a[SECCOMP_POD]), [...path, SECCOMP_POD]))
  for (const [k, v] of Object.entries(a)) {
    if (k.startsWith(SECCOMP_CONTAINER_PREFIX))
      errs.push(...validateSeccompAnnotation(asString(v), [...path, k]))
  }
  const containers = allContainerNames(spec)
  for (const [k, v] of Object.entries(a)) {
    if (!k.startsWith(APPARMOR_PREFIX)) continue
    const container = k.slice(APPARMOR_PREFIX.length)
    if (!containers.has(container)) errs.push(invalid(keyed(path, k), container, 'container not found'))
    const profile = asString(v)
    if (
      profile &&
      profile !== 'runtime/default' &&
      profile !== 'unconfined' &&
      !profile.startsWith('localhost/')
    )
      errs.push(invalid(keyed(path, k), profile, `invalid AppArmor profile name: ${JSON.stringify(profile)}`))
  }
  return errs
}

function validatePodSpecNames(spec: JsonObject, path: Path): FieldError[] {
  const errs: FieldError[] = []
  const subdomainFields = ['serviceAccountName', 'nodeName', 'priorityClassName']
  for (const key of subdomainFields) {
    const v = asString(spec[key])
    if (v) errs.push(...eachInvalid([...path, key], v, nameIsDNSSubdomain(v, false)))
  }
  const ads = asNumber(spec.activeDeadlineSeconds)
  if (ads !== undefined && (ads < 1 || ads > 2147483647))
    errs.push(invalid([...path, 'activeDeadlineSeconds'], ads, inclusiveRangeError(1, 2147483647)))
  for (const key of ['hostname', 'subdomain']) {
    const v = asString(spec[key])
    if (v) errs.push(...eachInvalid([...path, key], v, isDNS1123Label(v)))
  }
  return errs
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: JsonObject, path: Path, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = []
  if (spec.terminationGracePeriodSeconds == null)
    errs.push(required([...path, 'terminationGracePeriodSeconds'], ''))
  const hostUsers = spec.hostUsers !== false
  const { valid, errs: volumeErrs } = validateVolumes(spec.volumes, [...path, 'volumes'])
  errs.push(...volumeErrs)
  for (const name of opts.extraVolumes ?? [])
    if (!valid.has(name)) valid.set(name, { name, persistentVolumeClaim: {} })
  const ctx: PodContext = {
    isPod: opts.isPod,
    volumes: valid,
    gracePeriod: asNumber(spec.terminationGracePeriodSeconds),
    restartPolicy: asString(spec.restartPolicy),
    hostUsers,
  }
  const containers = isObjectList(spec.containers)
  const initContainers = isObjectList(spec.initContainers)
  errs.push(...validateContainers(containers, ctx, [...path, 'containers']))
  errs.push(...validateInitContainers(initContainers, containers, ctx, [...path, 'initContainers']))

  if (spec.hostNetwork === true) {
    containers.forEach((c, i) => {
      asList(c.ports).forEach((item, j) => {
        const port = asObject(item) ?? {}
        const hp = asNumber(port.hostPort) ?? 0
        const cp = asNumber(port.containerPort) ?? 0
        if ((opts.isPod || hp !== 0) && hp !== cp)
          errs.push(
            invalid(
              [...path, 'containers', i, 'ports', j, 'hostPort'],
              hp,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          )
      })
    })
  }

  const restartPolicy = asString(spec.restartPolicy)
  if (!restartPolicy) errs.push(required([...path, 'restartPolicy'], ''))
  else if (!RESTART_POLICIES.includes(restartPolicy))
    errs.push(unsupported([...path, 'restartPolicy'], restartPolicy, RESTART_POLICIES))
  const dnsPolicy = asString(spec.dnsPolicy)
  if (!dnsPolicy) errs.push(required([...path, 'dnsPolicy'], ''))
  else if (!DNS_POLICIES.includes(dnsPolicy))
    errs.push(unsupported([...path, 'dnsPolicy'], dnsPolicy, DNS_POLICIES))
  errs.push(...validateLabels(spec.nodeSelector, [...path, 'nodeSelector']))
  errs.push(...validatePodSecurityContext(spec, [...path, 'securityContext']))
  errs.push(...validateAffinity(spec.affinity, [...path, 'affinity']))
  errs.push(...validateDNSConfig(spec, [...path, 'dnsConfig']))
  asList(spec.readinessGates).forEach((g, i) => {
    const t = asString(asObject(g)?.conditionType)
    errs.push(...eachInvalid([...path, 'readinessGates', i, 'conditionType'], t, isQualifiedName(t)))
  })
  const gates = new Set<string>()
  asList(spec.schedulingGates).forEach((g, i) => {
    const name = asString(asObject(g)?.name)
    errs.push(...eachInvalid([...path, 'schedulingGates', i], name, isQualifiedName(name)))
    if (gates.has(name)) errs.push(duplicate([...path, 'schedulingGates', i], name))
    gates.add(name)
  })
  errs.push(
    ...validateTopologySpreadConstraints(spec.topologySpreadConstraints, [
      ...path,
      'topologySpreadConstraints',
    ]),
  )
  if (!hostUsers) {
    if (asBool(spec.hostNetwork))
      errs.push(forbidden([...path, 'hostNetwork'], 'when `pod.Spec.HostUsers` is false'))
    if (asBool(spec.hostPID)) errs.push(forbidden([...path, 'HostPID'], 'when `pod.Spec.HostUsers` is false'))
    if (asBool(spec.hostIPC)) errs.push(forbidden([...path, 'HostIPC'], 'when `pod.Spec.HostUsers` is false'))
  }
  errs.push(...validatePodSpecNames(spec, path))
  errs.push(...validateTolerations(spec.tolerations, [...path, 'tolerations']))
  asList(spec.hostAliases).forEach((h, i) => {
    const alias = asObject(h) ?? {}
    errs.push(...isValidIP([...path, 'hostAliases', i, 'ip'], asString(alias.ip)))
    asStringList(alias.hostnames).forEach((hn, j) =>
      errs.push(...eachInvalid([...path, 'hostAliases', i, 'hostnames', j], hn, isDNS1123Subdomain(hn))),
    )
  })
  const runtimeClassName = asOptString(spec.runtimeClassName)
  if (runtimeClassName !== undefined)
    errs.push(
      ...eachInvalid(
        [...path, 'runtimeClassName'],
        runtimeClassName,
        nameIsDNSSubdomain(runtimeClassName, false),
      ),
    )
  const preemption = asOptString(spec.preemptionPolicy)
  if (preemption !== undefined) {
    if (!preemption) errs.push(required([...path, 'preemptionPolicy'], ''))
    else if (preemption !== 'PreemptLowerPriority' && preemption !== 'Never')
      errs.push(unsupported([...path, 'preemptionPolicy'], preemption, ['PreemptLowerPriority', 'Never']))
  }
  const os = asObject(spec.os)
  if (os) {
    const name = asString(os.name)
    if (!name) errs.push(required([...path, 'os', 'name'], 'cannot be empty'))
    else if (name !== 'linux' && name !== 'windows')
      errs.push(unsupported([...path, 'os'], name, ['linux', 'windows']))
  }
  return errs
}

/** ValidatePodCreate on a defaulted Pod. */
export function validatePod(pod: JsonObject): FieldError[] {
  const spec = asObject(pod.spec) ?? {}
  const specPath = ['spec']
  const meta = asObject(pod.metadata) ?? {}
  const errs = [
    ...validateObjectMeta(meta, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validatePodSpecificAnnotations(meta.annotations, spec, ['metadata', 'annotations']),
    ...validatePodSpec(spec, specPath, { isPod: true }),
    ...validateContainersOnlyForPod(isObjectList(spec.containers), [...specPath, 'containers']),
    ...validateContainersOnlyForPod(isObjectList(spec.initContainers), [...specPath, 'initContainers']),
  ]
  if (asList(spec.ephemeralContainers).length)
    errs.push(forbidden([...specPath, 'ephemeralContainers'], 'cannot be set on create'))
  if (asString(spec.nodeName) && asList(spec.schedulingGates).length)
    errs.push(
      forbidden([...specPath, 'nodeName'], 'cannot be set until all schedulingGates have been cleared'),
    )
  return errs
}

/** ValidatePodTemplateSpec: the template at `path` (e.g. spec.template). */
export function validatePodTemplateSpec(
  template: unknown,
  path: Path,
  opts: Partial<PodSpecOptions> = {},
): FieldError[] {
  const t = asObject(template) ?? {}
  const meta = asObject(t.metadata) ?? {}
  const spec = isObject(t.spec) ? t.spec : {}
  const errs = [
    ...validateLabels(meta.labels, [...path, 'labels']),
    ...validateAnnotations(meta.annotations, [...path, 'annotations']),
    ...validatePodSpecificAnnotations(meta.annotations, spec, [...path, 'annotations']),
    ...validatePodSpec(spec, [...path, 'spec'], { isPod: false, ...opts }),
  ]
  if (asList(spec.ephemeralContainers).length)
    errs.push(
      forbidden([...path, 'spec', 'ephemeralContainers'], 'ephemeral containers not allowed in pod template'),
    )
  return errs
}

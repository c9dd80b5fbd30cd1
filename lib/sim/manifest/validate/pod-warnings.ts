// Warnings for Pods and pod templates (pkg/api/pod/warnings.go): accepted, but probably not
// what was meant — duplicate or overlapping container ports, env vars hidden by a later
// definition, deprecated node labels, null selectors.
import type { FieldWarning } from './field-error'
import { fieldPath } from '../structural'
import { keyed } from './container'
import { milliValue, parseQuantity, quantityString } from './quantity'
import type { JsonObject, Path } from './util'
import { asList, asNumber, asObject, asString } from './util'

const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region':
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone':
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type':
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
}

const DEPRECATED_ANNOTATIONS: Record<string, string> = {
  'scheduler.alpha.kubernetes.io/critical-pod':
    'non-functional in v1.16+; use the "priorityClassName" field instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
}

const DEPRECATED_VOLUMES: [string, string, string][] = [
  ['photonPersistentDisk', 'photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'],
  ['gitRepo', 'gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'scaleIO', 'deprecated in v1.16, non-functional in v1.22+'],
  ['flocker', 'flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'storageOS', 'deprecated in v1.22, non-functional in v1.25+'],
  ['quobyte', 'quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'glusterfs', 'deprecated in v1.25, non-functional in v1.26+'],
  ['cephfs', 'cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'rbd', 'deprecated in v1.28, non-functional in v1.31+'],
]

const warn = (path: Path, text: string): FieldWarning => ({ path, message: `${fieldPath(path)}: ${text}` })

function nodeSelectorTermWarnings(term: unknown, path: Path): FieldWarning[] {
  const out: FieldWarning[] = []
  asList(asObject(term)?.matchExpressions).forEach((e, i) => {
    const key = asString(asObject(e)?.key)
    const msg = DEPRECATED_NODE_LABELS[key]
    if (msg) out.push(warn([...path, 'matchExpressions', i, 'key'], `${key} is ${msg}`))
  })
  return out
}

interface PortBlock {
  path: Path
  hostIP: string
  hostPort: number
}

/** warningsForPodSpecAndMeta; `prefix` is [] for a Pod and ['spec', 'template'] (etc.) for a template. */
export function podSpecWarnings(prefix: Path, spec: JsonObject, meta: JsonObject): FieldWarning[] {
  const out: FieldWarning[] = []
  const specPath = [...prefix, 'spec']
  for (const key of Object.keys(asObject(spec.nodeSelector) ?? {})) {
    const msg = DEPRECATED_NODE_LABELS[key]
    if (msg) out.push(warn(keyed([...specPath, 'nodeSelector'], key), msg))
  }
  const na = asObject(asObject(spec.affinity)?.nodeAffinity)
  if (na) {
    const termsPath = [
      ...specPath,
      'affinity',
      'nodeAffinity',
      'requiredDuringSchedulingIgnoredDuringExecution',
      'nodeSelectorTerms',
    ]
    asList(asObject(na.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms).forEach((t, i) =>
      out.push(...nodeSelectorTermWarnings(t, [...termsPath, i])),
    )
    const prefPath = [
      ...specPath,
      'affinity',
      'nodeAffinity',
      'preferredDuringSchedulingIgnoredDuringExecution',
    ]
    asList(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      out.push(...nodeSelectorTermWarnings(asObject(t)?.preference, [...prefPath, i, 'preference'])),
    )
  }
  asList(spec.topologySpreadConstraints).forEach((c, i) => {
    const tsc = asObject(c) ?? {}
    const p = [...specPath, 'topologySpreadConstraints', i]
    const key = asString(tsc.topologyKey)
    const msg = DEPRECATED_NODE_LABELS[key]
    if (msg) out.push(warn([...p, 'topologyKey'], `${key} is ${msg}`))
    if (tsc.labelSelector == null)
      out.push(warn([...p, 'labelSelector'], 'a null labelSelector results in matching no pod'))
  })
  const annotations = asObject(meta.annotations) ?? {}
  for (const [key, msg] of Object.entries(DEPRECATED_ANNOTATIONS)) {
    if (key in annotations) out.push(warn(keyed([...prefix, 'metadata', 'annotations'], key), msg))
  }
  asList(spec.volumes).forEach((v, i) => {
    const vol = asObject(v) ?? {}
    for (const [field, name, msg] of DEPRECATED_VOLUMES) {
      if (vol[field] != null) out.push(warn([...specPath, 'volumes', i, name], msg))
    }
  })
  const hostAliases = asList(spec.hostAliases)
  if (hostAliases.length > 1) {
    const seen = new Set<string>()
    hostAliases.forEach((h, i) => {
      const ip = asString(asObject(h)?.ip)
      if (seen.has(ip))
        out.push(warn([...specPath, 'hostAliases', i, 'ip'], `duplicate ip ${JSON.stringify(ip)}`))
      else seen.add(ip)
    })
  }
  const pullSecrets = asList(spec.imagePullSecrets)
  if (pullSecrets.length > 1) {
    const seen = new Set<string>()
    pullSecrets.forEach((s, i) => {
      const name = asString(asObject(s)?.name)
      if (seen.has(name))
        out.push(warn([...specPath, 'imagePullSecrets', i, 'name'], `duplicate name ${JSON.stringify(name)}`))
      else seen.add(name)
    })
  }
  pullSecrets.forEach((s, i) => {
    const name = asString(asObject(s)?.name)
    if (!name)
      out.push(
        warn([...specPath, 'imagePullSecrets', i, 'name'], `invalid empty name ${JSON.stringify(name)}`),
      )
  })
  const sc = asObject(spec.securityContext)
  const seccompPod = 'seccomp.security.alpha.kubernetes.io/pod'
  if (!asObject(sc?.seccompProfile) && seccompPod in annotations)
    out.push(
      warn(
        keyed([...prefix, 'metadata', 'annotations'], seccompPod),
        'non-functional in v1.27+; use the "seccompProfile" field instead',
      ),
    )

  const containers: [JsonObject, Path][] = []
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'])
    asList(spec[list]).forEach((c, i) => containers.push([asObject(c) ?? {}, [...specPath, list, i]]))

  for (const [c, p] of containers) {
    const key = `container.seccomp.security.alpha.kubernetes.io/${asString(c.name)}`
    if (!asObject(asObject(c.securityContext)?.seccompProfile) && key in annotations)
      out.push(
        warn(
          keyed([...prefix, 'metadata', 'annotations'], key),
          'non-functional in v1.27+; use the "seccompProfile" field instead',
        ),
      )
    const resources = asObject(c.resources) ?? {}
    for (const kind of ['limits', 'requests']) {
      for (const res of ['memory', 'ephemeral-storage']) {
        const raw = asObject(resources[kind])?.[res]
        const q = raw == null ? undefined : parseQuantity(raw)
        if (q && milliValue(q) % 1000n !== 0n)
          out.push(
            warn(
              keyed([...p, 'resources', kind], res),
              `fractional byte value ${JSON.stringify(quantityString(q))} is invalid, must be an integer`,
            ),
          )
      }
    }
    const env = asList(c.env)
    if (env.length > 1) {
      const seen = new Set<string>()
      env.forEach((e, i) => {
        const ev = asObject(e) ?? {}
        const name = asString(ev.name)
        if (!seen.has(name)) {
          seen.add(name)
          return
        }
        const ref = `$(${name})`
        const value = asString(ev.value)
        if (ev.valueFrom != null || value === ref || !value.includes(ref))
          out.push(
            warn(
              [...p, 'env', i],
              `hides previous definition of ${JSON.stringify(name)}, which may be dropped when using apply`,
            ),
          )
      })
    }
  }

  const allPorts = new Map<string, PortBlock[]>()
  for (const [c, p] of containers) {
    asList(c.ports).forEach((item, i) => {
      const port = asObject(item) ?? {}
      const portPath = [...p, 'ports', i]
      const hostIP = asString(port.hostIP)
      const hostPort = asNumber(port.hostPort) ?? 0
      const containerPort = asNumber(port.containerPort) ?? 0
      const protocol = asString(port.protocol)
      if (hostIP && hostPort === 0)
        out.push(
          warn(
            portPath,
            `hostIP set without hostPort: {Name:${asString(port.name)} HostPort:${hostPort} ContainerPort:${containerPort} Protocol:${protocol} HostIP:${hostIP}}`,
          ),
        )
      const key = `${containerPort}/${protocol}`
      const others = allPorts.get(key)
      const block: PortBlock = { path: portPath, hostIP, hostPort }
      if (!others) {
        allPorts.set(key, [block])
        return
      }
      for (const other of others) {
        const otherText = fieldPath(other.path)
        if (hostIP === other.hostIP && hostPort === other.hostPort)
          out.push(warn(portPath, `duplicate port definition with ${otherText}`))
        else if (hostPort === 0 || other.hostPort === 0)
          out.push(warn(portPath, `overlapping port definition with ${otherText}`))
        else if (hostPort === other.hostPort && (hostIP === '') !== (other.hostIP === ''))
          out.push(warn(portPath, `dangerously ambiguous port definition with ${otherText}`))
      }
      others.push(block)
    })
  }

  const tgps = asNumber(spec.terminationGracePeriodSeconds)
  if (tgps !== undefined && tgps < 0)
    out.push(
      warn(
        [...specPath, 'terminationGracePeriodSeconds'],
        'must be >= 0; negative values are invalid and will be treated as 1',
      ),
    )

  const affinity = asObject(spec.affinity)
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = asObject(affinity?.[kind])
    if (!a) continue
    const base = [...specPath, 'affinity', kind]
    asList(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (asObject(t)?.labelSelector == null)
        out.push(
          warn(
            [...base, 'requiredDuringSchedulingIgnoredDuringExecution', i, 'labelSelector'],
            'a null labelSelector results in matching no pod',
          ),
        )
    })
    asList(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      if (asObject(asObject(t)?.podAffinityTerm)?.labelSelector == null)
        out.push(
          warn(
            [
              ...base,
              'preferredDuringSchedulingIgnoredDuringExecution',
              i,
              'podAffinityTerm',
              'labelSelector',
            ],
            'a null labelSelector results in matching no pod',
          ),
        )
    })
  }
  return out
}

/** The name warning workload strategies add for names that are not DNS labels. */
export function podNameWarning(name: string, msgs: string[]): FieldWarning[] {
  if (!name || msgs.length === 0) return []
  return [
    {
      path: ['metadata', 'name'],
      message: `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
    },
  ]
}

// The API server defaults an object before it validates it (pkg/apis/*/v1/defaults.go), so a
// missing protocol or restartPolicy is never "Required" and error messages show defaulted
// values. These functions apply the defaults that validation depends on, in place, to a copy.
import type { JsonObject } from './util'
import { asList, asObject, asString, isObject } from './util'

function setIfUnset(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value
}

function setIfNull(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value
}

/** The object at o[key], created when missing (Go's embedded struct). */
function ensureObject(o: JsonObject, key: string): JsonObject {
  const v = o[key]
  if (isObject(v)) return v
  const created: JsonObject = {}
  o[key] = created
  return created
}

/** parsers.ParseImageName's tag, as SetDefaults_Container reads it ("latest" when absent). */
function imageTag(image: string): string {
  const at = image.indexOf('@')
  const hasDigest = at >= 0
  const name = hasDigest ? image.slice(0, at) : image
  const lastSlash = name.lastIndexOf('/')
  const colon = name.indexOf(':', lastSlash + 1)
  if (colon >= 0) return name.slice(colon + 1)
  return hasDigest || image === '' ? '' : 'latest'
}

function defaultHandler(h: unknown): void {
  const httpGet = asObject(asObject(h)?.httpGet)
  if (httpGet) {
    setIfUnset(httpGet, 'path', '/')
    setIfUnset(httpGet, 'scheme', 'HTTP')
  }
}

function defaultProbe(p: unknown): void {
  const probe = asObject(p)
  if (!probe) return
  for (const [k, v] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const) {
    if (!probe[k]) probe[k] = v
  }
  defaultHandler(probe)
}

export function defaultContainer(c: unknown): void {
  const ctr = asObject(c)
  if (!ctr) return
  setIfUnset(ctr, 'terminationMessagePath', '/dev/termination-log')
  setIfUnset(ctr, 'terminationMessagePolicy', 'File')
  if (!asString(ctr.imagePullPolicy))
    ctr.imagePullPolicy = imageTag(asString(ctr.image)) === 'latest' ? 'Always' : 'IfNotPresent'
  for (const port of asList(ctr.ports)) if (isObject(port)) setIfUnset(port, 'protocol', 'TCP')
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(ctr[probe])
  const lifecycle = asObject(ctr.lifecycle)
  if (lifecycle) {
    defaultHandler(lifecycle.postStart)
    defaultHandler(lifecycle.preStop)
  }
  for (const env of asList(ctr.env)) {
    const fieldRef = asObject(asObject(asObject(env)?.valueFrom)?.fieldRef)
    if (fieldRef) setIfUnset(fieldRef, 'apiVersion', 'v1')
  }
}

function defaultVolume(v: unknown): void {
  const vol = asObject(v)
  if (!vol) return
  const hasSource = Object.entries(vol).some(([k, x]) => k !== 'name' && x !== null && x !== undefined)
  if (!hasSource) vol.emptyDir = {}
  for (const key of ['configMap', 'secret', 'downwardAPI', 'projected']) {
    const src = asObject(vol[key])
    if (src) setIfNull(src, 'defaultMode', 0o644)
  }
  for (const item of asList(asObject(vol.downwardAPI)?.items)) {
    const fieldRef = asObject(asObject(item)?.fieldRef)
    if (fieldRef) setIfUnset(fieldRef, 'apiVersion', 'v1')
  }
}

/** SetDefaults_PodSpec and the container defaults; `isPod` adds what only SetDefaults_Pod does. */
export function defaultPodSpec(spec: JsonObject, isPod: boolean): void {
  setIfUnset(spec, 'dnsPolicy', 'ClusterFirst')
  setIfUnset(spec, 'restartPolicy', 'Always')
  setIfNull(spec, 'terminationGracePeriodSeconds', 30)
  setIfUnset(spec, 'schedulerName', 'default-scheduler')
  setIfNull(spec, 'securityContext', {})
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'])
    asList(spec[list]).forEach(defaultContainer)
  asList(spec.volumes).forEach(defaultVolume)
  if (!isPod) return
  for (const list of ['containers', 'initContainers']) {
    for (const c of asList(spec[list])) {
      const resources = asObject(asObject(c)?.resources)
      const limits = asObject(resources?.limits)
      if (!resources || !limits) continue
      const requests = ensureObject(resources, 'requests')
      for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v
    }
    // a host-network Pod's hostPort defaults to its containerPort
    if (spec.hostNetwork === true) {
      for (const c of asList(spec[list])) {
        for (const port of asList(asObject(c)?.ports)) {
          if (isObject(port) && !port.hostPort) port.hostPort = port.containerPort
        }
      }
    }
  }
}

/** A pod template (spec.template) of a workload: defaults its PodSpec, creating it when absent. */
export function defaultPodTemplate(owner: JsonObject, key = 'template'): JsonObject {
  const template = ensureObject(owner, key)
  defaultPodSpec(ensureObject(template, 'spec'), false)
  return template
}

export function defaultService(svc: JsonObject): void {
  const spec = ensureObject(svc, 'spec')
  setIfUnset(spec, 'sessionAffinity', 'None')
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = asObject(spec.sessionAffinityConfig)
    const clientIP = asObject(cfg?.clientIP)
    if (!clientIP || clientIP.timeoutSeconds === undefined || clientIP.timeoutSeconds === null)
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } }
  }
  setIfUnset(spec, 'type', 'ClusterIP')
  for (const port of asList(spec.ports)) {
    if (!isObject(port)) continue
    setIfUnset(port, 'protocol', 'TCP')
    if (
      port.targetPort === undefined ||
      port.targetPort === null ||
      port.targetPort === 0 ||
      port.targetPort === ''
    )
      port.targetPort = port.port ?? 0
  }
  const type = spec.type
  const externallyAccessible =
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && asList(spec.externalIPs).length > 0)
  if (externallyAccessible) setIfUnset(spec, 'externalTrafficPolicy', 'Cluster')
  if (
    (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') &&
    spec.internalTrafficPolicy == null
  )
    spec.internalTrafficPolicy = 'Cluster'
  if (type === 'LoadBalancer') setIfNull(spec, 'allocateLoadBalancerNodePorts', true)
}

export function defaultNetworkPolicy(np: JsonObject): void {
  const spec = ensureObject(np, 'spec')
  for (const dir of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    for (const rule of asList(spec[dir[0]]))
      for (const port of asList(asObject(rule)?.ports)) if (isObject(port)) setIfNull(port, 'protocol', 'TCP')
  }
  if (asList(spec.policyTypes).length === 0) {
    spec.policyTypes = asList(spec.egress).length ? ['Ingress', 'Egress'] : ['Ingress']
  }
}

export function defaultEndpointSlice(eps: JsonObject): void {
  for (const port of asList(eps.ports)) {
    if (!isObject(port)) continue
    setIfNull(port, 'name', '')
    setIfNull(port, 'protocol', 'TCP')
  }
}

export function defaultDeployment(d: JsonObject): void {
  const spec = ensureObject(d, 'spec')
  setIfNull(spec, 'replicas', 1)
  const strategy = ensureObject(spec, 'strategy')
  setIfUnset(strategy, 'type', 'RollingUpdate')
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObject(strategy, 'rollingUpdate')
    setIfNull(ru, 'maxUnavailable', '25%')
    setIfNull(ru, 'maxSurge', '25%')
  }
  setIfNull(spec, 'revisionHistoryLimit', 10)
  setIfNull(spec, 'progressDeadlineSeconds', 600)
  defaultPodTemplate(spec)
}

export function defaultReplicaSet(rs: JsonObject): void {
  const spec = ensureObject(rs, 'spec')
  setIfNull(spec, 'replicas', 1)
  defaultPodTemplate(spec)
}

export function defaultDaemonSet(ds: JsonObject): void {
  const spec = ensureObject(ds, 'spec')
  const strategy = ensureObject(spec, 'updateStrategy')
  setIfUnset(strategy, 'type', 'RollingUpdate')
  if (strategy.type === 'RollingUpdate') {
    const ru = ensureObject(strategy, 'rollingUpdate')
    setIfNull(ru, 'maxUnavailable', 1)
    setIfNull(ru, 'maxSurge', 0)
  }
  setIfNull(spec, 'revisionHistoryLimit', 10)
  defaultPodTemplate(spec)
}

export function defaultStatefulSet(sts: JsonObject): void {
  const spec = ensureObject(sts, 'spec')
  setIfUnset(spec, 'podManagementPolicy', 'OrderedReady')
  const strategy = ensureObject(spec, 'updateStrategy')
  if (!asString(strategy.type)) {
    strategy.type = 'RollingUpdate'
    setIfNull(strategy, 'rollingUpdate', {})
  }
  const ru = asObject(strategy.rollingUpdate)
  if (strategy.type === 'RollingUpdate' && ru) setIfNull(ru, 'partition', 0)
  setIfNull(spec, 'replicas', 1)
  setIfNull(spec, 'revisionHistoryLimit', 10)
  const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy')
  setIfUnset(retention, 'whenDeleted', 'Retain')
  setIfUnset(retention, 'whenScaled', 'Retain')
  defaultPodTemplate(spec)
}

export function defaultReplicationController(rc: JsonObject): void {
  const spec = ensureObject(rc, 'spec')
  const template = asObject(spec.template)
  if (template) {
    const labels = asObject(asObject(template.metadata)?.labels)
    if (labels) {
      if (Object.keys(asObject(spec.selector) ?? {}).length === 0) spec.selector = { ...labels }
      const meta = ensureObject(rc, 'metadata')
      if (Object.keys(asObject(meta.labels) ?? {}).length === 0) meta.labels = { ...labels }
    }
    defaultPodSpec(ensureObject(template, 'spec'), false)
  }
  setIfNull(spec, 'replicas', 1)
}

export function defaultJob(job: JsonObject): void {
  const spec = ensureObject(job, 'spec')
  if ((spec.completions ?? null) === null && (spec.parallelism ?? null) === null) {
    spec.completions = 1
    spec.parallelism = 1
  }
  setIfNull(spec, 'parallelism', 1)
  setIfNull(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6)
  const template = defaultPodTemplate(spec)
  const labels = asObject(asObject(template.metadata)?.labels)
  const meta = ensureObject(job, 'metadata')
  if (labels && Object.keys(asObject(meta.labels) ?? {}).length === 0) meta.labels = { ...labels }
  setIfNull(spec, 'completionMode', 'NonIndexed')
  setIfNull(spec, 'suspend', false)
}

export function defaultCronJob(cj: JsonObject): void {
  const spec = ensureObject(cj, 'spec')
  setIfUnset(spec, 'concurrencyPolicy', 'Allow')
  setIfNull(spec, 'suspend', false)
  setIfNull(spec, 'successfulJobsHistoryLimit', 3)
  setIfNull(spec, 'failedJobsHistoryLimit', 1)
  const jobSpec = ensureObject(ensureObject(spec, 'jobTemplate'), 'spec')
  defaultPodTemplate(jobSpec)
}

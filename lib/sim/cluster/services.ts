// Services as the control plane sets them up: ClusterIP and NodePort allocation (SV-01,
// SV-09), load-balancer addresses (SV-12) and the EndpointSlices of selector Services (SV-03).
import type { KubeObject } from '../manifest/load'
import type { Issue } from '../manifest/issues'
import type {
  ClusterConfig,
  Endpoint,
  EndpointSlice,
  EndpointSlicePort,
  Pod,
  Protocol,
  Service,
  ServicePort,
} from '../model/types'
import { cidrContains, cidrSize, formatIPv4, parseCidr, parseIPv4 } from '../net/ip'
import { selectorMatches } from '../policy/selector'
import { hash32, nameSuffix } from '../util/hash'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {})
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : [])

/** Hands out ClusterIPs, node ports and load-balancer IPs without collisions. */
export class ServiceAllocator {
  private readonly ips = new Set<number>()
  private readonly nodePorts = new Set<number>()
  private readonly range
  private lbNext = 10

  constructor(private readonly config: ClusterConfig) {
    this.range = parseCidr(config.serviceCIDR)!
  }

  /** SV-01: a requested IP must be in range and free; otherwise an IP of the upper band. */
  clusterIP(key: string, requested: string | undefined): { ip?: string; error?: string } {
    if (requested) {
      const n = parseIPv4(requested)
      if (n === undefined) return { error: `failed to allocate IP ${requested}: not a valid IP address` }
      if (!cidrContains(this.range, n))
        return {
          error: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.config.serviceCIDR}`,
        }
      if (this.ips.has(n))
        return { error: `failed to allocate IP ${requested}: provided IP is already allocated` }
      this.ips.add(n)
      return { ip: requested }
    }
    // The range is split in two bands: static picks use the lower one, automatic
    // allocation prefers the upper one.
    const size = cidrSize(this.range)
    const lower = Math.min(Math.max(16, Math.floor(size / 16)), 256)
    const span = size - lower - 1
    let off = hash32(key) % span
    for (let i = 0; i < span; i++, off = (off + 1) % span) {
      const n = (this.range.base + lower + off) >>> 0
      if (n === this.range.last || this.ips.has(n)) continue
      this.ips.add(n)
      return { ip: formatIPv4(n) }
    }
    return { error: 'failed to allocate a service IP: range is full' }
  }

  /** SV-09: a requested node port must be in range and free. */
  nodePort(key: string, requested: number | undefined): { port?: number; error?: string } {
    const [lo, hi] = this.config.nodePortRange
    if (requested !== undefined) {
      if (requested < lo || requested > hi)
        return { error: `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}` }
      if (this.nodePorts.has(requested)) return { error: 'provided port is already allocated' }
      this.nodePorts.add(requested)
      return { port: requested }
    }
    const span = hi - lo + 1
    let off = hash32(key) % span
    for (let i = 0; i < span; i++, off = (off + 1) % span) {
      if (this.nodePorts.has(lo + off)) continue
      this.nodePorts.add(lo + off)
      return { port: lo + off }
    }
    return { error: 'range is full' }
  }

  loadBalancerIP(): string {
    const pool = parseCidr(this.config.loadBalancerPool)!
    return formatIPv4((pool.base + this.lbNext++) >>> 0)
  }
}

const protocolOf = (v: unknown): Protocol => (v === 'UDP' || v === 'SCTP' ? v : 'TCP')

/** Reads a validated Service object, allocating what the control plane would. */
export function buildService(
  o: KubeObject,
  alloc: ServiceAllocator,
  createdIndex: number,
  issues: Issue[],
): Service | undefined {
  const spec = obj(o.raw.spec)
  const type = (typeof spec.type === 'string' ? spec.type : 'ClusterIP') as Service['type']
  const id = `${o.namespace}/${o.name}`
  const fail = (field: string, value: string, detail: string) => {
    issues.push({
      severity: 'error',
      code: 'allocation',
      message: `The Service "${o.name}" is invalid: ${field}: Invalid value: ${value}: ${detail}`,
      summary: `${field}: Invalid value: ${value}: ${detail}`,
      field,
      errorType: 'Invalid value',
      detail,
      kind: 'Service',
      namespace: o.namespace,
      name: o.name,
      source: o.source,
      pos: o.locate(field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s))) ?? o.source.pos,
    })
  }

  let clusterIP: string | undefined
  const requested = typeof spec.clusterIP === 'string' ? spec.clusterIP : undefined
  const headless = requested === 'None'
  if (type === 'ExternalName') clusterIP = undefined
  else if (headless) clusterIP = 'None'
  else {
    const r = alloc.clusterIP(id, requested || undefined)
    if (r.error) {
      fail('spec.clusterIPs', `[]string{"${requested}"}`, r.error)
      return undefined
    }
    clusterIP = r.ip
  }

  const ports: ServicePort[] = []
  for (const [i, p] of list(spec.ports).entries()) {
    const port = Number(p.port)
    const sp: ServicePort = {
      protocol: protocolOf(p.protocol),
      port,
      targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : port,
    }
    if (typeof p.name === 'string' && p.name) sp.name = p.name
    if (type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)) {
      const r = alloc.nodePort(
        `${id}#${i}`,
        typeof p.nodePort === 'number' && p.nodePort ? p.nodePort : undefined,
      )
      if (r.error) {
        fail(`spec.ports[${i}].nodePort`, String(p.nodePort), r.error)
        return undefined
      }
      sp.nodePort = r.port
    }
    ports.push(sp)
  }

  const eTP = spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster'
  const svc: Service = {
    id,
    namespace: o.namespace!,
    name: o.name,
    type,
    clusterIP,
    headless,
    ports,
    externalTrafficPolicy: eTP,
    internalTrafficPolicy: spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
    sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
    sessionAffinityTimeoutSeconds: Number(
      obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds ?? 10800,
    ),
    loadBalancerIPs: [],
    externalIPs: Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : [],
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    labels: o.labels,
    createdIndex,
    source: o.source,
  }
  if (spec.selector && typeof spec.selector === 'object')
    svc.selector = { ...(spec.selector as Record<string, string>) }
  if (type === 'ExternalName' && typeof spec.externalName === 'string') svc.externalName = spec.externalName
  if (type === 'LoadBalancer') {
    const given = list(obj(obj(o.raw.status).loadBalancer).ingress)
      .map((i) => i.ip)
      .filter((ip): ip is string => typeof ip === 'string')
    svc.loadBalancerIPs = given.length ? given : [alloc.loadBalancerIP()]
    if (eTP === 'Local') {
      const r = alloc.nodePort(
        `${id}#health`,
        typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : undefined,
      )
      if (r.port) svc.healthCheckNodePort = r.port
    }
  }
  return svc
}

/** The container port a Service's targetPort means on one pod (SV-02, by number or name). */
export function resolveTargetPort(port: ServicePort, pod: Pod): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort
  if (/^\d+$/.test(port.targetPort)) return Number(port.targetPort)
  const cp = pod.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol)
  return cp?.containerPort
}

export const MAX_ENDPOINTS_PER_SLICE = 100

/**
 * The EndpointSlice controller: every matching pod with an IP is listed with its
 * conditions (not only the ready ones, §0.1). Pods whose named targetPorts resolve to
 * different numbers land in different slices, as the real controller does.
 */
export function endpointSlicesFor(svc: Service, pods: readonly Pod[]): EndpointSlice[] {
  if (!svc.selector || svc.type === 'ExternalName') return []
  const groups = new Map<string, { ports: EndpointSlicePort[]; endpoints: Endpoint[] }>()
  for (const pod of pods) {
    if (pod.namespace !== svc.namespace || !pod.ip || pod.phase === 'Succeeded' || pod.phase === 'Failed')
      continue
    if (!selectorMatches({ matchLabels: svc.selector, matchExpressions: [] }, pod.labels)) continue
    const ports: EndpointSlicePort[] = []
    for (const sp of svc.ports) {
      const n = resolveTargetPort(sp, pod)
      if (n === undefined) continue
      const p: EndpointSlicePort = { port: n, protocol: sp.protocol }
      if (sp.name) p.name = sp.name
      ports.push(p)
    }
    const key = ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',')
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { ports, endpoints: [] }))
    const ready = (pod.ready && !pod.terminating) || svc.publishNotReadyAddresses
    const ep: Endpoint = {
      addresses: [pod.ip],
      conditions: { ready, serving: pod.ready || svc.publishNotReadyAddresses, terminating: pod.terminating },
      nodeName: pod.nodeName,
      podId: pod.id,
    }
    const hostname = pod.hostname && pod.subdomain === svc.name ? pod.hostname : undefined
    if (hostname) ep.hostname = hostname
    g.endpoints.push(ep)
  }
  const slices: EndpointSlice[] = []
  const keys = [...groups.keys()].sort()
  // A Service with no matching pods still gets one empty slice.
  if (!keys.length) {
    groups.set('', { ports: [], endpoints: [] })
    keys.push('')
  }
  for (const key of keys) {
    const g = groups.get(key)!
    for (let i = 0; i < Math.max(1, g.endpoints.length); i += MAX_ENDPOINTS_PER_SLICE) {
      slices.push({
        namespace: svc.namespace,
        name: `${svc.name}-${nameSuffix(`${svc.id}#${key}#${i}`)}`,
        serviceName: svc.name,
        addressType: 'IPv4',
        ports: g.ports,
        endpoints: g.endpoints.slice(i, i + MAX_ENDPOINTS_PER_SLICE),
        userProvided: false,
      })
    }
  }
  return slices
}

/** A user-written EndpointSlice (for a Service without a selector, SV-04). */
export function userEndpointSlice(o: KubeObject): EndpointSlice {
  const labels = o.labels
  return {
    namespace: o.namespace!,
    name: o.name,
    serviceName: labels['kubernetes.io/service-name'] ?? '',
    addressType: (o.raw.addressType as EndpointSlice['addressType']) ?? 'IPv4',
    ports: list(o.raw.ports).map((p) => {
      const out: EndpointSlicePort = { port: Number(p.port ?? 0), protocol: protocolOf(p.protocol) }
      if (typeof p.name === 'string' && p.name) out.name = p.name
      return out
    }),
    endpoints: list(o.raw.endpoints).map((e) => {
      const c = obj(e.conditions)
      const terminating = c.terminating === true
      // Unset conditions are read as the API documents: ready unless terminating.
      const ready = typeof c.ready === 'boolean' ? c.ready : !terminating
      const ep: Endpoint = {
        addresses: Array.isArray(e.addresses) ? (e.addresses as string[]) : [],
        conditions: { ready, serving: typeof c.serving === 'boolean' ? c.serving : ready, terminating },
      }
      if (typeof e.nodeName === 'string') ep.nodeName = e.nodeName
      if (typeof e.hostname === 'string') ep.hostname = e.hostname
      const ref = obj(e.targetRef)
      if (ref.kind === 'Pod' && typeof ref.name === 'string')
        ep.podId = `${ref.namespace ?? o.namespace}/${ref.name}`
      return ep
    }),
    userProvided: true,
    source: o.source,
  }
}

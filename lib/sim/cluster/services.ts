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
import { list, obj } from '../util/json'
import type { JsonMap } from '../util/json'

type Obj = JsonMap

/**
 * The size of the lower band of an allocation range (ipallocator's calculateRangeOffset):
 * `min(max(lo, size/step), hi)`, and none at all for ranges of `lo` or fewer.
 */
export function rangeOffset(size: number, lo: number, step: number, hi: number): number {
  if (size <= lo) return 0
  return Math.min(Math.max(lo, Math.floor(size / step)), hi)
}

/**
 * Scans `max` slots from a stable starting point: the upper band `[offset, max)` first, the
 * lower band `[0, offset)` only when the upper one is full, as Kubernetes' bitmap
 * allocator with an offset does.
 */
function allocateNext(key: string, max: number, offset: number, taken: (i: number) => boolean): number {
  const bands: [number, number][] = [
    [offset, max],
    [0, offset],
  ]
  for (const [lo, hi] of bands) {
    const span = hi - lo
    if (span <= 0) continue
    const start = hash32(key) % span
    for (let i = 0; i < span; i++) {
      const slot = lo + ((start + i) % span)
      if (!taken(slot)) return slot
    }
  }
  return -1
}

/** Hands out ClusterIPs, node ports and load-balancer IPs without collisions. */
export class ServiceAllocator {
  private readonly ips = new Set<number>()
  private readonly nodePorts = new Set<number>()
  private readonly lbIps = new Set<string>()
  private readonly range
  private lbNext = 10

  constructor(private readonly config: ClusterConfig) {
    this.range = parseCidr(config.serviceCIDR)!
  }

  /** Whether anything hands out load-balancer addresses (a cloud, MetalLB). */
  get hasLoadBalancer(): boolean {
    return (this.config.loadBalancerProvider ?? 'none') !== 'none'
  }

  /**
   * SV-01: a requested IP must be in range and free; otherwise a free IP, from the upper
   * band while it lasts. The network and broadcast addresses are never handed out.
   */
  clusterIP(key: string, requested: string | undefined): { ip?: string; error?: string; full?: boolean } {
    // Allocatable addresses: base+1 … last-1 (slot i is base+1+i).
    const max = Math.max(0, cidrSize(this.range) - 2)
    if (requested) {
      const n = parseIPv4(requested)
      if (n === undefined) return { error: `failed to allocate IP ${requested}: not a valid IP address` }
      if (!cidrContains(this.range, n) || n === this.range.base || n === this.range.last)
        return {
          error: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.config.serviceCIDR}`,
        }
      if (this.ips.has(n))
        return { error: `failed to allocate IP ${requested}: provided IP is already allocated` }
      this.ips.add(n)
      return { ip: requested }
    }
    const offset = rangeOffset(cidrSize(this.range), 16, 16, 256)
    const slot = allocateNext(key, max, offset, (i) => this.ips.has((this.range.base + 1 + i) >>> 0))
    if (slot < 0) return { error: 'failed to allocate a serviceIP: range is full', full: true }
    const n = (this.range.base + 1 + slot) >>> 0
    this.ips.add(n)
    return { ip: formatIPv4(n) }
  }

  /** SV-09: a requested node port must be in range and free; automatic picks prefer the upper band. */
  nodePort(key: string, requested: number | undefined): { port?: number; error?: string; full?: boolean } {
    const [lo, hi] = this.config.nodePortRange
    if (requested !== undefined) {
      if (requested < lo || requested > hi)
        return { error: `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}` }
      if (this.nodePorts.has(requested)) return { error: 'provided port is already allocated' }
      this.nodePorts.add(requested)
      return { port: requested }
    }
    const size = hi - lo + 1
    const slot = allocateNext(key, size, rangeOffset(size, 16, 32, 128), (i) => this.nodePorts.has(lo + i))
    if (slot < 0) return { error: 'failed to allocate a nodePort: range is full', full: true }
    this.nodePorts.add(lo + slot)
    return { port: lo + slot }
  }

  /** SV-12: the next free address of the load-balancer pool (what MetalLB or a cloud would assign). */
  loadBalancerIP(requested?: string): string {
    if (requested) {
      this.lbIps.add(requested)
      return requested
    }
    const pool = parseCidr(this.config.loadBalancerPool)!
    for (;;) {
      const ip = formatIPv4((pool.base + this.lbNext++) >>> 0)
      if (!this.lbIps.has(ip)) {
        this.lbIps.add(ip)
        return ip
      }
    }
  }
}

const protocolOf = (v: unknown): Protocol => (v === 'UDP' || v === 'SCTP' ? v : 'TCP')

/** Reads a validated Service object, allocating what the control plane would. */
export function buildService(
  o: KubeObject,
  alloc: ServiceAllocator,
  createdIndex: number,
  issues: Issue[],
  /** the same Service in the cluster this one replaces: its addresses and ports are kept */
  prev?: Service,
): Service | undefined {
  const spec = obj(o.raw.spec)
  const type = (typeof spec.type === 'string' ? spec.type : 'ClusterIP') as Service['type']
  const id = `${o.namespace}/${o.name}`
  const locate = (field: string) =>
    o.locate(
      field
        .split(/[.[\]]+/)
        .filter(Boolean)
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    ) ?? o.source.pos
  const fail = (field: string, value: string, detail: string, full?: boolean) => {
    if (full) {
      // An exhausted range is a server-side error (HTTP 500), not a validation failure.
      issues.push({
        severity: 'error',
        code: 'allocation',
        message: `Internal error occurred: ${detail}`,
        summary: detail,
        errorType: 'Internal error',
        detail,
        kind: 'Service',
        namespace: o.namespace,
        name: o.name,
        source: o.source,
        pos: o.source.pos,
      })
      return
    }
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
      // `clusterIPs` is filled in from the `clusterIP` the user wrote.
      pos:
        field === 'spec.clusterIPs'
          ? (o.locate(['spec', 'clusterIPs']) ?? locate('spec.clusterIP'))
          : locate(field),
    })
  }

  let clusterIP: string | undefined
  const requested = typeof spec.clusterIP === 'string' ? spec.clusterIP : undefined
  const headless = requested === 'None'
  if (type === 'ExternalName') clusterIP = undefined
  else if (headless) clusterIP = 'None'
  else {
    const kept = !requested && prev?.clusterIP && prev.clusterIP !== 'None' ? prev.clusterIP : undefined
    let r = alloc.clusterIP(id, requested || kept)
    if (r.error && kept) r = alloc.clusterIP(id, undefined)
    if (r.error) {
      fail('spec.clusterIPs', `[]string{"${requested}"}`, r.error, r.full)
      return undefined
    }
    clusterIP = r.ip
  }

  const ports: ServicePort[] = []
  const rawPorts = list(spec.ports)
  const requestedNodePort = (p: Obj) =>
    typeof p.nodePort === 'number' && p.nodePort ? p.nodePort : undefined
  const allocateNodePorts =
    type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
  // Ports with the same number (53/UDP and 53/TCP) share one node port, as the API server does.
  const nodePortOf = new Map<number, number>()
  for (const [i, p] of rawPorts.entries()) {
    const port = Number(p.port)
    const sp: ServicePort = {
      protocol: protocolOf(p.protocol),
      port,
      targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : port,
    }
    if (typeof p.name === 'string' && p.name) sp.name = p.name
    const asked = requestedNodePort(p)
    if (allocateNodePorts || (type === 'LoadBalancer' && asked !== undefined)) {
      const shared = nodePortOf.get(port)
      if (shared !== undefined && (asked === undefined || asked === shared)) sp.nodePort = shared
      else {
        // A later port of the same number may carry the requested value for both.
        const wanted =
          asked ??
          rawPorts.slice(i + 1).find((q) => Number(q.port) === port && requestedNodePort(q))?.nodePort
        const kept =
          wanted === undefined ? prev?.ports.find((q) => q.port === port && q.nodePort)?.nodePort : undefined
        let r = alloc.nodePort(`${id}#${i}`, typeof wanted === 'number' ? wanted : kept)
        if (r.error && kept !== undefined) r = alloc.nodePort(`${id}#${i}`, undefined)
        if (r.error) {
          const bad = asked === undefined ? rawPorts.findIndex((q) => q.nodePort === wanted) : i
          fail(`spec.ports[${bad}].nodePort`, String(wanted), r.error, r.full)
          return undefined
        }
        sp.nodePort = r.port
        if (!nodePortOf.has(port)) nodePortOf.set(port, r.port!)
      }
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
  // An empty selector is stored as no selector (protobuf drops empty maps): the Service
  // gets no EndpointSlices rather than every pod of its namespace (kubernetes#25837).
  const selector = obj(spec.selector)
  if (Object.keys(selector).length) svc.selector = { ...(selector as Record<string, string>) }
  if (type === 'ExternalName' && typeof spec.externalName === 'string') svc.externalName = spec.externalName
  if (type === 'LoadBalancer') {
    const given = list(obj(obj(o.raw.status).loadBalancer).ingress)
      .map((i) => i.ip)
      .filter((ip): ip is string => typeof ip === 'string')
    // The deprecated spec.loadBalancerIP is still honoured by most implementations (MetalLB, clouds).
    const requestedLb =
      typeof spec.loadBalancerIP === 'string' && spec.loadBalancerIP ? spec.loadBalancerIP : ''
    // Without an implementation nothing writes status.loadBalancer: EXTERNAL-IP stays
    // <pending> (SV-12), whatever the manifest's status or loadBalancerIP says.
    if (alloc.hasLoadBalancer)
      svc.loadBalancerIPs = given.length
        ? given.map((ip) => alloc.loadBalancerIP(ip))
        : [alloc.loadBalancerIP(requestedLb || prev?.loadBalancerIPs[0] || undefined)]
    if (eTP === 'Local') {
      // SV-10: kube-proxy answers the load balancer's health checks on this port.
      const asked = typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : undefined
      const r = alloc.nodePort(`${id}#health`, asked || prev?.healthCheckNodePort)
      if (r.error) {
        fail('spec.healthCheckNodePort', String(asked), r.error, r.full)
        return undefined
      }
      svc.healthCheckNodePort = r.port
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
    // The controller's podToEndpoint: `serving` is the pod's Ready condition whatever the
    // Service says; publishNotReadyAddresses forces only `ready` (kubernetes
    // staging/src/k8s.io/endpointslice/utils.go; EndpointConditions.serving in the API).
    const serving = pod.ready
    const ready = svc.publishNotReadyAddresses || (serving && !pod.terminating)
    const ep: Endpoint = {
      addresses: [pod.ip],
      conditions: { ready, serving, terminating: pod.terminating },
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
      // Unset conditions are read as kube-proxy reads them: ready and serving unless
      // stated otherwise ("a nil value should be interpreted as true"), not terminating.
      const ep: Endpoint = {
        addresses: Array.isArray(e.addresses) ? (e.addresses as string[]) : [],
        conditions: {
          ready: c.ready !== false,
          serving: c.serving !== false,
          terminating: c.terminating === true,
        },
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

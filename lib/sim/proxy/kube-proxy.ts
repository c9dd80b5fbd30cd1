// kube-proxy's part of a connection (SV-05 to SV-12): which Service an address and port
// belong to, which endpoints may serve it, and which one this connection gets.
import { lookup } from '../model/lookup'
import type { Cluster, Endpoint, Node, Protocol, Service, ServicePort } from '../model/types'
import { hash32 } from '../util/hash'

export type ServiceVia = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalIP'

export interface ServiceHit {
  service: Service
  port: ServicePort
  via: ServiceVia
  /** for NodePort: the node whose address was dialled */
  node?: Node
}

export type AddressMatch =
  | { kind: 'service'; hit: ServiceHit }
  /** the address is a Service's, but it has no such port: kube-proxy has no rule for it */
  | { kind: 'no-port'; service: Service; via: ServiceVia }
  | { kind: 'none' }

/** Which Service, if any, owns `ip:port/protocol` (ClusterIP, NodePort on a node, LB or external IP). */
export function matchServiceAddress(
  cluster: Cluster,
  ip: string,
  port: number,
  protocol: Protocol,
): AddressMatch {
  const l = lookup(cluster)
  const byCluster = l.serviceByClusterIP.get(ip)
  if (byCluster) {
    const p = byCluster.ports.find((x) => x.port === port && x.protocol === protocol)
    return p
      ? { kind: 'service', hit: { service: byCluster, port: p, via: 'ClusterIP' } }
      : { kind: 'no-port', service: byCluster, via: 'ClusterIP' }
  }
  const node = l.nodeByIp.get(ip)
  if (node) {
    for (const svc of cluster.services) {
      const p = svc.ports.find((x) => x.nodePort === port && x.protocol === protocol)
      if (p) return { kind: 'service', hit: { service: svc, port: p, via: 'NodePort', node } }
    }
    return { kind: 'none' }
  }
  for (const svc of cluster.services) {
    const lb = svc.loadBalancerIPs.includes(ip)
    const ext = svc.externalIPs.includes(ip)
    if (!lb && !ext) continue
    const via: ServiceVia = lb ? 'LoadBalancer' : 'ExternalIP'
    const p = svc.ports.find((x) => x.port === port && x.protocol === protocol)
    return p
      ? { kind: 'service', hit: { service: svc, port: p, via } }
      : { kind: 'no-port', service: svc, via }
  }
  return { kind: 'none' }
}

export interface Candidate {
  endpoint: Endpoint
  ip: string
  /** the backend port after DNAT (the resolved targetPort) */
  port: number
}

/** Every endpoint listed for this Service port, with the port number its slice gives. */
export function candidatesFor(cluster: Cluster, svc: Service, port: ServicePort): Candidate[] {
  const out: Candidate[] = []
  for (const slice of lookup(cluster).slicesOf.get(svc.id) ?? []) {
    if (slice.addressType !== 'IPv4') continue
    const sp = slice.ports.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol)
    // A selector-less Service's single unnamed port matches a slice port without a name.
    if (!sp) continue
    for (const e of slice.endpoints)
      if (e.addresses[0]) out.push({ endpoint: e, ip: e.addresses[0], port: sp.port })
  }
  return out
}

export type BackendChoice =
  | {
      kind: 'endpoint'
      chosen: Candidate
      /** the endpoints the choice was made among */
      pool: Candidate[]
      /** how kube-proxy picked: the iptables statistic rules, or session affinity */
      how: string
    }
  /** SV-08: no ready endpoint at all, kube-proxy REJECTs (connection refused) */
  | { kind: 'reject'; reason: string }
  /** a traffic policy Local with no endpoint on this node: dropped (timeout) */
  | { kind: 'drop'; reason: string }

export interface ChooseContext {
  /** the client address kube-proxy sees */
  clientIp: string
  /** the node whose kube-proxy handles the packet */
  node: Node | undefined
  /** true for traffic to a NodePort, load-balancer IP or external IP (kube-proxy's "external" destinations) */
  external: boolean
  /**
   * The source is inside the cluster: a pod, or the node whose kube-proxy handles the packet.
   * kube-proxy sends such traffic to an external destination through the Service's
   * cluster-wide chain ("pod traffic for external destinations", "route LOCAL traffic for
   * external destinations"), so externalTrafficPolicy: Local does not drop it.
   */
  fromCluster?: boolean
  /** varies the random pick between connections */
  seed: string
  /**
   * The connection's place in a sequence to this Service port (0, 1, 2, …). When given, the
   * endpoints are taken in turn instead of by the seeded pick, so a terminal's repeated
   * requests reach every backend; the flow views and the grader leave it out.
   */
  turn?: number
}

function usable(pool: Candidate[]): Candidate[] {
  // §0.1: traffic goes to ready endpoints; only when none is ready do serving and
  // terminating ones take over.
  const ready = pool.filter((c) => c.endpoint.conditions.ready)
  if (ready.length) return ready
  return pool.filter((c) => c.endpoint.conditions.serving && c.endpoint.conditions.terminating)
}

export function chooseBackend(cluster: Cluster, hit: ServiceHit, ctx: ChooseContext): BackendChoice {
  const svc = hit.service
  const all = candidatesFor(cluster, svc, hit.port)
  let pool = usable(all)
  const label = `${svc.namespace}/${svc.name}:${hit.port.name ?? hit.port.port}`
  if (!pool.length)
    return {
      kind: 'reject',
      reason: all.length
        ? `Service ${label} has ${all.length} endpoint${all.length === 1 ? '' : 's'} but none is ready: kube-proxy REJECTs with icmp-port-unreachable`
        : `Service ${label} has no endpoints: kube-proxy REJECTs with icmp-port-unreachable`,
    }
  const local = ctx.external
    ? svc.externalTrafficPolicy === 'Local' && !ctx.fromCluster
    : svc.internalTrafficPolicy === 'Local'
  if (local) {
    const nodeName = ctx.node?.name
    pool = pool.filter((c) => c.endpoint.nodeName === nodeName)
    if (!pool.length) {
      const which = ctx.external ? 'externalTrafficPolicy' : 'internalTrafficPolicy'
      return {
        kind: 'drop',
        reason: `${which}: Local and no ready endpoint of ${label} on node ${nodeName ?? '?'}: the packet is dropped`,
      }
    }
  }
  pool = [...pool].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port))
  let index: number
  let how: string
  if (svc.sessionAffinity === 'ClientIP') {
    index = hash32(`${svc.id}|${ctx.clientIp}`) % pool.length
    how = `sessionAffinity ClientIP: every connection from ${ctx.clientIp} goes to the same endpoint for ${svc.sessionAffinityTimeoutSeconds}s`
  } else if (ctx.turn !== undefined && pool.length > 1) {
    index = ctx.turn % pool.length
    how = `${spreadText(cluster, pool.length)}; the lab takes them in turn, so this connection goes to endpoint ${index + 1} of ${pool.length}`
  } else {
    index = hash32(`${svc.id}|${ctx.clientIp}|${ctx.seed}`) % pool.length
    how = pool.length === 1 ? 'one endpoint: the only rule matches' : spreadText(cluster, pool.length)
  }
  if (ctx.external && ctx.fromCluster && svc.externalTrafficPolicy === 'Local')
    how += '; traffic from inside the cluster skips externalTrafficPolicy: Local and may use any endpoint'
  return { kind: 'endpoint', chosen: pool[index]!, pool, how }
}

/** How each proxy mode spreads new connections over `n` endpoints (SV-05, SV-06). */
function spreadText(cluster: Cluster, n: number): string {
  switch (cluster.config.proxyMode) {
    case 'ipvs':
      return `IPVS virtual server with ${n} real servers, scheduler rr (round robin): each new connection goes to the next one`
    case 'nftables':
      return `random pick among ${n} endpoints (nftables numgen random mod ${n} vmap), once per connection`
    default:
      return `random pick among ${n} endpoints (iptables statistic rules ${Array.from(
        { length: n - 1 },
        (_, i) => `1/${n - i}`,
      ).join(', ')}, then the rest), once per connection`
  }
}

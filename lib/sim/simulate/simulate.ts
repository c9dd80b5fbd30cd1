// One question, one answer: what happens to a connection from a pod, a node or an outside
// address to a pod, a Service or an address, and why. Every stage a packet meets is
// recorded in order: DNS, DNAT, the source's egress policy, the path across the network,
// SNAT, the destination's ingress policy, the listener, the reply.
import { clusterPath, egressToOutside, nodeSourceAddress } from '../datapath/path'
import type { Place } from '../datapath/path'
import { addressesOf, resolve } from '../dns/resolver'
import type { Resolution } from '../dns/resolver'
import { lookup, qualify } from '../model/lookup'
import type { Cluster, Node, Pod, Protocol, ServicePort } from '../model/types'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ip'
import { asPeer, evaluateDirection, isPolicySubject, peerName, trafficLabel } from '../policy/evaluate'
import type { DirectionVerdict, NetPeer, Traffic } from '../policy/evaluate'
import { describeHttp, matchHttp } from '../policy/tiers'
import type { HttpRequest, L7Rules } from '../policy/tiers'
import { hostPortMapped } from '../cni/profiles'
import { chooseBackend, matchServiceAddress } from '../proxy/kube-proxy'
import type { ServiceHit, ServiceVia } from '../proxy/kube-proxy'
import { serviceChain, servicePortName } from '../proxy/chain-names'
import { hash32 } from '../util/hash'
import type { Hop, TraceStep } from './trace'

export type SimSource = { pod: string } | { node: string } | { external: string }
export type SimTarget = { pod: string } | { service: string } | { host: string } | { ip: string }

export interface SimRequest {
  from: SimSource
  to: SimTarget
  /** destination port; defaults to the Service's first port or the pod's first container port, else 80 */
  port?: number
  protocol?: Protocol | 'ICMP'
  /** varies kube-proxy's random backend pick between otherwise identical connections */
  seed?: string
  /** takes the Service's endpoints in turn rather than at random (ChooseContext.turn) */
  turn?: number
  /**
   * The HTTP request the client sends once connected (curl, wget), for CNIs whose proxy
   * judges requests (Cilium's HTTP rules). Without it only the connection is judged.
   */
  http?: HttpRequest
}

/** How an L7 proxy on the path judged the request. */
export interface HttpVerdict {
  request: HttpRequest
  allowed: boolean
  /** the proxy's own answer when it refuses: 403 */
  status?: number
  /** the proxy's response body, as it sends it */
  body?: string
  /** which rule allowed it, or why none did */
  text: string
  proxy: string
}

export type Outcome =
  /** the connection was established (for UDP and ICMP: the datagram arrived and was answered) */
  | 'connected'
  /** a packet was dropped silently: the client times out */
  | 'timed-out'
  /** refused: REJECT by kube-proxy (no endpoints), or nothing listens on the port */
  | 'refused'
  /** the name did not resolve, or DNS itself could not be reached */
  | 'no-such-host'
  /** there is no route to the address */
  | 'no-route'
  /** the request itself is wrong (unknown pod, no such Service) */
  | 'invalid'

export interface SimResult {
  request: SimRequest
  outcome: Outcome
  /** what a flow view shows: allowed only when the connection was established */
  verdict: 'allowed' | 'dropped'
  /** one line: what happened and why */
  reason: string
  from: { label: string; ip?: string; node?: string }
  to: { label: string; ip?: string; port?: number; protocol: Protocol | 'ICMP' }
  dns?: Resolution
  service?: { id: string; via: ServiceVia; port: ServicePort; address: string }
  backend?: { label: string; ip: string; port?: number; node?: string }
  egress?: DirectionVerdict
  ingress?: DirectionVerdict
  /** the HTTP request's fate at an L7 proxy, when the request carried one and a proxy judged it */
  http?: HttpVerdict
  trace: TraceStep[]
  /** traceroute's view of the path */
  hops: Hop[]
}

interface Src {
  label: string
  /** the address packets leave with */
  ip: string
  pod?: Pod
  node?: Node
  place?: Place
  external: boolean
}

class Run {
  readonly trace: TraceStep[] = []
  hops: Hop[] = []
  dns?: Resolution
  service?: SimResult['service']
  backend?: SimResult['backend']
  egress?: DirectionVerdict
  ingress?: DirectionVerdict
  http?: HttpVerdict
  /** the pod reaches itself through its Service: policy follows the CNI's hairpin setting */
  hairpin = false
  constructor(
    readonly cluster: Cluster,
    readonly req: SimRequest,
    readonly protocol: Protocol | 'ICMP',
    readonly src: Src | undefined,
    public to: SimResult['to'],
  ) {}

  finish(outcome: Outcome, reason: string): SimResult {
    const r: SimResult = {
      request: this.req,
      outcome,
      // A request the proxy refused was stopped by policy, though the connection was made.
      verdict: outcome === 'connected' && this.http?.allowed !== false ? 'allowed' : 'dropped',
      reason,
      from: this.src
        ? { label: this.src.label, ip: this.src.ip, node: this.src.node?.name }
        : { label: describeSource(this.req.from) },
      to: this.to,
      trace: this.trace,
      hops: outcome === 'connected' ? this.hops : [],
    }
    if (this.dns) r.dns = this.dns
    if (this.service) r.service = this.service
    if (this.backend) r.backend = this.backend
    if (this.egress) r.egress = this.egress
    if (this.ingress) r.ingress = this.ingress
    if (this.http) r.http = this.http
    return r
  }
}

function describeSource(s: SimSource): string {
  return 'pod' in s ? s.pod : 'node' in s ? `node/${s.node}` : s.external
}

function findPod(cluster: Cluster, id: string): Pod | undefined {
  return lookup(cluster).pod.get(qualify(id))
}

function resolveSource(cluster: Cluster, from: SimSource): Src | string {
  const l = lookup(cluster)
  if ('pod' in from) {
    const pod = findPod(cluster, from.pod)
    if (!pod) return `pods "${from.pod}" not found`
    if (!pod.ip) return `pod ${pod.id} has no IP address (it is ${pod.phase})`
    if (pod.phase !== 'Running') return `pod ${pod.id} is ${pod.phase}: its containers are not running`
    const node = l.node.get(pod.nodeName)!
    return {
      label: pod.id,
      ip: pod.ip,
      pod,
      node,
      place: pod.hostNetwork ? { kind: 'node', node } : { kind: 'pod', pod, node },
      external: false,
    }
  }
  if ('node' in from) {
    const node = l.node.get(from.node)
    if (!node) return `nodes "${from.node}" not found`
    return { label: `node/${node.name}`, ip: node.ip, node, place: { kind: 'node', node }, external: false }
  }
  if (parseIPv4(from.external) === undefined) return `"${from.external}" is not an IPv4 address`
  return { label: from.external, ip: from.external, external: true }
}

/** Where a connection from `src` is evaluated by policy: hostNetwork pods are their node (NP-22). */
function sourcePeer(cluster: Cluster, src: Src): NetPeer {
  if (src.pod) return asPeer(cluster, src.pod)
  // An outside client stays itself even once a load balancer has handed it to a node.
  if (src.external) return { kind: 'external', ip: src.ip }
  if (src.node) return { kind: 'node', node: src.node }
  return { kind: 'external', ip: src.ip }
}

function defaultPort(cluster: Cluster, to: SimTarget): number {
  if ('service' in to) {
    const svc = lookup(cluster).service.get(qualify(to.service))
    if (svc?.ports[0]) return svc.ports[0].port
  }
  if ('pod' in to) {
    const pod = findPod(cluster, to.pod)
    if (pod?.ports[0]) return pod.ports[0].containerPort
  }
  return 80
}

const policyRefs = (v: DirectionVerdict) => {
  const decided = v.tiers?.at(-1)?.rule
  if (decided && (v.reason === 'accepted-by-rule' || v.reason === 'denied-by-rule'))
    return [{ kind: decided.kind, policy: decided.policy, rule: decided.path }]
  return v.matched.length
    ? v.matched.map((m) => ({ policy: m.policy.id, rule: m.path }))
    : v.selecting.map((p) => ({ policy: p.id }))
}

const TIER_OUTCOME = {
  allow: 'allows',
  deny: 'denies',
  pass: 'passes it on',
  'no-policy': 'no policy applies',
}

/** The HTTP rules on an allowed connection, in words: where the proxy runs and what it lets through. */
function l7Note(l7: L7Rules): string {
  const rules = l7.rules.flatMap((r) =>
    r.http.map((h) => `${r.ref.policy} ${r.ref.path}.rules.http[${h.index}] (${describeHttp(h)})`),
  )
  return `HTTP requests on this connection go through ${l7.proxy}: only ${rules.join('; ')} get through, any other request gets 403 Access denied, and traffic that is not HTTP goes no further than the proxy`
}

function policyStep(run: Run, v: DirectionVerdict, node: string | undefined): TraceStep {
  const dir = v.direction === 'egress' ? 'egress' : 'ingress'
  const details = [
    // With tiered policy kinds, each tier that looked at the connection, in order.
    ...(v.tiers ?? []).map((t) => `${t.tier}: ${TIER_OUTCOME[t.outcome]}: ${t.text}`),
    ...v.misses.map((m) => `${m.policy.id} ${m.path}: ${m.detail}`),
    ...(v.notes ?? []),
  ]
  if (v.allowed && v.l7) details.push(l7Note(v.l7))
  if (run.hairpin && v.reason !== 'hairpin')
    details.unshift(
      `hairpin: ${run.cluster.cni.displayName} applies policy to a pod reaching itself through its Service, with the pod itself as the peer (the NetworkPolicy API leaves hairpin to the implementation)`,
    )
  if (!v.allowed && run.cluster.cni.policy.dropLog) details.push(run.cluster.cni.policy.dropLog)
  return {
    kind: v.direction === 'egress' ? 'egress-policy' : 'ingress-policy',
    ok: v.allowed,
    node,
    title: `${dir} of ${v.subject.id}: ${v.allowed ? 'allowed' : 'dropped'}: ${v.text}`,
    details,
    policies: policyRefs(v),
  }
}

/**
 * The source pod's egress verdict, recorded in the trace; the finished result when it
 * drops the packet. `target` names the destination in the reason.
 */
function checkEgress(
  run: Run,
  src: Src,
  dst: NetPeer,
  traffic: Traffic,
  target: string,
): SimResult | undefined {
  if (!src.pod || !isPolicySubject(run.cluster, src.pod)) return undefined
  const v = evaluateDirection(run.cluster, 'egress', src.pod, dst, traffic, { hairpin: run.hairpin })
  run.egress = v
  run.trace.push(policyStep(run, v, src.node?.name))
  if (v.allowed) return undefined
  return run.finish(dropOutcome(run.cluster), `egress from ${src.pod.id} to ${target} is dropped: ${v.text}`)
}

function dropOutcome(cluster: Cluster): Outcome {
  return cluster.cni.policy.denyAction === 'reject' ? 'refused' : 'timed-out'
}

/** Does the pod accept on this port? Pods that declare no ports are assumed to listen anywhere. */
function listens(pod: Pod, traffic: Traffic): boolean {
  if (traffic.protocol === 'ICMP') return true
  if (!pod.ports.length) return true
  return pod.ports.some((p) => p.containerPort === traffic.port && p.protocol === traffic.protocol)
}

const NODE_PORTS: Record<number, string> = { 10250: 'kubelet', 22: 'sshd' }

function nodeListens(cluster: Cluster, node: Node, traffic: Traffic): string | undefined {
  if (traffic.protocol === 'ICMP') return 'the node'
  if (traffic.protocol === 'TCP' && NODE_PORTS[traffic.port!]) return NODE_PORTS[traffic.port!]
  if (node.role === 'control-plane' && traffic.protocol === 'TCP' && traffic.port === 6443)
    return 'kube-apiserver'
  for (const pod of cluster.pods)
    if (
      pod.hostNetwork &&
      pod.nodeName === node.name &&
      pod.ports.some((p) => p.containerPort === traffic.port && p.protocol === traffic.protocol)
    )
      return pod.id
  return undefined
}

/** Runs one simulated connection. Never throws: a bad request comes back as outcome `invalid`. */
export function simulate(cluster: Cluster, req: SimRequest): SimResult {
  const protocol = req.protocol ?? 'TCP'
  const port = protocol === 'ICMP' ? undefined : (req.port ?? defaultPort(cluster, req.to))
  const srcOrError = resolveSource(cluster, req.from)
  const toLabel =
    'pod' in req.to
      ? req.to.pod
      : 'service' in req.to
        ? req.to.service
        : 'host' in req.to
          ? req.to.host
          : req.to.ip
  const run = new Run(cluster, req, protocol, typeof srcOrError === 'string' ? undefined : srcOrError, {
    label: toLabel,
    port,
    protocol,
  })
  if (typeof srcOrError === 'string') return run.finish('invalid', srcOrError)
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
    return run.finish('invalid', `port ${port} is not between 1 and 65535`)
  const src = srcOrError
  const traffic: Traffic = protocol === 'ICMP' ? { protocol } : { protocol, port }

  // 1. The destination address: a pod's IP, a Service's ClusterIP, or DNS.
  let ip: string | undefined
  const to = req.to
  if ('pod' in to) {
    const pod = findPod(cluster, to.pod)
    if (!pod) return run.finish('invalid', `pods "${to.pod}" not found`)
    if (!pod.ip) return run.finish('no-route', `pod ${pod.id} has no IP address (it is ${pod.phase})`)
    ip = pod.ip
  } else if ('service' in to) {
    const id = qualify(to.service)
    const svc = lookup(cluster).service.get(id)
    if (!svc) return run.finish('invalid', `services "${to.service}" not found`)
    if (svc.type === 'ExternalName' || svc.headless) {
      const r = dnsLookup(run, src, `${svc.name}.${svc.namespace}.svc.${cluster.config.clusterDomain}`)
      if (typeof r !== 'string') return r
      ip = r
    } else ip = svc.clusterIP!
  } else if ('host' in to) {
    if (parseIPv4(to.host) !== undefined) ip = to.host
    else {
      const r = dnsLookup(run, src, to.host)
      if (typeof r !== 'string') return r
      ip = r
    }
  } else {
    if (parseIPv4(to.ip) === undefined) return run.finish('invalid', `"${to.ip}" is not an IPv4 address`)
    ip = to.ip
  }
  run.to = { ...run.to, ip }
  return connect(run, src, ip, traffic, 0)
}

function dnsLookup(run: Run, src: Src, name: string): string | SimResult {
  const { cluster } = run
  const res = resolve(cluster, src.pod, name, 'A', (conf) => {
    if (!conf.clusterDns || !src.pod) return { ok: true, reason: '' }
    // The query is itself a UDP connection to kube-dns, subject to the same policies (DN-08).
    const q = simulate(cluster, {
      from: { pod: src.pod.id },
      to: { ip: conf.nameserver },
      port: 53,
      protocol: 'UDP',
      seed: `dns:${name}`,
    })
    return { ok: q.outcome === 'connected', reason: q.reason }
  })
  run.dns = res
  const addrs = addressesOf(res)
  const tried = res.queries.map((q) => `${q.qname} ${q.answered ? q.rcode : 'no answer'}`)
  const conf = `nameserver ${res.conf.nameserver}${res.conf.search.length ? `, search ${res.conf.search.join(' ')}` : ''}, ndots:${res.conf.ndots}`
  if (res.status === 'unreachable') {
    run.trace.push({
      kind: 'dns',
      ok: false,
      title: `DNS lookup of ${name} got no answer: ${res.failure}`,
      details: [conf, ...tried],
    })
    return run.finish(
      'no-such-host',
      `could not resolve ${name}: the DNS query to ${res.conf.nameserver} was dropped (${res.failure})`,
    )
  }
  if (!addrs.length) {
    run.trace.push({
      kind: 'dns',
      ok: false,
      title: `DNS lookup of ${name}: ${res.status === 'no-data' ? 'no address records' : 'NXDOMAIN'}`,
      details: [conf, ...tried],
    })
    return run.finish(
      'no-such-host',
      `could not resolve ${name}: ${res.status === 'no-data' ? 'no address records' : 'NXDOMAIN for every name in the search list'}`,
    )
  }
  const cname = res.records.find((r) => r.type === 'CNAME')
  run.trace.push({
    kind: 'dns',
    ok: true,
    title: `DNS: ${res.fqdn} → ${cname ? `CNAME ${cname.data} → ` : ''}${addrs.join(', ')}`,
    details: [conf, ...tried],
  })
  return addrs[hash32(run.req.seed ?? '') % addrs.length]!
}

/** From `src` to `ip` (the address the client dialled). `depth` guards the load-balancer hop. */
function connect(run: Run, src: Src, ip: string, traffic: Traffic, depth: number): SimResult {
  const { cluster } = run
  const l = lookup(cluster)

  // ICMP to a ClusterIP (SV-06). IPVS mode binds every ClusterIP to kube-ipvs0, so before
  // Kubernetes 1.27 the node answered ping. Since then kube-proxy's KUBE-IPVS-FILTER chain
  // REJECTs new packets to those addresses unless they match a Service ip,port in the
  // KUBE-CLUSTER-IP set, which ICMP never does (kubernetes/kubernetes#108460, released in
  // 1.27; kubernetes/website#41002 "kubernetes 1.27 version can not ping cluster ip").
  // The simulator follows current kube-proxy; nftables mode rejects the same way.
  if (traffic.protocol === 'ICMP' && l.serviceByClusterIP.has(ip)) {
    const svc = l.serviceByClusterIP.get(ip)!
    if (cluster.config.proxyMode === 'ipvs') {
      run.trace.push({
        ...clusterIpReject(ip, svc.id),
        details: [
          `${ip} is bound to kube-ipvs0 on every node, but KUBE-IPVS-FILTER rejects new packets that match no Service ip,port (Kubernetes 1.27 and later)`,
        ],
      })
      return run.finish(
        'refused',
        `a ClusterIP does not answer ping in IPVS mode: KUBE-IPVS-FILTER rejects it (icmp port unreachable)`,
      )
    }
    if (cluster.config.proxyMode === 'nftables') {
      run.trace.push(clusterIpReject(ip, svc.id))
      return run.finish(
        'refused',
        `a ClusterIP does not answer ping in nftables mode: kube-proxy rejects it (icmp port unreachable)`,
      )
    }
    run.trace.push({
      kind: 'drop',
      ok: false,
      title: `${ip} is the virtual ClusterIP of ${svc.id}: kube-proxy (${cluster.config.proxyMode}) only rewrites its Service ports, nothing answers ICMP`,
      details: [],
    })
    return run.finish('timed-out', `a ClusterIP does not answer ping in ${cluster.config.proxyMode} mode`)
  }

  if (traffic.protocol !== 'ICMP') {
    const m = matchServiceAddress(cluster, ip, traffic.port!, traffic.protocol)
    if (m.kind === 'no-port') {
      if (src.external && m.via === 'ClusterIP')
        return run.finish('no-route', `ClusterIP ${ip} is not reachable from outside the cluster`)
      if (m.via === 'ClusterIP' && cluster.config.proxyMode !== 'iptables') {
        // nftables rejects other ports of a ClusterIP; in IPVS mode the address is local to
        // every node and KUBE-IPVS-FILTER rejects new connections to ports that are not the Service's.
        run.trace.push(clusterIpReject(ip, m.service.id, trafficLabel(traffic)))
        return run.finish(
          'refused',
          `connection refused: Service ${m.service.id} has no port ${trafficLabel(traffic)} and kube-proxy (${cluster.config.proxyMode}) rejects it`,
        )
      }
      run.trace.push({
        kind: 'drop',
        ok: false,
        title: `${ip} belongs to Service ${m.service.id}, which has no port ${trafficLabel(traffic)}`,
        details: [
          `its ports: ${m.service.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}`,
          'kube-proxy has no rule for it, so the packet goes nowhere',
        ],
      })
      return run.finish('timed-out', `Service ${m.service.id} has no port ${trafficLabel(traffic)}`)
    }
    if (m.kind === 'service') return viaService(run, src, m.hit, traffic, depth)
  }

  const pod = l.podByIp.get(ip)
  if (pod) {
    if (src.external && !src.node)
      return run.finish('no-route', `pod address ${ip} is not routable from outside the cluster`)
    return toPod(run, src, sourcePeer(cluster, src), pod, traffic, [])
  }
  const node = l.nodeByIp.get(ip)
  if (node) {
    const mapped = traffic.protocol !== 'ICMP' ? hostPortOn(cluster, node, traffic) : undefined
    if (mapped && hostPortMapped(cluster.cni)) return viaHostPort(run, src, node, mapped, traffic)
    if (mapped)
      run.trace.push({
        kind: 'route',
        ok: true,
        node: node.name,
        title: `${mapped.pod.id} asks for hostPort ${traffic.port}/${traffic.protocol}, but ${cluster.cni.displayName} as configured does not map host ports`,
        details: [hostPortNote(cluster)],
      })
    return toNode(run, src, node, traffic)
  }
  if (l.serviceByClusterIP.has(ip) || inRange(cluster.config.serviceCIDR, ip)) {
    run.trace.push({
      kind: 'drop',
      ok: false,
      title: `no Service has the address ${ip}: kube-proxy has no rule for it`,
      details: [],
    })
    return run.finish('timed-out', `no Service has the address ${ip}`)
  }
  if (
    cluster.nodes.some((n) => n.podRanges.some((r) => inRange(r, ip))) ||
    inRange(cluster.config.podCIDR, ip)
  ) {
    return run.finish('no-route', `no pod has the address ${ip} (no host answers ARP for it)`)
  }
  return toOutside(run, src, ip, traffic)
}

interface HostPortHit {
  pod: Pod
  containerPort: number
}

/** A pod on `node` whose container asks for this port as its hostPort (hostNetwork pods listen on the node itself). */
function hostPortOn(cluster: Cluster, node: Node, traffic: Traffic): HostPortHit | undefined {
  for (const pod of cluster.pods) {
    if (pod.nodeName !== node.name || pod.hostNetwork || !pod.ip) continue
    const p = pod.ports.find((x) => x.hostPort === traffic.port && x.protocol === traffic.protocol)
    if (p) return { pod, containerPort: p.containerPort }
  }
  return undefined
}

function hostPortNote(cluster: Cluster): string {
  const hp = cluster.cni.dataPath.hostPort
  if (hp === 'ebpf')
    return `${cluster.cni.displayName} maps host ports in eBPF only with its kube-proxy replacement; with kube-proxy it needs cni.chainingMode=portmap`
  if (hp === 'none') return `${cluster.cni.displayName}'s CNI configuration does not chain the portmap plugin`
  return `the portmap plugin (chained in ${cluster.cni.displayName}'s CNI configuration) DNATs it`
}

/**
 * node-IP:hostPort, mapped to the pod by the CNI (the portmap plugin's CNI-HOSTPORT-DNAT,
 * or Cilium's eBPF): DNAT on the node that owns the address, the client address kept.
 */
function viaHostPort(run: Run, src: Src, node: Node, hit: HostPortHit, traffic: Traffic): SimResult {
  const { cluster } = run
  const relayed = src.external || !src.node || src.node.name !== node.name
  if (src.place && src.node && src.node.name !== node.name) {
    // The source's egress policy sees the node address and host port, before the DNAT.
    const dropped = checkEgress(
      run,
      src,
      { kind: 'node', node },
      traffic,
      `${node.ip}:${traffic.port}/${traffic.protocol}`,
    )
    if (dropped) return dropped
    run.trace.push(...clusterPath(cluster, src.place, { kind: 'node', node }).steps)
  } else if (src.external)
    run.trace.push({
      kind: 'route',
      ok: true,
      node: node.name,
      title: `${src.ip} reaches ${node.name} on ${node.ip}:${traffic.port}`,
      details: [],
    })
  run.trace.push({
    kind: 'dnat',
    ok: true,
    node: node.name,
    title: `DNAT ${node.ip}:${traffic.port} → ${hit.pod.ip}:${hit.containerPort} (${hit.pod.id}, hostPort) on ${node.name}`,
    details: [
      cluster.cni.dataPath.hostPort === 'ebpf'
        ? `${cluster.cni.displayName}'s eBPF host-port mapping`
        : 'CNI-HOSTPORT-DNAT (the portmap plugin): the client address is kept',
    ],
  })
  const from: Src = relayed ? { ...src, node, place: { kind: 'node', node } } : src
  return toPod(
    run,
    from,
    sourcePeer(cluster, src),
    hit.pod,
    { protocol: traffic.protocol, port: hit.containerPort },
    [],
    relayed,
  )
}

/** kube-proxy's REJECT for a ClusterIP packet that matches no Service port (nftables, IPVS). */
function clusterIpReject(ip: string, svcId: string, what = 'ICMP'): TraceStep {
  return {
    kind: 'reject',
    ok: false,
    title: `${ip} is the ClusterIP of ${svcId}, which has no rule for ${what}: kube-proxy rejects it with icmp-port-unreachable`,
    details: [],
  }
}

function inRange(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr)
  const n = parseIPv4(ip)
  return !!c && n !== undefined && cidrContains(c, n)
}

function toOutside(run: Run, src: Src, ip: string, traffic: Traffic): SimResult {
  const { cluster } = run
  if (src.external || !src.place)
    return run.finish(
      'invalid',
      `${ip} is outside the cluster; the simulator only follows traffic that enters or leaves it`,
    )
  const dropped = checkEgress(
    run,
    src,
    { kind: 'external', ip },
    traffic,
    `${ip} on ${trafficLabel(traffic)}`,
  )
  if (dropped) return dropped
  const path = egressToOutside(cluster, src.place, ip)
  run.trace.push(...path.steps)
  run.hops = path.hops
  run.backend = { label: ip, ip, port: traffic.port }
  run.trace.push({ kind: 'deliver', ok: true, title: `${ip} answers (outside the cluster)`, details: [] })
  run.trace.push(replyStep())
  return run.finish(
    'connected',
    `connected to ${ip} outside the cluster${run.egress ? `; ${run.egress.text}` : ''}`,
  )
}

function replyStep(): TraceStep {
  return {
    kind: 'reply',
    ok: true,
    title:
      'the reply returns on the same connection: conntrack lets it through without any policy rule (NP-09)',
    details: [],
  }
}

function toNode(run: Run, src: Src, node: Node, traffic: Traffic): SimResult {
  const { cluster } = run
  const dropped = checkEgress(
    run,
    src,
    { kind: 'node', node },
    traffic,
    `node ${node.name} on ${trafficLabel(traffic)}`,
  )
  if (dropped) return dropped
  if (src.place) {
    const p = clusterPath(cluster, src.place, { kind: 'node', node })
    run.trace.push(...p.steps)
    run.hops = p.hops
  } else {
    run.trace.push({
      kind: 'route',
      ok: true,
      node: node.name,
      title: `${src.ip} reaches ${node.name} (${node.ip}) from outside`,
      details: [],
    })
    run.hops = [{ ip: node.ip, label: node.name }]
  }
  run.backend = { label: `node/${node.name}`, ip: node.ip, port: traffic.port, node: node.name }
  const listener = nodeListens(cluster, node, traffic)
  if (!listener) {
    run.trace.push({
      kind: 'reject',
      ok: false,
      node: node.name,
      title: `nothing listens on ${trafficLabel(traffic)} on node ${node.name}`,
      details: [],
    })
    return run.finish(
      'refused',
      `connection refused: nothing listens on ${node.ip}:${traffic.port}/${traffic.protocol}`,
    )
  }
  run.trace.push({
    kind: 'deliver',
    ok: true,
    node: node.name,
    title: `${listener} on ${node.name} accepts`,
    details: [],
  })
  run.trace.push(replyStep())
  return run.finish('connected', `connected to ${listener} on node ${node.name}`)
}

function viaService(run: Run, src: Src, hit: ServiceHit, traffic: Traffic, depth: number): SimResult {
  const { cluster } = run
  const svc = hit.service
  const l = lookup(cluster)
  const address =
    hit.via === 'NodePort'
      ? `${hit.node!.ip}:${hit.port.nodePort}`
      : hit.via === 'ClusterIP'
        ? `${svc.clusterIP}:${hit.port.port}`
        : `${run.to.ip}:${hit.port.port}`
  // The address the client dialled; a load balancer's hand-over to a node does not change it.
  run.service ??= { id: svc.id, via: hit.via, port: hit.port, address }

  if (hit.via === 'ClusterIP' && src.external)
    return run.finish('no-route', `ClusterIP ${svc.clusterIP} is not reachable from outside the cluster`)

  // From outside, the network hands the connection to a node (SV-12): a load balancer with
  // node ports sends it to a node's NodePort; without them (allocateLoadBalancerNodePorts:
  // false), and for an external IP routed to a node, the address is unchanged and that
  // node's kube-proxy catches it.
  if ((hit.via === 'LoadBalancer' || hit.via === 'ExternalIP') && src.external && depth === 0) {
    const lb = hit.via === 'LoadBalancer'
    // MetalLB in L2 mode: one node answers ARP for the address and receives it unchanged;
    // a cloud load balancer sends it to the node ports.
    const metallb = lb && cluster.config.loadBalancerProvider === 'metallb'
    let nodes = cluster.nodes.filter((n) => n.role === 'worker')
    if (!nodes.length) nodes = cluster.nodes
    if (lb && svc.externalTrafficPolicy === 'Local') {
      // The health check (healthCheckNodePort /healthz) keeps only nodes with a local endpoint.
      const withEndpoint = new Set(
        (l.slicesOf.get(svc.id) ?? []).flatMap((s) =>
          s.endpoints.filter((e) => e.conditions.ready).map((e) => e.nodeName),
        ),
      )
      nodes = nodes.filter((n) => withEndpoint.has(n.name))
      if (!nodes.length) {
        run.trace.push({
          kind: 'drop',
          ok: false,
          title: metallb
            ? `load balancer ${run.to.ip}: MetalLB announces the address only from nodes with a ready endpoint, and there is none`
            : `load balancer ${run.to.ip}: every node fails the health check on port ${svc.healthCheckNodePort ?? '?'} (No Service Endpoints Found)`,
          details: [],
        })
        return run.finish(
          'timed-out',
          `no node has a ready endpoint of ${svc.id}, so the load balancer has no healthy backend`,
        )
      }
    }
    const node = nodes[hash32(`${svc.id}|${src.ip}|${run.req.seed ?? ''}`) % nodes.length]!
    const toNodePort = lb && !metallb && hit.port.nodePort !== undefined
    run.trace.push({
      kind: 'route',
      ok: true,
      node: node.name,
      title: metallb
        ? `MetalLB (L2): ${node.name} answers ARP for ${run.to.ip} and receives ${run.to.ip}:${hit.port.port}`
        : lb
          ? `load balancer ${run.to.ip} forwards to ${node.name} (${toNodePort ? `${node.ip}:${hit.port.nodePort}` : `${run.to.ip}:${hit.port.port}, no node port`})`
          : `external IP ${run.to.ip} is routed to ${node.name} (${node.ip})`,
      details:
        lb && svc.externalTrafficPolicy === 'Local'
          ? [
              metallb
                ? 'externalTrafficPolicy Local: MetalLB announces the address only from nodes with a ready endpoint'
                : `externalTrafficPolicy Local: only nodes that pass the health check (healthCheckNodePort ${svc.healthCheckNodePort ?? '?'}) receive traffic`,
            ]
          : [],
    })
    return viaService(
      run,
      { ...src, node },
      toNodePort ? { ...hit, via: 'NodePort', node } : { ...hit, node },
      traffic,
      depth + 1,
    )
  }

  // Which node's kube-proxy rewrites the packet: the source's own node, except for a
  // NodePort on another node's address, which the packet first travels to. A pod that
  // dials a load-balancer or external IP is caught by its own node's kube-proxy.
  const external = hit.via !== 'ClusterIP'
  const proxyNode = hit.via === 'NodePort' ? hit.node! : (hit.node ?? src.node)
  // Traffic that starts on the proxying node itself, from one of its pods (kube-proxy's
  // cluster CIDR) or from the node, reaches an external destination through the Service's
  // cluster-wide chain; the node's own traffic is masqueraded. (A pod dialling another
  // node's NodePort is handled by that node, which applies the traffic policy as usual.)
  const fromCluster = !src.external && !!src.node && src.node.name === proxyNode?.name
  const podSource = fromCluster && !!src.pod && !src.pod.hostNetwork
  const nodeLocalSource = fromCluster && !podSource
  const preSteps: TraceStep[] = []
  if (hit.via === 'NodePort' && src.place && src.node && src.node.name !== hit.node!.name) {
    // The source's egress policy sees the node address and node port, before any DNAT.
    const dropped = checkEgress(
      run,
      src,
      { kind: 'node', node: hit.node! },
      { protocol: traffic.protocol, port: hit.port.nodePort },
      address,
    )
    if (dropped) return dropped
    const p = clusterPath(cluster, src.place, { kind: 'node', node: hit.node! })
    preSteps.push(...p.steps)
  } else if (hit.via === 'NodePort' && src.external) {
    preSteps.push({
      kind: 'route',
      ok: true,
      node: hit.node!.name,
      title: `${src.ip} reaches ${hit.node!.name} on ${address}`,
      details: [],
    })
  }
  run.trace.push(...preSteps)

  const choice = chooseBackend(cluster, hit, {
    clientIp: src.ip,
    node: proxyNode,
    external,
    fromCluster,
    seed: run.req.seed ?? '',
    ...(run.req.turn !== undefined ? { turn: run.req.turn } : {}),
  })
  const chain = serviceChain(servicePortName(svc.namespace, svc.name, hit.port.name), hit.port.protocol)
  if (choice.kind === 'reject') {
    run.trace.push({
      kind: 'reject',
      ok: false,
      node: proxyNode?.name,
      title: choice.reason,
      details: [`${chain}: REJECT --reject-with icmp-port-unreachable`],
    })
    return run.finish('refused', `connection refused: ${choice.reason}`)
  }
  if (choice.kind === 'drop') {
    run.trace.push({ kind: 'drop', ok: false, node: proxyNode?.name, title: choice.reason, details: [] })
    return run.finish('timed-out', choice.reason)
  }
  const backend = choice.chosen
  const backendPod = backend.endpoint.podId ? l.pod.get(backend.endpoint.podId) : l.podByIp.get(backend.ip)
  run.trace.push({
    kind: 'dnat',
    ok: true,
    node: proxyNode?.name,
    title: `DNAT ${address} → ${backend.ip}:${backend.port} (${backendPod ? backendPod.id : 'endpoint'}) by kube-proxy on ${proxyNode?.name ?? 'the node'}`,
    details: [
      `Service ${svc.id} (${svc.type}), port ${hit.port.name ? `${hit.port.name} ` : ''}${hit.port.port}/${hit.port.protocol} → targetPort ${hit.port.targetPort}`,
      `${chain}: ${choice.how}`,
      `ready endpoints: ${choice.pool.map((c) => `${c.ip}:${c.port}`).join(', ')}`,
    ],
  })
  run.backend = {
    label: backendPod ? backendPod.id : backend.ip,
    ip: backend.ip,
    port: backend.port,
    node: backend.endpoint.nodeName,
  }
  const dnatTraffic: Traffic = { protocol: traffic.protocol, port: backend.port }

  // SNAT: NodePort and load-balancer traffic with externalTrafficPolicy Cluster is
  // masqueraded to the receiving node (SV-10, NP-24); so is a pod reaching itself.
  let srcPeer = sourcePeer(cluster, src)
  const hairpin = !!src.pod && !!backendPod && src.pod.id === backendPod.id
  run.hairpin = hairpin
  const snatNode =
    external && (svc.externalTrafficPolicy === 'Cluster' || nodeLocalSource)
      ? proxyNode
      : hairpin
        ? src.node
        : undefined
  let snatStep: TraceStep | undefined
  if (snatNode) {
    const sameNode = backendPod?.nodeName === snatNode.name
    // MASQUERADE picks the address of the interface the packet leaves by: the tunnel
    // device's towards a pod on another node, where the CNI routes through one.
    const masq = backendPod
      ? nodeSourceAddress(cluster.cni, snatNode, backendPod, l.node.get(backendPod.nodeName)!)
      : { ip: snatNode.ip }
    // Hairpin: the policy CNIs judge the packet before the MASQUERADE, as coming from the
    // pod itself (or skip it, per the profile's `hairpin` setting).
    const seenAs =
      hairpin || (sameNode && cluster.cni.policy.sameNodeNodePortSource === 'client')
        ? srcPeer
        : ({ kind: 'node', node: snatNode, ...masq } as NetPeer)
    snatStep = {
      kind: 'snat',
      ok: true,
      node: snatNode.name,
      title: `SNAT (MASQUERADE): source ${src.ip} → ${masq.ip}${masq.via ? ` (${snatNode.name}'s ${masq.via} address)` : ''}`,
      details: [
        hairpin
          ? 'hairpin: a pod reaching itself through its Service is masqueraded'
          : svc.externalTrafficPolicy === 'Cluster'
            ? 'externalTrafficPolicy: Cluster: the client address is replaced by the node that received the traffic'
            : "the node's own traffic to an external address of the Service is masqueraded",
        hairpin
          ? cluster.cni.policy.hairpin === 'exempt'
            ? `${cluster.cni.displayName} does not apply policy to hairpin traffic (service loopback); the NetworkPolicy API leaves this to the implementation`
            : `${cluster.cni.displayName} applies the pod's egress and ingress policy before the MASQUERADE, with the pod itself as the peer: a deny-all drops it (the NetworkPolicy API leaves hairpin to the implementation)`
          : seenAs === srcPeer
            ? `${cluster.cni.displayName} applies the backend's policy before the MASQUERADE, so it still sees ${peerName(srcPeer)}`
            : `the backend's ingress policy sees ${peerName(seenAs)}`,
      ],
    }
    srcPeer = seenAs
  } else if (external) {
    run.trace.push({
      kind: 'route',
      ok: true,
      title: `externalTrafficPolicy: Local: the client address ${src.ip} is kept`,
      details: podSource
        ? [
            'from a pod, kube-proxy sends external-address traffic to any ready endpoint (its cluster-wide chain), without SNAT',
          ]
        : [],
    })
  }

  // kube-proxy cannot DNAT to another virtual address: an endpoint that is a ClusterIP (a
  // hand-written EndpointSlice, SV-04) leads nowhere.
  if (inRange(cluster.config.serviceCIDR, backend.ip)) {
    run.trace.push({
      kind: 'drop',
      ok: false,
      node: proxyNode?.name,
      title: `endpoint ${backend.ip} is itself a Service address: kube-proxy does not DNAT twice, so nothing answers`,
      details: ['endpoint addresses of a Service without a selector cannot be other ClusterIPs (SV-04)'],
    })
    return run.finish(
      'timed-out',
      `endpoint ${backend.ip} of ${svc.id} is a ClusterIP, which kube-proxy cannot forward to`,
    )
  }

  // The source's egress policy is checked after DNAT, against the backend (NP-23).
  if (!backendPod) {
    // An endpoint that is not a pod (selector-less Service, the apiserver): a node or outside address.
    const node = l.nodeByIp.get(backend.ip)
    if (snatStep) run.trace.push(snatStep)
    if (node) return toNode(run, src, node, dnatTraffic)
    return toOutside(run, src, backend.ip, dnatTraffic)
  }
  // After a NodePort on another node, the packet continues from the node that rewrote it.
  const relayed =
    !!proxyNode &&
    (hit.via === 'NodePort' || src.external) &&
    (!src.node || src.node.name !== proxyNode.name || !src.place)
  const from: Src = relayed ? { ...src, node: proxyNode, place: { kind: 'node', node: proxyNode } } : src
  return toPod(run, from, srcPeer, backendPod, dnatTraffic, snatStep ? [snatStep] : [], relayed)
}

/**
 * The last stretch to a pod: egress of the source (unless already checked), the path,
 * ingress of the destination (seeing `srcPeer`), and the listener.
 */
function toPod(
  run: Run,
  src: Src,
  srcPeer: NetPeer,
  pod: Pod,
  traffic: Traffic,
  /** steps on the sending node after routing and before the wire (SNAT) */
  beforeWire: TraceStep[],
  egressChecked = false,
): SimResult {
  const { cluster } = run
  const l = lookup(cluster)
  const dstNode = l.node.get(pod.nodeName)!
  run.backend ??= { label: pod.id, ip: pod.ip, port: traffic.port, node: pod.nodeName }

  if (!egressChecked) {
    const dropped = checkEgress(
      run,
      src,
      asPeer(cluster, pod),
      traffic,
      `${pod.id} on ${trafficLabel(traffic)}`,
    )
    if (dropped) return dropped
  }

  const dstPlace: Place = pod.hostNetwork
    ? { kind: 'node', node: dstNode }
    : { kind: 'pod', pod, node: dstNode }
  run.trace.push(...beforeWire)
  // A node's own packets to a pod on another node carry its tunnel device's address where
  // the CNI routes through it, and that is what the destination's ipBlock rules see.
  if (srcPeer.kind === 'node' && srcPeer.ip === undefined) {
    const from = nodeSourceAddress(cluster.cni, srcPeer.node, pod, dstNode)
    if (from.ip !== srcPeer.node.ip) srcPeer = { ...srcPeer, ...from }
  }
  if (src.place) {
    const p = clusterPath(cluster, src.place, dstPlace)
    if (srcPeer.kind === 'node' && srcPeer.ip && srcPeer.ip !== srcPeer.node.ip)
      p.steps[0]?.details.push(
        `the source address is ${srcPeer.ip}, ${srcPeer.node.name}'s ${srcPeer.via} address: the route to ${pod.ip} goes through that device`,
      )
    run.trace.push(...p.steps)
    run.hops = p.hops
  } else {
    run.hops = [{ ip: pod.ip, label: pod.name }]
  }

  if (isPolicySubject(cluster, pod)) {
    const v = evaluateDirection(cluster, 'ingress', pod, srcPeer, traffic, { hairpin: run.hairpin })
    run.ingress = v
    run.trace.push(policyStep(run, v, pod.nodeName))
    if (!v.allowed)
      return run.finish(
        dropOutcome(cluster),
        `ingress to ${pod.id} from ${peerName(srcPeer)} on ${trafficLabel(traffic)} is dropped: ${v.text}`,
      )
  }

  if (pod.phase !== 'Running' && traffic.protocol !== 'ICMP') {
    // The sandbox (and so the address) exists, but no container runs yet: the pod's
    // kernel answers (ping too), nothing listens.
    run.trace.push({
      kind: 'reject',
      ok: false,
      node: pod.nodeName,
      title: `${pod.id} is ${pod.phase}: it has an address but its containers are not running`,
      details: [
        traffic.protocol === 'UDP'
          ? 'the kernel answers ICMP port unreachable'
          : 'the kernel answers with a TCP RST',
      ],
    })
    return run.finish('refused', `connection refused: ${pod.id} is ${pod.phase}, nothing listens yet`)
  }
  if (!listens(pod, traffic)) {
    const declared = pod.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ')
    run.trace.push({
      kind: 'reject',
      ok: false,
      node: pod.nodeName,
      title: `nothing listens on ${trafficLabel(traffic)} in ${pod.id}`,
      details: [
        `its containers declare ${declared}`,
        traffic.protocol === 'UDP'
          ? 'the kernel answers ICMP port unreachable'
          : 'the kernel answers with a TCP RST',
      ],
    })
    return run.finish(
      'refused',
      `connection refused: ${pod.id} does not listen on ${trafficLabel(traffic)} (it declares ${declared})`,
    )
  }
  // An L7 proxy on the path (Cilium's Envoy, for ports with HTTP rules) judges the request
  // itself: the source's egress rules first, then the destination's ingress rules.
  const req = run.req.http
  if (req && traffic.protocol === 'TCP') {
    for (const v of [run.egress, run.ingress]) {
      if (!v?.allowed || !v.l7) continue
      const verdict = matchHttp(v.l7, req)
      const side = v.direction === 'egress' ? `egress of ${v.subject.id}` : `ingress of ${v.subject.id}`
      run.trace.push({
        kind: 'l7-policy',
        ok: verdict.allowed,
        node: v.subject.nodeName,
        title: `HTTP ${req.method} ${req.path}, ${side}, judged by ${v.l7.proxy}: ${verdict.allowed ? 'allowed' : 'refused with 403 Access denied'}`,
        details: [verdict.text],
        ...(verdict.rule
          ? {
              policies: [
                {
                  kind: verdict.rule.ref.kind,
                  policy: verdict.rule.ref.policy,
                  rule: `${verdict.rule.ref.path}.rules.http[${verdict.rule.index}]`,
                },
              ],
            }
          : {}),
      })
      if (!verdict.allowed) {
        // The proxy answers the request itself (docs.cilium.io, Layer 7 policies: "an HTTP 403
        // access denied is sent back"); the body Envoy sends is "Access denied" and a CRLF.
        run.http = {
          request: req,
          allowed: false,
          status: 403,
          body: 'Access denied\r\n',
          text: verdict.text,
          proxy: v.l7.proxy,
        }
        run.trace.push(replyStep())
        return run.finish(
          'connected',
          `HTTP ${req.method} ${req.path} to ${pod.id} is refused by ${v.l7.proxy} (403 Access denied): ${verdict.text}`,
        )
      }
      run.http = { request: req, allowed: true, text: verdict.text, proxy: v.l7.proxy }
    }
  }
  run.trace.push({
    kind: 'deliver',
    ok: true,
    node: pod.nodeName,
    title: `${pod.id} accepts on ${trafficLabel(traffic)}`,
    details: [],
  })
  run.trace.push(replyStep())
  const why = [
    run.egress?.allowed && run.egress.reason === 'allowed-by-rule' ? `egress ${run.egress.text}` : '',
    run.ingress ? `ingress ${run.ingress.text}` : '',
  ]
    .filter(Boolean)
    .join('; ')
  return run.finish('connected', `connected to ${pod.id} on ${trafficLabel(traffic)}${why ? `: ${why}` : ''}`)
}

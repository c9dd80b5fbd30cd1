// Policy in tiers, for clusters that hold policy kinds beyond NetworkPolicy: which tier
// looks at a connection first, which rule of it decides, and what the next tier sees.
//
// One walker serves every CNI; the profile decides which tiers exist:
//
// - ClusterNetworkPolicy (fidelity §1h; network-policy-api v0.2.0): the Admin tier, then
//   the NetworkPolicy tier, then the Baseline tier, then default allow. Within a tier a
//   lower priority is read first and rules in the order written; Accept and Deny are
//   final, Pass skips the rest of the tier. There is no implicit isolation: a tier whose
//   rules do not match passes the connection on. NetworkPolicy "always makes a final
//   decision for selected pods" (apis/v1alpha2, ClusterNetworkPolicySpec.Tier).
// - Calico puts ClusterNetworkPolicies into its kube-admin and kube-baseline tiers
//   (default action Pass) around the default tier, where Kubernetes NetworkPolicies sit
//   at order 1000 beside GlobalNetworkPolicies (projectcalico/calico#3981). Within the
//   default tier policies are read from the lowest order up, ties and unordered
//   policies after by name; the first Allow or Deny decides, Log goes on, Pass leaves
//   the tier. A tier with a policy that applies to the endpoint but no decision ends
//   in an implicit deny; a tier where none applies is skipped (docs.tigera.io, "Get
//   started with policy tiers": implicit default deny, policy endpoint matching
//   across tiers; Tier reference: "If the Tier applies to the endpoint, but takes no
//   action on the packet the packet is dropped").
// - Cilium reads Kubernetes NetworkPolicies and CiliumNetworkPolicies together: deny
//   rules win over any allow, allows add up, and an endpoint any of them selects in a
//   direction is in default deny there (docs.cilium.io, Deny policies; Policy
//   enforcement modes). HTTP rules ride on the allowing rule's port (Layer 7 policies).
//
// The walker works on a "space" of connections: one connection (for the explained
// verdict) or a ConnSet of every port (for connlist). The matrix runs the same tiers
// over bit sets of peers.
import type { Direction, NetPeer, RuleRef, Traffic } from './evaluate'
import {
  npConns,
  npDroppedText,
  npMatches,
  notIsolatedText,
  peerIp,
  peerName,
  resolveNamedPort,
  trafficLabel,
} from './evaluate'
import type { DirectionVerdict } from './evaluate'
import { calicoMatches } from './calico-selector'
import { selectorMatches } from './selector'
import { ciliumKey } from './normalize-extensions'
import { lookup, namespaceLabels } from '../model/lookup'
import type {
  CalicoEntityRule,
  CalicoPort,
  CalicoRule,
  CiliumHttpRule,
  CiliumNetworkPolicy,
  CiliumPortRule,
  CiliumRule,
  Cluster,
  ClusterNetworkPolicy,
  CnpPeer,
  CnpRule,
  GlobalNetworkPolicy,
  Labels,
  NetworkPolicy,
  Node,
  Pod,
  Protocol,
} from '../model/types'
import { PROTOCOLS } from '../model/types'
import { ConnSet } from '../net/conn-set'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ip'
import type { Cidr } from '../net/ip'
import { byCodeUnit } from '../util/json'

// ---- what the walker reports

export type TierAction = 'allow' | 'deny' | 'pass' | 'log'

/** A rule of any policy kind, as the learner reads it. */
export interface TieredRuleRef {
  kind: 'ClusterNetworkPolicy' | 'GlobalNetworkPolicy' | 'CiliumNetworkPolicy' | 'NetworkPolicy'
  /** the policy's name (cluster-scoped kinds) or `namespace/name` */
  policy: string
  /** `spec.ingress[0]`, `spec.ingress[0].toPorts[1]` */
  path: string
  /** the action as the kind writes it: Accept, Deny, Pass, Allow, Log */
  action: string
  /** `"deny-partner"`, `order 100`, `priority 10`: what else identifies the rule */
  detail?: string
}

export interface TierStep {
  /** `Admin tier (ClusterNetworkPolicy)`, `Calico tier kube-admin`, … */
  tier: string
  /** what this tier did with the connection */
  outcome: 'allow' | 'deny' | 'pass' | 'no-policy'
  /** one line: which rule decided, or why the tier passed it on */
  text: string
  rule?: TieredRuleRef
}

/** HTTP rules that a CNI's proxy (Cilium's Envoy) applies to requests on a connection. */
export interface L7Rules {
  /** each allowing rule with its HTTP rules; a request must match one of them */
  rules: { ref: TieredRuleRef; http: CiliumHttpRule[] }[]
  /** where the proxy runs, e.g. `Cilium's Envoy on worker-1` */
  proxy: string
}

export interface HttpRequest {
  method: string
  path: string
  host?: string
  headers?: Record<string, string>
}

export interface L7Verdict {
  allowed: boolean
  /** the HTTP rule that allowed it */
  rule?: { ref: TieredRuleRef; index: number }
  text: string
}

// ---- which policy kinds this cluster enforces

function enforced(
  cluster: Cluster,
  kind: 'ClusterNetworkPolicy' | 'GlobalNetworkPolicy' | 'CiliumNetworkPolicy',
) {
  return cluster.cni.policy.extensions[kind].support === 'enforced'
}

/** Whether any policy beyond NetworkPolicy takes part (else the plain NetworkPolicy evaluator answers). */
export function hasExtensions(cluster: Cluster): boolean {
  return !!(
    cluster.clusterPolicies?.length ||
    cluster.calicoPolicies?.length ||
    cluster.ciliumPolicies?.length
  )
}

/** One note per stored policy that has no effect, for the trace. */
export function inertNotes(cluster: Cluster): string[] {
  return (cluster.inertPolicies ?? []).map((p) => `${p.kind} ${p.id} has no effect: ${p.why}`)
}

// ---- the tiers of one direction of one subject

/** A set of connections the walker narrows down: one connection, or every port as a ConnSet. */
export interface Space<S> {
  none: S
  all: S
  and(a: S, b: S): S
  or(a: S, b: S): S
  minus(a: S, b: S): S
  empty(a: S): boolean
}

const ONE: Space<boolean> = {
  none: false,
  all: true,
  and: (a, b) => a && b,
  or: (a, b) => a || b,
  minus: (a, b) => a && !b,
  empty: (a) => !a,
}

const CONNS: Space<ConnSet> = {
  none: ConnSet.none(),
  all: ConnSet.all(),
  and: (a, b) => a.intersect(b),
  or: (a, b) => a.union(b),
  minus: (a, b) => a.minus(b),
  empty: (a) => a.isEmpty(),
}

/** One rule (or one port rule of a Cilium rule) as the walker reads it. */
export interface RuleEntry {
  kind: 'rule'
  action: TierAction
  ref: TieredRuleRef
  /** does the other end of the connection match the rule's peers */
  peer(p: NetPeer): boolean
  /** the ports it matches, against the connection's destination */
  ports(dest: NetPeer | undefined): PortMatch
  /** HTTP rules this allow carries (Cilium) */
  http?: CiliumHttpRule[]
  /** a why-not for a rule of a kind the lab does not fully simulate */
  inert?: string
}

/** The Kubernetes NetworkPolicies of the subject, read as one block of allow rules. */
export interface NpEntry {
  kind: 'np'
  selecting: NetworkPolicy[]
}

export type Entry = RuleEntry | NpEntry

export interface Tier {
  name: string
  entries: Entry[]
  /** the tier holds a policy that applies to the subject in this direction */
  applies: boolean
  /** what happens to a connection no rule of an applying tier decided */
  end: 'deny' | 'pass'
  /** the end-of-tier sentence when it denies, for a peer and a connection */
  endText?: (peer: string, traffic: string) => string
}

/** Which ports a rule matches: a predicate for one connection and the set for connlist. */
export interface PortMatch {
  has(t: Traffic): boolean
  set(): ConnSet
}

const ALL_PORTS: PortMatch = { has: () => true, set: () => ConnSet.all() }

function portsOf(sets: { protocol: Protocol; first?: number; last?: number }[]): PortMatch {
  return {
    has: (t) =>
      t.protocol !== 'ICMP' &&
      sets.some(
        (p) =>
          p.protocol === t.protocol &&
          (p.first === undefined || (t.port! >= p.first && t.port! <= (p.last ?? p.first))),
      ),
    set: () =>
      sets.reduce((acc, p) => acc.union(ConnSet.of(p.protocol, p.first, p.last ?? p.first)), ConnSet.none()),
  }
}

const cidrCache = new Map<string, Cidr | undefined>()
function cidr(text: string): Cidr | undefined {
  if (!cidrCache.has(text)) {
    if (cidrCache.size > 4096) cidrCache.clear()
    cidrCache.set(text, parseCidr(text))
  }
  return cidrCache.get(text)
}

function ipIn(net: NetPeer, cidrs: string[], except: string[] = []): boolean {
  const ip = parseIPv4(peerIp(net))
  if (ip === undefined) return false
  const inside = (c: string) => {
    const x = cidr(c)
    return !!x && cidrContains(x, ip)
  }
  return cidrs.some(inside) && !except.some(inside)
}

function nodeOf(cluster: Cluster, net: NetPeer): Node | undefined {
  if (net.kind === 'node') return net.node
  if (net.kind === 'pod' && net.pod.hostNetwork) return lookup(cluster).node.get(net.pod.nodeName)
  return undefined
}

// ---- ClusterNetworkPolicy

function cnpSelects(cluster: Cluster, p: ClusterNetworkPolicy, pod: Pod): boolean {
  // Host-networked pods are never subjects of a ClusterNetworkPolicy (ClusterNetworkPolicySubject).
  if (pod.hostNetwork) return false
  const ns = namespaceLabels(cluster, pod.namespace)
  if ('namespaces' in p.subject) return selectorMatches(p.subject.namespaces, ns)
  return (
    selectorMatches(p.subject.pods.namespaceSelector, ns) &&
    selectorMatches(p.subject.pods.podSelector, pod.labels)
  )
}

function cnpPeerMatches(cluster: Cluster, peer: CnpPeer, net: NetPeer): boolean {
  switch (peer.kind) {
    case 'namespaces':
      return (
        net.kind === 'pod' &&
        !net.pod.hostNetwork &&
        selectorMatches(peer.namespaces, namespaceLabels(cluster, net.pod.namespace))
      )
    case 'pods':
      return (
        net.kind === 'pod' &&
        !net.pod.hostNetwork &&
        selectorMatches(peer.pods.namespaceSelector, namespaceLabels(cluster, net.pod.namespace)) &&
        selectorMatches(peer.pods.podSelector, net.pod.labels)
      )
    case 'nodes': {
      const node = nodeOf(cluster, net)
      return !!node && selectorMatches(peer.nodes, node.labels)
    }
    // Networks match every address, in-cluster ones included (ClusterNetworkPolicyEgressPeer.Networks).
    case 'networks':
      return ipIn(net, peer.networks)
    // Domain names need the implementation's DNS view, which the lab does not model.
    case 'domainNames':
      return false
  }
}

function cnpPorts(rule: CnpRule, dest: NetPeer | undefined): PortMatch {
  if (!rule.ports.length) return ALL_PORTS
  const sets: { protocol: Protocol; first?: number; last?: number }[] = []
  for (const p of rule.ports) {
    if ('namedPort' in p) {
      if (dest?.kind !== 'pod') continue
      for (const cp of dest.pod.ports)
        if (cp.name === p.namedPort) sets.push({ protocol: cp.protocol, first: cp.containerPort })
    } else sets.push(p)
  }
  return portsOf(sets)
}

function cnpEntries(
  cluster: Cluster,
  policies: ClusterNetworkPolicy[],
  dir: Direction,
  subject: Pod,
  tierLabel: string,
): RuleEntry[] {
  const out: RuleEntry[] = []
  for (const p of policies) {
    if (!cnpSelects(cluster, p, subject)) continue
    for (const rule of dir === 'ingress' ? p.ingress : p.egress) {
      const domains = rule.peers.some((x) => x.kind === 'domainNames')
      out.push({
        kind: 'rule',
        action: rule.action === 'Accept' ? 'allow' : rule.action === 'Deny' ? 'deny' : 'pass',
        ref: {
          kind: 'ClusterNetworkPolicy',
          policy: p.name,
          path: `spec.${dir}[${rule.index}]`,
          action: rule.action,
          detail: `${tierLabel} tier, priority ${p.priority}${rule.name ? `, rule "${rule.name}"` : ''}`,
        },
        peer: (net) => rule.peers.some((x) => cnpPeerMatches(cluster, x, net)),
        ports: (dest) => cnpPorts(rule, dest),
        ...(domains
          ? { inert: 'domainNames peers are not simulated (the lab does not resolve names for policy)' }
          : {}),
      })
    }
  }
  return out
}

const byPriority = (a: ClusterNetworkPolicy, b: ClusterNetworkPolicy) =>
  a.priority - b.priority || byCodeUnit(a.name, b.name)

// ---- Calico

/** An endpoint's labels as Calico's selectors see them: the pod's, plus the namespace it lives in. */
function calicoEndpointLabels(pod: Pod): Labels {
  return {
    ...pod.labels,
    'projectcalico.org/namespace': pod.namespace,
    'projectcalico.org/orchestrator': 'k8s',
  }
}

/** A namespace's labels for Calico's namespaceSelector, which also offers its name as projectcalico.org/name. */
function calicoNamespaceLabels(cluster: Cluster, ns: string): Labels {
  return { ...namespaceLabels(cluster, ns), 'projectcalico.org/name': ns }
}

/** A workload endpoint: a pod with its own interface (hostNetwork pods are their node's host endpoint). */
function workload(net: NetPeer): Pod | undefined {
  return net.kind === 'pod' && !net.pod.hostNetwork ? net.pod : undefined
}

export function gnpApplies(cluster: Cluster, p: GlobalNetworkPolicy, dir: Direction, pod: Pod): boolean {
  if (p.hostEndpointsOnly || !p.types.includes(dir === 'ingress' ? 'Ingress' : 'Egress') || pod.hostNetwork)
    return false
  if (!calicoMatches(p.selector.expr, calicoEndpointLabels(pod))) return false
  return (
    !p.namespaceSelector ||
    calicoMatches(p.namespaceSelector.expr, calicoNamespaceLabels(cluster, pod.namespace))
  )
}

/** Calico's EntityRule: every criterion written must match (docs.tigera.io, EntityRule). */
function entityMatches(cluster: Cluster, e: CalicoEntityRule, net: NetPeer): boolean {
  const wep = workload(net)
  const inScope = () =>
    !e.namespaceSelector ||
    (!!wep && calicoMatches(e.namespaceSelector.expr, calicoNamespaceLabels(cluster, wep.namespace)))
  if (e.selector || e.namespaceSelector) {
    if (!wep || !inScope()) return false
    if (e.selector && !calicoMatches(e.selector.expr, calicoEndpointLabels(wep))) return false
  }
  // notSelector negates the packet match: anything but the endpoints it selects.
  if (e.notSelector && wep && inScope() && calicoMatches(e.notSelector.expr, calicoEndpointLabels(wep)))
    return false
  if (e.nets.length && !ipIn(net, e.nets)) return false
  if (e.notNets.length && ipIn(net, e.notNets)) return false
  return true
}

function calicoPortSets(ports: CalicoPort[], protocol: Protocol, dest: NetPeer | undefined) {
  const sets: { protocol: Protocol; first: number; last: number }[] = []
  for (const p of ports) {
    if ('name' in p) {
      const n = resolveNamedPort(p.name, protocol, dest)
      if (n !== undefined) sets.push({ protocol, first: n, last: n })
    } else sets.push({ protocol, first: Math.max(1, p.first), last: p.last })
  }
  return sets
}

/** The protocol and destination ports a Calico rule matches. */
function calicoPorts(rule: CalicoRule, dest: NetPeer | undefined): PortMatch {
  const protos: (Protocol | 'ICMP')[] = []
  const known = (p: unknown): p is Protocol | 'ICMP' => p === 'ICMP' || PROTOCOLS.includes(p as Protocol)
  for (const p of [...PROTOCOLS, 'ICMP'] as const) {
    if (rule.protocol !== undefined && rule.protocol !== p) continue
    if (rule.notProtocol !== undefined && rule.notProtocol === p) continue
    protos.push(p)
  }
  // A protocol the lab's traffic never uses (UDPLite, ICMPv6, a number): nothing to match.
  if (rule.protocol !== undefined && !known(rule.protocol)) protos.length = 0
  const d = rule.destination
  const portSets = (p: Protocol) => {
    let set = ConnSet.of(p)
    if (d.ports.length)
      set = calicoPortSets(d.ports, p, dest).reduce(
        (acc, x) => acc.union(ConnSet.of(p, x.first, x.last)),
        ConnSet.none(),
      )
    for (const x of calicoPortSets(d.notPorts, p, dest)) set = set.minus(ConnSet.of(p, x.first, x.last))
    return set
  }
  return {
    has: (t) => {
      if (!protos.includes(t.protocol)) return false
      if (t.protocol === 'ICMP') return true
      return portSets(t.protocol).has(t.protocol, t.port!)
    },
    set: () =>
      protos
        .filter((p): p is Protocol => p !== 'ICMP')
        .reduce((acc, p) => acc.union(portSets(p)), ConnSet.none()),
  }
}

function gnpEntries(cluster: Cluster, p: GlobalNetworkPolicy, dir: Direction, subject: Pod): RuleEntry[] {
  const self: NetPeer = { kind: 'pod', pod: subject }
  return (dir === 'ingress' ? p.ingress : p.egress).map((rule) => {
    const ref: TieredRuleRef = {
      kind: 'GlobalNetworkPolicy',
      policy: p.name,
      path: `spec.${dir}[${rule.index}]`,
      action: rule.action,
      detail: p.order === undefined ? 'no order' : `order ${p.order}`,
    }
    // The subject's own end of the packet is fixed: for ingress it is the destination.
    const own = dir === 'ingress' ? rule.destination : rule.source
    const ownOk = entityMatches(cluster, own, self) && !rule.unmodelled.length
    const other = dir === 'ingress' ? rule.source : rule.destination
    return {
      kind: 'rule' as const,
      action: rule.action.toLowerCase() as TierAction,
      ref,
      peer: (net: NetPeer) => ownOk && entityMatches(cluster, other, net),
      ports: (dest: NetPeer | undefined) => calicoPorts(rule, dest),
      ...(rule.unmodelled.length
        ? {
            inert: `it matches on ${rule.unmodelled.join(', ')}, which the lab does not simulate, so it matches nothing here`,
          }
        : {}),
    }
  })
}

const byOrder = (a: GlobalNetworkPolicy, b: GlobalNetworkPolicy) =>
  (a.order ?? Infinity) - (b.order ?? Infinity) || byCodeUnit(a.name, b.name)

// Calico's name for a Kubernetes NetworkPolicy, which decides ties at order 1000.
const KNP_PREFIX = 'knp.default.'

// ---- Cilium

/** An endpoint's labels as Cilium's selectors see them (pod labels, its namespace and the namespace's labels). */
function ciliumLabels(cluster: Cluster, pod: Pod): Labels {
  const out: Record<string, string> = { ...pod.labels, 'io.kubernetes.pod.namespace': pod.namespace }
  for (const [k, v] of Object.entries(namespaceLabels(cluster, pod.namespace)))
    out[`io.cilium.k8s.namespace.labels.${k}`] = v
  return out
}

export function ciliumSelects(cluster: Cluster, p: CiliumNetworkPolicy, pod: Pod): boolean {
  return !pod.hostNetwork && selectorMatches(p.endpointSelector, ciliumLabels(cluster, pod))
}

function ciliumEntityMatches(entity: string, net: NetPeer, subject: Pod, cluster: Cluster): boolean {
  const node = nodeOf(cluster, net)
  switch (entity) {
    case 'all':
      return true
    case 'world':
      return net.kind === 'external'
    case 'cluster':
      return net.kind !== 'external'
    case 'host':
      return !!node && node.name === subject.nodeName
    case 'remote-node':
      return !!node && node.name !== subject.nodeName
    // The API server runs on the control-plane nodes of the lab's kubeadm cluster.
    case 'kube-apiserver':
      return !!node && node.role === 'control-plane'
    default:
      return false
  }
}

function ciliumPeer(cluster: Cluster, rule: CiliumRule, net: NetPeer, subject: Pod): boolean {
  if (rule.unmodelled.length) return false
  // toPorts alone means every peer; a rule with neither peers nor ports allows nothing.
  if (!rule.hasL3) return rule.toPorts.length > 0
  const pod = workload(net)
  if (pod && rule.endpoints.some((s) => selectorMatches(s, ciliumLabels(cluster, pod)))) return true
  if (rule.entities.some((e) => ciliumEntityMatches(e, net, subject, cluster))) return true
  // CIDR rules describe peers outside the cluster; endpoints and nodes go by identity (NP-15).
  const b = cluster.cni.policy
  if (net.kind === 'pod' && !b.ipBlockMatchesPodIPs) return false
  if (net.kind === 'node' && !b.ipBlockMatchesNodeIPs) return false
  return rule.cidrs.some((c) => ipIn(net, [c.cidr], c.except))
}

function ciliumPortMatch(pr: CiliumPortRule | undefined, dest: NetPeer | undefined): PortMatch {
  if (!pr || !pr.ports.length) return ALL_PORTS
  const sets: { protocol: Protocol; first?: number; last?: number }[] = []
  for (const p of pr.ports) {
    const protos: Protocol[] =
      p.protocol === 'ANY' ? [...PROTOCOLS] : PROTOCOLS.includes(p.protocol) ? [p.protocol] : []
    for (const protocol of protos) {
      if (p.name) {
        const n = resolveNamedPort(p.name, protocol, dest)
        if (n !== undefined) sets.push({ protocol, first: n, last: n })
      } else if (p.port === undefined) sets.push({ protocol })
      else sets.push({ protocol, first: p.port, last: p.endPort ?? p.port })
    }
  }
  return portsOf(sets)
}

function ciliumEntries(
  cluster: Cluster,
  p: CiliumNetworkPolicy,
  dir: Direction,
  subject: Pod,
  deny: boolean,
): RuleEntry[] {
  const key = `${dir}${deny ? 'Deny' : ''}` as 'ingress' | 'egress' | 'ingressDeny' | 'egressDeny'
  const out: RuleEntry[] = []
  for (const rule of p[key]) {
    const base = `${p.path}.${key}[${rule.index}]`
    const inert = rule.unmodelled.length
      ? `it uses ${rule.unmodelled.join(', ')}, which the lab does not simulate, so it matches nothing here`
      : undefined
    const ports: (CiliumPortRule | undefined)[] = rule.toPorts.length ? rule.toPorts : [undefined]
    for (const pr of ports) {
      out.push({
        kind: 'rule',
        action: deny ? 'deny' : 'allow',
        ref: {
          kind: 'CiliumNetworkPolicy',
          policy: `${p.namespace}/${p.name}`,
          path: pr ? `${base}.toPorts[${pr.index}]` : base,
          action: deny ? 'Deny' : 'Allow',
        },
        peer: (net) => ciliumPeer(cluster, rule, net, subject),
        ports: (dest) => ciliumPortMatch(pr, dest),
        ...(pr?.http ? { http: pr.http } : {}),
        ...(inert ? { inert } : {}),
      })
    }
  }
  return out
}

// ---- assembling the tiers

// Clusters are immutable values; a subject's tiers are built once per cluster.
const tierCache = new WeakMap<Cluster, Map<string, Tier[]>>()

/** The tiers a connection in `dir` of `subject` goes through, in order. */
export function tiersFor(cluster: Cluster, dir: Direction, subject: Pod): Tier[] {
  let byKey = tierCache.get(cluster)
  if (!byKey) tierCache.set(cluster, (byKey = new Map()))
  const key = `${dir}|${subject.id}|${subject.nodeName}|${JSON.stringify(subject.labels)}`
  let tiers = byKey.get(key)
  if (!tiers) byKey.set(key, (tiers = buildTiers(cluster, dir, subject)))
  return tiers
}

function buildTiers(cluster: Cluster, dir: Direction, subject: Pod): Tier[] {
  const cnps = enforced(cluster, 'ClusterNetworkPolicy') ? (cluster.clusterPolicies ?? []) : []
  const calico = enforced(cluster, 'GlobalNetworkPolicy')
  const cilium = enforced(cluster, 'CiliumNetworkPolicy')
  const admin = cnpEntries(
    cluster,
    cnps.filter((p) => p.tier === 'Admin').sort(byPriority),
    dir,
    subject,
    'Admin',
  )
  const baseline = cnpEntries(
    cluster,
    cnps.filter((p) => p.tier === 'Baseline').sort(byPriority),
    dir,
    subject,
    'Baseline',
  )
  const selecting = npSelecting(cluster, dir, subject)
  const tiers: Tier[] = []
  // The ClusterNetworkPolicy tiers are shown only where the cluster has such policies.
  if (cnps.some((p) => p.tier === 'Admin'))
    tiers.push({
      name: calico
        ? 'Calico tier kube-admin (ClusterNetworkPolicy, Admin)'
        : 'Admin tier (ClusterNetworkPolicy)',
      entries: admin,
      applies: admin.length > 0,
      end: 'pass',
    })

  if (calico) {
    // GlobalNetworkPolicies and the NetworkPolicies (as order 1000) share the default tier.
    const gnps = (cluster.calicoPolicies ?? [])
      .filter((p) => gnpApplies(cluster, p, dir, subject))
      .sort(byOrder)
    const entries: Entry[] = []
    let npPlaced = !selecting.length
    for (const p of gnps) {
      const key = p.order ?? Infinity
      if (!npPlaced && (key > 1000 || (key === 1000 && byCodeUnit(p.name, KNP_PREFIX) > 0))) {
        entries.push({ kind: 'np', selecting })
        npPlaced = true
      }
      entries.push(...gnpEntries(cluster, p, dir, subject))
    }
    if (!npPlaced) entries.push({ kind: 'np', selecting })
    const applying = [...gnps.map((p) => `GlobalNetworkPolicy ${p.name}`), ...selecting.map((p) => p.id)]
    tiers.push({
      name: 'Calico default tier (GlobalNetworkPolicy, and NetworkPolicy as order 1000)',
      entries,
      applies: applying.length > 0,
      end: 'deny',
      endText: (who, what) =>
        `${subject.id} is selected for ${dir === 'ingress' ? 'Ingress' : 'Egress'} in Calico's default tier by ${applying.join(', ')}; no rule there decides ${dir === 'ingress' ? 'from' : 'to'} ${who} on ${what}, so the tier's implicit deny drops it`,
    })
  } else if (cilium) {
    const cps = (cluster.ciliumPolicies ?? []).filter((p) => ciliumSelects(cluster, p, subject))
    const entries: Entry[] = [
      ...cps.flatMap((p) => ciliumEntries(cluster, p, dir, subject, true)),
      ...(selecting.length ? [{ kind: 'np' as const, selecting }] : []),
      ...cps.flatMap((p) => ciliumEntries(cluster, p, dir, subject, false)),
    ]
    const isolating = [
      ...selecting.map((p) => p.id),
      ...cps.filter((p) => p.defaultDeny[dir]).map((p) => `CiliumNetworkPolicy ${p.namespace}/${p.name}`),
    ]
    tiers.push({
      name: 'Cilium policy (NetworkPolicy and CiliumNetworkPolicy)',
      entries,
      applies: cps.length > 0 || selecting.length > 0,
      end: isolating.length ? 'deny' : 'pass',
      endText: (who, what) =>
        `${subject.id} is selected for ${dir === 'ingress' ? 'Ingress' : 'Egress'} by ${[...new Set(isolating)].join(', ')}, which puts it in default deny; no rule admits ${dir === 'ingress' ? 'from' : 'to'} ${who} on ${what}`,
    })
  } else {
    tiers.push({
      name: 'NetworkPolicy tier',
      entries: selecting.length ? [{ kind: 'np', selecting }] : [],
      applies: selecting.length > 0,
      end: 'deny',
    })
  }

  if (cnps.some((p) => p.tier === 'Baseline'))
    tiers.push({
      name: calico
        ? 'Calico tier kube-baseline (ClusterNetworkPolicy, Baseline)'
        : 'Baseline tier (ClusterNetworkPolicy)',
      entries: baseline,
      applies: baseline.length > 0,
      end: 'pass',
    })
  return tiers
}

// npMatches computes rule matches too; only the selection is needed to build the tiers.
function npSelecting(cluster: Cluster, dir: Direction, subject: Pod): NetworkPolicy[] {
  const l = lookup(cluster)
  return (l.policiesIn.get(subject.namespace) ?? []).filter(
    (p) =>
      p.policyTypes.includes(dir === 'ingress' ? 'Ingress' : 'Egress') &&
      selectorMatches(p.podSelector, subject.labels),
  )
}

// ---- walking the tiers

export interface Walk<S> {
  allowed: S
  steps: TierStep[]
  /** the entry that allowed a single connection, when one did */
  allowedBy?: Entry
  deniedBy?: RuleEntry
  endDenied?: Tier
}

export function walk<S>(
  tiers: Tier[],
  space: Space<S>,
  entrySet: (e: Entry) => S,
  explain: boolean,
  /** the peer and the connection, in words, for the sentences of an explained walk */
  about: [string, string] = ['the peer', 'this port'],
): Walk<S> {
  let remaining = space.all
  let allowed = space.none
  const steps: TierStep[] = []
  let allowedBy: Entry | undefined
  let deniedBy: RuleEntry | undefined
  let endDenied: Tier | undefined
  for (const tier of tiers) {
    // Everything is decided: the later tiers never see the connection.
    if (space.empty(remaining)) break
    if (!tier.applies) {
      if (explain)
        steps.push({
          tier: tier.name,
          outcome: 'no-policy',
          text: 'no policy of this tier applies to the pod',
        })
      continue
    }
    let passed = space.none
    let decided: TierStep | undefined
    for (const e of tier.entries) {
      if (space.empty(remaining)) break
      const m = space.and(remaining, entrySet(e))
      if (space.empty(m)) continue
      const action: TierAction = e.kind === 'np' ? 'allow' : e.action
      if (action === 'log') continue
      if (action === 'allow') allowed = space.or(allowed, m)
      if (action === 'pass') passed = space.or(passed, m)
      remaining = space.minus(remaining, m)
      if (explain && !decided) {
        if (action === 'allow') allowedBy = e
        if (action === 'deny' && e.kind === 'rule') deniedBy = e
        decided = {
          tier: tier.name,
          outcome: action,
          text:
            e.kind === 'np'
              ? 'a NetworkPolicy rule admits it'
              : `${describeRef(e.ref)}${action === 'pass' ? ' passes it to the next tier' : ''}`,
          ...(e.kind === 'rule' ? { rule: e.ref } : {}),
        }
      }
    }
    if (explain)
      steps.push(
        decided ?? {
          tier: tier.name,
          outcome: tier.end,
          text:
            tier.end === 'deny'
              ? (tier.endText?.(...about) ?? 'no rule admits it, so the tier denies it')
              : 'no rule of this tier matches, so it goes on to the next tier',
        },
      )
    if (tier.end === 'deny') {
      if (explain && !decided && !space.empty(remaining)) endDenied = tier
      remaining = space.none
    }
    remaining = space.or(remaining, passed)
  }
  allowed = space.or(allowed, remaining)
  return {
    allowed,
    steps,
    ...(allowedBy ? { allowedBy } : {}),
    ...(deniedBy ? { deniedBy } : {}),
    ...(endDenied ? { endDenied } : {}),
  }
}

export function describeRef(r: TieredRuleRef): string {
  const kind = r.kind === 'NetworkPolicy' ? 'NetworkPolicy' : r.kind
  return `${kind} ${r.policy} ${r.path} (${r.action}${r.detail ? `, ${r.detail}` : ''})`
}

// ---- one connection, explained

export function tieredDirection(
  cluster: Cluster,
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  traffic: Traffic,
): DirectionVerdict {
  const tiers = tiersFor(cluster, dir, subject)
  const dest: NetPeer = dir === 'ingress' ? { kind: 'pod', pod: subject } : peer
  const np = npMatches(cluster, dir, subject, peer, traffic)
  const entryOk = (e: Entry): boolean => {
    if (e.kind === 'np') return np.matched.length > 0
    return e.peer(peer) && e.ports(dest).has(traffic)
  }
  const about: [string, string] = [peerName(peer), trafficLabel(traffic)]
  const w = walk(tiers, ONE, entryOk, true, about)
  const calico = cluster.cni.policy.extensions.GlobalNetworkPolicy.support === 'enforced'
  for (const step of w.steps)
    if (step.outcome === 'allow' && !step.rule)
      step.text = `allowed by ${np.matched.map((m) => `${m.policy.id} ${m.path}`).join(', ')}${calico ? " (a Kubernetes NetworkPolicy: order 1000 in Calico's default tier)" : ''}`
  const base = {
    direction: dir,
    subject,
    peer,
    selecting: np.selecting,
    matched: [] as RuleRef[],
    misses: np.misses,
    // The tiers are worth showing only when one of them applies to the pod.
    ...(tiers.some((t) => t.applies) ? { tiers: w.steps } : {}),
  }
  const inert = tiers.flatMap((t) => t.entries).filter((e): e is RuleEntry => e.kind === 'rule' && !!e.inert)
  const inertText = inert.map((e) => `${describeRef(e.ref)}: ${e.inert}`)
  const notes = inertText.length ? { notes: inertText } : {}
  if (!w.allowed) {
    if (w.deniedBy)
      return {
        ...base,
        ...notes,
        allowed: false,
        reason: 'denied-by-rule',
        text: `denied by ${describeRef(w.deniedBy.ref)}`,
      }
    const tier = w.endDenied
    const onlyNp = tier?.entries.every((e) => e.kind === 'np') ?? true
    return {
      ...base,
      ...notes,
      allowed: false,
      reason: 'no-rule-matched',
      text:
        onlyNp && np.selecting.length
          ? npDroppedText(dir, subject, peer, traffic, np.selecting)
          : (tier?.endText?.(...about) ?? `no rule admits ${peerName(peer)} on ${trafficLabel(traffic)}`),
    }
  }
  const l7 =
    traffic.protocol === 'TCP' ? l7For(tiers, peer, dest, traffic, np.matched.length > 0, subject) : undefined
  const withL7 = l7 ? { l7 } : {}
  const by = w.allowedBy
  if (by?.kind === 'np')
    return {
      ...base,
      ...notes,
      ...withL7,
      matched: np.matched,
      allowed: true,
      reason: 'allowed-by-rule',
      text: `allowed by ${np.matched.map((m) => `${m.policy.id} ${m.path}`).join(', ')}`,
    }
  if (by)
    return {
      ...base,
      ...notes,
      ...withL7,
      matched: np.matched,
      allowed: true,
      reason: 'accepted-by-rule',
      text: `allowed by ${describeRef(by.ref)}`,
    }
  // Every tier passed it on, or none applied: the default allow.
  const anyApplied = tiers.some((t) => t.applies)
  return {
    ...base,
    ...notes,
    ...withL7,
    allowed: true,
    reason: 'not-isolated',
    text: anyApplied
      ? `no tier decided: ${
          w.steps
            .filter((s) => s.outcome === 'pass')
            .map((s) => s.tier)
            .join(', ') || 'every tier'
        } passed it on, and what no policy decides is allowed`
      : notIsolatedText(dir, subject),
  }
}

/**
 * The HTTP rules a request on an allowed TCP connection must match. Cilium merges every
 * allow that admits this peer on this port: when one of them has no HTTP rules, any
 * request passes ("the layer 7 portions of the latter rule will have no effect").
 */
function l7For(
  tiers: Tier[],
  peer: NetPeer,
  dest: NetPeer,
  traffic: Traffic,
  npAllowed: boolean,
  subject: Pod,
): L7Rules | undefined {
  if (npAllowed) return undefined
  const allows = tiers
    .flatMap((t) => t.entries)
    .filter(
      (e): e is RuleEntry =>
        e.kind === 'rule' && e.action === 'allow' && e.peer(peer) && e.ports(dest).has(traffic),
    )
  if (!allows.length || allows.some((e) => !e.http)) return undefined
  // The proxy runs beside the policy's endpoint: the destination's node for ingress rules,
  // the source's for egress ones; either way the subject's.
  return {
    rules: allows.map((e) => ({ ref: e.ref, http: e.http! })),
    proxy: `Cilium's Envoy proxy on ${subject.nodeName}`,
  }
}

const regexCache = new Map<string, RegExp | null>()

/** A rule's regular expression, matched against the whole value as Envoy's safe_regex does; null when invalid. */
export function httpRegex(source: string): RegExp | null {
  let r = regexCache.get(source)
  if (r === undefined) {
    // RE2 (Envoy) has no lookaround or backreferences: such a pattern is refused, not matched.
    const re2Unsupported = /\(\?[=!<]|\\[1-9]/.test(source)
    try {
      r = re2Unsupported ? null : new RegExp(`^(?:${source})$`)
    } catch {
      r = null
    }
    if (regexCache.size > 1024) regexCache.clear()
    regexCache.set(source, r)
  }
  return r
}

function httpRuleMatches(h: CiliumHttpRule, req: HttpRequest): boolean {
  const test = (pattern: string | undefined, value: string) => !pattern || !!httpRegex(pattern)?.test(value)
  if (!test(h.method, req.method)) return false
  if (!test(h.path, req.path)) return false
  if (h.host && !test(h.host, req.host ?? '')) return false
  const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  return h.headers.every((line) => {
    const [name, ...rest] = line.split(/:\s*/)
    const have = headers[(name ?? '').toLowerCase()]
    return have !== undefined && (!rest.length || have === rest.join(':'))
  })
}

/** Whether the proxy lets one HTTP request through, and which rule decided. */
export function matchHttp(l7: L7Rules, req: HttpRequest): L7Verdict {
  for (const r of l7.rules)
    for (const h of r.http)
      if (httpRuleMatches(h, req))
        return {
          allowed: true,
          rule: { ref: r.ref, index: h.index },
          text: `${req.method} ${req.path} matches ${r.ref.kind} ${r.ref.policy} ${r.ref.path}.rules.http[${h.index}] (${describeHttp(h)})`,
        }
  const written = l7.rules.flatMap((r) =>
    r.http.map((h) => `${r.ref.policy} ${r.ref.path}.rules.http[${h.index}] (${describeHttp(h)})`),
  )
  return {
    allowed: false,
    text: `${req.method} ${req.path} matches no HTTP rule (${written.join('; ')}), so the proxy answers 403 Access denied`,
  }
}

export function describeHttp(h: CiliumHttpRule): string {
  const parts = [h.method ? `method ${h.method}` : 'any method', h.path ? `path ${h.path}` : 'any path']
  if (h.host) parts.push(`host ${h.host}`)
  if (h.headers.length) parts.push(`headers ${h.headers.join(', ')}`)
  return parts.join(', ')
}

// ---- every port, for connlist and the property tests

export function tieredConns(cluster: Cluster, dir: Direction, subject: Pod, peer: NetPeer): ConnSet {
  const tiers = tiersFor(cluster, dir, subject)
  const dest: NetPeer = dir === 'ingress' ? { kind: 'pod', pod: subject } : peer
  const np = () => npConns(cluster, dir, subject, peer, npSelecting(cluster, dir, subject))
  let npSet: ConnSet | undefined
  return walk(
    tiers,
    CONNS,
    (e) => (e.kind === 'np' ? (npSet ??= np()) : e.peer(peer) ? e.ports(dest).set() : ConnSet.none()),
    false,
  ).allowed
}

/** The label a Cilium selector key means for a pod (k8s: and any: prefixes dropped). */
export { ciliumKey }

// NetworkPolicy evaluation for one direction of one connection, with the reasons: which
// policies isolate the pod, which rule admitted the peer, or why each rule did not.
import type { PolicyBehaviour } from '../cni/profiles'
import { nodeSourceAddress } from '../datapath/path'
import { lookup, namespaceLabels } from '../model/lookup'
import type {
  Cluster,
  IpBlockPeer,
  NetworkPolicy,
  Node,
  Pod,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
} from '../model/types'
import { ConnSet } from '../net/conn-set'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ip'
import type { Cidr } from '../net/ip'
import { affectsEgress, affectsIngress } from './normalize'
import { formatSelector, selectorMatches } from './selector'
import { hasExtensions, inertNotes, tieredConns, tieredDirection } from './tiers'
import type { L7Rules, TierStep } from './tiers'

export type Direction = 'ingress' | 'egress'

/** One end of a connection as policy sees it. */
export type NetPeer =
  | { kind: 'pod'; pod: Pod }
  /**
   * a node's own address: kubelet, node daemons, and hostNetwork pods where the CNI treats
   * them so. `ip` is the address its packets carry when that is not the node IP (the
   * tunnel device's, towards a pod on another node), with the device named in `via`.
   */
  | { kind: 'node'; node: Node; ip?: string; via?: string }
  | { kind: 'external'; ip: string }

export interface Traffic {
  protocol: Protocol | 'ICMP'
  /** destination port; undefined for ICMP */
  port?: number
}

export interface RuleRef {
  policy: NetworkPolicy
  direction: Direction
  rule: PolicyRule
  /** `spec.ingress[0]` */
  path: string
}

export interface RuleMiss extends RuleRef {
  /** what did not match: the peer, or the port */
  part: 'peer' | 'port'
  detail: string
}

export type DirectionReason =
  /** the CNI does not enforce NetworkPolicy (NP-01) */
  | 'not-enforced'
  /** no policy selects the pod for this direction (NP-02) */
  | 'not-isolated'
  /** at least one rule admits the peer and port */
  | 'allowed-by-rule'
  /** isolated, and no rule admits this peer and port */
  | 'no-rule-matched'
  /** a pod reaching itself (NP-10) */
  | 'self'
  /** traffic from the pod's own node (NP-10) */
  | 'own-node'
  /** the subject is a hostNetwork pod, which policies do not select (NP-22) */
  | 'host-network'
  /** ICMP is not filtered by this CNI (NP-25) */
  | 'protocol-not-filtered'
  /** a pod reaching itself through its Service, which this CNI does not subject to policy */
  | 'hairpin'
  /** a rule of another policy kind (ClusterNetworkPolicy, Calico, Cilium) allowed it */
  | 'accepted-by-rule'
  /** a Deny rule of another policy kind dropped it */
  | 'denied-by-rule'

export interface DirectionVerdict {
  direction: Direction
  /** the pod whose policies decide: the destination for ingress, the source for egress */
  subject: Pod
  peer: NetPeer
  allowed: boolean
  reason: DirectionReason
  /** policies selecting the subject for this direction */
  selecting: NetworkPolicy[]
  matched: RuleRef[]
  misses: RuleMiss[]
  /** one line for a person, naming the policy and rule (or why none matched) */
  text: string
  /**
   * With policy kinds beyond NetworkPolicy in the cluster: how each tier judged the
   * connection, in evaluation order, the deciding one last.
   */
  tiers?: TierStep[]
  /** HTTP rules an L7-aware CNI's proxy applies to requests on this allowed connection */
  l7?: L7Rules
  /** stored policies that have no effect on this CNI, worth telling the learner about */
  notes?: string[]
}

export function peerName(p: NetPeer): string {
  switch (p.kind) {
    case 'pod':
      return p.pod.id
    case 'node':
      return p.ip && p.ip !== p.node.ip
        ? `node ${p.node.name} (${p.ip}, its ${p.via ?? 'tunnel'} address)`
        : `node ${p.node.name} (${p.node.ip})`
    case 'external':
      return p.ip
  }
}

export function peerIp(p: NetPeer): string {
  return p.kind === 'pod' ? p.pod.ip : p.kind === 'node' ? (p.ip ?? p.node.ip) : p.ip
}

/** Whether policies can select the pod: not a hostNetwork pod the CNI treats as its node (NP-22). */
export function isPolicySubject(cluster: Cluster, pod: Pod): boolean {
  return !(pod.hostNetwork && cluster.cni.policy.hostNetworkAsNode)
}

/** A pod as policy sees it: hostNetwork pods are their node where the CNI says so (NP-22). */
export function asPeer(cluster: Cluster, pod: Pod): NetPeer {
  if (!isPolicySubject(cluster, pod)) {
    const node = lookup(cluster).node.get(pod.nodeName)
    if (node) return { kind: 'node', node }
  }
  return { kind: 'pod', pod }
}

/**
 * The peer as policy sees it: a hostNetwork pod handed in as a pod becomes its node
 * (NP-22), and a node reaching a pod on another node through the CNI's tunnel carries
 * the tunnel's address (DataPath.remotePodSource).
 */
export function policyView(cluster: Cluster, peer: NetPeer, dir?: Direction, subject?: Pod): NetPeer {
  const p = peer.kind === 'pod' ? asPeer(cluster, peer.pod) : peer
  if (dir !== 'ingress' || !subject || p.kind !== 'node' || p.ip !== undefined) return p
  const subjectNode = lookup(cluster).node.get(subject.nodeName)
  if (!subjectNode) return p
  const from = nodeSourceAddress(cluster.cni, p.node, subject, subjectNode)
  return from.ip === p.node.ip ? p : { ...p, ...from }
}

export function trafficLabel(t: Traffic): string {
  return t.protocol === 'ICMP' ? 'ICMP' : `${t.port}/${t.protocol}`
}

// An ipBlock's ranges, parsed once per policy object (connlist asks for every pair).
const parsedBlocks = new WeakMap<IpBlockPeer, { cidr?: Cidr; except: Cidr[] }>()

function blockRanges(peer: IpBlockPeer) {
  let r = parsedBlocks.get(peer)
  if (!r) {
    r = { except: peer.except.map(parseCidr).filter((c): c is Cidr => c !== undefined) }
    const cidr = parseCidr(peer.cidr)
    if (cidr) r.cidr = cidr
    parsedBlocks.set(peer, r)
  }
  return r
}

function ipBlockMatches(peer: IpBlockPeer, net: NetPeer, behaviour: PolicyBehaviour): boolean {
  if (net.kind === 'pod' && !behaviour.ipBlockMatchesPodIPs) return false
  if (net.kind === 'node' && !behaviour.ipBlockMatchesNodeIPs) return false
  const ip = parseIPv4(peerIp(net))
  const { cidr, except } = blockRanges(peer)
  if (ip === undefined || !cidr || !cidrContains(cidr, ip)) return false
  return !except.some((c) => cidrContains(c, ip))
}

/** NP-11: does this `from`/`to` element match the peer? */
export function peerMatches(
  cluster: Cluster,
  policy: NetworkPolicy,
  peer: PolicyPeer,
  net: NetPeer,
): boolean {
  if (peer.kind === 'ipBlock') return ipBlockMatches(peer, net, cluster.cni.policy)
  if (net.kind !== 'pod') return false
  const pod = net.pod
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(cluster, pod.namespace))) return false
  } else if (pod.namespace !== policy.namespace) return false
  return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true
}

function describePeer(peer: PolicyPeer): string {
  if (peer.kind === 'ipBlock')
    return `ipBlock ${peer.cidr}${peer.except.length ? ` except ${peer.except.join(', ')}` : ''}`
  const parts: string[] = []
  if (peer.namespaceSelector) parts.push(`namespaceSelector ${formatSelector(peer.namespaceSelector)}`)
  if (peer.podSelector) parts.push(`podSelector ${formatSelector(peer.podSelector)}`)
  return parts.join(' + ')
}

/** NP-19: a named port means the container port of that name on the destination pod. */
export function resolveNamedPort(
  name: string,
  protocol: Protocol,
  dest: NetPeer | undefined,
): number | undefined {
  if (!dest || dest.kind !== 'pod') return undefined
  return dest.pod.ports.find((p) => p.name === name && p.protocol === protocol)?.containerPort
}

/** The ports one `ports` entry admits, against a given destination. */
export function policyPortConns(
  p: PolicyPort,
  dest: NetPeer | undefined,
  behaviour: PolicyBehaviour,
): ConnSet {
  // NP-17: a CNI without SCTP support does not enforce SCTP entries, so they admit nothing.
  if (p.protocol === 'SCTP' && !behaviour.sctpSupported) return ConnSet.none()
  if (p.port === undefined) return ConnSet.of(p.protocol)
  if (typeof p.port === 'string') {
    const n = resolveNamedPort(p.port, p.protocol, dest)
    return n === undefined ? ConnSet.none() : ConnSet.of(p.protocol, n, n)
  }
  const end = p.endPort !== undefined && behaviour.endPortSupported ? p.endPort : p.port
  return ConnSet.of(p.protocol, p.port, end)
}

function ruleConns(rule: PolicyRule, dest: NetPeer | undefined, behaviour: PolicyBehaviour): ConnSet {
  if (!rule.ports.length) return ConnSet.all()
  let out = ConnSet.none()
  for (const p of rule.ports) out = out.union(policyPortConns(p, dest, behaviour))
  return out
}

function describePorts(rule: PolicyRule): string {
  return rule.ports
    .map((p) => {
      if (p.port === undefined) return `all ${p.protocol}`
      const range = p.endPort !== undefined ? `${p.port}-${p.endPort}` : `${p.port}`
      return `${range}/${p.protocol}`
    })
    .join(', ')
}

/** Policies of the subject's namespace that select it for `dir`. */
export function selectingPolicies(cluster: Cluster, dir: Direction, subject: Pod): NetworkPolicy[] {
  const affects = dir === 'ingress' ? affectsIngress : affectsEgress
  return (lookup(cluster).policiesIn.get(subject.namespace) ?? []).filter(
    (p) => affects(p) && selectorMatches(p.podSelector, subject.labels),
  )
}

function rulesOf(p: NetworkPolicy, dir: Direction): PolicyRule[] {
  return dir === 'ingress' ? p.ingress : p.egress
}

interface Exemption {
  allowed: true
  reason: DirectionReason
  text: string
}

/** How the connection reached the subject, where that changes the verdict. */
export interface EvaluateOptions {
  /** the pod reaches itself through a Service address (hairpin), not its own IP */
  hairpin?: boolean
}

function exemption(
  cluster: Cluster,
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  traffic: Traffic,
  opts: EvaluateOptions = {},
): Exemption | undefined {
  const b = cluster.cni.policy
  if (!b.enforcesNetworkPolicy)
    return {
      allowed: true,
      reason: 'not-enforced',
      text: `${cluster.cni.displayName} does not enforce NetworkPolicy`,
    }
  if (peer.kind === 'pod' && peer.pod.id === subject.id) {
    if (!opts.hairpin) return { allowed: true, reason: 'self', text: 'a pod can always reach itself' }
    if (b.hairpin === 'exempt')
      return {
        allowed: true,
        reason: 'hairpin',
        text: `${cluster.cni.displayName} does not apply policy to a pod reaching itself through its Service (hairpin)`,
      }
    // 'enforced': the packet left the pod, so its policies judge it like any other peer.
  }
  if (!isPolicySubject(cluster, subject))
    return {
      allowed: true,
      reason: 'host-network',
      text: `${subject.id} uses the host network; NetworkPolicy does not select it`,
    }
  if (dir === 'ingress' && peer.kind === 'node' && peer.node.name === subject.nodeName)
    return {
      allowed: true,
      reason: 'own-node',
      text: `traffic from the pod's own node (${peer.node.name}) is always allowed`,
    }
  if (traffic.protocol === 'ICMP' && !b.filtersIcmp)
    return {
      allowed: true,
      reason: 'protocol-not-filtered',
      text: `${cluster.cni.displayName} does not filter ICMP`,
    }
  return undefined
}

const dirWord = (d: Direction) => (d === 'ingress' ? 'Ingress' : 'Egress')

/**
 * The verdict of one direction for one connection. For ingress `subject` is the
 * destination and `peer` the source; for egress `subject` is the source and `peer` the
 * destination.
 */
export function evaluateDirection(
  cluster: Cluster,
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  traffic: Traffic,
  opts: EvaluateOptions = {},
): DirectionVerdict {
  peer = policyView(cluster, peer, dir, subject)
  const base = { direction: dir, subject, peer, selecting: [] as NetworkPolicy[], matched: [], misses: [] }
  const ex = exemption(cluster, dir, subject, peer, traffic, opts)
  if (ex) return { ...base, allowed: true, reason: ex.reason, text: ex.text }
  const v = hasExtensions(cluster)
    ? tieredDirection(cluster, dir, subject, peer, traffic)
    : npDirection(cluster, dir, subject, peer, traffic)
  const notes = inertNotes(cluster)
  return notes.length ? { ...v, notes } : v
}

/** The NetworkPolicy part of a verdict: its rules matched against the peer (NP-02 to NP-08). */
export interface NpMatch {
  selecting: NetworkPolicy[]
  matched: RuleRef[]
  misses: RuleMiss[]
}

export function npMatches(
  cluster: Cluster,
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  traffic: Traffic,
): NpMatch {
  const selecting = selectingPolicies(cluster, dir, subject)
  const dest = dir === 'ingress' ? { kind: 'pod' as const, pod: subject } : peer
  const matched: RuleRef[] = []
  const misses: RuleMiss[] = []
  for (const policy of selecting) {
    for (const rule of rulesOf(policy, dir)) {
      const path = `spec.${dir}[${rule.index}]`
      const ref: RuleRef = { policy, direction: dir, rule, path }
      const peerOk = !rule.peers.length || rule.peers.some((p) => peerMatches(cluster, policy, p, peer))
      if (!peerOk) {
        misses.push({
          ...ref,
          part: 'peer',
          detail: `${peerName(peer)} is not matched by ${rule.peers.map(describePeer).join(' or ')}`,
        })
        continue
      }
      let portOk: boolean
      if (traffic.protocol === 'ICMP') portOk = !rule.ports.length
      else portOk = ruleConns(rule, dest, cluster.cni.policy).has(traffic.protocol, traffic.port!)
      if (!portOk) {
        const named = rule.ports.some((p) => typeof p.port === 'string')
        const sctpIgnored =
          traffic.protocol === 'SCTP' &&
          !cluster.cni.policy.sctpSupported &&
          rule.ports.some((p) => p.protocol === 'SCTP')
        // The port lies inside a range the plugin cut down to its first port: say why, or
        // the learner reads "not among its ports" for a port the YAML plainly lists.
        const endPortIgnored =
          !cluster.cni.policy.endPortSupported &&
          rule.ports.some(
            (p) =>
              p.endPort !== undefined &&
              typeof p.port === 'number' &&
              p.protocol === traffic.protocol &&
              traffic.port! > p.port &&
              traffic.port! <= p.endPort,
          )
        misses.push({
          ...ref,
          part: 'port',
          detail:
            traffic.protocol === 'ICMP'
              ? `ICMP is only admitted by a rule without ports (this one lists ${describePorts(rule)})`
              : `${trafficLabel(traffic)} is not among its ports (${describePorts(rule)}${named ? `, named ports resolved on ${peerName(dest)}` : ''}${sctpIgnored ? `; ${cluster.cni.displayName} does not enforce SCTP rules, so SCTP entries admit nothing` : ''}${endPortIgnored ? `; ${cluster.cni.displayName} ignores endPort, so a range admits only its first port` : ''})`,
        })
        continue
      }
      matched.push(ref)
    }
  }
  return { selecting, matched, misses }
}

/** Why a pod no policy isolates lets everything through (NP-02). */
export function notIsolatedText(dir: Direction, subject: Pod): string {
  return `no policy selects ${subject.id} for ${dirWord(dir)}, so all ${dir} is allowed`
}

/** The sentence for a connection the NetworkPolicies of an isolated pod do not admit. */
export function npDroppedText(
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  traffic: Traffic,
  selecting: NetworkPolicy[],
): string {
  const names = selecting.map((p) => p.id).join(', ')
  const noRules = selecting.every((p) => rulesOf(p, dir).length === 0)
  return noRules
    ? `${subject.id} is selected for ${dirWord(dir)} by ${names}, which allow${selecting.length === 1 ? 's' : ''} no ${dir} at all`
    : `${subject.id} is selected for ${dirWord(dir)} by ${names}; no rule admits ${dir === 'ingress' ? 'from' : 'to'} ${peerName(peer)} on ${trafficLabel(traffic)}`
}

/** The verdict of a cluster whose only policies are NetworkPolicies. */
function npDirection(
  cluster: Cluster,
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  traffic: Traffic,
): DirectionVerdict {
  const base = { direction: dir, subject, peer, selecting: [] as NetworkPolicy[], matched: [], misses: [] }
  const { selecting, matched, misses } = npMatches(cluster, dir, subject, peer, traffic)
  if (!selecting.length)
    return { ...base, allowed: true, reason: 'not-isolated', text: notIsolatedText(dir, subject) }
  if (matched.length)
    return {
      ...base,
      selecting,
      matched,
      misses,
      allowed: true,
      reason: 'allowed-by-rule',
      text: `allowed by ${matched.map((m) => `${m.policy.id} ${m.path}`).join(', ')}`,
    }
  return {
    ...base,
    selecting,
    matched,
    misses,
    allowed: false,
    reason: 'no-rule-matched',
    text: npDroppedText(dir, subject, peer, traffic, selecting),
  }
}

/**
 * Every connection one direction admits between subject and peer (all ports and
 * protocols): what `connlist` prints, and what the property tests compare.
 */
export function directionConns(cluster: Cluster, dir: Direction, subject: Pod, peer: NetPeer): ConnSet {
  peer = policyView(cluster, peer, dir, subject)
  // The same exemptions as evaluateDirection; ICMP's is not a port-based connection.
  if (exemption(cluster, dir, subject, peer, { protocol: 'TCP', port: 1 })) return ConnSet.all()
  if (hasExtensions(cluster)) return tieredConns(cluster, dir, subject, peer)
  const selecting = selectingPolicies(cluster, dir, subject)
  if (!selecting.length) return ConnSet.all()
  return npConns(cluster, dir, subject, peer, selecting)
}

/** What the NetworkPolicies selecting the subject admit from or to the peer (all ports). */
export function npConns(
  cluster: Cluster,
  dir: Direction,
  subject: Pod,
  peer: NetPeer,
  selecting: NetworkPolicy[],
): ConnSet {
  const b = cluster.cni.policy
  const dest = dir === 'ingress' ? { kind: 'pod' as const, pod: subject } : peer
  let out = ConnSet.none()
  for (const policy of selecting) {
    for (const rule of rulesOf(policy, dir)) {
      if (rule.peers.length && !rule.peers.some((p) => peerMatches(cluster, policy, p, peer))) continue
      out = out.union(ruleConns(rule, dest, b))
      if (out.isAll()) return out
    }
  }
  return out
}

/** NP-07: a connection needs the source's egress and the destination's ingress. */
export function connectionConns(cluster: Cluster, src: NetPeer, dst: NetPeer): ConnSet {
  let conns = ConnSet.all()
  if (src.kind === 'pod') conns = conns.intersect(directionConns(cluster, 'egress', src.pod, dst))
  if (conns.isEmpty()) return conns
  if (dst.kind === 'pod') conns = conns.intersect(directionConns(cluster, 'ingress', dst.pod, src))
  return conns
}

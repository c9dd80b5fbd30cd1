// The connectivity matrix: for one port and protocol, which pods and outside peers can
// open a connection to which. Computed with bit sets over peers (a rule's peers, a pod's
// allowed sources and destinations) so that a thousand pods take milliseconds, with the
// same semantics as the explained evaluator, which explains any cell on demand.
import { nodeSourceAddress } from '../datapath/path'
import { lookup, namespaceLabels } from '../model/lookup'
import type {
  Cluster,
  LabelSelector,
  NetworkPolicy,
  Node,
  Pod,
  PolicyPeer,
  PolicyRule,
  Protocol,
} from '../model/types'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ip'
import { asPeer, evaluateDirection, isPolicySubject, policyView } from '../policy/evaluate'
import type { Direction, DirectionVerdict, NetPeer, Traffic } from '../policy/evaluate'
import { hasExtensions, tiersFor, walk } from '../policy/tiers'
import type { Entry, Space } from '../policy/tiers'
import { affectsEgress, affectsIngress } from '../policy/normalize'
import { selectorMatches } from '../policy/selector'
import { and, andNot, emptyBits, forEachBit, fullBits, hasBit, isFull, orInto, setBit, words } from './bitset'
import type { Bits } from './bitset'

export type MatrixPeer =
  { kind: 'pod'; pod: Pod; label: string } | { kind: 'external'; ip: string; label: string }

export interface MatrixOptions {
  protocol: Protocol | 'ICMP'
  /** destination port; ignored for ICMP */
  port?: number
  /** outside addresses to include as peers, e.g. ['203.0.113.10'] */
  externals?: readonly string[]
}

export interface ConnectivityMatrix {
  traffic: Traffic
  peers: MatrixPeer[]
  /** row-major, `cells[src * peers.length + dst]`: 1 allowed, 0 dropped. Outside-to-outside cells are 0. */
  cells: Uint8Array
  allowed(src: number, dst: number): boolean
  /** the explained verdicts behind one cell */
  explain(
    src: number,
    dst: number,
  ): { egress?: DirectionVerdict; ingress?: DirectionVerdict; allowed: boolean }
}

interface Ctx {
  cluster: Cluster
  pods: Pod[]
  n: number
  /** peers that are pods selectors can match (not hostNetwork pods the CNI treats as nodes) */
  selectable: Bits
  all: Bits
  /** per peer: its address as a number, NaN when it has none */
  ips: Float64Array
  /**
   * per peer: the source address ingress rules see. A node-like peer reaching a pod on
   * another node carries its tunnel address where the CNI routes through one
   * (DataPath.remotePodSource); towards a pod on its own node it is exempt anyway (NP-10).
   */
  srcIps: Float64Array
  /** per peer: 0 pod, 1 node-like (hostNetwork), 2 outside */
  peerKind: Uint8Array
  labelIndex: Map<string, Bits>
  keyIndex: Map<string, Bits>
  nsIndex: Map<string, Bits>
  selectorCache: Map<string, Bits>
  traffic: Traffic
}

function buildIndexes(ctx: Ctx): void {
  ctx.pods.forEach((pod, i) => {
    if (!hasBit(ctx.selectable, i)) return
    let ns = ctx.nsIndex.get(pod.namespace)
    if (!ns) ctx.nsIndex.set(pod.namespace, (ns = emptyBits(ctx.n)))
    setBit(ns, i)
    for (const k in pod.labels) {
      const kv = `${k}=${pod.labels[k]}`
      let b = ctx.labelIndex.get(kv)
      if (!b) ctx.labelIndex.set(kv, (b = emptyBits(ctx.n)))
      setBit(b, i)
      let kb = ctx.keyIndex.get(k)
      if (!kb) ctx.keyIndex.set(k, (kb = emptyBits(ctx.n)))
      setBit(kb, i)
    }
  })
}

/** The selectable pods a label selector matches, from the inverted label index (NP-13). */
function podSelectorBits(ctx: Ctx, sel: LabelSelector): Bits {
  const key = JSON.stringify(sel)
  const cached = ctx.selectorCache.get(key)
  if (cached) return cached
  const none = emptyBits(ctx.n)
  let out = ctx.selectable
  for (const k in sel.matchLabels) out = and(out, ctx.labelIndex.get(`${k}=${sel.matchLabels[k]}`) ?? none)
  for (const e of sel.matchExpressions) {
    const any = emptyBits(ctx.n)
    if (e.operator === 'In' || e.operator === 'NotIn')
      for (const v of e.values) orInto(any, ctx.labelIndex.get(`${e.key}=${v}`) ?? none)
    const has = ctx.keyIndex.get(e.key) ?? none
    switch (e.operator) {
      case 'In':
        out = and(out, any)
        break
      case 'NotIn':
        out = andNot(out, any)
        break
      case 'Exists':
        out = and(out, has)
        break
      case 'DoesNotExist':
        out = andNot(out, has)
        break
    }
  }
  ctx.selectorCache.set(key, out)
  return out
}

function namespaceBits(ctx: Ctx, policy: NetworkPolicy, sel: LabelSelector | undefined): Bits {
  if (!sel) return ctx.nsIndex.get(policy.namespace) ?? emptyBits(ctx.n)
  const key = `ns:${JSON.stringify(sel)}`
  const cached = ctx.selectorCache.get(key)
  if (cached) return cached
  const out = emptyBits(ctx.n)
  for (const [ns, bits] of ctx.nsIndex)
    if (selectorMatches(sel, namespaceLabels(ctx.cluster, ns))) orInto(out, bits)
  ctx.selectorCache.set(key, out)
  return out
}

function ipBlockBits(ctx: Ctx, peer: PolicyPeer & { kind: 'ipBlock' }, asSource: boolean): Bits {
  const out = emptyBits(ctx.n)
  const cidr = parseCidr(peer.cidr)
  if (!cidr) return out
  const except = peer.except.map(parseCidr).filter((c) => c !== undefined)
  const b = ctx.cluster.cni.policy
  for (let i = 0; i < ctx.n; i++) {
    const kind = ctx.peerKind[i]
    if (kind === 0 && !b.ipBlockMatchesPodIPs) continue
    if (kind === 1 && !b.ipBlockMatchesNodeIPs) continue
    const ip = (asSource ? ctx.srcIps : ctx.ips)[i]!
    if (Number.isNaN(ip) || !cidrContains(cidr, ip) || except.some((c) => cidrContains(c, ip))) continue
    setBit(out, i)
  }
  return out
}

/** NP-08/NP-11: the peers one rule's `from`/`to` list admits. */
function rulePeers(ctx: Ctx, policy: NetworkPolicy, rule: PolicyRule, asSource: boolean): Bits {
  if (!rule.peers.length) return ctx.all
  const out = emptyBits(ctx.n)
  for (const peer of rule.peers) {
    if (peer.kind === 'ipBlock') orInto(out, ipBlockBits(ctx, peer, asSource))
    else {
      const ns = namespaceBits(ctx, policy, peer.namespaceSelector)
      orInto(out, peer.podSelector ? and(ns, podSelectorBits(ctx, peer.podSelector)) : ns)
    }
  }
  return out
}

type PortMatch = 'all' | 'none' | Bits

/**
 * Which destinations a rule's ports admit for this traffic: every one, none, or (with
 * named ports, NP-19) the pods whose container port of that name is this port.
 */
function rulePorts(ctx: Ctx, rule: PolicyRule): PortMatch {
  const t = ctx.traffic
  if (!rule.ports.length) return 'all'
  if (t.protocol === 'ICMP') return 'none'
  const b = ctx.cluster.cni.policy
  let named: Bits | undefined
  for (const p of rule.ports) {
    if (p.protocol !== t.protocol) continue
    if (p.protocol === 'SCTP' && !b.sctpSupported) continue
    if (p.port === undefined) return 'all'
    if (typeof p.port === 'number') {
      const end = p.endPort !== undefined && b.endPortSupported ? p.endPort : p.port
      if (t.port! >= p.port && t.port! <= end) return 'all'
      continue
    }
    named ??= emptyBits(ctx.n)
    for (let i = 0; i < ctx.pods.length; i++) {
      if (ctx.peerKind[i] !== 0) continue
      const cp = ctx.pods[i]!.ports.find((x) => x.name === p.port && x.protocol === p.protocol)
      if (cp && cp.containerPort === t.port) setBit(named, i)
    }
  }
  return named ?? 'none'
}

/** The tunnel address a node's packets to pods on other nodes carry, if the CNI uses one. */
function remoteSourceIp(cluster: Cluster, node: Node): string | undefined {
  const other = cluster.nodes.find((n) => n.name !== node.name)
  if (!other) return undefined
  const from = nodeSourceAddress(cluster.cni, node, { hostNetwork: false }, other)
  return from.ip === node.ip ? undefined : from.ip
}

function subjects(ctx: Ctx, policy: NetworkPolicy): Bits {
  return and(ctx.nsIndex.get(policy.namespace) ?? emptyBits(ctx.n), podSelectorBits(ctx, policy.podSelector))
}

export function connectivityMatrix(cluster: Cluster, opts: MatrixOptions): ConnectivityMatrix {
  const traffic: Traffic =
    opts.protocol === 'ICMP' ? { protocol: 'ICMP' } : { protocol: opts.protocol, port: opts.port ?? 80 }
  const pods = cluster.pods.filter((p) => p.ip)
  const externals = [...(opts.externals ?? [])]
  const n = pods.length + externals.length
  const b = cluster.cni.policy
  const ctx: Ctx = {
    cluster,
    pods,
    n,
    selectable: emptyBits(n),
    all: fullBits(n),
    ips: new Float64Array(n),
    srcIps: new Float64Array(n),
    peerKind: new Uint8Array(n),
    labelIndex: new Map(),
    keyIndex: new Map(),
    nsIndex: new Map(),
    selectorCache: new Map(),
    traffic,
  }
  const peers: MatrixPeer[] = []
  pods.forEach((pod, i) => {
    const nodeLike = !isPolicySubject(cluster, pod)
    ctx.peerKind[i] = nodeLike ? 1 : 0
    if (!nodeLike) setBit(ctx.selectable, i)
    ctx.ips[i] = parseIPv4(pod.ip) ?? Number.NaN
    ctx.srcIps[i] = ctx.ips[i]!
    if (nodeLike) {
      const node = lookup(cluster).node.get(pod.nodeName)
      const via = node && remoteSourceIp(cluster, node)
      if (via) ctx.srcIps[i] = parseIPv4(via) ?? Number.NaN
    }
    peers.push({ kind: 'pod', pod, label: pod.id })
  })
  externals.forEach((ip, j) => {
    const i = pods.length + j
    ctx.peerKind[i] = 2
    ctx.ips[i] = parseIPv4(ip) ?? Number.NaN
    ctx.srcIps[i] = ctx.ips[i]!
    peers.push({ kind: 'external', ip, label: ip })
  })
  buildIndexes(ctx)

  const W = words(n)
  // Per destination: the sources its ingress admits. Per source: the destinations its egress admits.
  const ingress: (Bits | undefined)[] = new Array(n)
  const egress: (Bits | undefined)[] = new Array(n)
  const enforced = b.enforcesNetworkPolicy && !(traffic.protocol === 'ICMP' && !b.filtersIcmp)
  if (enforced) {
    const nodeIndex = new Map<string, Bits>()
    pods.forEach((pod, i) => {
      if (ctx.peerKind[i] !== 1) return
      let bits = nodeIndex.get(pod.nodeName)
      if (!bits) nodeIndex.set(pod.nodeName, (bits = emptyBits(n)))
      setBit(bits, i)
    })
    for (const policy of cluster.policies) {
      const subj = subjects(ctx, policy)
      if (affectsIngress(policy)) {
        const rules = policy.ingress.map((r) => ({
          peers: rulePeers(ctx, policy, r, true),
          ports: rulePorts(ctx, r),
        }))
        forEachBit(subj, (d) => {
          let row = ingress[d]
          if (!row) {
            row = ingress[d] = emptyBits(n)
            // NP-10: a pod reaches itself, and its own node (hostNetwork pods there) always gets in.
            setBit(row, d)
            const own = nodeIndex.get(pods[d]!.nodeName)
            if (own) orInto(row, own)
          }
          for (const r of rules)
            if (r.ports === 'all' || (r.ports !== 'none' && hasBit(r.ports, d))) orInto(row, r.peers)
        })
      }
      if (affectsEgress(policy)) {
        const rules = policy.egress.map((r) => {
          const ports = rulePorts(ctx, r)
          if (ports === 'none') return undefined
          return ports === 'all'
            ? r.peers.length
              ? rulePeers(ctx, policy, r, false)
              : ctx.all
            : and(rulePeers(ctx, policy, r, false), ports)
        })
        forEachBit(subj, (s) => {
          let row = egress[s]
          if (!row) {
            row = egress[s] = emptyBits(n)
            setBit(row, s)
          }
          for (const r of rules) if (r) orInto(row, r)
        })
      }
    }
  }

  // Policy kinds beyond NetworkPolicy: the same tiers as the evaluator, walked over bit sets
  // of peers (the NetworkPolicy rows above are the NetworkPolicy tier's allows).
  if (enforced && hasExtensions(cluster)) {
    const nodeIndex = new Map<string, Bits>()
    pods.forEach((pod, i) => {
      if (ctx.peerKind[i] !== 1) return
      let bits = nodeIndex.get(pod.nodeName)
      if (!bits) nodeIndex.set(pod.nodeName, (bits = emptyBits(n)))
      setBit(bits, i)
    })
    pods.forEach((pod, i) => {
      if (ctx.peerKind[i] !== 0) return
      for (const dir of ['ingress', 'egress'] as const) {
        const rows = dir === 'ingress' ? ingress : egress
        const row = tieredRow(ctx, peers, dir, pod, rows[i])
        if (!row) continue
        setBit(row, i)
        if (dir === 'ingress') {
          const own = nodeIndex.get(pod.nodeName)
          if (own) orInto(row, own)
        }
        rows[i] = row
      }
    })
  }

  // Columns whose ingress is open to everyone, and the transposed ingress of the rest, so
  // each source's row is a word-wise AND.
  const openCols = emptyBits(n)
  const inByRow: Bits[] = Array.from({ length: n }, () => new Uint32Array(0))
  for (let d = 0; d < n; d++) {
    const row = ingress[d]
    if (!row || isFull(row, ctx.all)) {
      setBit(openCols, d)
      continue
    }
    forEachBit(row, (s) => {
      if (!inByRow[s]!.length) inByRow[s] = new Uint32Array(W)
      setBit(inByRow[s]!, d)
    })
  }
  const cells = new Uint8Array(n * n)
  const pods0 = pods.length
  for (let s = 0; s < n; s++) {
    const out = egress[s]
    const inc = inByRow[s]!
    const base = s * n
    const lastDst = s >= pods0 ? pods0 : n // outside-to-outside is not the cluster's business
    for (let w = 0; w < W; w++) {
      let word = (out ? out[w]! : 0xffffffff) & (openCols[w]! | (inc.length ? inc[w]! : 0))
      if (!word) continue
      const start = w << 5
      const end = Math.min(start + 32, lastDst)
      for (let d = start; d < end; d++) {
        cells[base + d] = word & 1
        word >>>= 1
      }
    }
  }

  const explain = (src: number, dst: number) => {
    const a = peers[src]!
    const z = peers[dst]!
    const net = (p: MatrixPeer): NetPeer =>
      p.kind === 'pod' ? asPeer(cluster, p.pod) : { kind: 'external', ip: p.ip }
    const result: { egress?: DirectionVerdict; ingress?: DirectionVerdict; allowed: boolean } = {
      allowed: true,
    }
    if (a.kind === 'pod' && isPolicySubject(cluster, a.pod)) {
      result.egress = evaluateDirection(cluster, 'egress', a.pod, net(z), traffic)
      result.allowed &&= result.egress.allowed
    }
    if (z.kind === 'pod' && isPolicySubject(cluster, z.pod)) {
      result.ingress = evaluateDirection(cluster, 'ingress', z.pod, net(a), traffic)
      result.allowed &&= result.ingress.allowed
    }
    return result
  }
  return { traffic, peers, cells, allowed: (s, d) => cells[s * n + d] === 1, explain }
}

/**
 * One subject's row under tiered policy: the peers its direction admits, or undefined when
 * no tier applies to it (everything is allowed, as without policy). `npRow` is what its
 * NetworkPolicies admit, the NetworkPolicy tier's allow.
 */
function tieredRow(
  ctx: Ctx,
  peers: MatrixPeer[],
  dir: Direction,
  subject: Pod,
  npRow: Bits | undefined,
): Bits | undefined {
  const tiers = tiersFor(ctx.cluster, dir, subject)
  if (!tiers.some((t) => t.applies)) return undefined
  const n = ctx.n
  const nets = peers.map((p): NetPeer => {
    const net: NetPeer = p.kind === 'pod' ? asPeer(ctx.cluster, p.pod) : { kind: 'external', ip: p.ip }
    return policyView(ctx.cluster, net, dir, subject)
  })
  const self: NetPeer = { kind: 'pod', pod: subject }
  const space: Space<Bits> = {
    none: emptyBits(n),
    all: ctx.all,
    and,
    or: (a, b) => {
      const out = a.slice()
      orInto(out, b)
      return out
    },
    minus: andNot,
    empty: (a) => a.every((w) => w === 0),
  }
  const bitsOf = (e: Entry): Bits => {
    if (e.kind === 'np') return npRow ?? emptyBits(n)
    const out = emptyBits(n)
    // For ingress the destination is the subject, so the ports are one answer for every peer.
    const fixed = dir === 'ingress' ? e.ports(self).has(ctx.traffic) : undefined
    if (fixed === false) return out
    for (let i = 0; i < n; i++) {
      const net = nets[i]!
      if (!e.peer(net)) continue
      if (fixed ?? e.ports(net).has(ctx.traffic)) setBit(out, i)
    }
    return out
  }
  return walk(tiers, space, bitsOf, false).allowed.slice()
}

/** The explained answer for one pod pair, by pod id (`ns/name`). */
export function explainPair(cluster: Cluster, from: string, to: string, traffic: Traffic) {
  const l = lookup(cluster)
  const a = l.pod.get(from)
  const z = l.pod.get(to)
  if (!a || !z) return undefined
  const egress = evaluateDirection(cluster, 'egress', a, asPeer(cluster, z), traffic)
  const ingress = evaluateDirection(cluster, 'ingress', z, asPeer(cluster, a), traffic)
  return { egress, ingress, allowed: egress.allowed && ingress.allowed }
}

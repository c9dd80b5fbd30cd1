// The allowed connections between workloads and external address ranges, in the exact
// form netpol-analyzer's `list` command prints, so the two tools can be diffed.
// Conventions (shared/peer-suites/netpol-analyzer/FORMAT.md): ipBlocks never match pods,
// a workload is one or two pods, a workload's traffic to itself is not listed.
import { cniProfile } from '../cni/profiles'
import type { CniProfile } from '../cni/profiles'
import type { Cluster, Pod } from '../model/types'
import { ConnSet } from '../net/conn-set'
import { formatIPv4, parseCidr } from '../net/ip'
import { connectionConns } from '../policy/evaluate'
import type { NetPeer } from '../policy/evaluate'

/** The analyzer's view of policy: enforced, ipBlocks for outside addresses only, hostNetwork pods as pods. */
export const ANALYZER_PROFILE: CniProfile = {
  ...cniProfile('calico', {
    policy: {
      enforcesNetworkPolicy: true,
      ipBlockMatchesPodIPs: false,
      ipBlockMatchesNodeIPs: false,
      hostNetworkAsNode: false,
      endPortSupported: true,
      sctpSupported: true,
    },
  }),
  displayName: 'netpol-analyzer conventions',
}

export interface ConnLine {
  src: string
  dst: string
  conns: ConnSet
}

interface Workload {
  label: string
  pods: Pod[]
}

interface IpRange {
  first: number
  last: number
  label: string
}

function workloadLabel(pod: Pod): string {
  const owner = pod.workload ?? pod.owner
  // Pods a Node owns (static pods) are listed as themselves.
  if (!owner || owner.kind === 'Node') return `${pod.namespace}/${pod.name}[Pod]`
  return `${pod.namespace}/${owner.name}[${owner.kind}]`
}

function workloadsOf(cluster: Cluster): Workload[] {
  const map = new Map<string, Workload>()
  for (const pod of cluster.pods) {
    const label = workloadLabel(pod)
    const w = map.get(label)
    if (w) w.pods.push(pod)
    else map.set(label, { label, pods: [pod] })
  }
  return [...map.values()]
}

/** The maximal address intervals of an ipBlock: its cidr minus its exceptions. */
function blockIntervals(cidr: string, except: readonly string[]): [number, number][] {
  const c = parseCidr(cidr)
  if (!c) return []
  let out: [number, number][] = [[c.base, c.last]]
  for (const e of except) {
    const x = parseCidr(e)
    if (!x) continue
    out = out.flatMap(([a, b]): [number, number][] => {
      if (x.last < a || x.base > b) return [[a, b]]
      const parts: [number, number][] = []
      if (x.base > a) parts.push([a, x.base - 1])
      if (x.last < b) parts.push([x.last + 1, b])
      return parts
    })
  }
  return out
}

/**
 * Splits the IPv4 space at the edges of every ipBlock's address set, as the analyzer
 * does: adjacent exceptions (10.0.0.0/9 and 10.128.0.0/9) leave one range, not two.
 */
function splitAddressSpace(blocks: readonly { cidr: string; except: string[] }[]): IpRange[] {
  const cuts = new Set<number>([0])
  for (const b of blocks) {
    for (const [first, last] of blockIntervals(b.cidr, b.except)) {
      cuts.add(first)
      if (last < 0xffffffff) cuts.add(last + 1)
    }
  }
  const starts = [...cuts].sort((a, b) => a - b)
  return starts.map((first, i) => {
    const last = i + 1 < starts.length ? starts[i + 1]! - 1 : 0xffffffff
    return { first, last, label: `${formatIPv4(first)}-${formatIPv4(last)}[External]` }
  })
}

function ipBlocks(cluster: Cluster, dir: 'ingress' | 'egress'): { cidr: string; except: string[] }[] {
  const out: { cidr: string; except: string[] }[] = []
  for (const p of cluster.policies) {
    if (!p.policyTypes.includes(dir === 'ingress' ? 'Ingress' : 'Egress')) continue
    for (const rule of dir === 'ingress' ? p.ingress : p.egress)
      for (const peer of rule.peers) if (peer.kind === 'ipBlock') out.push(peer)
  }
  return out
}

function unionOver(
  srcPods: Pod[] | undefined,
  dstPods: Pod[] | undefined,
  cluster: Cluster,
  src?: NetPeer,
  dst?: NetPeer,
) {
  let conns = ConnSet.none()
  for (const s of srcPods ?? [undefined]) {
    for (const d of dstPods ?? [undefined]) {
      const a: NetPeer = s ? { kind: 'pod', pod: s } : src!
      const b: NetPeer = d ? { kind: 'pod', pod: d } : dst!
      conns = conns.union(connectionConns(cluster, a, b))
      if (conns.isAll()) return conns
    }
  }
  return conns
}

/** Every pair of peers with at least one allowed connection, sorted as the analyzer sorts. */
export function connlist(cluster: Cluster): ConnLine[] {
  const c: Cluster = cluster.cni === ANALYZER_PROFILE ? cluster : { ...cluster, cni: ANALYZER_PROFILE }
  const workloads = workloadsOf(c)
  const srcRanges = splitAddressSpace(ipBlocks(c, 'ingress'))
  const dstRanges = splitAddressSpace(ipBlocks(c, 'egress'))
  const lines: ConnLine[] = []
  const add = (src: string, dst: string, conns: ConnSet) => {
    if (!conns.isEmpty()) lines.push({ src, dst, conns })
  }
  for (const a of workloads) {
    for (const b of workloads) if (a !== b) add(a.label, b.label, unionOver(a.pods, b.pods, c))
    for (const r of dstRanges)
      add(
        a.label,
        r.label,
        unionOver(a.pods, undefined, c, undefined, { kind: 'external', ip: formatIPv4(r.first) }),
      )
  }
  for (const r of srcRanges)
    for (const b of workloads)
      add(r.label, b.label, unionOver(undefined, b.pods, c, { kind: 'external', ip: formatIPv4(r.first) }))
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  return lines.sort((x, y) => cmp(x.src, y.src) || cmp(x.dst, y.dst))
}

export function formatConnlistText(lines: readonly ConnLine[]): string {
  return lines.map((l) => `${l.src} => ${l.dst} : ${l.conns.toString()}\n`).join('')
}

export function formatConnlistJson(lines: readonly ConnLine[]): string {
  return `${JSON.stringify(
    lines.map((l) => ({ src: l.src, dst: l.dst, conn: l.conns.toString() })),
    null,
    2,
  )}\n`
}

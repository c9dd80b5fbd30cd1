// "Behaves like the solution": the allowed/dropped verdict of every pod pair (and the
// outside addresses asked for) on every port something listens on, compared between the
// learner's cluster and the reference solution's. Verdicts come from the connectivity
// matrix, so two policies that behave alike pass however they are written. Ports the
// author lists in the check are compared on every destination, listening or not: on a real
// cluster a connection that policy lets through to a closed port is refused at once, and
// one it drops times out, so "only TCP 5432" differs observably from "every port".
import { connectivityMatrix } from '../sim/matrix/matrix'
import type { ConnectivityMatrix } from '../sim/matrix/matrix'
import type { Cluster, Pod, Protocol } from '../sim/model/types'
import { parsePortSpec } from '../session/targets'
import { allowedBecause, flowText, whyDropped } from './explain'

export interface Probe {
  protocol: Protocol
  port: number
  /** listed in the check's `ports`: compared on every destination, whether or not anything listens there */
  explicit?: boolean
  /** only a policy names it (no container port, not listed): its differences are named last */
  derived?: boolean
}

const probeKey = (p: Probe) => `${p.port}/${p.protocol}`

/** Every container port in either cluster, plus the extra probes (marked explicit), in a stable order. */
export function probesFor(clusters: readonly Cluster[], extra: readonly string[] = []): Probe[] {
  const seen = new Map<string, Probe>()
  for (const c of clusters)
    for (const pod of c.pods)
      for (const cp of pod.ports) {
        const p = { protocol: cp.protocol, port: cp.containerPort }
        seen.set(probeKey(p), p)
      }
  // Every port a policy names, at both ends of a range and one past it, under every
  // protocol: an answer that also opens 6432, 5432/UDP or a longer range behaves
  // differently there even when nothing listens (refused, not timed out).
  for (const c of clusters)
    for (const port of policyPorts(c))
      for (const protocol of PROTOCOLS) {
        const key = probeKey({ protocol, port })
        seen.set(key, { protocol, port, explicit: true, derived: !seen.has(key) || seen.get(key)!.derived })
      }
  for (const spec of extra) {
    const p = parsePortSpec(spec)
    if (p.protocol !== 'ICMP' && p.port !== undefined)
      seen.set(probeKey({ protocol: p.protocol!, port: p.port }), {
        protocol: p.protocol!,
        port: p.port,
        explicit: true,
      })
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1))
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP']

/** Numeric ports in the cluster's policies of every kind, with each range's end and the port past it. */
function policyPorts(cluster: Cluster): Set<number> {
  const ports = new Set<number>()
  const valid = (n: unknown): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || v === null || typeof v !== 'object') return
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1)
      return
    }
    const o = v as Record<string, unknown>
    // NetworkPolicy and Cilium: port/endPort; ClusterNetworkPolicy and Calico: first/last
    for (const start of [o.port, o.first]) if (valid(start)) ports.add(start)
    for (const end of [o.endPort, o.last])
      if (valid(end)) {
        ports.add(end)
        if (end < 65535) ports.add(end + 1)
      }
    for (const [k, x] of Object.entries(o)) if (k !== 'source') walk(x, depth + 1)
  }
  walk([cluster.policies, cluster.clusterPolicies, cluster.calicoPolicies, cluster.ciliumPolicies], 0)
  return ports
}

/** Pods that declare no ports are taken to listen on every port, as the simulator does. */
function listens(pod: Pod, p: Probe): boolean {
  return (
    !pod.ports.length || pod.ports.some((cp) => cp.containerPort === p.port && cp.protocol === p.protocol)
  )
}

export interface FlowTable {
  probes: readonly Probe[]
  /** one matrix per probe, in the order of `probes` */
  matrices: ConnectivityMatrix[]
  /** the pods and outside addresses compared, by label (`ns/pod` or the address) */
  labels: string[]
  index: Map<string, number>
}

export function flowTable(
  cluster: Cluster,
  probes: readonly Probe[],
  externals: readonly string[],
): FlowTable {
  const matrices = probes.map((p) =>
    connectivityMatrix(cluster, { protocol: p.protocol, port: p.port, externals }),
  )
  const peers = matrices[0]?.peers ?? connectivityMatrix(cluster, { protocol: 'TCP', externals }).peers
  const labels = peers.map((p) => p.label)
  return { probes, matrices, labels, index: new Map(labels.map((l, i) => [l, i])) }
}

function explainFlow(cluster: Cluster, m: ConnectivityMatrix, s: number, d: number): string {
  const e = m.explain(s, d)
  if (e.allowed) return allowedBecause(cluster, [e.egress, e.ingress])
  const denied = [e.egress, e.ingress].filter((v) => v && !v.allowed)
  return denied.map((v) => whyDropped(v!)).join('; ')
}

export interface FlowDiff {
  /** a pod or address the learner's cluster lacks, when that is the difference */
  missing?: string
  text: string
  /** the flow touches the cluster's own system pods (CoreDNS) */
  system: boolean
  /** on a port only a policy names: named after the ports pods listen on or the author listed */
  derived?: boolean
}

const isSystem = (label: string) => label.startsWith('kube-system/')

/**
 * The flows whose verdict differs, described from the learner's side, in a stable order:
 * missing pods first, then by port, destination and source, the cluster's system pods last.
 * Compares the matrices cell by cell; only the differing cells are explained.
 */
export function diffFlows(learner: Cluster, mine: FlowTable, solution: FlowTable): FlowDiff[] {
  const out: FlowDiff[] = []
  // A pod the learner's cluster lacks is one difference, not one per flow.
  const map = solution.labels.map((l) => mine.index.get(l) ?? -1)
  solution.labels.forEach((l, i) => {
    if (map[i] === -1)
      out.push({
        missing: l,
        text: `${l} is not in your cluster (the solution has it; was it deleted?)`,
        system: isSystem(l),
      })
  })
  solution.probes.forEach((probe, k) => {
    const want = solution.matrices[k]!
    const got = mine.matrices[k]!
    const n = want.peers.length
    const pk = `${probe.port}/${probe.protocol}`
    const everywhere = probe.explicit === true
    for (let d = 0; d < n; d++) {
      const dst = want.peers[d]!
      const md = map[d]!
      const solutionClosed = dst.kind === 'pod' && !listens(dst.pod, probe)
      if (md < 0 || (solutionClosed && !everywhere)) continue
      const mineDst = got.peers[md]!
      const mineClosed = mineDst.kind === 'pod' && !listens(mineDst.pod, probe)
      for (let s = 0; s < n; s++) {
        const ms = map[s]!
        if (s === d || ms < 0 || (want.peers[s]!.kind === 'external' && dst.kind === 'external')) continue
        const allowed = got.allowed(ms, md)
        if (allowed === want.allowed(s, d)) continue
        const flow = flowText(want.peers[s]!.label, dst.label, pk)
        const system = isSystem(want.peers[s]!.label) || isSystem(dst.label)
        if (mineClosed && !everywhere) {
          out.push({ text: `${flow}: nothing listens there in your cluster`, system, derived: probe.derived })
          continue
        }
        const why = explainFlow(learner, got, ms, md)
        const refused = ' (and is refused, nothing listens there)'
        out.push({
          text: allowed
            ? `${flow} ${mineClosed ? `reaches the pod${refused}` : 'is allowed'}, but the solution drops it: ${why}`
            : `${flow} is dropped, but ${solutionClosed ? `in the solution it reaches the pod${refused}` : 'the solution allows it'}: ${why}`,
          system,
          derived: probe.derived,
        })
      }
    }
  })
  // The learner's own pods first: a flow from or to the cluster's system pods (CoreDNS)
  // is rarely the one to look at first.
  return out
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        Number(a.d.system) - Number(b.d.system) || Number(!!a.d.derived) - Number(!!b.d.derived) || a.i - b.i,
    )
    .map((x) => x.d)
}

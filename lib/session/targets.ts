// Names a person types for the ends of a connection (`shop/frontend`, `svc/shop/api`,
// `node/worker-1`, `web`, `10.96.0.10`) turned into the simulator's request, the same way
// in the CLI, the lab's flows and the terminal.
import { lookup, qualify } from '../sim/model/lookup'
import type { Cluster, Pod } from '../sim/model/types'
import { parseIPv4 } from '../sim/net/ip'
import type { SimRequest, SimSource, SimTarget } from '../sim/simulate/simulate'

export class TargetError extends Error {}

/** `ns/name` or `pod/ns/name`; a workload's name (`shop/frontend`) picks its first pod. */
export function findPodRef(cluster: Cluster, ref: string, defaultNamespace = 'default'): Pod | undefined {
  const id = ref.replace(/^pods?\//, '')
  const full = qualify(id, defaultNamespace)
  const exact = lookup(cluster).pod.get(full)
  if (exact) return exact
  const [ns, name] = full.split('/') as [string, string]
  return cluster.pods.find(
    (pod) => pod.namespace === ns && (pod.workload?.name === name || pod.owner?.name === name),
  )
}

export function parseSource(cluster: Cluster, text: string): SimSource {
  if (text.startsWith('node/')) return { node: text.slice(5) }
  if (parseIPv4(text) !== undefined) {
    const node = cluster.nodes.find((n) => n.ip === text)
    return node ? { node: node.name } : { external: text }
  }
  const pod = findPodRef(cluster, text)
  if (!pod) throw new TargetError(`${text}: no such pod (use namespace/pod, node/NAME or an IP address)`)
  return { pod: pod.id }
}

export function parseTarget(cluster: Cluster, text: string): SimTarget {
  if (parseIPv4(text) !== undefined) return { ip: text }
  const m = /^(svc|service|services)\/(.+)$/.exec(text)
  if (m) return { service: qualify(m[2]!) }
  if (/^pods?\//.test(text)) {
    const pod = findPodRef(cluster, text)
    if (!pod) throw new TargetError(`${text}: no such pod`)
    return { pod: pod.id }
  }
  if (/^[^/.]+\/[^/]+$/.test(text)) {
    const l = lookup(cluster)
    const pod = l.pod.get(text)
    if (pod) return { pod: pod.id }
    if (l.service.has(text)) return { service: text }
    const byWorkload = findPodRef(cluster, text)
    if (byWorkload) return { pod: byWorkload.id }
    throw new TargetError(`${text}: no pod or Service of that name`)
  }
  return { host: text }
}

/** `80/TCP`, `53/udp`, `8080` (TCP) or `ICMP`. */
export function parsePortSpec(text: string): Pick<SimRequest, 'port' | 'protocol'> {
  if (/^icmp$/i.test(text.trim())) return { protocol: 'ICMP' }
  const m = /^(\d{1,5})(?:\/(TCP|UDP|SCTP))?$/i.exec(text.trim())
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535)
    throw new TargetError(`${text}: expected PORT or PORT/PROTOCOL, e.g. 80/TCP, 53/UDP, or ICMP`)
  return { port: Number(m[1]), protocol: (m[2]?.toUpperCase() ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP' }
}

export function portLabel(p: Pick<SimRequest, 'port' | 'protocol'>): string {
  return p.protocol === 'ICMP' ? 'ICMP' : `${p.port}/${p.protocol ?? 'TCP'}`
}

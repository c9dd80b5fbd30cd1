// A pod's stub resolver (DN-06): resolv.conf from its dnsPolicy, the search list with
// ndots:5, and each query sent to the nameserver through the simulated network, so that
// an egress policy can break DNS (DN-08).
import type { Cluster, Pod } from '../model/types'
import { answer } from './records'
import type { DnsRecord, RecordType } from './records'

export interface ResolvConf {
  nameserver: string
  search: string[]
  ndots: number
  /** true when the pod asks the cluster DNS (kube-dns), false for the node's resolver */
  clusterDns: boolean
}

/** The upstream resolver nodes use; hostNetwork pods with dnsPolicy ClusterFirst get it. */
export const NODE_NAMESERVER = '172.18.0.1'

export function resolvConf(cluster: Cluster, pod: Pod | undefined): ResolvConf {
  const domain = cluster.config.clusterDomain
  const node: ResolvConf = { nameserver: NODE_NAMESERVER, search: [], ndots: 1, clusterDns: false }
  if (!pod) return node
  const policy = pod.dnsPolicy
  // "ClusterFirst" falls back to the node's resolver for hostNetwork pods (DN-06).
  const useCluster = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.hostNetwork)
  if (!useCluster) return node
  return {
    nameserver: cluster.config.dnsServiceIP,
    search: [`${pod.namespace}.svc.${domain}`, `svc.${domain}`, domain],
    ndots: 5,
    clusterDns: true,
  }
}

/** The names the stub resolver tries, in order (ndots and the search list). */
export function candidateNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name]
  const dots = name.split('.').length - 1
  const searched = conf.search.map((s) => `${name}.${s}.`)
  return dots >= conf.ndots ? [`${name}.`, ...searched] : [...searched, `${name}.`]
}

export interface DnsQuery {
  qname: string
  type: RecordType
  rcode?: 'NOERROR' | 'NXDOMAIN'
  /** false when the query never got an answer (dropped on the way to the nameserver) */
  answered: boolean
}

/** Carries one query to the nameserver; the simulator answers whether policy lets it through. */
export type DnsTransport = (conf: ResolvConf) => { ok: boolean; reason: string }

export interface Resolution {
  name: string
  type: RecordType
  conf: ResolvConf
  queries: DnsQuery[]
  /** ok: an answer with records; nxdomain: every candidate is NXDOMAIN; unreachable: the nameserver never answered */
  status: 'ok' | 'nxdomain' | 'no-data' | 'unreachable'
  /** the name that answered */
  fqdn?: string
  records: DnsRecord[]
  /** why the nameserver could not be reached */
  failure?: string
}

/** Resolves `name` from `pod` the way glibc or musl would, through `transport`. */
export function resolve(
  cluster: Cluster,
  pod: Pod | undefined,
  name: string,
  type: RecordType,
  transport: DnsTransport,
): Resolution {
  const conf = resolvConf(cluster, pod)
  const res: Resolution = { name, type, conf, queries: [], status: 'nxdomain', records: [] }
  const path = transport(conf)
  const candidates = type === 'PTR' ? [name.endsWith('.') ? name : `${name}.`] : candidateNames(name, conf)
  if (!path.ok) {
    // Every attempt times out (5 s each, two tries by default); the resolver gives up.
    res.queries = candidates.slice(0, 1).map((qname) => ({ qname, type, answered: false }))
    res.status = 'unreachable'
    res.failure = path.reason
    return res
  }
  let sawNoData = false
  for (const qname of candidates) {
    const a = conf.clusterDns ? answer(cluster, qname, type) : nodeResolverAnswer(cluster, qname, type)
    res.queries.push({ qname, type, rcode: a.rcode, answered: true })
    if (a.rcode === 'NOERROR' && a.records.length) {
      res.status = 'ok'
      res.fqdn = qname
      res.records = a.records
      return res
    }
    if (a.rcode === 'NOERROR') sawNoData = true
  }
  res.status = sawNoData ? 'no-data' : 'nxdomain'
  return res
}

// The node's resolver knows nothing of the cluster domain: only outside names resolve.
function nodeResolverAnswer(cluster: Cluster, qname: string, type: RecordType) {
  if (qname.endsWith(`.${cluster.config.clusterDomain}.`)) return { rcode: 'NXDOMAIN' as const, records: [] }
  return answer(cluster, qname, type)
}

/** The A addresses of a resolution, following a CNAME chain. */
export function addressesOf(res: Resolution): string[] {
  return res.records.filter((r) => r.type === 'A').map((r) => r.data)
}

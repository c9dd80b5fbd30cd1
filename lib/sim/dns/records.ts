// The records CoreDNS's kubernetes plugin serves (DN-01 to DN-05), and the simulated
// upstream for names outside the cluster.
import { lookup } from '../model/lookup'
import type { Cluster, Endpoint, Service } from '../model/types'
import { formatIPv4, parseIPv4 } from '../net/ip'
import { hash32 } from '../util/hash'
import { own } from '../util/json'

export type RecordType = 'A' | 'SRV' | 'PTR' | 'CNAME' | 'AAAA'

export interface DnsRecord {
  name: string
  type: RecordType
  ttl: number
  /** A: an address; CNAME/PTR: a name; SRV: `priority weight port target` */
  data: string
}

export interface Answer {
  rcode: 'NOERROR' | 'NXDOMAIN'
  records: DnsRecord[]
}

const TTL = 30

/** Well-known outside names the simulated upstream resolver knows; others get a stable made-up address. */
export const DEFAULT_EXTERNAL_HOSTS: Readonly<Record<string, string>> = {
  'example.com': '93.184.215.14',
  'www.example.com': '93.184.215.14',
}

function readyEndpoints(cluster: Cluster, svc: Service): Endpoint[] {
  const out: Endpoint[] = []
  const seen = new Set<string>()
  for (const s of lookup(cluster).slicesOf.get(svc.id) ?? [])
    for (const e of s.endpoints) {
      const ip = e.addresses[0]
      if (!ip || !e.conditions.ready || s.addressType !== 'IPv4' || seen.has(ip)) continue
      seen.add(ip)
      out.push(e)
    }
  return out
}

/** Ready endpoints that serve a named port, with the port number their slice gives (DN-03). */
function readyEndpointPorts(
  cluster: Cluster,
  svc: Service,
  portName: string,
  protocol: string,
): { endpoint: Endpoint; port: number }[] {
  const out: { endpoint: Endpoint; port: number }[] = []
  for (const s of lookup(cluster).slicesOf.get(svc.id) ?? []) {
    if (s.addressType !== 'IPv4') continue
    const p = s.ports.find((x) => x.name === portName && x.protocol === protocol)
    if (!p) continue
    for (const e of s.endpoints)
      if (e.conditions.ready && e.addresses[0]) out.push({ endpoint: e, port: p.port })
  }
  return out
}

function serviceA(cluster: Cluster, svc: Service, fqdn: string): Answer {
  if (svc.type === 'ExternalName') {
    const target = `${svc.externalName ?? ''}.`.replace(/\.\.$/, '.')
    const cname: DnsRecord = { name: fqdn, type: 'CNAME', ttl: TTL, data: target }
    const ext = externalA(cluster, target.replace(/\.$/, ''))
    return { rcode: ext.rcode, records: [cname, ...ext.records] }
  }
  if (svc.headless) {
    const eps = readyEndpoints(cluster, svc)
    // DN-02: one record per ready endpoint; NXDOMAIN when none is ready.
    if (!eps.length) return { rcode: 'NXDOMAIN', records: [] }
    return {
      rcode: 'NOERROR',
      records: eps.map((e) => ({ name: fqdn, type: 'A', ttl: TTL, data: e.addresses[0]! })),
    }
  }
  return { rcode: 'NOERROR', records: [{ name: fqdn, type: 'A', ttl: TTL, data: svc.clusterIP! }] }
}

/**
 * Top-level domains the simulated internet knows. A real upstream resolver answers
 * NXDOMAIN for a TLD that does not exist, so `kubernetes.default.` or `web.prod.` (a typo's
 * last try after the search list) must not resolve to an outside address.
 */
export const PUBLIC_TLDS: ReadonlySet<string> = new Set(
  (
    'com org net edu gov mil int info biz name pro io dev app ai cloud co me tv xyz online site tech ' +
    'uk de fr nl be at ch it es pt se no dk fi ie pl cz ru ua jp cn kr tw hk sg in au nz ca us mx br ar cl za eu'
  ).split(' '),
)

/** The simulated internet's DNS: a known address, or a stable one from 203.0.113.0/24. */
export function externalA(cluster: Cluster, name: string): Answer {
  const n = name.replace(/\.$/, '').toLowerCase()
  const known = own(DEFAULT_EXTERNAL_HOSTS, n)
  if (known) return { rcode: 'NOERROR', records: [{ name: `${n}.`, type: 'A', ttl: 300, data: known }] }
  // Only names that look public resolve; `db`, `foo.local` or `x.cluster.local` do not, and
  // neither does a name made of digits like `1.2.3.4` (SV-13: DNS has no such name).
  const labels = n.split('.')
  const tld = labels[labels.length - 1] ?? ''
  const publicLooking = labels.length >= 2 && PUBLIC_TLDS.has(tld)
  if (!publicLooking || n.endsWith(cluster.config.clusterDomain)) return { rcode: 'NXDOMAIN', records: [] }
  const ip = formatIPv4((parseIPv4('203.0.113.0')! + 1 + (hash32(n) % 250)) >>> 0)
  return { rcode: 'NOERROR', records: [{ name: `${n}.`, type: 'A', ttl: 300, data: ip }] }
}

/** Answers one fully qualified question as CoreDNS would. */
export function answer(cluster: Cluster, fqdnIn: string, type: RecordType): Answer {
  const fqdn = fqdnIn.endsWith('.') ? fqdnIn.toLowerCase() : `${fqdnIn.toLowerCase()}.`
  const domain = `${cluster.config.clusterDomain}.`
  const l = lookup(cluster)
  const nx: Answer = { rcode: 'NXDOMAIN', records: [] }

  if (type === 'PTR') return ptr(cluster, fqdn)
  if (!fqdn.endsWith(`.${domain}`) && fqdn !== domain) {
    if (type !== 'A' && type !== 'CNAME') return { rcode: externalA(cluster, fqdn).rcode, records: [] }
    return externalA(cluster, fqdn)
  }
  const labels = fqdn.slice(0, -(domain.length + 1)).split('.')
  // <svc>.<ns>.svc, <host>.<svc>.<ns>.svc, _<port>._<proto>.<svc>.<ns>.svc, <a-b-c-d>.<ns>.pod
  const kind = labels[labels.length - 1]
  if (kind === 'pod' && labels.length === 3) {
    const ip = labels[0]!.replace(/-/g, '.')
    if (parseIPv4(ip) === undefined || !l.namespace.has(labels[1]!)) return nx
    return type === 'A'
      ? { rcode: 'NOERROR', records: [{ name: fqdn, type: 'A', ttl: TTL, data: ip }] }
      : { rcode: 'NOERROR', records: [] }
  }
  if (kind !== 'svc') return nx
  if (labels.length === 3) {
    const svc = l.service.get(`${labels[1]}/${labels[0]}`)
    if (!svc) return nx
    if (type === 'SRV') return { rcode: 'NOERROR', records: [] }
    // The cluster is IPv4 only: an AAAA question gets an empty answer (an ExternalName still its CNAME).
    if (type === 'AAAA') {
      const a = serviceA(cluster, svc, fqdn)
      return a.rcode === 'NXDOMAIN'
        ? { rcode: 'NXDOMAIN', records: [] }
        : { rcode: 'NOERROR', records: a.records.filter((r) => r.type === 'CNAME') }
    }
    const a = serviceA(cluster, svc, fqdn)
    return type === 'CNAME' ? { rcode: a.rcode, records: a.records.filter((r) => r.type === 'CNAME') } : a
  }
  if (labels.length === 4) {
    // A stable per-endpoint name of a headless Service (StatefulSet pods, hostname + subdomain).
    const svc = l.service.get(`${labels[2]}/${labels[1]}`)
    if (!svc || !svc.headless) return nx
    const ep = readyEndpoints(cluster, svc).find((e) => e.hostname === labels[0])
    if (!ep) return nx
    return {
      rcode: 'NOERROR',
      records: type === 'A' ? [{ name: fqdn, type: 'A', ttl: TTL, data: ep.addresses[0]! }] : [],
    }
  }
  if (labels.length === 5 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_')) {
    const svc = l.service.get(`${labels[3]}/${labels[2]}`)
    const portName = labels[0]!.slice(1)
    const proto = labels[1]!.slice(1).toUpperCase()
    // DN-03: SRV records exist only for named ports.
    const port = svc?.ports.find((p) => p.name === portName && p.protocol === proto)
    if (!svc || !port) return nx
    if (type !== 'SRV') return { rcode: 'NOERROR', records: [] }
    const base = `${svc.name}.${svc.namespace}.svc.${domain}`
    if (!svc.headless)
      return {
        rcode: 'NOERROR',
        records: [{ name: fqdn, type: 'SRV', ttl: TTL, data: `0 100 ${port.port} ${base}` }],
      }
    // Headless: one answer per ready endpoint, with the endpoint's own port (the resolved
    // targetPort), since clients connect to the pods directly.
    const eps = readyEndpointPorts(cluster, svc, portName, proto)
    if (!eps.length) return nx
    const weight = Math.floor(100 / eps.length)
    return {
      rcode: 'NOERROR',
      records: eps.map(({ endpoint: e, port: n }) => {
        const host = e.hostname ?? e.addresses[0]!.replace(/\./g, '-')
        return { name: fqdn, type: 'SRV', ttl: TTL, data: `0 ${weight} ${n} ${host}.${base}` }
      }),
    }
  }
  return nx
}

/**
 * DN-05: reverse records as CoreDNS's kubernetes plugin serves them: a ClusterIP (or
 * external IP) names its Service; otherwise every Service with a ready endpoint at the
 * address gives one record, `<hostname or a-b-c-d>.<svc>.<ns>.svc.<domain>`. A pod that
 * backs no Service has no reverse record (the question falls through to the upstream,
 * which does not know it either).
 */
function ptr(cluster: Cluster, fqdn: string): Answer {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa\.$/.exec(fqdn)
  if (!m) return { rcode: 'NXDOMAIN', records: [] }
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`
  if (parseIPv4(ip) === undefined) return { rcode: 'NXDOMAIN', records: [] }
  const domain = cluster.config.clusterDomain
  const l = lookup(cluster)
  const rec = (data: string): DnsRecord => ({ name: fqdn, type: 'PTR', ttl: TTL, data })
  const svc = l.serviceByClusterIP.get(ip) ?? cluster.services.find((s) => s.externalIPs.includes(ip))
  if (svc) return { rcode: 'NOERROR', records: [rec(`${svc.name}.${svc.namespace}.svc.${domain}.`)] }
  const records: DnsRecord[] = []
  for (const s of cluster.services) {
    const ep = readyEndpoints(cluster, s).find((e) => e.addresses[0] === ip)
    if (ep)
      records.push(rec(`${ep.hostname ?? ip.replace(/\./g, '-')}.${s.name}.${s.namespace}.svc.${domain}.`))
  }
  return records.length ? { rcode: 'NOERROR', records } : { rcode: 'NXDOMAIN', records: [] }
}

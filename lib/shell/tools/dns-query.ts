// What nslookup and dig share: whether the DNS server is reachable through the policies,
// the answer to one question, and reverse names.
import { answer } from '../../sim/dns/records'
import type { DnsRecord, RecordType } from '../../sim/dns/records'
import { parseIPv4 } from '../../sim/net/ip'
import { simulate } from '../../sim/simulate/simulate'
import { noSuchTld } from './connect'
import type { PodEnv } from './tool'

/** Which implementation of the DNS tools an image ships. */
export function bindTools(env: PodEnv): boolean {
  return /netshoot|dnsutils|bind|jessie/.test(env.container.image)
}

/** Whether a DNS query from the pod reaches `server` (UDP 53, through the policies, DN-08). */
export function dnsReachable(env: PodEnv, server: string): boolean {
  const r = simulate(env.view.cluster, {
    from: { pod: env.pod.id },
    to: { ip: server },
    port: 53,
    protocol: 'UDP',
    seed: `dns:${env.ctx.seed()}`,
  })
  return r.outcome === 'connected'
}

/** The answer to one question, from the cluster DNS or the node's upstream resolver. */
export function ask(env: PodEnv, server: string, qname: string, type: RecordType) {
  const cluster = env.view.cluster
  const clusterDns =
    server === cluster.config.dnsServiceIP ||
    cluster.pods.some((p) => p.ip === server && p.labels['k8s-app'] === 'kube-dns')
  const fq = qname.endsWith('.') ? qname : `${qname}.`
  if (noSuchTld(cluster, fq) && type !== 'PTR')
    return { rcode: 'NXDOMAIN' as const, records: [] as DnsRecord[], authoritative: false }
  if (!clusterDns && fq.endsWith(`.${cluster.config.clusterDomain}.`))
    return { rcode: 'NXDOMAIN' as const, records: [] as DnsRecord[], authoritative: false }
  const a = answer(cluster, fq, type)
  const inZone = fq.endsWith(`.${cluster.config.clusterDomain}.`) || fq.endsWith('.in-addr.arpa.')
  return {
    ...a,
    authoritative:
      clusterDns &&
      inZone &&
      (a.rcode === 'NOERROR'
        ? a.records.length > 0 || fq.endsWith(`.${cluster.config.clusterDomain}.`)
        : true),
  }
}

export const bare = (name: string) => name.replace(/\.$/, '')

export function ptrName(ip: string): string | undefined {
  const n = parseIPv4(ip)
  if (n === undefined) return undefined
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`
}

// One connection (or ping) from the pod, as the simulator sees it, with the upstream
// resolvers' NXDOMAIN for top-level domains that do not exist.
import { PUBLIC_TLDS } from '../../sim/dns/records'
import { parseIPv4 } from '../../sim/net/ip'
import { simulate } from '../../sim/simulate/simulate'
import type { SimRequest, SimResult } from '../../sim/simulate/simulate'
import type { HttpRequest } from '../../sim/policy/tiers'
import type { Cluster } from '../../sim/model/types'
import type { Ctx } from '../io'
import type { ClusterView } from '../view'
import type { PodEnv } from './tool'

/** Upstream resolvers answer NXDOMAIN for a top-level domain that does not exist (the
 * simulator's DNS knows the same list). */
export function noSuchTld(cluster: ClusterView['cluster'], fqdn: string): boolean {
  const name = fqdn.replace(/\.$/, '').toLowerCase()
  if (name.endsWith(`.${cluster.config.clusterDomain}`) || name.endsWith('.in-addr.arpa')) return false
  if (parseIPv4(name) !== undefined) return false
  const tld = name.split('.').pop() ?? ''
  return !PUBLIC_TLDS.has(tld)
}

/**
 * One terminal connection. Through a Service it is simulated again with this terminal's
 * turn for that Service port, so that repeated requests walk through the ready endpoints
 * (SV-05's random pick would let a learner see one pod many times in a row). Only the
 * backend choice changes: the flow views and the grader keep judging every endpoint.
 */
export function simulateInTurn(cluster: Cluster, req: SimRequest, ctx: Pick<Ctx, 'turn'>): SimResult {
  const first = simulate(cluster, req)
  const s = first.service
  if (!s || !first.backend) return first
  return simulate(cluster, { ...req, turn: ctx.turn(`${s.id}:${s.port.port}/${s.port.protocol}`) })
}

/** What happens to a connection from the pod to `host` (a name or an address). */
export function connect(
  env: PodEnv,
  host: string,
  port: number | undefined,
  protocol: 'TCP' | 'UDP' | 'ICMP',
  /** the HTTP request an HTTP client sends once connected, for proxies that judge requests */
  http?: HttpRequest,
): SimResult {
  const r = simulateInTurn(
    env.view.cluster,
    {
      from: { pod: env.pod.id },
      to: parseIPv4(host) !== undefined ? { ip: host } : { host },
      ...(port !== undefined ? { port } : {}),
      protocol,
      seed: env.ctx.seed(),
      ...(http ? { http } : {}),
    },
    env.ctx,
  )
  if (
    r.dns?.status === 'ok' &&
    r.dns.fqdn &&
    noSuchTld(env.view.cluster, r.dns.fqdn) &&
    !r.dns.records.some((x) => x.type === 'CNAME')
  )
    return {
      ...r,
      outcome: 'no-such-host',
      dns: { ...r.dns, status: 'nxdomain', records: [] },
      to: { ...r.to, ip: undefined },
    }
  return r
}

/** The name did not resolve because no DNS server could be reached (DN-08). */
export const dnsUnreachable = (r: SimResult) =>
  r.outcome === 'no-such-host' && r.dns?.status === 'unreachable'

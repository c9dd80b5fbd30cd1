// `trace FROM TO [PORT]`: the course's helper. It runs the simulator for one connection
// and prints every step (formatSimResult), e.g. `trace default/client web 80/TCP`.
import { lookup, qualify } from '../sim/model/lookup'
import type { Cluster } from '../sim/model/types'
import { parseIPv4 } from '../sim/net/ip'
import { formatSimResult } from '../sim/simulate/format'
import type { SimRequest, SimSource, SimTarget } from '../sim/simulate/simulate'
import { findPodRef, parsePortSpec } from '../session/targets'
import type { TargetError } from '../session/targets'
import type { Ctx, Exec } from './io'
import { simulateInTurn } from './tools/connect'

export const TRACE_USAGE = `usage: trace FROM TO [PORT[/PROTOCOL] | ICMP] [METHOD PATH]
  FROM  a pod (namespace/name, or a name in the current namespace; a workload's name picks its first pod),
        node/NAME, or an outside IP address
  TO    a pod (namespace/name or pod/NAME), a Service (svc/NAME or namespace/name), an IP address,
        or a DNS name as FROM would resolve it (web, web.prod, example.com)
  PORT  80, 80/TCP, 53/UDP or ICMP (default: the Service's or pod's first port)
  METHOD PATH  an HTTP request to judge as well, e.g. GET /public (for CNIs with HTTP rules)
example: trace default/client web 80/TCP
         trace default/client web 80 POST /private`

function source(cluster: Cluster, text: string, namespace: string): SimSource | string {
  if (text.startsWith('node/')) {
    const name = text.slice(5)
    return cluster.nodes.some((n) => n.name === name) ? { node: name } : `no node named ${name}`
  }
  if (parseIPv4(text) !== undefined) {
    const node = cluster.nodes.find((n) => n.ip === text)
    return node ? { node: node.name } : { external: text }
  }
  const pod = findPodRef(cluster, text, namespace)
  return pod ? { pod: pod.id } : `no pod named ${qualify(text, namespace)}`
}

function target(cluster: Cluster, text: string, namespace: string): SimTarget | string {
  if (parseIPv4(text) !== undefined) return { ip: text }
  const l = lookup(cluster)
  const svc = /^(svc|service|services)\/(.+)$/.exec(text)
  if (svc) {
    const id = qualify(svc[2]!, namespace)
    return l.service.has(id) ? { service: id } : `no Service named ${id}`
  }
  if (/^pods?\//.test(text)) {
    const pod = findPodRef(cluster, text, namespace)
    return pod ? { pod: pod.id } : `no pod named ${text.slice(text.indexOf('/') + 1)}`
  }
  if (/^[^/.]+\/[^/]+$/.test(text)) {
    if (l.pod.has(text)) return { pod: text }
    if (l.service.has(text)) return { service: text }
    const pod = findPodRef(cluster, text, namespace)
    if (pod) return { pod: pod.id }
    return `no pod or Service named ${text}`
  }
  return { host: text }
}

export function trace(ctx: Ctx, args: string[]): Exec {
  const { out } = ctx
  if (
    args.length < 2 ||
    args.length > 5 ||
    args.length === 4 ||
    args.includes('-h') ||
    args.includes('--help')
  ) {
    ;(args.includes('-h') || args.includes('--help') ? out.out.bind(out) : out.err.bind(out))(
      `${TRACE_USAGE}\n`,
    )
    return { code: args.includes('-h') || args.includes('--help') ? 0 : 2 }
  }
  const cluster = ctx.session.cluster
  const from = source(cluster, args[0]!, ctx.namespace)
  if (typeof from === 'string') {
    out.errLine(`trace: ${from}`)
    return { code: 1 }
  }
  const to = target(cluster, args[1]!, ctx.namespace)
  if (typeof to === 'string') {
    out.errLine(`trace: ${to}`)
    return { code: 1 }
  }
  const req: SimRequest = { from, to, seed: ctx.seed() }
  if (args[2]) {
    try {
      Object.assign(req, parsePortSpec(args[2]))
    } catch (e) {
      out.errLine(`trace: ${(e as TargetError).message}`)
      return { code: 2 }
    }
  }
  if (args[3] && args[4]) {
    if (!/^[A-Za-z]+$/.test(args[3]) || !args[4].startsWith('/')) {
      out.errLine(`trace: expected an HTTP request such as GET /public, not "${args[3]} ${args[4]}"`)
      return { code: 2 }
    }
    req.http = { method: args[3].toUpperCase(), path: args[4] }
  }
  const r = simulateInTurn(cluster, req, ctx)
  if (r.outcome === 'invalid') {
    out.errLine(`trace: ${r.reason}`)
    return { code: 1 }
  }
  out.out(formatSimResult(r, cluster.cni.displayName))
  return { code: 0 }
}

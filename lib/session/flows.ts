// The flows a lab watches: each one simulated against the current cluster, with the
// verdict and a one-line reason for the traffic panel.
import type { Cluster } from '../sim/model/types'
import { simulate } from '../sim/simulate/simulate'
import type { SimResult } from '../sim/simulate/simulate'
import { parsePortSpec, parseSource, parseTarget, portLabel, TargetError } from './targets'

export interface FlowSpec {
  from: string
  to: string
  port: string
  label?: string
}

export interface FlowResult {
  spec: FlowSpec
  /** the ends as the test contract writes them: `ns/pod`, `ns/svc` or an IP */
  from: string
  to: string
  /** `80/TCP` */
  port: string
  verdict: 'allowed' | 'dropped'
  outcome: SimResult['outcome']
  reason: string
  result?: SimResult
}

/** Simulates one flow; a flow naming something that does not exist is dropped with the reason. */
export function evaluateFlow(cluster: Cluster, spec: FlowSpec): FlowResult {
  let port = spec.port
  try {
    const ports = parsePortSpec(spec.port)
    port = portLabel(ports)
    const from = parseSource(cluster, spec.from)
    const to = parseTarget(cluster, spec.to)
    const result = simulate(cluster, { from, to, ...ports, seed: `${spec.from}>${spec.to}` })
    const toLabel = 'pod' in to ? to.pod : 'service' in to ? to.service : 'host' in to ? to.host : to.ip
    const fromLabel = 'pod' in from ? from.pod : 'node' in from ? `node/${from.node}` : from.external
    return {
      spec,
      from: fromLabel,
      to: toLabel,
      port,
      verdict: result.verdict,
      outcome: result.outcome,
      reason: result.reason,
      result,
    }
  } catch (e) {
    const reason = e instanceof TargetError ? e.message : `cannot simulate: ${(e as Error).message}`
    return { spec, from: spec.from, to: spec.to, port, verdict: 'dropped', outcome: 'invalid', reason }
  }
}

export function evaluateFlows(cluster: Cluster, specs: readonly FlowSpec[]): FlowResult[] {
  return specs.map((s) => evaluateFlow(cluster, s))
}

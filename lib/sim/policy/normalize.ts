// NetworkPolicy objects as the API server stores them: policyTypes defaulted (NP-04),
// protocols defaulted to TCP (NP-17), peers and ports in a form the evaluator can use.
import type { KubeObject } from '../manifest/load'
import type { NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Protocol } from '../model/types'
import { parseSelector } from './selector'
import { list, obj } from '../util/json'
import type { JsonMap } from '../util/json'

type Obj = JsonMap

function peerOf(raw: Obj): PolicyPeer {
  if (raw.ipBlock) {
    const b = obj(raw.ipBlock)
    return {
      kind: 'ipBlock',
      cidr: String(b.cidr ?? ''),
      except: Array.isArray(b.except) ? b.except.map(String) : [],
    }
  }
  const peer: PolicyPeer = { kind: 'selector' }
  // A null selector is "not set", exactly like a missing one.
  if (raw.podSelector !== undefined && raw.podSelector !== null)
    peer.podSelector = parseSelector(raw.podSelector)
  if (raw.namespaceSelector !== undefined && raw.namespaceSelector !== null)
    peer.namespaceSelector = parseSelector(raw.namespaceSelector)
  return peer
}

function portOf(raw: Obj): PolicyPort {
  const port: PolicyPort = { protocol: (typeof raw.protocol === 'string' ? raw.protocol : 'TCP') as Protocol }
  if (typeof raw.port === 'number' || typeof raw.port === 'string') port.port = raw.port
  if (typeof raw.endPort === 'number') port.endPort = raw.endPort
  return port
}

function rulesOf(raw: unknown, peersKey: 'from' | 'to'): PolicyRule[] {
  return list(raw).map((r, index) => ({
    index,
    peers: list(r[peersKey]).map(peerOf),
    ports: list(r.ports).map(portOf),
  }))
}

/** The policy as the API server would store it after defaulting. */
export function normalizePolicy(o: KubeObject): NetworkPolicy {
  const spec = obj(o.raw.spec)
  const ingress = rulesOf(spec.ingress, 'from')
  const egress = rulesOf(spec.egress, 'to')
  let policyTypes = Array.isArray(spec.policyTypes) ? (spec.policyTypes as ('Ingress' | 'Egress')[]) : []
  if (!policyTypes.length) policyTypes = egress.length ? ['Ingress', 'Egress'] : ['Ingress']
  const policy: NetworkPolicy = {
    id: `${o.namespace}/${o.name}`,
    namespace: o.namespace!,
    name: o.name,
    podSelector: parseSelector(spec.podSelector),
    policyTypes: [...new Set(policyTypes)],
    ingress,
    egress,
    source: o.source,
  }
  return policy
}

export function affectsIngress(p: NetworkPolicy): boolean {
  return p.policyTypes.includes('Ingress')
}

export function affectsEgress(p: NetworkPolicy): boolean {
  return p.policyTypes.includes('Egress')
}

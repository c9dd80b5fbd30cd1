// Sentences for a learner from the evaluator's verdicts: which policy, which rule and
// which peer of it decided, e.g. `shop/db-from-api spec.ingress[0].from[1]
// (namespaceSelector team=shop)`.
import { peerMatches } from '../sim/policy/evaluate'
import type { DirectionVerdict, RuleRef } from '../sim/policy/evaluate'
import { formatSelector } from '../sim/policy/selector'
import type { Cluster, PolicyPeer, PolicyRule } from '../sim/model/types'

/** `a → b:5432`, `a → b:53/UDP`, `a → b (ICMP)`: one way of writing a connection everywhere. */
export function flowText(from: string, to: string, port: string | undefined): string {
  if (!port) return `${from} → ${to}`
  if (port === 'ICMP') return `${from} → ${to} (ICMP)`
  return `${from} → ${to}:${port.endsWith('/TCP') ? port.slice(0, -4) : port}`
}

export function describePeer(peer: PolicyPeer): string {
  if (peer.kind === 'ipBlock')
    return `ipBlock ${peer.cidr}${peer.except.length ? ` except ${peer.except.join(', ')}` : ''}`
  const parts: string[] = []
  if (peer.namespaceSelector)
    parts.push(
      `namespaceSelector ${isEmpty(peer.namespaceSelector) ? '{} (every namespace)' : formatSelector(peer.namespaceSelector)}`,
    )
  if (peer.podSelector)
    parts.push(
      `podSelector ${isEmpty(peer.podSelector) ? `{} (every pod${peer.namespaceSelector ? '' : ' of its namespace'})` : formatSelector(peer.podSelector)}`,
    )
  return parts.join(' + ')
}

function isEmpty(s: { matchLabels: Record<string, string>; matchExpressions: unknown[] }): boolean {
  return !Object.keys(s.matchLabels).length && !s.matchExpressions.length
}

export function describePorts(rule: PolicyRule): string {
  return rule.ports
    .map((p) => {
      if (p.port === undefined) return `all ${p.protocol}`
      const range = p.endPort !== undefined ? `${p.port}-${p.endPort}` : `${p.port}`
      return `${range}/${p.protocol}`
    })
    .join(', ')
}

/** One rule that admitted a connection, with the peer entry that matched. */
export function describeMatch(cluster: Cluster, v: DirectionVerdict, m: RuleRef): string {
  const key = v.direction === 'ingress' ? 'from' : 'to'
  const ports = m.rule.ports.length ? ` on ${describePorts(m.rule)}` : ''
  if (!m.rule.peers.length)
    return `${m.policy.id} ${m.path} (${m.rule.ports.length ? `any ${v.direction === 'ingress' ? 'source' : 'destination'}${ports}` : `no ${key}: allows everything`})`
  const i = m.rule.peers.findIndex((p) => peerMatches(cluster, m.policy, p, v.peer))
  const peer = m.rule.peers[i]
  if (!peer) return `${m.policy.id} ${m.path}`
  return `${m.policy.id} ${m.path}.${key}[${i}] (${describePeer(peer)}${ports})`
}

/** Why a direction let the connection through: the rules, or why the pod is not isolated. */
export function whyAllowed(cluster: Cluster, v: DirectionVerdict): string {
  if (v.reason === 'allowed-by-rule') {
    const rules = v.matched.map((m) => describeMatch(cluster, v, m))
    return `${rules.join(' and ')} allow${rules.length === 1 ? 's' : ''} it`
  }
  return v.text
}

/** Why a direction dropped the connection: the isolating policies and the nearest misses. */
export function whyDropped(v: DirectionVerdict): string {
  const misses = v.misses.slice(0, 2).map((m) => `${m.policy.id} ${m.path}: ${m.detail}`)
  return `${v.text}${misses.length ? ` (${misses.join('; ')}${v.misses.length > 2 ? '; …' : ''})` : ''}`
}

/**
 * The sentence for an allowed connection: the rule-based directions when there are any
 * (those are what a learner wrote), otherwise why neither end is isolated.
 */
export function allowedBecause(cluster: Cluster, verdicts: (DirectionVerdict | undefined)[]): string {
  const vs = verdicts.filter((v): v is DirectionVerdict => v !== undefined)
  // Rules of other policy kinds (ClusterNetworkPolicy, Calico, Cilium) count as written rules too.
  const byRule = vs.filter((v) => v.reason === 'allowed-by-rule' || v.reason === 'accepted-by-rule')
  if (byRule.length) return byRule.map((v) => whyAllowed(cluster, v)).join('; ')
  const open = vs.filter((v) => v.reason === 'not-isolated')
  if (open.length && open.length === vs.length)
    return `nothing isolates it: ${open
      .map(
        (v, i) =>
          `${i ? 'and none' : 'no policy'} selects ${v.subject.id} for ${v.direction === 'ingress' ? 'Ingress' : 'Egress'}`,
      )
      .join(', ')}`
  return [...new Set(vs.map((v) => whyAllowed(cluster, v)))].join('; ')
}

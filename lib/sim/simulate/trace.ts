// The steps of a simulated connection, in the order a packet meets them (fidelity §5).

export type TraceKind =
  | 'dns'
  | 'dnat'
  | 'snat'
  | 'egress-policy'
  | 'ingress-policy'
  /** an L7 proxy judging one HTTP request (Cilium's Envoy) */
  | 'l7-policy'
  | 'route'
  | 'encap'
  | 'decap'
  | 'deliver'
  | 'reject'
  | 'drop'
  | 'reply'

export interface PolicyRef {
  /** the policy's kind when it is not a NetworkPolicy (ClusterNetworkPolicy, GlobalNetworkPolicy, CiliumNetworkPolicy) */
  kind?: string
  /** `namespace/name`, or the name of a cluster-scoped policy */
  policy: string
  /** `spec.ingress[0]`; undefined when the policy selected the pod but no rule of it matched */
  rule?: string
}

export interface TraceStep {
  kind: TraceKind
  /** false where the packet stops */
  ok: boolean
  /** one line: what happened */
  title: string
  /** further lines: interfaces, addresses, rules */
  details: string[]
  /** the node the step happens on */
  node?: string
  /** the policies and rules that decided a policy step */
  policies?: PolicyRef[]
}

/** A traceroute hop: the address that answers, and what it is. */
export interface Hop {
  ip: string
  label: string
}

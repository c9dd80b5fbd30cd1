// The field trees of the policy kinds that are not part of Kubernetes itself, written by
// hand in the same form as the generated ones (k8s-schema.generated.ts), so that strict
// decoding, validation positions and the editor's JSON Schema treat them like any kind:
//
// - ClusterNetworkPolicy, policy.networking.k8s.io/v1alpha2: kubernetes-sigs/network-policy-api
//   release v0.2.0, apis/v1alpha2/clusternetworkpolicy_types.go (standard and experimental
//   fields; main's v1beta1 has the same fields but is not released). A CRD.
// - GlobalNetworkPolicy, projectcalico.org/v3: Calico's reference (docs.tigera.io,
//   reference/resources/globalnetworkpolicy, with its Rule, EntityRule and Ports tables).
//   Served by the Calico API server, not a CRD.
// - CiliumNetworkPolicy, cilium.io/v2: Cilium's api.Rule (docs.cilium.io, policy language
//   and Layer 7 pages). A CRD registered by cilium-operator.
//
// Fields the simulator does not model keep a place here (as `any` where their inside does
// not matter), so a valid object is never refused as having an unknown field.
import type { SchemaTypes } from './k8s-schema-types'

export interface ExtraKind {
  apiVersions: string[]
  model: string
  /** cluster-scoped kinds have no namespace */
  clusterScoped?: true
  /**
   * `crd`: the API server validates it against the CRD's OpenAPI schema, which words
   * type errors differently from Go's decoder (`in body must be of type integer`).
   */
  served: 'crd' | 'aggregated'
}

export const EXTRA_KINDS: Readonly<Record<string, ExtraKind>> = {
  ClusterNetworkPolicy: {
    apiVersions: ['policy.networking.k8s.io/v1alpha2'],
    model: 'V1alpha2ClusterNetworkPolicy',
    clusterScoped: true,
    served: 'crd',
  },
  GlobalNetworkPolicy: {
    apiVersions: ['projectcalico.org/v3'],
    model: 'V3GlobalNetworkPolicy',
    clusterScoped: true,
    served: 'aggregated',
  },
  CiliumNetworkPolicy: {
    apiVersions: ['cilium.io/v2'],
    model: 'V2CiliumNetworkPolicy',
    served: 'crd',
  },
}

const s = { t: 'string' } as const
const int = { t: 'integer' } as const
const bool = { t: 'boolean' } as const
const any = { t: 'any' } as const
const req = <T extends { t: string }>(f: T) => ({ ...f, r: 1 as const })

// Cilium's allow and deny rules name their peers alike; only ports (no L7 in a deny) and
// allow's extras differ.
const INGRESS_PEERS = {
  fromEndpoints: { t: '[]V1LabelSelector' },
  fromRequires: { t: '[]V1LabelSelector' },
  fromCIDR: { t: '[]string' },
  fromCIDRSet: { t: '[]V2CIDRRule' },
  fromEntities: { t: '[]string' },
  fromGroups: any,
  fromNodes: { t: '[]V1LabelSelector' },
  icmps: any,
} as const
const EGRESS_PEERS = {
  toEndpoints: { t: '[]V1LabelSelector' },
  toRequires: { t: '[]V1LabelSelector' },
  toCIDR: { t: '[]string' },
  toCIDRSet: { t: '[]V2CIDRRule' },
  toEntities: { t: '[]string' },
  toServices: any,
  toGroups: any,
  toNodes: { t: '[]V1LabelSelector' },
  icmps: any,
} as const

export const EXTRA_SCHEMA_TYPES: SchemaTypes = {
  // ---- ClusterNetworkPolicy (network-policy-api v0.2.0)
  V1alpha2ClusterNetworkPolicy: {
    apiVersion: s,
    kind: s,
    metadata: { t: 'V1ObjectMeta' },
    spec: req({ t: 'V1alpha2ClusterNetworkPolicySpec' }),
    status: { t: 'V1alpha2ClusterNetworkPolicyStatus' },
  },
  V1alpha2ClusterNetworkPolicySpec: {
    tier: req(s),
    priority: req(int),
    subject: req({ t: 'V1alpha2ClusterNetworkPolicySubject' }),
    ingress: { t: '[]V1alpha2ClusterNetworkPolicyIngressRule' },
    egress: { t: '[]V1alpha2ClusterNetworkPolicyEgressRule' },
  },
  V1alpha2ClusterNetworkPolicyStatus: { conditions: { t: '[]V1Condition' } },
  V1alpha2ClusterNetworkPolicySubject: {
    namespaces: { t: 'V1LabelSelector' },
    pods: { t: 'V1alpha2NamespacedPod' },
  },
  V1alpha2NamespacedPod: {
    namespaceSelector: { t: 'V1LabelSelector' },
    podSelector: req({ t: 'V1LabelSelector' }),
  },
  V1alpha2ClusterNetworkPolicyIngressRule: {
    name: s,
    action: req(s),
    from: req({ t: '[]V1alpha2ClusterNetworkPolicyIngressPeer' }),
    protocols: { t: '[]V1alpha2ClusterNetworkPolicyProtocol' },
  },
  V1alpha2ClusterNetworkPolicyEgressRule: {
    name: s,
    action: req(s),
    to: req({ t: '[]V1alpha2ClusterNetworkPolicyEgressPeer' }),
    protocols: { t: '[]V1alpha2ClusterNetworkPolicyProtocol' },
  },
  V1alpha2ClusterNetworkPolicyIngressPeer: {
    namespaces: { t: 'V1LabelSelector' },
    pods: { t: 'V1alpha2NamespacedPod' },
  },
  V1alpha2ClusterNetworkPolicyEgressPeer: {
    namespaces: { t: 'V1LabelSelector' },
    pods: { t: 'V1alpha2NamespacedPod' },
    nodes: { t: 'V1LabelSelector' },
    networks: { t: '[]string' },
    domainNames: { t: '[]string' },
  },
  V1alpha2ClusterNetworkPolicyProtocol: {
    tcp: { t: 'V1alpha2ClusterNetworkPolicyProtocolPort' },
    udp: { t: 'V1alpha2ClusterNetworkPolicyProtocolPort' },
    sctp: { t: 'V1alpha2ClusterNetworkPolicyProtocolPort' },
    destinationNamedPort: s,
  },
  V1alpha2ClusterNetworkPolicyProtocolPort: { destinationPort: { t: 'V1alpha2Port' } },
  V1alpha2Port: { number: int, range: { t: 'V1alpha2PortRange' } },
  V1alpha2PortRange: { start: req(int), end: req(int) },

  // ---- Calico GlobalNetworkPolicy (projectcalico.org/v3)
  V3GlobalNetworkPolicy: {
    apiVersion: s,
    kind: s,
    metadata: { t: 'V1ObjectMeta' },
    spec: { t: 'V3GlobalNetworkPolicySpec' },
  },
  V3GlobalNetworkPolicySpec: {
    tier: s,
    order: { t: 'number' },
    selector: s,
    serviceAccountSelector: s,
    namespaceSelector: s,
    types: { t: '[]string' },
    ingress: { t: '[]V3Rule' },
    egress: { t: '[]V3Rule' },
    doNotTrack: bool,
    preDNAT: bool,
    applyOnForward: bool,
    performanceHints: { t: '[]string' },
  },
  V3Rule: {
    action: req(s),
    ipVersion: int,
    protocol: { t: 'int-or-string' },
    notProtocol: { t: 'int-or-string' },
    icmp: { t: 'V3ICMPFields' },
    notICMP: { t: 'V3ICMPFields' },
    source: { t: 'V3EntityRule' },
    destination: { t: 'V3EntityRule' },
    http: any,
    metadata: { t: 'V3RuleMetadata' },
  },
  V3ICMPFields: { type: int, code: int },
  V3RuleMetadata: { annotations: { t: 'map[string]' } },
  V3EntityRule: {
    nets: { t: '[]string' },
    selector: s,
    namespaceSelector: s,
    services: any,
    ports: { t: '[]int-or-string' },
    notNets: { t: '[]string' },
    notSelector: s,
    notPorts: { t: '[]int-or-string' },
    serviceAccounts: any,
  },

  // ---- CiliumNetworkPolicy (cilium.io/v2)
  V2CiliumNetworkPolicy: {
    apiVersion: s,
    kind: s,
    metadata: { t: 'V1ObjectMeta' },
    spec: { t: 'V2Rule' },
    specs: { t: '[]V2Rule' },
    status: any,
  },
  V2Rule: {
    endpointSelector: { t: 'V1LabelSelector' },
    nodeSelector: { t: 'V1LabelSelector' },
    ingress: { t: '[]V2IngressRule' },
    ingressDeny: { t: '[]V2IngressDenyRule' },
    egress: { t: '[]V2EgressRule' },
    egressDeny: { t: '[]V2EgressDenyRule' },
    labels: any,
    enableDefaultDeny: { t: 'V2DefaultDenyConfig' },
    description: s,
    log: any,
  },
  V2DefaultDenyConfig: { ingress: bool, egress: bool },
  V2IngressRule: { ...INGRESS_PEERS, toPorts: { t: '[]V2PortRule' }, authentication: any },
  V2IngressDenyRule: { ...INGRESS_PEERS, toPorts: { t: '[]V2PortDenyRule' } },
  V2EgressRule: {
    ...EGRESS_PEERS,
    toFQDNs: { t: '[]V2FQDNSelector' },
    toPorts: { t: '[]V2PortRule' },
    authentication: any,
  },
  V2EgressDenyRule: { ...EGRESS_PEERS, toPorts: { t: '[]V2PortDenyRule' } },
  V2CIDRRule: {
    cidr: s,
    cidrGroupRef: s,
    cidrGroupSelector: { t: 'V1LabelSelector' },
    except: { t: '[]string' },
  },
  V2FQDNSelector: { matchName: s, matchPattern: s },
  V2PortRule: {
    ports: { t: '[]V2PortProtocol' },
    rules: { t: 'V2L7Rules' },
    terminatingTLS: any,
    originatingTLS: any,
    serverNames: { t: '[]string' },
    listener: any,
  },
  V2PortDenyRule: { ports: { t: '[]V2PortProtocol' } },
  V2PortProtocol: { port: s, endPort: int, protocol: s },
  V2L7Rules: {
    http: { t: '[]V2PortRuleHTTP' },
    kafka: any,
    dns: { t: '[]V2FQDNSelector' },
    l7proto: s,
    l7: any,
  },
  V2PortRuleHTTP: {
    path: s,
    method: s,
    host: s,
    headers: { t: '[]string' },
    headerMatches: any,
  },
}

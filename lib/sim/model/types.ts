// The simulated cluster: plain data that every part of the simulator reads.
import type { CniProfile } from '../cni/profiles'
import type { Issue, SourceRef } from '../manifest/issues'
import type { CalicoSelector } from '../policy/calico-selector'

export type Protocol = 'TCP' | 'UDP' | 'SCTP'
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP']

export type Labels = Readonly<Record<string, string>>

export interface LabelSelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
  values: string[]
}

/** A parsed metav1.LabelSelector. An empty one selects everything. */
export interface LabelSelector {
  matchLabels: Record<string, string>
  matchExpressions: LabelSelectorRequirement[]
}

export interface Namespace {
  name: string
  labels: Labels
  source?: SourceRef
}

export interface Node {
  name: string
  /** InternalIP, dotted quad */
  ip: string
  role: 'control-plane' | 'worker'
  labels: Labels
  /** the node's spec.podCIDR (kube-controller-manager's allocation), used by host-local IPAM */
  podCIDR: string
  /** the pod address ranges this node's CNI hands out (node podCIDR, Calico blocks, Cilium pool slice) */
  podRanges: string[]
  /** the address the CNI gives the node itself on the pod network (cni0, cilium_host, tunl0, weave) */
  gatewayIp: string
  /** underlay MTU */
  mtu: number
  taints: { key: string; effect: string }[]
}

export interface ContainerPort {
  name?: string
  containerPort: number
  protocol: Protocol
  hostPort?: number
}

export interface OwnerRef {
  kind: string
  name: string
}

export interface Pod {
  /** `namespace/name` */
  id: string
  namespace: string
  name: string
  labels: Labels
  ip: string
  nodeName: string
  hostNetwork: boolean
  ports: ContainerPort[]
  /** the direct controller (e.g. the ReplicaSet of a Deployment's pod) */
  owner?: OwnerRef
  /** the top-level workload that created the pod (Deployment, not its ReplicaSet) */
  workload?: OwnerRef
  /** the controller's place for the pod; deleting the pod makes the controller fill it again */
  slot?: string
  /** how many times the pod of this slot was replaced (a StatefulSet's keeps its name) */
  generation?: number
  ready: boolean
  terminating: boolean
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed'
  hostname?: string
  subdomain?: string
  dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None'
  /** spec.enableServiceLinks: whether Service environment variables are injected (SV-15) */
  enableServiceLinks: boolean
  source?: SourceRef
}

export interface ServicePort {
  name?: string
  protocol: Protocol
  port: number
  /** a container port number or name; defaults to `port` */
  targetPort: number | string
  nodePort?: number
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'

export interface Service {
  id: string
  namespace: string
  name: string
  type: ServiceType
  /** undefined for ExternalName, 'None' for headless */
  clusterIP?: string
  headless: boolean
  ports: ServicePort[]
  /** undefined when the Service has no selector (endpoints are managed by hand) */
  selector?: Record<string, string>
  externalName?: string
  externalTrafficPolicy: 'Cluster' | 'Local'
  internalTrafficPolicy: 'Cluster' | 'Local'
  sessionAffinity: 'None' | 'ClientIP'
  sessionAffinityTimeoutSeconds: number
  loadBalancerIPs: string[]
  externalIPs: string[]
  publishNotReadyAddresses: boolean
  healthCheckNodePort?: number
  labels: Labels
  /** position of the Service in the creation order; Service env vars exist only in later pods (SV-15) */
  createdIndex: number
  source?: SourceRef
}

export interface EndpointConditions {
  ready: boolean
  serving: boolean
  terminating: boolean
}

export interface Endpoint {
  addresses: string[]
  conditions: EndpointConditions
  nodeName?: string
  hostname?: string
  /** `namespace/name` of the backing pod, when there is one */
  podId?: string
}

export interface EndpointSlicePort {
  name?: string
  port: number
  protocol: Protocol
}

export interface EndpointSlice {
  namespace: string
  name: string
  /** the kubernetes.io/service-name label */
  serviceName: string
  addressType: 'IPv4' | 'IPv6' | 'FQDN'
  ports: EndpointSlicePort[]
  endpoints: Endpoint[]
  /** true when the slice came from the manifests rather than the simulated controller */
  userProvided: boolean
  source?: SourceRef
}

export interface IpBlockPeer {
  kind: 'ipBlock'
  cidr: string
  except: string[]
}

export interface SelectorPeer {
  kind: 'selector'
  /** undefined: every pod of the selected namespaces */
  podSelector?: LabelSelector
  /** undefined: the policy's own namespace */
  namespaceSelector?: LabelSelector
}

export type PolicyPeer = IpBlockPeer | SelectorPeer

export interface PolicyPort {
  protocol: Protocol
  /** undefined: every port of the protocol */
  port?: number | string
  endPort?: number
}

export interface PolicyRule {
  /** position in spec.ingress / spec.egress */
  index: number
  /** empty: every peer, in the cluster and outside it */
  peers: PolicyPeer[]
  /** empty: every port and protocol */
  ports: PolicyPort[]
}

export interface NetworkPolicy {
  /** `namespace/name` */
  id: string
  namespace: string
  name: string
  podSelector: LabelSelector
  /** policyTypes after API-server defaulting (NP-04) */
  policyTypes: ('Ingress' | 'Egress')[]
  ingress: PolicyRule[]
  egress: PolicyRule[]
  source?: SourceRef
}

// ---- Policy kinds beyond NetworkPolicy. Which of them a cluster enforces is a setting of
// its CNI profile (PolicyBehaviour.extensions), never a fixed answer.

/**
 * ClusterNetworkPolicy, policy.networking.k8s.io/v1alpha2, as released in
 * kubernetes-sigs/network-policy-api v0.2.0 (apis/v1alpha2/clusternetworkpolicy_types.go;
 * main's v1beta1 has the same fields). Fidelity §1h.
 */
export interface CnpNamespacedPods {
  namespaceSelector: LabelSelector
  podSelector: LabelSelector
}

export type CnpPeer =
  | { kind: 'namespaces'; namespaces: LabelSelector }
  | { kind: 'pods'; pods: CnpNamespacedPods }
  /** egress only, experimental: the nodes' addresses, by node labels */
  | { kind: 'nodes'; nodes: LabelSelector }
  /** egress only: CIDRs, which match in-cluster addresses too */
  | { kind: 'networks'; networks: string[] }
  /** egress only, experimental: DNS names; the lab does not resolve them for policy */
  | { kind: 'domainNames'; domainNames: string[] }

/** One entry of `protocols`: a protocol with an optional port or range, or a named port. */
export type CnpPort = { protocol: Protocol; first?: number; last?: number } | { namedPort: string }

export interface CnpRule {
  /** position in spec.ingress / spec.egress */
  index: number
  name?: string
  action: 'Accept' | 'Deny' | 'Pass'
  peers: CnpPeer[]
  /** empty: every protocol and port */
  ports: CnpPort[]
}

export interface ClusterNetworkPolicy {
  /** cluster-scoped: the name is the id */
  name: string
  tier: 'Admin' | 'Baseline'
  priority: number
  subject: { namespaces: LabelSelector } | { pods: CnpNamespacedPods }
  ingress: CnpRule[]
  egress: CnpRule[]
  source?: SourceRef
}

/** A port of a Calico rule: a number, a range `start:end`, or a named port. */
export type CalicoPort = { first: number; last: number } | { name: string }

/** Calico's EntityRule: what the source or the destination of a packet must be. */
export interface CalicoEntityRule {
  selector?: CalicoSelector
  notSelector?: CalicoSelector
  namespaceSelector?: CalicoSelector
  nets: string[]
  notNets: string[]
  ports: CalicoPort[]
  notPorts: CalicoPort[]
}

export type CalicoProtocol = Protocol | 'ICMP' | 'ICMPv6' | 'UDPLite' | number

export interface CalicoRule {
  /** position in spec.ingress / spec.egress */
  index: number
  action: 'Allow' | 'Deny' | 'Log' | 'Pass'
  protocol?: CalicoProtocol
  notProtocol?: CalicoProtocol
  source: CalicoEntityRule
  destination: CalicoEntityRule
  /**
   * Match criteria the lab does not simulate (http, icmp, serviceAccounts, services,
   * ipVersion 6): a rule holding any of them matches nothing here, and says so.
   */
  unmodelled: string[]
}

/** Calico's GlobalNetworkPolicy (projectcalico.org/v3), in Calico's default tier. */
export interface GlobalNetworkPolicy {
  name: string
  /** lower first; undefined sorts after every ordered policy of the tier */
  order?: number
  selector: CalicoSelector
  namespaceSelector?: CalicoSelector
  /** after Calico's defaulting from the rules present */
  types: ('Ingress' | 'Egress')[]
  ingress: CalicoRule[]
  egress: CalicoRule[]
  /** doNotTrack or preDNAT: rendered for host endpoints only, so it never applies to pods */
  hostEndpointsOnly: boolean
  source?: SourceRef
}

export interface CiliumHttpRule {
  /** position in rules.http */
  index: number
  /** extended regular expressions, matched against the whole method / path */
  method?: string
  path?: string
  host?: string
  headers: string[]
}

export interface CiliumPortProtocol {
  /** undefined or 0: every port of the protocol */
  port?: number
  endPort?: number
  /** a named container port */
  name?: string
  protocol: Protocol | 'ANY'
}

export interface CiliumPortRule {
  /** position in toPorts */
  index: number
  /** empty: every port */
  ports: CiliumPortProtocol[]
  /** L7 HTTP rules; the port is then served by Cilium's proxy */
  http?: CiliumHttpRule[]
  /** other L7 rule kinds written (dns, kafka): the proxy is used, their matching is not simulated */
  otherL7?: string
}

export interface CiliumCidr {
  cidr: string
  except: string[]
}

export interface CiliumRule {
  /** position in ingress / egress / ingressDeny / egressDeny */
  index: number
  /** from/toEndpoints, each already limited to the policy's namespace when it names none */
  endpoints: LabelSelector[]
  entities: string[]
  cidrs: CiliumCidr[]
  /** whether the rule names any L3 peer at all (else toPorts alone means every peer) */
  hasL3: boolean
  toPorts: CiliumPortRule[]
  /** fields the lab does not simulate (toFQDNs, toServices, fromRequires, …): the rule matches nothing */
  unmodelled: string[]
}

/** CiliumNetworkPolicy (cilium.io/v2): one `spec` or one of `specs`. */
export interface CiliumNetworkPolicy {
  /** `namespace/name`, with `#specs[i]` for a rule of a `specs` list */
  id: string
  namespace: string
  name: string
  /** `spec` or `specs[1]`, for paths in messages */
  path: string
  endpointSelector: LabelSelector
  ingress: CiliumRule[]
  egress: CiliumRule[]
  ingressDeny: CiliumRule[]
  egressDeny: CiliumRule[]
  /** whether the policy puts its endpoints into default deny, per direction (enableDefaultDeny) */
  defaultDeny: { ingress: boolean; egress: boolean }
  source?: SourceRef
}

/** A policy object the API server stored (its CRD is installed) that the CNI does not enforce. */
export interface InertPolicy {
  kind: string
  /** `name`, or `namespace/name` */
  id: string
  /** why it has no effect, naming the CNI */
  why: string
  source?: SourceRef
}

export type LoadBalancerProvider = 'none' | 'cloud' | 'metallb'
export const LOAD_BALANCER_PROVIDERS: readonly LoadBalancerProvider[] = ['none', 'cloud', 'metallb']

export interface ClusterConfig {
  podCIDR: string
  serviceCIDR: string
  clusterDomain: string
  dnsServiceIP: string
  nodePortRange: [number, number]
  /** the documentation range load-balancer IPs are handed out from */
  loadBalancerPool: string
  /**
   * SV-12: what implements type LoadBalancer. `none` (the default, a kubeadm cluster with no
   * cloud controller): the Service keeps EXTERNAL-IP <pending> and only its NodePort works.
   * `cloud`: a cloud load balancer sends traffic to the nodes' NodePorts. `metallb`
   * (L2 mode): one node answers ARP for the address and its kube-proxy catches it.
   */
  loadBalancerProvider: LoadBalancerProvider
  /**
   * SV-06: kube-proxy's mode, as in Kubernetes 1.27 and later: in IPVS mode a ClusterIP
   * is bound to kube-ipvs0 but KUBE-IPVS-FILTER rejects ping to it (kubernetes#108460).
   */
  proxyMode: 'iptables' | 'ipvs' | 'nftables'
}

export interface Cluster {
  config: ClusterConfig
  cni: CniProfile
  nodes: Node[]
  namespaces: Namespace[]
  pods: Pod[]
  services: Service[]
  endpointSlices: EndpointSlice[]
  policies: NetworkPolicy[]
  /** enforced ClusterNetworkPolicies (fidelity §1h), when the CNI implements them */
  clusterPolicies?: ClusterNetworkPolicy[]
  /** enforced Calico GlobalNetworkPolicies, when the CNI is Calico-based */
  calicoPolicies?: GlobalNetworkPolicy[]
  /** enforced CiliumNetworkPolicies, when the CNI is Cilium */
  ciliumPolicies?: CiliumNetworkPolicy[]
  /** policy objects that are stored but have no effect on this CNI */
  inertPolicies?: InertPolicy[]
  /** manifest and build problems; errors mean the objects concerned were left out */
  issues: Issue[]
}

// The simulated cluster: plain data that every part of the simulator reads.
import type { CniProfile } from '../cni/profiles'
import type { Issue, SourceRef } from '../manifest/issues'

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

export interface ClusterConfig {
  podCIDR: string
  serviceCIDR: string
  clusterDomain: string
  dnsServiceIP: string
  nodePortRange: [number, number]
  /** the documentation range load-balancer IPs are handed out from */
  loadBalancerPool: string
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
  /** manifest and build problems; errors mean the objects concerned were left out */
  issues: Issue[]
}

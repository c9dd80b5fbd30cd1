// CNI profiles: everything that differs between network plugins is a setting here, so the
// engine never hard-wires one plugin's answer (fidelity §4 and every [IMPL] rule).

export type CniName = 'flannel' | 'calico' | 'cilium' | 'weave' | 'canal'
export const CNI_NAMES: readonly CniName[] = ['flannel', 'calico', 'cilium', 'weave', 'canal']

export type Encapsulation = 'vxlan' | 'ipip' | 'geneve' | 'none' | 'weave-fastdp'

export interface DataPath {
  /** how a pod's packets reach the host: through a Linux bridge, or routed/eBPF veths */
  kind: 'bridge' | 'routed' | 'ebpf'
  /** the bridge device, for bridge data paths */
  bridge?: string
  /** host-side name prefix of a pod's veth (the pod side is always eth0) */
  vethPrefix: string
  /** the pod's default gateway as the pod sees it */
  podGateway: 'bridge-ip' | '169.254.1.1' | 'node-router-ip'
  encapsulation: Encapsulation
  /** the tunnel device on each node; undefined without encapsulation */
  tunnelDevice?: string
  /** UDP port of the tunnel, when it is UDP-based */
  tunnelPort?: number
  /** VXLAN network identifier, where one is fixed */
  vni?: number
  /** bytes each packet grows by inside the tunnel */
  overhead: number
  /** MTU of the pod's eth0 */
  podMtu: number
  /** same-node pod-to-pod traffic is bridged at L2 (one hop) rather than routed by the host */
  sameNodeBridged: boolean
  /** traceroute shows no hops for eBPF redirects */
  hidesHops: boolean
}

export interface Ipam {
  /** host-local (node spec.podCIDR), calico-ipam (blocks on demand), cluster-pool, weave (CRDT ranges) */
  mode: 'host-local' | 'calico-ipam' | 'cluster-pool' | 'weave'
  /** the pool every pod address comes from */
  pool: string
  /** prefix length of each node's share (Calico allocates more blocks when one fills) */
  blockPrefix: number
}

/** Behaviour the Kubernetes API leaves to the implementation ([IMPL] rules). */
export interface PolicyBehaviour {
  /** NP-01: whether NetworkPolicy objects have any effect at all */
  enforcesNetworkPolicy: boolean
  /** the component that enforces policy, shown to the learner */
  enforcer: string
  /** NP-15: an ipBlock also matches in-cluster pod IPs (iptables/ipset CNIs) or only outside addresses (Cilium) */
  ipBlockMatchesPodIPs: boolean
  /** NP-15/NP-22: an ipBlock matches node addresses (and so hostNetwork pods and kubelet traffic) */
  ipBlockMatchesNodeIPs: boolean
  /** NP-20: `endPort` ranges are honoured; when false only `port` is applied */
  endPortSupported: boolean
  /** NP-17: SCTP rules are enforced */
  sctpSupported: boolean
  /** NP-25: ICMP (ping) is subject to policy: a deny-all drops it, only a rule without `ports` admits it */
  filtersIcmp: boolean
  /** NP-22: hostNetwork pods are ignored by pod selectors and their traffic counts as their node's */
  hostNetworkAsNode: boolean
  /** NP-26: changing a policy cuts connections that are already open */
  cutsExistingConnections: boolean
  /** §1e: a policy drop is silent (client times out); 'reject' answers with an ICMP error */
  denyAction: 'drop' | 'reject'
  /**
   * NP-16/NP-24: the source address the backend's ingress policy sees for NodePort and
   * load-balancer traffic with externalTrafficPolicy Cluster when the backend is on the
   * node that received it: the client's (iptables CNIs filter before kube-proxy's
   * MASQUERADE) or the node's (eBPF CNIs see the packet after it).
   */
  sameNodeNodePortSource: 'client' | 'node'
  /** the drop as the CNI's own tools report it */
  dropLog: string
}

export interface CniProfile {
  name: CniName
  displayName: string
  summary: string
  dataPath: DataPath
  ipam: Ipam
  policy: PolicyBehaviour
  /** the CNI replaces kube-proxy (Services handled in eBPF); false: kube-proxy iptables */
  kubeProxyReplacement: boolean
  /** things worth knowing that are not modelled as settings */
  notes: string[]
}

const iptablesPolicy = {
  ipBlockMatchesPodIPs: true,
  ipBlockMatchesNodeIPs: true,
  endPortSupported: true,
  sctpSupported: true,
  filtersIcmp: true,
  hostNetworkAsNode: true,
  cutsExistingConnections: false,
  denyAction: 'drop',
  sameNodeNodePortSource: 'client',
} as const

export const CNI_PROFILES: Readonly<Record<CniName, CniProfile>> = {
  flannel: {
    name: 'flannel',
    displayName: 'Flannel',
    summary:
      'Simple overlay: a cni0 bridge per node and VXLAN between nodes. Does not enforce NetworkPolicy.',
    dataPath: {
      kind: 'bridge',
      bridge: 'cni0',
      vethPrefix: 'veth',
      podGateway: 'bridge-ip',
      encapsulation: 'vxlan',
      tunnelDevice: 'flannel.1',
      tunnelPort: 8472,
      vni: 1,
      overhead: 50,
      podMtu: 1450,
      sameNodeBridged: true,
      hidesHops: false,
    },
    ipam: { mode: 'host-local', pool: '10.244.0.0/16', blockPrefix: 24 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: false,
      enforcer: 'none (Flannel leaves NetworkPolicy to other projects, such as Calico)',
      dropLog: '',
    },
    kubeProxyReplacement: false,
    notes: ['NetworkPolicy objects are stored by the API server but have no effect (NP-01).'],
  },
  calico: {
    name: 'calico',
    displayName: 'Calico',
    summary:
      'Routed L3 without a bridge (proxy-ARP on cali* veths), IPIP between nodes, policy by Felix in iptables.',
    dataPath: {
      kind: 'routed',
      vethPrefix: 'cali',
      podGateway: '169.254.1.1',
      encapsulation: 'ipip',
      tunnelDevice: 'tunl0',
      overhead: 20,
      podMtu: 1480,
      sameNodeBridged: false,
      hidesHops: false,
    },
    ipam: { mode: 'calico-ipam', pool: '192.168.0.0/16', blockPrefix: 26 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'calico-node (Felix, iptables)',
      dropLog: 'Calico: packet dropped by policy (Felix, cali-pi/cali-po chain)',
    },
    kubeProxyReplacement: false,
    notes: [
      'A Kubernetes NetworkPolicy becomes a Calico policy of order 1000; Calico GlobalNetworkPolicy can add Deny rules around it.',
      'IPAM hands each node /26 blocks on demand, so one node can own several blocks.',
    ],
  },
  cilium: {
    name: 'cilium',
    displayName: 'Cilium',
    summary: 'eBPF on lxc* veths, VXLAN tunnel between nodes, identity-based policy.',
    dataPath: {
      kind: 'ebpf',
      vethPrefix: 'lxc',
      podGateway: 'node-router-ip',
      encapsulation: 'vxlan',
      tunnelDevice: 'cilium_vxlan',
      tunnelPort: 8472,
      overhead: 50,
      podMtu: 1450,
      sameNodeBridged: false,
      hidesHops: true,
    },
    ipam: { mode: 'cluster-pool', pool: '10.0.0.0/8', blockPrefix: 24 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'cilium-agent (eBPF)',
      ipBlockMatchesPodIPs: false,
      // Nodes are the host and remote-node entities, not CIDRs, unless policy-cidr-match-mode includes nodes.
      ipBlockMatchesNodeIPs: false,
      sameNodeNodePortSource: 'node',
      dropLog: 'Hubble: drop (Policy denied)',
    },
    kubeProxyReplacement: false,
    notes: [
      'ipBlock rules apply only to traffic outside the cluster: pods are matched by identity (NP-15).',
      'Cilium also has CiliumNetworkPolicy with L7 (HTTP, DNS, Kafka) rules and deny rules.',
    ],
  },
  weave: {
    name: 'weave',
    displayName: 'Weave Net',
    summary:
      'A mesh of peers with a weave bridge per node and fastdp (VXLAN) between them; policy by weave-npc. Archived.',
    dataPath: {
      kind: 'bridge',
      bridge: 'weave',
      vethPrefix: 'vethwepl',
      podGateway: 'bridge-ip',
      encapsulation: 'weave-fastdp',
      tunnelDevice: 'vxlan-6784',
      tunnelPort: 6784,
      overhead: 50,
      podMtu: 1376,
      sameNodeBridged: true,
      hidesHops: false,
    },
    ipam: { mode: 'weave', pool: '10.32.0.0/12', blockPrefix: 14 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'weave-npc (iptables and ipsets)',
      dropLog: 'weave-npc: blocked by Weave NPC',
    },
    kubeProxyReplacement: false,
    notes: ['Weave Net is archived and unmaintained since Weaveworks closed in 2024: teach it as history.'],
  },
  canal: {
    name: 'canal',
    displayName: 'Canal',
    summary: 'Flannel VXLAN networking with Calico (Felix) enforcing NetworkPolicy.',
    dataPath: {
      kind: 'routed',
      vethPrefix: 'cali',
      podGateway: '169.254.1.1',
      encapsulation: 'vxlan',
      tunnelDevice: 'flannel.1',
      tunnelPort: 8472,
      vni: 1,
      overhead: 50,
      podMtu: 1450,
      sameNodeBridged: false,
      hidesHops: false,
    },
    ipam: { mode: 'host-local', pool: '10.244.0.0/16', blockPrefix: 24 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'calico-node (Felix, iptables)',
      dropLog: 'Calico: packet dropped by policy (Felix)',
    },
    kubeProxyReplacement: false,
    notes: ['Canal is Flannel for the network plus Calico for policy.'],
  },
}

export interface CniOverrides {
  dataPath?: Partial<DataPath>
  ipam?: Partial<Ipam>
  policy?: Partial<PolicyBehaviour>
  kubeProxyReplacement?: boolean
}

/** A named profile, optionally with some settings changed (a lab may, say, turn endPort off). */
export function cniProfile(name: CniName, overrides: CniOverrides = {}): CniProfile {
  const base = CNI_PROFILES[name]
  return {
    ...base,
    dataPath: { ...base.dataPath, ...overrides.dataPath },
    ipam: { ...base.ipam, ...overrides.ipam },
    policy: { ...base.policy, ...overrides.policy },
    kubeProxyReplacement: overrides.kubeProxyReplacement ?? base.kubeProxyReplacement,
  }
}

export function isCniName(v: string): v is CniName {
  return (CNI_NAMES as readonly string[]).includes(v)
}

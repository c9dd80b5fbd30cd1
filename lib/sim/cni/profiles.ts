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
  /**
   * The prefix length of the pod's eth0 address, which shapes the pod's routing table.
   * `host`: a /32, so there is no connected route and the plugin adds a scope-link route to
   * the gateway beside the default route: Calico's and Canal's 169.254.1.1, Cilium's
   * cilium_host router IP (cilium `connector.IPv4Routes`: the router's /32, then the default
   * route via it). `node-range`: the node's range (the bridge plugin with host-local IPAM),
   * so the kernel's connected route `<range> dev eth0 scope link src <pod IP>` covers the
   * node's pods. `pool`: the whole allocation range, as Weave gives every pod and every
   * node's weave bridge an address in IPALLOC_RANGE (10.32.0.0/12; weaveworks/weave#3743
   * shows `10.32.0.1/12` and `10.44.0.0/12` on two nodes' bridges).
   */
  podPrefix: 'host' | 'node-range' | 'pool'
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
  /**
   * The source address of a node's own packets (kubelet, hostNetwork pods, and traffic it
   * masquerades for externalTrafficPolicy: Cluster) to a pod on another node. `tunnel`: the
   * route to the remote pod range goes through the tunnel device, so the kernel picks that
   * device's address (Calico's tunl0 address, Flannel's flannel.1 address x.x.x.0, Cilium's
   * cilium_host address), and ipBlock rules see it rather than the node IP. `node`: the node IP.
   * Calico: "sending from node to IPIP container ... appears from the tunl address ... you
   * will need to include the tunl0 address in your policy decisions" (projectcalico/calico#721).
   * Flannel: the route is `<podCIDR> via <x.x.x.0> dev flannel.1 onlink` and flannel.1
   * carries the node's x.x.x.0/32. Weave: not verified, the node IP is kept.
   */
  remotePodSource: 'tunnel' | 'node'
  /**
   * How a container's `hostPort` is programmed. `portmap`: the CNI's conflist chains the
   * portmap plugin, whose CNI-HOSTPORT-DNAT rules send node-IP:hostPort to the pod
   * (kube-flannel's cni-conf.json, Calico's and Canal's CNI config, weave-kube's conflist).
   * `ebpf`: Cilium maps it natively, but only as part of its kube-proxy replacement; with
   * kube-proxy it needs cni.chainingMode=portmap, otherwise nothing answers
   * (docs.cilium.io "Portmap (HostPort)"). `none`: the port is not mapped.
   */
  hostPort: 'portmap' | 'ebpf' | 'none'
}

export interface Ipam {
  /** host-local (node spec.podCIDR), calico-ipam (blocks on demand), cluster-pool, weave (CRDT ranges) */
  mode: 'host-local' | 'calico-ipam' | 'cluster-pool' | 'weave'
  /** the pool every pod address comes from */
  pool: string
  /** prefix length of each node's share (Calico allocates more blocks when one fills) */
  blockPrefix: number
}

/** Policy kinds beyond NetworkPolicy, each a CRD (or, for Calico, its API server's kind). */
export type ExtensionKind = 'ClusterNetworkPolicy' | 'GlobalNetworkPolicy' | 'CiliumNetworkPolicy'
export const EXTENSION_KINDS: readonly ExtensionKind[] = [
  'ClusterNetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
]

/**
 * What a cluster with this CNI does with objects of one extension kind. `enforced`: the
 * kind is served and the CNI implements it. `ignored`: the CRD is installed, so the API
 * server stores the objects, but nothing enforces them. `absent`: no CRD, so kubectl
 * answers `no matches for kind` and nothing is stored.
 */
export interface ExtensionSupport {
  support: 'enforced' | 'ignored' | 'absent'
  /** why, for the learner, with the source it rests on */
  note: string
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
  /**
   * A pod reaching itself through its own Service (hairpin), which the NetworkPolicy API
   * leaves to the implementation (kubernetes/kubernetes#95879: "calico does it one way,
   * cilium does it another"; kubernetes-sigs/network-policy-api#343). `enforced`: the
   * iptables CNIs filter in FORWARD, before kube-proxy's hairpin MASQUERADE, so the pod's
   * policies see the pod itself as the peer and a deny-all drops it. `exempt`: Cilium skips
   * policy for its service-loopback traffic (cilium/cilium#15709, #27798).
   */
  hairpin: 'enforced' | 'exempt'
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
  /** ClusterNetworkPolicy, Calico GlobalNetworkPolicy, CiliumNetworkPolicy: served? enforced? */
  extensions: Readonly<Record<ExtensionKind, ExtensionSupport>>
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

/**
 * NP-26 is deliberately not a setting: the lab has no established connections (every
 * curl, nc or flow is judged as a new connection against the cluster as it is now), so a
 * flag saying whether a policy edit cuts open connections could only be displayed, never
 * shown to happen. Every profile says so instead.
 */
export const NP26_NOTE =
  'NP-26: the lab judges every connection as a new one against the policies as they are now; whether a policy change cuts connections that are already open is not modelled.'

// Where a kind is absent, the cluster has no definition for it: no CRD, no API service.
const noCrd = (kind: ExtensionKind, who: string, detail: string): ExtensionSupport => ({
  support: 'absent',
  note: `${who} installs no ${kind} definition, so the API server does not know the kind${detail ? ` (${detail})` : ''}`,
})

// Calico 3.32 implements ClusterNetworkPolicy (tech preview): Admin policies go into the
// kube-admin tier (order 1,000, default action Pass), Baseline ones into kube-baseline
// (order 10,000,000, default Pass), `priority` becomes the Calico `order`
// (projectcalico/calico#10810, tigera/docs#2416 and #2669, network-policy-api#376). Its
// manifests carry the network-policy-api CRDs, as they carried ANP/BANP's since 3.29.
const CALICO_CNP: ExtensionSupport = {
  support: 'enforced',
  note: "Calico 3.32 and later enforce ClusterNetworkPolicy: the Admin tier is Calico's kube-admin tier, before the default tier where Kubernetes NetworkPolicies live; the Baseline tier is kube-baseline, after it (projectcalico/calico#10810)",
}
// GlobalNetworkPolicy is served by the Calico API server (projectcalico.org/v3) and
// enforced by Felix; Kubernetes NetworkPolicies sit in the same default tier at order 1000
// (projectcalico/calico#3981; docs.tigera.io, tiered policy).
const CALICO_GNP: ExtensionSupport = {
  support: 'enforced',
  note: 'Felix enforces GlobalNetworkPolicy in the default tier, ordered with the Kubernetes NetworkPolicies, which count as order 1000',
}

const iptablesPolicy = {
  ipBlockMatchesPodIPs: true,
  ipBlockMatchesNodeIPs: true,
  endPortSupported: true,
  sctpSupported: true,
  filtersIcmp: true,
  hostNetworkAsNode: true,
  hairpin: 'enforced',
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
      podPrefix: 'node-range',
      encapsulation: 'vxlan',
      tunnelDevice: 'flannel.1',
      tunnelPort: 8472,
      vni: 1,
      overhead: 50,
      podMtu: 1450,
      sameNodeBridged: true,
      hidesHops: false,
      remotePodSource: 'tunnel',
      hostPort: 'portmap',
    },
    ipam: { mode: 'host-local', pool: '10.244.0.0/16', blockPrefix: 24 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: false,
      enforcer: 'none (Flannel leaves NetworkPolicy to other projects, such as Calico)',
      dropLog: '',
      extensions: {
        ClusterNetworkPolicy: noCrd('ClusterNetworkPolicy', 'Flannel', 'it enforces no policy at all'),
        GlobalNetworkPolicy: noCrd('GlobalNetworkPolicy', 'Flannel', 'a Calico kind'),
        CiliumNetworkPolicy: noCrd('CiliumNetworkPolicy', 'Flannel', 'a Cilium kind'),
      },
    },
    kubeProxyReplacement: false,
    notes: [NP26_NOTE, 'NetworkPolicy objects are stored by the API server but have no effect (NP-01).'],
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
      podPrefix: 'host',
      encapsulation: 'ipip',
      tunnelDevice: 'tunl0',
      overhead: 20,
      podMtu: 1480,
      sameNodeBridged: false,
      hidesHops: false,
      remotePodSource: 'tunnel',
      hostPort: 'portmap',
    },
    ipam: { mode: 'calico-ipam', pool: '192.168.0.0/16', blockPrefix: 26 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'calico-node (Felix, iptables)',
      dropLog: 'Calico: packet dropped by policy (Felix, cali-pi/cali-po chain)',
      extensions: {
        ClusterNetworkPolicy: CALICO_CNP,
        GlobalNetworkPolicy: CALICO_GNP,
        CiliumNetworkPolicy: noCrd('CiliumNetworkPolicy', 'Calico', 'a Cilium kind'),
      },
    },
    kubeProxyReplacement: false,
    notes: [
      NP26_NOTE,
      'A Kubernetes NetworkPolicy becomes a Calico policy of order 1000; Calico GlobalNetworkPolicy can add Deny rules around it.',
      'ClusterNetworkPolicy (Calico 3.32): Admin policies in the kube-admin tier, before NetworkPolicies; Baseline ones in kube-baseline, after them.',
      'IPAM hands each node /26 blocks on demand, so one node can own several blocks.',
      "A node's own traffic to a pod on another node leaves through tunl0 with the tunl0 address as its source (projectcalico/calico#721): an ipBlock must admit that address, not only the node IP.",
      'A pod reaching itself through its own Service is judged by its policies with itself as the peer (Felix filters before the hairpin MASQUERADE), so a deny-all drops it.',
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
      podPrefix: 'host',
      encapsulation: 'vxlan',
      tunnelDevice: 'cilium_vxlan',
      tunnelPort: 8472,
      overhead: 50,
      podMtu: 1450,
      sameNodeBridged: false,
      hidesHops: true,
      remotePodSource: 'tunnel',
      hostPort: 'ebpf',
    },
    ipam: { mode: 'cluster-pool', pool: '10.0.0.0/8', blockPrefix: 24 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'cilium-agent (eBPF)',
      ipBlockMatchesPodIPs: false,
      // Nodes are the host and remote-node entities, not CIDRs, unless policy-cidr-match-mode includes nodes.
      ipBlockMatchesNodeIPs: false,
      hairpin: 'exempt',
      sameNodeNodePortSource: 'node',
      dropLog: 'Hubble: drop (Policy denied)',
      extensions: {
        // Cilium 1.20 implements ClusterNetworkPolicy behind --enable-k8s-cluster-network-policy
        // (Helm k8sClusterNetworkPolicy.enabled), off by default, and the CRD must be installed
        // by hand from network-policy-api (cilium/cilium#47227). A lab may turn it on.
        ClusterNetworkPolicy: noCrd(
          'ClusterNetworkPolicy',
          'Cilium',
          'Cilium 1.20 enforces it only with --enable-k8s-cluster-network-policy and the CRD installed by hand, cilium/cilium#47227',
        ),
        GlobalNetworkPolicy: noCrd('GlobalNetworkPolicy', 'Cilium', 'a Calico kind'),
        // The CRD is registered by cilium-operator; L7 rules go through the node's Envoy.
        CiliumNetworkPolicy: {
          support: 'enforced',
          note: 'cilium-agent enforces CiliumNetworkPolicy together with Kubernetes NetworkPolicies: allows add up, deny rules win, and ports with HTTP rules go through Envoy (docs.cilium.io, Layer 7 policies)',
        },
      },
    },
    kubeProxyReplacement: false,
    notes: [
      NP26_NOTE,
      'ipBlock rules apply only to traffic outside the cluster: pods are matched by identity (NP-15).',
      'CiliumNetworkPolicy adds L7 rules (HTTP, DNS, Kafka) and deny rules; an HTTP request the L3/L4 rules allow but no HTTP rule matches gets 403 Access denied from the proxy.',
      'A pod reaching itself through its own Service skips policy (service loopback, cilium/cilium#15709).',
      'hostPort works natively only with the kube-proxy replacement; with kube-proxy it needs cni.chainingMode=portmap (docs.cilium.io, Portmap (HostPort)).',
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
      podPrefix: 'pool',
      encapsulation: 'weave-fastdp',
      tunnelDevice: 'vxlan-6784',
      tunnelPort: 6784,
      overhead: 50,
      podMtu: 1376,
      sameNodeBridged: true,
      hidesHops: false,
      remotePodSource: 'node',
      hostPort: 'portmap',
    },
    ipam: { mode: 'weave', pool: '10.32.0.0/12', blockPrefix: 14 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'weave-npc (iptables and ipsets)',
      // NP-20: weave-npc builds each ports entry's rule from its protocol and `port` alone and
      // never reads `endPort` (weaveworks/weave npc/analyser.go, withNormalisedProtoAndPort,
      // as of commit ee84cac), so a range admits its first port only. Weave Net is archived.
      endPortSupported: false,
      dropLog: 'weave-npc: blocked by Weave NPC',
      extensions: {
        ClusterNetworkPolicy: noCrd(
          'ClusterNetworkPolicy',
          'Weave Net',
          'it was archived before the API existed',
        ),
        GlobalNetworkPolicy: noCrd('GlobalNetworkPolicy', 'Weave Net', 'a Calico kind'),
        CiliumNetworkPolicy: noCrd('CiliumNetworkPolicy', 'Weave Net', 'a Cilium kind'),
      },
    },
    kubeProxyReplacement: false,
    notes: [
      NP26_NOTE,
      'Weave Net is archived and unmaintained since Weaveworks closed in 2024: teach it as history.',
    ],
  },
  canal: {
    name: 'canal',
    displayName: 'Canal',
    summary: 'Flannel VXLAN networking with Calico (Felix) enforcing NetworkPolicy.',
    dataPath: {
      kind: 'routed',
      vethPrefix: 'cali',
      podGateway: '169.254.1.1',
      podPrefix: 'host',
      encapsulation: 'vxlan',
      tunnelDevice: 'flannel.1',
      tunnelPort: 8472,
      vni: 1,
      overhead: 50,
      podMtu: 1450,
      sameNodeBridged: false,
      hidesHops: false,
      remotePodSource: 'tunnel',
      hostPort: 'portmap',
    },
    ipam: { mode: 'host-local', pool: '10.244.0.0/16', blockPrefix: 24 },
    policy: {
      ...iptablesPolicy,
      enforcesNetworkPolicy: true,
      enforcer: 'calico-node (Felix, iptables)',
      dropLog: 'Calico: packet dropped by policy (Felix)',
      // Canal's manifest is Calico's policy half: the same CRDs and Felix (rancher/rke2-charts#679
      // carries them over from Calico's release).
      extensions: {
        ClusterNetworkPolicy: CALICO_CNP,
        GlobalNetworkPolicy: CALICO_GNP,
        CiliumNetworkPolicy: noCrd('CiliumNetworkPolicy', 'Canal', 'a Cilium kind'),
      },
    },
    kubeProxyReplacement: false,
    notes: [
      NP26_NOTE,
      'Canal is Flannel for the network plus Calico for policy.',
      "A node's own traffic to a pod on another node carries its flannel.1 address (x.x.x.0), which is what ipBlock rules see.",
    ],
  },
}

export interface CniOverrides {
  dataPath?: Partial<DataPath>
  ipam?: Partial<Ipam>
  policy?: Partial<Omit<PolicyBehaviour, 'extensions'>> & {
    extensions?: Partial<Record<ExtensionKind, ExtensionSupport>>
  }
  kubeProxyReplacement?: boolean
}

/** A named profile, optionally with some settings changed (a lab may, say, turn endPort off). */
export function cniProfile(name: CniName, overrides: CniOverrides = {}): CniProfile {
  const base = CNI_PROFILES[name]
  return {
    ...base,
    dataPath: { ...base.dataPath, ...overrides.dataPath },
    ipam: { ...base.ipam, ...overrides.ipam },
    policy: {
      ...base.policy,
      ...overrides.policy,
      extensions: { ...base.policy.extensions, ...overrides.policy?.extensions },
    },
    kubeProxyReplacement: overrides.kubeProxyReplacement ?? base.kubeProxyReplacement,
  }
}

/** Whether node-IP:hostPort reaches the pod on this profile. */
export function hostPortMapped(cni: CniProfile): boolean {
  return cni.dataPath.hostPort === 'portmap' || (cni.dataPath.hostPort === 'ebpf' && cni.kubeProxyReplacement)
}

export function isCniName(v: string): v is CniName {
  return (CNI_NAMES as readonly string[]).includes(v)
}

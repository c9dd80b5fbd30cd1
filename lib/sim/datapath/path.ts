// How a packet crosses the pod network for the chosen CNI: veths, bridges, host routing,
// tunnels with their outer addresses, ports and MTU (fidelity §4 and §5).
import type { CniProfile } from '../cni/profiles'
import type { Cluster, Node, Pod } from '../model/types'
import { parseCidr, formatIPv4 } from '../net/ip'
import { hash32 } from '../util/hash'
import type { Hop, TraceStep } from '../simulate/trace'

export type Place = { kind: 'pod'; pod: Pod; node: Node } | { kind: 'node'; node: Node }

/** The host side of a pod's veth, named the way the CNI names it (`cali1a2b3c4d5e6`). */
export function vethName(cni: CniProfile, pod: Pod): string {
  const h = hash32(`${pod.namespace}.${pod.name}`).toString(16).padStart(8, '0')
  const h2 = hash32(`${pod.name}.${pod.namespace}`).toString(16).padStart(8, '0')
  const id = (h + h2).slice(0, 11)
  return `${cni.dataPath.vethPrefix}${cni.dataPath.vethPrefix === 'vethwepl' ? id.slice(0, 7) : id}`.slice(
    0,
    15,
  )
}

/** The address a node's tunnel device answers on, as traceroute shows it. */
export function tunnelAddress(cni: CniProfile, node: Node): string {
  if (cni.dataPath.tunnelDevice === 'flannel.1') return formatIPv4(parseCidr(node.podCIDR)!.base)
  return node.gatewayIp
}

/**
 * The source address of a node's own packets to `dst`: the tunnel device's address when
 * the CNI routes the remote pod range through it (DataPath.remotePodSource), else the node IP.
 */
export function nodeSourceAddress(
  cni: CniProfile,
  node: Node,
  dst: Pick<Pod, 'hostNetwork'>,
  dstNode: Node,
): { ip: string; via?: string } {
  const dp = cni.dataPath
  if (
    dst.hostNetwork ||
    dstNode.name === node.name ||
    dp.remotePodSource !== 'tunnel' ||
    dp.encapsulation === 'none' ||
    !dp.tunnelDevice
  )
    return { ip: node.ip }
  const via = dp.kind === 'ebpf' ? 'cilium_host' : dp.tunnelDevice
  return { ip: tunnelAddress(cni, node), via }
}

function placeName(p: Place): string {
  return p.kind === 'pod' ? `${p.pod.id} (${p.pod.ip})` : `node ${p.node.name} (${p.node.ip})`
}

function leaveSource(cni: CniProfile, src: Place, crossNode: boolean): string[] {
  if (src.kind === 'node') return [`leaves ${src.node.name} through its host routing table`]
  const dp = cni.dataPath
  const veth = vethName(cni, src.pod)
  switch (dp.kind) {
    case 'bridge':
      return [
        `${src.pod.name}: eth0 → ${veth} on ${src.node.name}, attached to the ${dp.bridge} bridge (${src.node.gatewayIp})`,
        ...(crossNode ? [] : [`same bridge: delivered at layer 2, no routing`]),
      ]
    case 'routed':
      return [
        `${src.pod.name}: eth0 default route via 169.254.1.1, answered by proxy-ARP on ${veth} (MAC ee:ee:ee:ee:ee:ee)`,
        `${src.node.name} routes the packet (no bridge)`,
      ]
    case 'ebpf':
      return [`${src.pod.name}: eth0 → ${veth}; the eBPF program on ${veth} handles the packet`]
  }
}

function enterDestination(cni: CniProfile, dst: Place): string {
  if (dst.kind === 'node') return `${dst.node.name} receives it on eth0 (${dst.node.ip})`
  const veth = vethName(cni, dst.pod)
  switch (cni.dataPath.kind) {
    case 'bridge':
      return `${cni.dataPath.bridge} → ${veth} → eth0 of ${dst.pod.name} (${dst.pod.ip})`
    case 'routed':
      return `route ${dst.pod.ip} dev ${veth} → eth0 of ${dst.pod.name}`
    case 'ebpf':
      return `eBPF redirect to ${veth} → eth0 of ${dst.pod.name}`
  }
}

export interface PathResult {
  steps: TraceStep[]
  hops: Hop[]
}

/** The path between two places on the cluster network (pods or nodes). */
export function clusterPath(cluster: Cluster, src: Place, dst: Place): PathResult {
  const cni = cluster.cni
  const dp = cni.dataPath
  const crossNode = src.node.name !== dst.node.name
  const steps: TraceStep[] = []
  const hops: Hop[] = []
  const dstIp = dst.kind === 'pod' ? dst.pod.ip : dst.node.ip
  const dstHop: Hop = { ip: dstIp, label: dst.kind === 'pod' ? dst.pod.name : dst.node.name }

  if (!crossNode) {
    steps.push({
      kind: 'route',
      ok: true,
      node: src.node.name,
      title: `same node (${src.node.name}): ${placeName(src)} → ${placeName(dst)}`,
      details: [...leaveSource(cni, src, false), enterDestination(cni, dst)],
    })
    if (dp.kind === 'routed' && src.kind === 'pod' && dst.kind === 'pod')
      hops.push({ ip: src.node.ip, label: `${src.node.name} (host routing)` })
    hops.push(dstHop)
    return { steps, hops }
  }

  const details = leaveSource(cni, src, true)
  const dstRange = dst.kind === 'pod' ? dst.node.podRanges.join(', ') : dst.node.ip
  if (src.kind === 'pod' || dst.kind === 'pod') {
    if (dp.encapsulation === 'none')
      details.push(`route ${dstRange} via ${dst.node.ip} (learned over BGP), no encapsulation`)
    // Calico's IPIP routes point at the remote node's own address (`via <node IP> dev tunl0
    // proto bird onlink`); Flannel's at the remote flannel.1 address (`via 10.244.2.0 dev
    // flannel.1 onlink`).
    else if (dp.encapsulation === 'ipip' && dp.tunnelDevice)
      details.push(`route ${dstRange} via ${dst.node.ip} dev ${dp.tunnelDevice} onlink`)
    else if (dp.tunnelDevice)
      details.push(
        `route ${dstRange} via ${tunnelAddress(cni, dst.node)} dev ${dp.tunnelDevice}${dp.tunnelDevice === 'flannel.1' ? ' onlink' : ''}`,
      )
  }
  steps.push({
    kind: 'route',
    ok: true,
    node: src.node.name,
    title: `${src.node.name} forwards towards ${dst.node.name}`,
    details,
  })

  if (dp.encapsulation !== 'none' && (src.kind === 'pod' || dst.kind === 'pod')) {
    const outer = `outer ${src.node.ip} → ${dst.node.ip}`
    const what =
      dp.encapsulation === 'ipip'
        ? `IP-in-IP on ${dp.tunnelDevice} (IP protocol 4, +${dp.overhead} bytes)`
        : dp.encapsulation === 'weave-fastdp'
          ? `Weave fastdp: VXLAN over UDP ${dp.tunnelPort} (+${dp.overhead} bytes)`
          : `${dp.encapsulation.toUpperCase()} on ${dp.tunnelDevice}, UDP ${dp.tunnelPort}${dp.vni !== undefined ? `, VNI ${dp.vni}` : ''} (+${dp.overhead} bytes)`
    steps.push({
      kind: 'encap',
      ok: true,
      node: src.node.name,
      title: `encapsulated: ${what}`,
      details: [outer, `pod MTU ${dp.podMtu} = node MTU ${src.node.mtu} − ${dp.overhead}`],
    })
    steps.push({
      kind: 'decap',
      ok: true,
      node: dst.node.name,
      title: `${dst.node.name} decapsulates on ${dp.tunnelDevice}`,
      details: [enterDestination(cni, dst)],
    })
  } else {
    steps.push({
      kind: 'route',
      ok: true,
      node: dst.node.name,
      title: `${dst.node.name} delivers`,
      details: [enterDestination(cni, dst)],
    })
  }

  // traceroute's view: the TTL drops once per routing host; the underlay is invisible.
  if (!dp.hidesHops && dp.kind !== 'bridge')
    hops.push({ ip: src.node.ip, label: `${src.node.name} (host routing)` })
  if (dp.kind === 'bridge' && dp.bridge === 'cni0')
    hops.push({ ip: src.node.gatewayIp, label: `cni0 on ${src.node.name}` })
  if (!dp.hidesHops && dp.bridge !== 'weave' && dst.kind === 'pod') {
    if (dp.encapsulation === 'none') hops.push({ ip: dst.node.ip, label: dst.node.name })
    else hops.push({ ip: tunnelAddress(cni, dst.node), label: `${dp.tunnelDevice} on ${dst.node.name}` })
  }
  hops.push(dstHop)
  return { steps, hops }
}

/** A pod's packet leaving the cluster: MASQUERADE to the node's address on eth0. */
export function egressToOutside(cluster: Cluster, src: Place, ip: string): PathResult {
  const node = src.node
  const steps: TraceStep[] = [
    {
      kind: 'route',
      ok: true,
      node: node.name,
      title: `${node.name} routes ${ip} out of eth0 (default route via 172.18.0.1)`,
      details: src.kind === 'pod' ? leaveSource(cluster.cni, src, true) : [],
    },
  ]
  if (src.kind === 'pod')
    steps.push({
      kind: 'snat',
      ok: true,
      node: node.name,
      title: `SNAT (MASQUERADE): source ${src.pod.ip} → ${node.ip}`,
      details: ['pod addresses are not routable outside the cluster, so the node hides them behind its own'],
    })
  const hops: Hop[] = [
    ...(src.kind === 'pod'
      ? [
          {
            ip: src.kind === 'pod' && cluster.cni.dataPath.bridge === 'cni0' ? node.gatewayIp : node.ip,
            label: node.name,
          },
        ]
      : []),
    { ip: '172.18.0.1', label: 'gateway' },
    { ip, label: ip },
  ]
  return { steps, hops }
}

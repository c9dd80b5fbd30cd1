// ip addr and ip route, as the CNI plugin sets up the pod's interface and routes.
import type { CniProfile } from '../../sim/cni/profiles'
import type { Node } from '../../sim/model/types'
import { cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4 } from '../../sim/net/ip'
import type { Cidr } from '../../sim/net/ip'
import { hash32 } from '../../sim/util/hash'
import type { Tool } from './tool'

function mac(seed: string): string {
  const h = hash32(seed).toString(16).padStart(8, '0') + hash32(`${seed}#`).toString(16).padStart(8, '0')
  return ['0a', ...(h.match(/../g) ?? []).slice(0, 5)].join(':')
}

/** The subnet of the pod's eth0 address, as the profile's `podPrefix` sets it up. */
function podSubnet(cni: CniProfile, node: Node | undefined, podIp: string): Cidr | undefined {
  const ip = parseIPv4(podIp)
  if (ip === undefined) return undefined
  switch (cni.dataPath.podPrefix) {
    case 'host':
      return { base: ip, prefix: 32, last: ip }
    case 'node-range': {
      const ranges = (node?.podRanges ?? []).map(parseCidr).filter((c): c is Cidr => !!c)
      const range = ranges.find((c) => cidrContains(c, ip)) ?? ranges[0]
      return range && parseCidr(`${podIp}/${range.prefix}`)
    }
    case 'pool':
      return parseCidr(`${podIp}/${parseCidr(cni.ipam.pool)?.prefix ?? 32}`)
  }
}

/**
 * busybox's `ip route` (networking/libiproute/iproute.c): each field ends in a space, `src`
 * gets one before it too, and neither `proto` nor route metrics such as Cilium's route MTU
 * are printed. A /32 address has no connected route, so the plugin's scope-link route to
 * the gateway stands in for it.
 */
function routes(gateway: string, subnet: Cidr, podIp: string): string {
  const link =
    subnet.prefix === 32
      ? `${gateway} dev eth0 scope link `
      : `${formatCidr(subnet)} dev eth0 scope link  src ${podIp} `
  return `default via ${gateway} dev eth0 \n${link}\n`
}

export const ipTool: Tool = (env, args) => {
  const { out } = env.ctx
  const cni = env.view.cluster.cni
  const node = env.view.cluster.nodes.find((n) => n.name === env.pod.nodeName)
  const sub = args[0] ?? ''
  if (env.pod.hostNetwork) {
    out.errLine("ip: this pod uses the node network (hostNetwork); its interfaces are the node's")
    return { code: 1 }
  }
  const subnet = podSubnet(cni, node, env.pod.ip) ?? { base: 0, prefix: 32, last: 0 }
  // The plugins add the address through vishvananda/netlink, whose AddrAdd fills in the
  // broadcast address for prefixes shorter than /31 (RFC 3021).
  const brd = subnet.prefix < 31 ? ` brd ${formatIPv4(subnet.last)}` : ''
  const ifindex = 2 + (hash32(env.pod.id) % 20)
  if (/^a(d(dr?)?)?$/.test(sub) || sub === 'address' || sub === '') {
    out.out(
      [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        `${ifindex}: eth0@if${ifindex + 5}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu ${cni.dataPath.podMtu} qdisc noqueue `,
        `    link/ether ${mac(env.pod.id)} brd ff:ff:ff:ff:ff:ff`,
        `    inet ${env.pod.ip}/${subnet.prefix}${brd} scope global eth0`,
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    )
    return { code: 0 }
  }
  if (/^r(o(u(te?)?)?)?$/.test(sub)) {
    const gateway = cni.dataPath.podGateway === '169.254.1.1' ? '169.254.1.1' : (node?.gatewayIp ?? '')
    out.out(routes(gateway, subnet, env.pod.ip))
    return { code: 0 }
  }
  out.errLine(`ip: the lab simulates 'ip addr' and 'ip route' only`)
  return { code: 1 }
}

// busybox ip addr and ip route: each CNI profile's pod interface and routing table.
import { describe, expect, it } from 'vitest'
import { CNI_PROFILES } from '../../sim/cni/profiles'
import type { CniName } from '../../sim/cni/profiles'
import { lab } from '../shell.testkit'

const client = (cni: CniName) => {
  const l = lab(undefined, { cni })
  const pod = l.session.cluster.pods.find((p) => p.name === 'client')!
  const node = l.session.cluster.nodes.find((n) => n.name === pod.nodeName)!
  return { l, pod, node }
}

const inet = (text: string) => /^ {4}inet (\S+)(?: brd (\S+))? scope global eth0$/m.exec(text)?.slice(1, 3)

describe('ip route: the routing table each plugin sets up in the pod', () => {
  it('Flannel (bridge, host-local): default via cni0 and the node range on the link', () => {
    const { l, pod, node } = client('flannel')
    expect(node.gatewayIp).toBe('10.244.2.1')
    expect(l.run('kubectl exec client -- ip route')).toBe(
      `default via 10.244.2.1 dev eth0 \n10.244.2.0/24 dev eth0 scope link  src ${pod.ip} \n`,
    )
  })

  it('Calico and Canal: default via 169.254.1.1, answered by proxy ARP, as a scope-link route', () => {
    for (const cni of ['calico', 'canal'] as const)
      expect(client(cni).l.run('kubectl exec client -- ip route')).toBe(
        'default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n',
      )
  })

  it("Cilium: default via the node's cilium_host router IP, with the router as a scope-link route", () => {
    const { l, node } = client('cilium')
    expect(node.gatewayIp).toBe('10.0.2.93')
    const text = l.run('kubectl exec client -- ip route')
    expect(text).toBe('default via 10.0.2.93 dev eth0 \n10.0.2.93 dev eth0 scope link \n')
    // Not the node's spec.podCIDR, which Cilium's cluster-pool IPAM does not use.
    expect(text).not.toContain(node.podCIDR)
  })

  it("Weave Net: default via this node's weave bridge, the whole 10.32.0.0/12 on the link", () => {
    const { l, pod, node } = client('weave')
    expect(node.gatewayIp).toBe('10.40.0.1')
    expect(l.run('kubectl exec client -- ip route')).toBe(
      `default via 10.40.0.1 dev eth0 \n10.32.0.0/12 dev eth0 scope link  src ${pod.ip} \n`,
    )
    expect(pod.ip).toBe('10.40.0.2')
  })

  it('the abbreviations ip r and ip ro print the same table', () => {
    const { l } = client('cilium')
    const full = l.run('kubectl exec client -- ip route')
    expect(l.run('kubectl exec client -- ip r')).toBe(full)
    expect(l.run('kubectl exec client -- ip ro')).toBe(full)
  })
})

describe("ip addr: eth0's address, prefix and MTU per plugin", () => {
  it.each([
    ['flannel', '24', '10.244.2.255', 1450],
    ['calico', '32', undefined, 1480],
    ['canal', '32', undefined, 1450],
    ['cilium', '32', undefined, 1450],
    ['weave', '12', '10.47.255.255', 1376],
  ] as const)('%s: /%s, broadcast %s, mtu %i', (cni, prefix, brd, mtu) => {
    const { l, pod } = client(cni)
    const text = l.run('kubectl exec client -- ip addr')
    expect(inet(text)).toEqual([`${pod.ip}/${prefix}`, brd])
    expect(text).toMatch(new RegExp(`: eth0@if\\d+: <[A-Z,_-]+> mtu ${mtu} qdisc noqueue \\n`))
  })

  it('every profile says how long its pod prefix is', () => {
    expect(
      Object.fromEntries(Object.values(CNI_PROFILES).map((p) => [p.name, p.dataPath.podPrefix])),
    ).toEqual({
      flannel: 'node-range',
      calico: 'host',
      cilium: 'host',
      weave: 'pool',
      canal: 'host',
    })
  })

  it('a hostNetwork pod has no interfaces of its own', () => {
    const l = lab(
      `apiVersion: v1
kind: Pod
metadata: {name: h}
spec: {nodeName: worker-1, hostNetwork: true, containers: [{name: h, image: busybox}]}
`,
    )
    expect(l.result('kubectl exec h -- ip route')).toMatchObject({ exitCode: 1 })
  })
})

// busybox traceroute.
import { describe, expect, it } from 'vitest'
import { open } from './tools.testkit'

describe('traceroute', () => {
  it('traceroute shows the hops of the path', () => {
    const l = open()
    const ip = l.ip('web')
    const text = l.run(`kubectl exec client -- traceroute -n ${ip}`)
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe(`traceroute to ${ip} (${ip}), 30 hops max, 46 byte packets`)
    // Calico: the source node routes, IP-in-IP to the destination node's tunl0, then the pod.
    const tunl0 = l.session.cluster.nodes.find((n) => n.name === 'worker-1')!.gatewayIp
    expect(lines.slice(1).map((x) => x.replace(/ {2}[\d.]+ ms/g, ''))).toEqual([
      ' 1  172.18.0.4',
      ` 2  ${tunl0}`,
      ` 3  ${ip}`,
    ])
  })
})

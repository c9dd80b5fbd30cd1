// Routes and source addresses across the pod network (fidelity §4, §5).
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import type { CniName } from '../cni/profiles'
import { simulate } from '../simulate/simulate'

const TEXT = `
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {nodeName: worker-1, containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {nodeName: worker-2, containers: [{name: c, image: busybox}]}
`
const build = (cni: CniName) => clusterFromManifests([{ file: 'p.yaml', text: TEXT }], { cni, nodes: 3 })
const routeOf = (cni: CniName) => {
  const c = build(cni)
  const r = simulate(c, { from: { pod: 'client' }, to: { pod: 'web' }, port: 80 })
  return { c, route: r.trace.find((s) => s.kind === 'route')!.details.find((d) => d.startsWith('route '))! }
}

describe('routes between nodes', () => {
  it('Calico IPIP routes a remote block via the remote node IP on tunl0, onlink', () => {
    const { c, route } = routeOf('calico')
    const w1 = c.nodes.find((n) => n.name === 'worker-1')!
    expect(route).toBe(`route ${w1.podRanges.join(', ')} via ${w1.ip} dev tunl0 onlink`)
  })

  it('Flannel and Canal route a remote podCIDR via its flannel.1 address, onlink', () => {
    for (const cni of ['flannel', 'canal'] as CniName[]) {
      const { c, route } = routeOf(cni)
      const w1 = c.nodes.find((n) => n.name === 'worker-1')!
      expect(route, cni).toBe(
        `route ${w1.podCIDR} via ${w1.podCIDR.replace(/\/\d+$/, '')} dev flannel.1 onlink`,
      )
    }
  })
})

describe("a node's own traffic to a pod on another node", () => {
  it('carries the tunnel address, which is what the ingress policy sees', () => {
    for (const [cni, device] of [
      ['calico', 'tunl0'],
      ['canal', 'flannel.1'],
    ] as [CniName, string][]) {
      const c = build(cni)
      const w2 = c.nodes.find((n) => n.name === 'worker-2')!
      const tunnel = cni === 'canal' ? w2.podCIDR.replace(/\/\d+$/, '') : w2.gatewayIp
      const r = simulate(c, { from: { node: 'worker-2' }, to: { pod: 'web' }, port: 80 })
      expect(r.outcome, cni).toBe('connected')
      const route = r.trace.find((s) => s.kind === 'route')!
      expect(route.details.at(-1)).toBe(
        `the source address is ${tunnel}, worker-2's ${device} address: the route to ${c.pods.find((p) => p.name === 'web')!.ip} goes through that device`,
      )
    }
  })

  it('keeps the node IP towards a pod on the same node', () => {
    const c = build('calico')
    const r = simulate(c, { from: { node: 'worker-1' }, to: { pod: 'web' }, port: 80 })
    expect(r.trace.some((s) => s.details.some((d) => d.includes('the source address is')))).toBe(false)
  })
})

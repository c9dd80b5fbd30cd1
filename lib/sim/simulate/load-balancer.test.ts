// SV-12: a LoadBalancer Service is a NodePort plus whatever implements the load balancer.
// Without one (a kubeadm cluster) EXTERNAL-IP stays <pending>: there is no address to
// dial, and the NodePort still works.
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import type { LoadBalancerProvider } from '../model/types'
import { simulate } from './simulate'

const TEXT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      nodeSelector: {kubernetes.io/hostname: worker-1}
      containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: lb}
spec: {type: LoadBalancer, selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: lb-local}
spec: {type: LoadBalancer, externalTrafficPolicy: Local, selector: {app: web}, ports: [{port: 80}]}
`
const CLIENT = '203.0.113.7'
const build = (provider?: LoadBalancerProvider) =>
  clusterFromManifests([{ file: 'lb.yaml', text: TEXT }], {
    cni: 'calico',
    nodes: 3,
    ...(provider ? { config: { loadBalancerProvider: provider } } : {}),
  })

describe('SV-12 load-balancer implementations', () => {
  it('SV-12: no implementation: no address, and the NodePort still reaches the backend', () => {
    const c = build()
    const lb = c.services.find((s) => s.name === 'lb')!
    expect(lb.loadBalancerIPs).toEqual([])
    // The pool's first address belongs to nobody: outside the cluster as far as it knows.
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: '198.51.100.10' }, port: 80 })
    expect(r.outcome).not.toBe('connected')
    const node = c.nodes.find((n) => n.name === 'worker-2')!
    const np = simulate(c, { from: { external: CLIENT }, to: { ip: node.ip }, port: lb.ports[0]!.nodePort })
    expect(np.outcome).toBe('connected')
    expect(np.service?.via).toBe('NodePort')
  })

  it('SV-12: a cloud load balancer hands the connection to a NodePort', () => {
    const c = build('cloud')
    const lb = c.services.find((s) => s.name === 'lb')!
    expect(lb.loadBalancerIPs).toEqual(['198.51.100.10'])
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: '198.51.100.10' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.trace[0]!.title).toMatch(new RegExp(`:${lb.ports[0]!.nodePort}\\)$`))
  })

  it('SV-12: MetalLB (L2) delivers the address itself to one node, which only announces it with a local endpoint under Local', () => {
    const c = build('metallb')
    const local = c.services.find((s) => s.name === 'lb-local')!
    for (const seed of ['a', 'b', 'c', 'd']) {
      const r = simulate(c, {
        from: { external: CLIENT },
        to: { ip: local.loadBalancerIPs[0]! },
        port: 80,
        seed,
      })
      expect(r.outcome).toBe('connected')
      expect(r.trace[0]!.title).toBe(
        `MetalLB (L2): worker-1 answers ARP for ${local.loadBalancerIPs[0]} and receives ${local.loadBalancerIPs[0]}:80`,
      )
      expect(r.ingress?.peer ?? { kind: 'external', ip: CLIENT }).toEqual({ kind: 'external', ip: CLIENT })
    }
  })
})

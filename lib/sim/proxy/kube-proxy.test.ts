// kube-proxy's decisions on their own: which Service an address belongs to, and which
// endpoint a connection gets (fidelity SV-05 … SV-11).
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import type { Cluster, Node } from '../model/types'
import { candidatesFor, chooseBackend, matchServiceAddress } from './kube-proxy'
import type { ServiceHit } from './kube-proxy'

const TEXT = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: half, labels: {app: half}}
spec:
  nodeName: worker-1
  containers: [{name: c, image: nginx}]
status:
  phase: Running
  conditions: [{type: Ready, status: "False"}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  externalIPs: [192.0.2.99]
  ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}, {name: dns, port: 53, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: sticky}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: local}
spec:
  selector: {app: web}
  internalTrafficPolicy: Local
  externalTrafficPolicy: Local
  type: NodePort
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: half}
spec:
  selector: {app: half}
  ports: [{port: 80}]
`
const c: Cluster = clusterFromManifests([{ file: 'kp.yaml', text: TEXT }], { cni: 'calico', nodes: 3 })
const svc = (name: string) => c.services.find((s) => s.id === `default/${name}`)!
const node = (name: string) => c.nodes.find((n) => n.name === name)!
const hitOf = (name: string, port = 0): ServiceHit => ({
  service: svc(name),
  port: svc(name).ports[port]!,
  via: 'ClusterIP',
})
const ctx = (seed: string, n: Node = node('worker-1'), clientIp = '192.168.0.5') => ({
  clientIp,
  node: n,
  external: false,
  seed,
})

describe('kube-proxy: addresses', () => {
  it('SV-09: a node port matches on every node address, a ClusterIP only its own ports', () => {
    for (const n of c.nodes) {
      const m = matchServiceAddress(c, n.ip, 30080, 'TCP')
      expect(m).toMatchObject({
        kind: 'service',
        hit: { via: 'NodePort', node: { name: n.name }, port: { port: 80 } },
      })
    }
    expect(matchServiceAddress(c, node('worker-1').ip, 30080, 'UDP').kind).toBe('none')
    expect(matchServiceAddress(c, svc('web').clusterIP!, 53, 'UDP')).toMatchObject({
      kind: 'service',
      hit: { via: 'ClusterIP' },
    })
    expect(matchServiceAddress(c, svc('web').clusterIP!, 53, 'TCP')).toMatchObject({
      kind: 'no-port',
      via: 'ClusterIP',
    })
    expect(matchServiceAddress(c, '192.0.2.99', 80, 'TCP')).toMatchObject({
      kind: 'service',
      hit: { via: 'ExternalIP' },
    })
  })

  it('SV-02: candidates carry the targetPort resolved on each pod', () => {
    const cands = candidatesFor(c, svc('web'), svc('web').ports[0]!)
    expect(cands).toHaveLength(4)
    expect(cands.every((x) => x.port === 8080)).toBe(true)
    // The UDP port 53 resolves to 53 on every pod (targetPort defaults to port).
    expect(candidatesFor(c, svc('web'), svc('web').ports[1]!).map((x) => x.port)).toEqual([53, 53, 53, 53])
  })
})

describe('kube-proxy: backend choice', () => {
  it('SV-05: the pick is deterministic per seed and spreads over the endpoints with equal weight', () => {
    const pick = (seed: string) => {
      const r = chooseBackend(c, hitOf('web'), ctx(seed))
      if (r.kind !== 'endpoint') throw new Error(r.kind)
      return r
    }
    expect(pick('x').chosen.ip).toBe(pick('x').chosen.ip)
    const counts = new Map<string, number>()
    for (let i = 0; i < 200; i++)
      counts.set(pick(`s${i}`).chosen.ip, (counts.get(pick(`s${i}`).chosen.ip) ?? 0) + 1)
    expect(counts.size).toBe(4)
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(30)
    expect(pick('x').how).toBe(
      'random pick among 4 endpoints (iptables statistic rules 1/4, 1/3, 1/2, then the rest), once per connection',
    )
    expect(pick('x').pool).toHaveLength(4)
  })

  it('SV-07: ClientIP affinity: the client address alone decides', () => {
    const picks = (clientIp: string) =>
      new Set(
        Array.from({ length: 20 }, (_, i) => {
          const r = chooseBackend(c, hitOf('sticky'), ctx(`s${i}`, node('worker-1'), clientIp))
          return r.kind === 'endpoint' ? r.chosen.ip : r.kind
        }),
      )
    expect(picks('192.168.0.5').size).toBe(1)
    expect(picks('192.168.0.6').size).toBe(1)
    const clients = new Set(Array.from({ length: 40 }, (_, i) => [...picks(`10.0.0.${i}`)][0]))
    expect(clients.size).toBe(4)
  })

  it('SV-08: no ready endpoint: REJECT, naming the endpoints that exist', () => {
    expect(chooseBackend(c, hitOf('half'), ctx('x'))).toEqual({
      kind: 'reject',
      reason:
        'Service default/half:80 has 1 endpoint but none is ready: kube-proxy REJECTs with icmp-port-unreachable',
    })
  })

  it('SV-11: internalTrafficPolicy Local keeps only endpoints on the client node, else drops', () => {
    const onNode = (n: string) =>
      c.pods.filter((p) => p.labels.app === 'web' && p.nodeName === n).map((p) => p.ip)
    for (const n of ['worker-1', 'worker-2']) {
      const r = chooseBackend(c, hitOf('local'), ctx('x', node(n)))
      expect(r.kind).toBe('endpoint')
      if (r.kind === 'endpoint') expect(r.pool.map((x) => x.ip).sort()).toEqual(onNode(n).sort())
    }
    expect(chooseBackend(c, hitOf('local'), ctx('x', node('control-plane')))).toEqual({
      kind: 'drop',
      reason:
        'internalTrafficPolicy: Local and no ready endpoint of default/local:80 on node control-plane: the packet is dropped',
    })
  })

  it('SV-10: externalTrafficPolicy Local applies to outside traffic, not to traffic from inside the cluster', () => {
    const hit: ServiceHit = { ...hitOf('local'), via: 'NodePort', node: node('control-plane') }
    const outside = chooseBackend(c, hit, { ...ctx('x', node('control-plane')), external: true })
    expect(outside.kind).toBe('drop')
    const inside = chooseBackend(c, hit, {
      ...ctx('x', node('control-plane')),
      external: true,
      fromCluster: true,
    })
    expect(inside.kind).toBe('endpoint')
    if (inside.kind === 'endpoint') {
      expect(inside.pool).toHaveLength(4)
      expect(inside.how).toContain('traffic from inside the cluster skips externalTrafficPolicy: Local')
    }
  })
})

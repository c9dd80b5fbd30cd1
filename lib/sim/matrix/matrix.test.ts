import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import { cniProfile } from '../cni/profiles'
import type { CniName } from '../cni/profiles'
import { asPeer, connectionConns } from '../policy/evaluate'
import type { NetPeer } from '../policy/evaluate'
import { syntheticSource } from '../testing/synthetic'
import { connectivityMatrix, explainPair } from './matrix'

const yaml = `
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {env: prod}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: default, labels: {app: client}}
spec: {containers: [{name: c, image: curl}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-client, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}
      podSelector: {matchLabels: {app: client}}
    ports: [{port: http}]
`

function matrixOf(text: string, cni: CniName, port = 80, externals: string[] = []) {
  const cluster = clusterFromManifests([{ file: 'm.yaml', text }], { cni, builtins: false })
  const m = connectivityMatrix(cluster, { protocol: 'TCP', port, externals })
  const index = (label: string) => m.peers.findIndex((p) => p.label === label)
  return { cluster, m, at: (a: string, b: string) => m.allowed(index(a), index(b)), index }
}

describe('connectivityMatrix', () => {
  // A hostNetwork pod reaching a pod on another node carries its node's tunnel address
  // (Calico tunl0), so an ipBlock of the node IPs does not admit it, one of tunl0 addresses does.
  it('sees a hostNetwork source on another node by its tunnel address, as the simulator does', () => {
    const text = (cidr: string) => `
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {nodeName: worker-1, containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent}
spec: {nodeName: worker-2, hostNetwork: true, containers: [{name: c, image: agent}]}
---
apiVersion: v1
kind: Pod
metadata: {name: local-agent}
spec: {nodeName: worker-1, hostNetwork: true, containers: [{name: c, image: agent}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: ${cidr}}}]}]
`
    const nodes = matrixOf(text('172.18.0.0/24'), 'calico')
    expect(nodes.at('default/agent', 'default/web')).toBe(false)
    // the agent on web's own node is exempt (NP-10)
    expect(nodes.at('default/local-agent', 'default/web')).toBe(true)
    const tunl0 = nodes.cluster.nodes.find((n) => n.name === 'worker-2')!.gatewayIp
    const tunnel = matrixOf(text(`${tunl0}/32`), 'calico')
    expect(tunnel.at('default/agent', 'default/web')).toBe(true)
    expect(tunnel.m.explain(tunnel.index('default/agent'), tunnel.index('default/web')).allowed).toBe(true)
  })

  it('allows only what the policies admit, by name and port (NP-11, NP-19)', () => {
    const { at } = matrixOf(yaml, 'calico', 80, ['203.0.113.9'])
    expect(at('default/client', 'prod/web')).toBe(true)
    expect(at('prod/db', 'prod/web')).toBe(false)
    expect(at('203.0.113.9', 'prod/web')).toBe(false)
    // db is not selected by any policy: everything may reach it.
    expect(at('prod/web', 'prod/db')).toBe(true)
    expect(at('203.0.113.9', 'prod/db')).toBe(true)
    // Outside peers have no policy of their own; pods reach them unless egress says no.
    expect(at('prod/web', '203.0.113.9')).toBe(true)
  })

  it('a port the rule does not name is dropped for the selected pod only', () => {
    const { at } = matrixOf(yaml, 'calico', 443)
    expect(at('default/client', 'prod/web')).toBe(false)
    expect(at('default/client', 'prod/db')).toBe(true)
  })

  it('every pod reaches itself (NP-10)', () => {
    const deny = `${yaml}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: prod}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`
    const { at } = matrixOf(deny, 'calico')
    expect(at('prod/web', 'prod/web')).toBe(true)
    expect(at('prod/web', 'prod/db')).toBe(false)
  })

  it('is all allowed on Flannel, which enforces nothing (NP-01)', () => {
    const { m } = matrixOf(yaml, 'flannel')
    expect([...m.cells].every((c) => c === 1)).toBe(true)
  })

  it('explains a cell with the same verdict and names the rule', () => {
    const { m, index } = matrixOf(yaml, 'calico')
    const e = m.explain(index('default/client'), index('prod/web'))
    expect(e.allowed).toBe(true)
    expect(e.ingress?.matched.map((r) => `${r.policy.id} ${r.path}`)).toEqual([
      'prod/web-from-client spec.ingress[0]',
    ])
    const d = m.explain(index('prod/db'), index('prod/web'))
    expect(d.allowed).toBe(false)
    expect(d.ingress?.text).toContain('prod/web-from-client')
  })

  it('explainPair answers by pod id', () => {
    const { cluster } = matrixOf(yaml, 'calico')
    expect(explainPair(cluster, 'default/client', 'prod/web', { protocol: 'TCP', port: 80 })?.allowed).toBe(
      true,
    )
    expect(explainPair(cluster, 'prod/db', 'prod/web', { protocol: 'TCP', port: 80 })?.allowed).toBe(false)
    expect(explainPair(cluster, 'nope/x', 'prod/web', { protocol: 'TCP', port: 80 })).toBeUndefined()
  })

  // The fast path must agree with the explained evaluator on every cell, with NetworkPolicies
  // only and with the tiered kinds each profile enforces (§1h ClusterNetworkPolicy, Calico
  // GlobalNetworkPolicy, CiliumNetworkPolicy; Cilium also with ClusterNetworkPolicy turned on).
  const cases: { name: string; cni: CniName | ReturnType<typeof cniProfile>; extensions: boolean }[] = [
    ...(['calico', 'cilium', 'flannel'] as const).map((cni) => ({ name: cni, cni, extensions: false })),
    { name: 'calico + CNP + GNP', cni: 'calico', extensions: true },
    { name: 'canal + CNP + GNP', cni: 'canal', extensions: true },
    { name: 'cilium + CiliumNetworkPolicy', cni: 'cilium', extensions: true },
    {
      name: 'cilium + CiliumNetworkPolicy + CNP enabled',
      cni: cniProfile('cilium', {
        policy: { extensions: { ClusterNetworkPolicy: { support: 'enforced', note: 'on' } } },
      }),
      extensions: true,
    },
  ]
  for (const { name, cni, extensions } of cases) {
    for (const seed of [1, 2, 3]) {
      it(`agrees with the evaluator on a synthetic cluster (${name}, seed ${seed})`, () => {
        const cluster = clusterFromManifests(
          [
            syntheticSource({
              pods: 60,
              policies: 25,
              seed,
              externalIpBlocksOnly: seed !== 3,
              hostNetworkPods: seed === 3 ? 4 : 0,
              extensions,
            }),
          ],
          { cni },
        )
        if (extensions)
          expect(
            (cluster.clusterPolicies?.length ?? 0) +
              (cluster.calicoPolicies?.length ?? 0) +
              (cluster.ciliumPolicies?.length ?? 0),
          ).toBeGreaterThan(0)
        const externals = ['203.0.113.10', '203.0.113.200', '10.1.2.3']
        for (const port of [8080, 5432, 9090, 53]) {
          const m = connectivityMatrix(cluster, { protocol: 'TCP', port, externals })
          const net = (i: number): NetPeer => {
            const p = m.peers[i]!
            return p.kind === 'pod' ? asPeer(cluster, p.pod) : { kind: 'external', ip: p.ip }
          }
          let mismatches = 0
          const n = m.peers.length
          for (let s = 0; s < n; s++) {
            for (let d = 0; d < n; d++) {
              const both = m.peers[s]!.kind === 'external' && m.peers[d]!.kind === 'external'
              const expected = both
                ? false
                : s === d || connectionConns(cluster, net(s), net(d)).has('TCP', port)
              if (expected !== m.allowed(s, d)) mismatches++
              if (!both && expected !== m.explain(s, d).allowed) mismatches++
            }
          }
          expect(mismatches).toBe(0)
        }
      })
    }
  }
})

// Fidelity §1d, NP-22 … NP-27: hostNetwork, Services, NodePort SNAT, ICMP, policy changes,
// and what NetworkPolicy cannot say.
import { describe, expect, it } from 'vitest'
import { CNI_NAMES, CNI_PROFILES, cniProfile, NP26_NOTE } from '../cni/profiles'
import type { CniName, CniProfile } from '../cni/profiles'
import { simulate } from '../simulate/simulate'
import { directionConns, evaluateDirection } from './evaluate'
import {
  build,
  conns,
  docs,
  egress,
  egressConns,
  ingress,
  ingressConns,
  matchedRefs,
  ns,
  pod,
  podYaml,
  selectingIds,
} from './rules.testkit'

const denyAll = (namespace = 'prod') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ${namespace}}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]`

const webFrom = (from: string, name = 'web-in') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [${from}]`

describe('1d. Special cases', () => {
  // ---- NP-22 -------------------------------------------------------------------------------

  // agent is a hostNetwork pod on worker-2, so its address is worker-2's (172.18.0.4)
  const hostWorld = [
    ns('prod'),
    podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80] }),
    podYaml('prod/agent', { app: 'agent' }, { node: 'worker-2', hostNetwork: true, ports: [9100] }),
  ]

  it('NP-22: with hostNetworkAsNode a hostNetwork pod is never a policy subject', () => {
    const c = build(docs(...hostWorld, denyAll()))
    expect(pod(c, 'prod/agent').ip).toBe('172.18.0.4')
    const v = ingress(c, 'prod/agent', 'prod/web', 9100)
    expect(v).toMatchObject({ allowed: true, reason: 'host-network', selecting: [] })
    expect(v.text).toBe('prod/agent uses the host network; NetworkPolicy does not select it')
    expect(egress(c, 'prod/agent', { ip: '8.8.8.8' }, 53, 'UDP').reason).toBe('host-network')
    expect(ingressConns(c, 'prod/agent', 'prod/web').isAll()).toBe(true)
  })

  it("NP-22: a podSelector peer does not match a hostNetwork pod: its traffic is its node's", () => {
    const c = build(docs(...hostWorld, webFrom('{podSelector: {matchLabels: {app: agent}}}')))
    const v = ingress(c, 'prod/web', 'prod/agent')
    expect(v.allowed).toBe(false)
    expect(v.peer.kind).toBe('node')
    // Towards web on worker-1 the agent's packets carry worker-2's tunl0 address (Calico IPIP).
    const tunl0 = c.nodes.find((n) => n.name === 'worker-2')!.gatewayIp
    expect(v.misses[0]!.detail).toBe(
      `node worker-2 (${tunl0}, its tunl0 address) is not matched by podSelector app=agent`,
    )
    // the same answer when the caller hands the engine the pod itself
    const raw = evaluateDirection(
      c,
      'ingress',
      pod(c, 'prod/web'),
      { kind: 'pod', pod: pod(c, 'prod/agent') },
      {
        protocol: 'TCP',
        port: 80,
      },
    )
    expect(raw.allowed).toBe(false)
    expect(raw.peer.kind).toBe('node')
    expect(
      directionConns(c, 'ingress', pod(c, 'prod/web'), { kind: 'pod', pod: pod(c, 'prod/agent') }).isEmpty(),
    ).toBe(true)
    const r = simulate(c, { from: { pod: 'prod/agent' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('timed-out')
    expect(r.ingress?.peer.kind).toBe('node')
  })

  it('NP-22: an ipBlock covering the node IPs admits a hostNetwork pod where the CNI matches node IPs', () => {
    const yaml = docs(...hostWorld, webFrom('{ipBlock: {cidr: 172.18.0.0/24}}', 'nodes'))
    // Without a tunnel (Calico BGP) the agent's packets carry the node IP, which the ipBlock admits.
    const bgpProfile = cniProfile('calico', { dataPath: { encapsulation: 'none' } })
    const bgp = build(yaml, bgpProfile)
    expect(bgp.cni.policy.ipBlockMatchesNodeIPs).toBe(true)
    expect(matchedRefs(ingress(bgp, 'prod/web', 'prod/agent'))).toEqual(['prod/nodes spec.ingress[0]'])
    expect(simulate(bgp, { from: { pod: 'prod/agent' }, to: { pod: 'prod/web' }, port: 80 }).outcome).toBe(
      'connected',
    )
    // With IPIP the agent (worker-2) reaches web (worker-1) through tunl0, so its packets
    // carry the tunl0 address, not the node IP (projectcalico/calico#721): the node-IP
    // ipBlock does not admit it.
    const calico = build(yaml, 'calico')
    expect(ingress(calico, 'prod/web', 'prod/agent').allowed).toBe(false)
    const viaTunnel = simulate(calico, { from: { pod: 'prod/agent' }, to: { pod: 'prod/web' }, port: 80 })
    expect(viaTunnel.outcome).toBe('timed-out')
    expect(viaTunnel.ingress?.peer).toMatchObject({
      kind: 'node',
      ip: calico.nodes.find((n) => n.name === 'worker-2')!.gatewayIp,
      via: 'tunl0',
    })
    // Cilium sees nodes as the host/remote-node entities, not as CIDRs
    const cilium = build(yaml, 'cilium')
    expect(cilium.cni.policy.ipBlockMatchesNodeIPs).toBe(false)
    expect(ingress(cilium, 'prod/web', 'prod/agent').allowed).toBe(false)
    // the setting, both ways
    const native = { encapsulation: 'none' } as const
    const calicoOff = build(
      yaml,
      cniProfile('calico', { dataPath: native, policy: { ipBlockMatchesNodeIPs: false } }),
    )
    expect(ingress(calicoOff, 'prod/web', 'prod/agent').allowed).toBe(false)
    const ciliumOn = build(
      yaml,
      cniProfile('cilium', { dataPath: native, policy: { ipBlockMatchesNodeIPs: true } }),
    )
    expect(ingress(ciliumOn, 'prod/web', 'prod/agent').allowed).toBe(true)
  })

  it('NP-22: with hostNetworkAsNode false a hostNetwork pod is selected and matched like any pod', () => {
    const asPod = cniProfile('calico', { policy: { hostNetworkAsNode: false } })
    const subject = build(docs(...hostWorld, denyAll()), asPod)
    const v = ingress(subject, 'prod/agent', 'prod/web', 9100)
    expect(v.allowed).toBe(false)
    expect(selectingIds(v)).toEqual(['prod/deny-all'])
    const peer = build(docs(...hostWorld, webFrom('{podSelector: {matchLabels: {app: agent}}}')), asPod)
    const p = ingress(peer, 'prod/web', 'prod/agent')
    expect(p.allowed).toBe(true)
    expect(p.peer.kind).toBe('pod')
    expect(matchedRefs(p)).toEqual(['prod/web-in spec.ingress[0]'])
  })

  // ---- NP-23 -------------------------------------------------------------------------------

  const svcWorld = (...policies: string[]) =>
    docs(
      ns('prod'),
      podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [8080] }),
      podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
      podYaml('prod/stranger', { app: 'stranger' }, { node: 'worker-2' }),
      `apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod, labels: {svc: web}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]`,
      ...policies,
    )
  const viaService = (c: ReturnType<typeof build>, from = 'prod/client') =>
    simulate(c, { from: { pod: from }, to: { service: 'prod/web' }, port: 80 })

  it('NP-23: through a ClusterIP the backend sees the client pod, so podSelector rules work', () => {
    const c = build(
      svcWorld(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-client, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 8080}]`),
    )
    const r = viaService(c)
    expect(r.outcome).toBe('connected')
    expect(r.trace.some((s) => s.kind === 'dnat')).toBe(true)
    expect(r.trace.some((s) => s.kind === 'snat')).toBe(false)
    expect(r.backend).toMatchObject({ label: 'prod/web', port: 8080 })
    expect(r.ingress?.peer).toMatchObject({ kind: 'pod', pod: { id: 'prod/client' } })
    expect(matchedRefs(r.ingress!)).toEqual(['prod/allow-client spec.ingress[0]'])
    const denied = viaService(c, 'prod/stranger')
    expect(denied.outcome).toBe('timed-out')
    expect(selectingIds(denied.ingress!)).toEqual(['prod/allow-client'])
  })

  it('NP-23: egress is checked against the backend pod and targetPort after DNAT', () => {
    const c = build(
      svcWorld(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]`),
    )
    const r = viaService(c)
    expect(r.outcome).toBe('connected')
    expect(r.egress?.peer).toMatchObject({ kind: 'pod', pod: { id: 'prod/web' } })
    expect(matchedRefs(r.egress!)).toEqual(['prod/client-out spec.egress[0]'])
    // the trace shows the DNAT before the egress check
    const kinds = r.trace.map((s) => s.kind)
    expect(kinds.indexOf('dnat')).toBeLessThan(kinds.indexOf('egress-policy'))
  })

  it('NP-23: an ipBlock matching the ClusterIP has no effect', () => {
    const c = build(
      svcWorld(
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 10.96.0.0/12}}]`,
      ),
    )
    const clusterIP = c.services.find((s) => s.id === 'prod/web')!.clusterIP!
    expect(clusterIP.startsWith('10.')).toBe(true)
    const r = viaService(c)
    expect(r.outcome).toBe('timed-out')
    expect(r.egress?.allowed).toBe(false)
    expect(r.egress?.misses[0]!.detail).toBe(`prod/web is not matched by ipBlock 10.96.0.0/12`)
    // and as an ingress source: the ClusterIP is never the source of anything
    const inC = build(svcWorld(webFrom(`{ipBlock: {cidr: ${clusterIP}/32}}`)))
    expect(viaService(inC).outcome).toBe('timed-out')
  })

  // ---- NP-24 -------------------------------------------------------------------------------

  const nodePort = (etp: 'Cluster' | 'Local', ...policies: string[]) =>
    docs(
      ns('prod'),
      podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [8080] }),
      `apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod}
spec:
  type: NodePort
  externalTrafficPolicy: ${etp}
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]`,
      ...policies,
    )
  const clientsOnly = webFrom('{ipBlock: {cidr: 203.0.113.0/24}}', 'allow-clients')
  const worker1 = '172.18.0.3'
  const worker2 = '172.18.0.4'
  const dial = (c: ReturnType<typeof build>, nodeIp: string) =>
    simulate(c, { from: { external: '203.0.113.7' }, to: { ip: nodeIp }, port: 30080 })

  it('NP-24: externalTrafficPolicy Cluster SNATs traffic forwarded to another node, so an ipBlock on the client fails', () => {
    // The backend is on worker-1, so worker-2 masquerades to the address of the device the
    // packet leaves by: its tunnel's (tunl0 for Calico IPIP, flannel.1 for Canal, cilium_host).
    for (const [cni, device] of [
      ['calico', 'tunl0'],
      ['canal', 'flannel.1'],
      ['cilium', 'cilium_host'],
    ] as [CniName, string][]) {
      const c = build(nodePort('Cluster', clientsOnly), cni)
      const w2 = c.nodes.find((n) => n.name === 'worker-2')!
      const tunnel = cni === 'canal' ? w2.podCIDR.replace(/\/\d+$/, '') : w2.gatewayIp
      const r = dial(c, worker2)
      expect(r.outcome, cni).toBe('timed-out')
      expect(r.trace.find((s) => s.kind === 'snat')?.title).toBe(
        `SNAT (MASQUERADE): source 203.0.113.7 → ${tunnel} (worker-2's ${device} address)`,
      )
      expect(r.ingress?.peer).toMatchObject({ kind: 'node', node: { name: 'worker-2' }, ip: tunnel })
      expect(r.ingress?.text).toBe(
        `prod/web is selected for Ingress by prod/allow-clients; no rule admits from node worker-2 (${tunnel}, its ${device} address) on 8080/TCP`,
      )
    }
    // Admitting the node IPs is not enough with a tunnel: the tunnel addresses are the fix.
    const nodesOnly = build(
      nodePort('Cluster', clientsOnly, webFrom('{ipBlock: {cidr: 172.18.0.0/24}}', 'allow-nodes')),
    )
    expect(dial(nodesOnly, worker2).outcome).toBe('timed-out')
    const tunl0 = nodesOnly.nodes.find((n) => n.name === 'worker-2')!.gatewayIp
    const fixed = build(
      nodePort('Cluster', clientsOnly, webFrom(`{ipBlock: {cidr: ${tunl0}/32}}`, 'allow-tunnel')),
    )
    expect(matchedRefs(dial(fixed, worker2).ingress!)).toEqual(['prod/allow-tunnel spec.ingress[0]'])
    // Without encapsulation (Calico BGP) the node IP is the source, and the node-IP ipBlock works.
    const bgp = build(
      nodePort('Cluster', clientsOnly, webFrom('{ipBlock: {cidr: 172.18.0.0/24}}', 'allow-nodes')),
      cniProfile('calico', { dataPath: { encapsulation: 'none' } }),
    )
    expect(matchedRefs(dial(bgp, worker2).ingress!)).toEqual(['prod/allow-nodes spec.ingress[0]'])
  })

  it('NP-24: externalTrafficPolicy Local keeps the client IP', () => {
    for (const cni of ['calico', 'cilium'] as CniName[]) {
      const c = build(nodePort('Local', clientsOnly), cni)
      const r = dial(c, worker1)
      expect(r.outcome, cni).toBe('connected')
      expect(r.trace.some((s) => s.kind === 'snat')).toBe(false)
      expect(r.ingress?.peer).toEqual({ kind: 'external', ip: '203.0.113.7' })
      expect(matchedRefs(r.ingress!)).toEqual(['prod/allow-clients spec.ingress[0]'])
      // a node without a local endpoint drops it instead of forwarding
      expect(dial(c, worker2).outcome).toBe('timed-out')
      expect(dial(c, worker2).ingress).toBeUndefined()
    }
  })

  it('NP-24: same-node NodePort traffic can look like it comes from the node (antrea#280)', () => {
    const yaml = nodePort('Cluster', denyAll())
    const seen = (cni: CniProfile) => dial(build(yaml, cni), worker1)
    const client = seen(cniProfile('calico', { policy: { sameNodeNodePortSource: 'client' } }))
    expect(client.outcome).toBe('timed-out')
    expect(client.ingress?.peer.kind).toBe('external')
    const node = seen(cniProfile('calico', { policy: { sameNodeNodePortSource: 'node' } }))
    expect(node.outcome).toBe('connected')
    expect(node.ingress).toMatchObject({
      reason: 'own-node',
      peer: { kind: 'node', node: { name: 'worker-1' } },
    })
  })

  // ---- NP-25 -------------------------------------------------------------------------------

  const icmpWorld = (...policies: string[]) =>
    docs(
      ns('prod'),
      podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80] }),
      podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
      ...policies,
    )
  const ping = (c: ReturnType<typeof build>) =>
    simulate(c, { from: { pod: 'prod/client' }, to: { pod: 'prod/web' }, protocol: 'ICMP' })

  it('NP-25: where the CNI filters ICMP, a deny-all drops ping', () => {
    for (const cni of CNI_NAMES.filter((n) => n !== 'flannel')) {
      const c = build(icmpWorld(denyAll()), cni)
      expect(c.cni.policy.filtersIcmp, cni).toBe(true)
      const r = ping(c)
      expect(r.outcome, cni).toBe('timed-out')
      expect(r.egress?.reason).toBe('no-rule-matched')
      expect(r.to.protocol).toBe('ICMP')
    }
  })

  it('NP-25: only a rule without ports admits ICMP', () => {
    const withPorts = build(
      icmpWorld(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-80, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - ports: [{port: 80}]`),
    )
    const v = ingress(withPorts, 'prod/web', 'prod/client', 'ICMP')
    expect(v.allowed).toBe(false)
    expect(v.misses[0]!.detail).toBe('ICMP is only admitted by a rule without ports (this one lists 80/TCP)')
    expect(ping(withPorts).outcome).toBe('timed-out')
    const noPorts = build(icmpWorld(webFrom('{podSelector: {matchLabels: {app: client}}}')))
    expect(matchedRefs(ingress(noPorts, 'prod/web', 'prod/client', 'ICMP'))).toEqual([
      'prod/web-in spec.ingress[0]',
    ])
    expect(ping(noPorts).outcome).toBe('connected')
  })

  it('NP-25: where the CNI does not filter ICMP (profile filtersIcmp false), ping passes a deny-all and TCP does not', () => {
    const c = build(icmpWorld(denyAll()), cniProfile('calico', { policy: { filtersIcmp: false } }))
    const v = ingress(c, 'prod/web', 'prod/client', 'ICMP')
    expect(v).toMatchObject({ allowed: true, reason: 'protocol-not-filtered' })
    expect(v.text).toBe('Calico does not filter ICMP')
    expect(egress(c, 'prod/client', 'prod/web', 'ICMP').reason).toBe('protocol-not-filtered')
    expect(ping(c).outcome).toBe('connected')
    expect(ingress(c, 'prod/web', 'prod/client', 80).allowed).toBe(false)
    expect(simulate(c, { from: { pod: 'prod/client' }, to: { pod: 'prod/web' }, port: 80 }).outcome).toBe(
      'timed-out',
    )
  })

  // ---- NP-26 -------------------------------------------------------------------------------

  const world26 = [
    ns('prod'),
    podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80] }),
    podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
  ]
  const isolateWeb = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate-web, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}`

  // The lab has no established connections, so NP-26 is a note on every profile, not a
  // setting that could only be displayed.
  it('NP-26: every CNI profile says existing connections are not modelled, and none claims a setting for it', () => {
    for (const n of CNI_NAMES) {
      expect(CNI_PROFILES[n].notes, n).toContain(NP26_NOTE)
      expect(Object.keys(CNI_PROFILES[n].policy), n).not.toContain('cutsExistingConnections')
    }
  })

  it('NP-26: evaluation is per new connection and depends only on the cluster it is asked about', () => {
    const before = build(docs(...world26))
    const after = build(docs(...world26, isolateWeb))
    expect(ingress(before, 'prod/web', 'prod/client')).toMatchObject({
      allowed: true,
      reason: 'not-isolated',
    })
    expect(ingress(after, 'prod/web', 'prod/client')).toMatchObject({
      allowed: false,
      reason: 'no-rule-matched',
    })
    // the old cluster still answers as before: there is no connection state to carry over
    expect(ingress(before, 'prod/web', 'prod/client').allowed).toBe(true)
    expect(conns(before, 'prod/client', 'prod/web').isAll()).toBe(true)
    expect(conns(after, 'prod/client', 'prod/web').isEmpty()).toBe(true)
  })

  it('NP-26: once a policy exists, new pods it selects start isolated', () => {
    const c = build(
      docs(
        ...world26,
        isolateWeb,
        `apiVersion: apps/v1
kind: Deployment
metadata: {name: web-v2, namespace: prod}
spec:
  replicas: 3
  selector: {matchLabels: {app: web, version: v2}}
  template:
    metadata: {labels: {app: web, version: v2}}
    spec:
      containers: [{name: main, image: nginx, ports: [{containerPort: 80}]}]`,
      ),
    )
    const replicas = c.pods.filter((p) => p.workload?.name === 'web-v2')
    expect(replicas).toHaveLength(3)
    for (const r of replicas) {
      const v = ingress(c, r.id, 'prod/client')
      expect(v.allowed, r.id).toBe(false)
      expect(selectingIds(v)).toEqual(['prod/isolate-web'])
    }
  })

  // ---- NP-27 -------------------------------------------------------------------------------

  it('NP-27: there is no explicit deny: a deny or action field is rejected as an unknown field', () => {
    const c = build(
      docs(
        ...world26,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-client, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  deny: true
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    action: Deny`,
      ),
      'calico',
      { allowErrors: true },
    )
    const unknown = c.issues.filter((i) => i.code === 'unknown-field')
    expect(unknown.map((i) => i.field).sort()).toEqual(['spec.deny', 'spec.ingress[0].action'])
    expect(unknown.every((i) => i.severity === 'error' && i.name === 'deny-client')).toBe(true)
    expect(unknown[0]!.message).toContain('strict decoding error: unknown field')
    // the object was never stored, so nothing changes
    expect(c.policies).toEqual([])
    expect(ingress(c, 'prod/web', 'prod/client').reason).toBe('not-isolated')
  })

  it('NP-27: L7 rules, logging and Service peers cannot be written either', () => {
    const c = build(
      docs(
        ...world26,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: fancy, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  logging: true
  ingress:
  - from: [{service: {name: client}}]
    http: [{method: GET, path: /}]`,
      ),
      'calico',
      { allowErrors: true },
    )
    expect(
      c.issues
        .filter((i) => i.code === 'unknown-field')
        .map((i) => i.field)
        .sort(),
    ).toEqual(['spec.ingress[0].from[0].service', 'spec.ingress[0].http', 'spec.logging'])
    expect(c.policies).toEqual([])
  })

  it("NP-27: a policy cannot target a Service: selecting the Service's labels selects no pods", () => {
    const c = build(
      svcWorld(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: lock-service, namespace: prod}
spec:
  podSelector: {matchLabels: {svc: web}}
  policyTypes: [Ingress]`),
    )
    expect(c.services.find((s) => s.id === 'prod/web')!.labels).toEqual({ svc: 'web' })
    expect(ingress(c, 'prod/web', 'prod/client', 8080)).toMatchObject({
      allowed: true,
      reason: 'not-isolated',
    })
    const r = viaService(c)
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.reason).toBe('not-isolated')
  })

  it('NP-27: a node cannot be named: pod and namespace selectors never match it, only an ipBlock of its address', () => {
    const bySelector = build(docs(...world26, webFrom('{namespaceSelector: {}, podSelector: {}}')))
    expect(ingress(bySelector, 'prod/web', { node: 'worker-2' }).allowed).toBe(false)
    expect(ingress(bySelector, 'prod/web', 'prod/client').allowed).toBe(true)
    // Its address as web (on worker-1) sees it: with Calico IPIP, worker-2's tunl0 address.
    const tunl0 = bySelector.nodes.find((n) => n.name === 'worker-2')!.gatewayIp
    const byIp = build(docs(...world26, webFrom(`{ipBlock: {cidr: ${tunl0}/32}}`)))
    expect(ingress(byIp, 'prod/web', { node: 'worker-2' }).allowed).toBe(true)
    expect(ingress(byIp, 'prod/web', { node: 'control-plane' }).allowed).toBe(false)
    const byNodeIp = build(docs(...world26, webFrom(`{ipBlock: {cidr: ${worker2}/32}}`)))
    expect(ingress(byNodeIp, 'prod/web', { node: 'worker-2' }).allowed).toBe(false)
  })

  it('NP-27: there is no cluster-wide default: a deny-all isolates only its own namespace', () => {
    const c = build(
      docs(
        ...world26,
        ns('dev'),
        podYaml('dev/app', { app: 'web' }, { node: 'worker-1' }),
        denyAll('default'),
      ),
    )
    expect(ingress(c, 'prod/web', 'prod/client').reason).toBe('not-isolated')
    expect(ingress(c, 'dev/app', 'prod/client').reason).toBe('not-isolated')
    expect(egress(c, 'dev/app', { ip: '8.8.8.8' }).reason).toBe('not-isolated')
  })

  it('NP-27: with no deny rules, adding policies to isolated pods never removes allowed traffic', () => {
    const pods = [
      ns('prod'),
      podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80] }),
      podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
      podYaml('prod/db', { app: 'db' }, { node: 'worker-2', ports: [5432] }),
    ]
    const start = [
      denyAll(),
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-to-web, namespace: prod}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: 80}]
  egress:
  - to: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 80}]`,
    ]
    // policies written as if they could deny: empty rules, narrow rules, another deny-all
    const more = [
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: looks-like-deny, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: []
  egress: []`,
      `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-to-db, namespace: prod}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 5432}]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]
    ports: [{port: 5432}]`,
    ]
    const before = build(docs(...pods, ...start))
    const after = build(docs(...pods, ...start, ...more))
    const ends = ['prod/web', 'prod/client', 'prod/db', { ip: '203.0.113.9' }, { node: 'worker-1' }] as const
    let grew = 0
    for (const a of ends)
      for (const b of ends) {
        if (typeof a !== 'string' && typeof b !== 'string') continue
        const was = conns(before, a, b)
        const now = conns(after, a, b)
        expect(was.subsetOf(now), `${JSON.stringify(a)} → ${JSON.stringify(b)}`).toBe(true)
        if (!now.equals(was)) grew++
      }
    // web → db is new; client → web on 80 survived the "deny" policies
    expect(grew).toBe(1)
    expect(conns(after, 'prod/web', 'prod/db').toString()).toBe('TCP 5432')
    expect(conns(after, 'prod/client', 'prod/web').toString()).toBe('TCP 80')
    expect(selectingIds(ingress(after, 'prod/web', 'prod/client'))).toContain('prod/looks-like-deny')
    expect(ingressConns(after, 'prod/web', 'prod/client').toString()).toBe('TCP 80')
    expect(egressConns(after, 'prod/web', 'prod/db').toString()).toBe('TCP 5432')
  })
})

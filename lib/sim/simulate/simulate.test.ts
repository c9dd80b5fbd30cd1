// Connections through Services, end to end (fidelity §2 and §5): DNAT, backend choice,
// SNAT, traffic policies and what the client sees.
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import type { BuildOptions } from '../cluster/build'
import type { Cluster } from '../model/types'
import { simulate } from './simulate'
import type { SimRequest } from './simulate'

const build = (text: string, options: BuildOptions = {}) => {
  const c = clusterFromManifests([{ file: 'test.yaml', text }], { cni: 'calico', nodes: 3, ...options })
  const errors = c.issues.filter((i) => i.severity === 'error')
  if (errors.length) throw new Error(errors.map((i) => i.message).join('\n'))
  return c
}

const podsOf = (c: Cluster, app: string) => c.pods.filter((p) => p.labels.app === app)
const nodeIp = (c: Cluster, name: string) => c.nodes.find((n) => n.name === name)!.ip
const svcOf = (c: Cluster, id: string) => c.services.find((s) => s.id === id)!
const kinds = (r: ReturnType<typeof simulate>) => r.trace.map((s) => s.kind)
const step = (r: ReturnType<typeof simulate>, kind: string) => r.trace.find((s) => s.kind === kind)
const seeds = (n: number) => Array.from({ length: n }, (_, i) => `conn-${i}`)

const deployment = (
  name: string,
  replicas: number,
  extraSpec = '',
  port = '{name: http, containerPort: 8080}',
) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${extraSpec}      containers: [{name: c, image: nginx, ports: [${port}]}]
`
const pinned = (node: string) => `      nodeSelector: {kubernetes.io/hostname: ${node}}\n`
const pod = (name: string, node: string, labels = `{app: ${name}}`) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: ${labels}}
spec:
  nodeName: ${node}
  containers: [{name: c, image: busybox}]
`
const service = (name: string, spec: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
${spec}
`

// Three nodes: control-plane (172.18.0.2, tainted), worker-1 (.3), worker-2 (.4).
const BASE =
  deployment('web', 3) +
  deployment('solo', 1, pinned('worker-1')) +
  pod('client', 'worker-2') +
  pod('client-1', 'worker-1') +
  service('web', '  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: http}]') +
  service('solo', '  selector: {app: solo}\n  ports: [{port: 80, targetPort: http}]')

describe('SV-05 iptables backend choice', () => {
  const c = build(BASE)
  const web = podsOf(c, 'web')

  it('SV-05: the same seed picks the same backend; DNAT goes to podIP:targetPort', () => {
    const req: SimRequest = { from: { pod: 'client' }, to: { service: 'web' }, port: 80, seed: 'a' }
    const a = simulate(c, req)
    const b = simulate(c, req)
    expect(a.outcome).toBe('connected')
    expect(a.backend).toEqual(b.backend)
    expect(web.map((p) => p.ip)).toContain(a.backend!.ip)
    expect(a.backend!.port).toBe(8080)
    expect(a.service).toMatchObject({
      id: 'default/web',
      via: 'ClusterIP',
      address: `${svcOf(c, 'default/web').clusterIP}:80`,
    })
    const dnat = step(a, 'dnat')!
    expect(dnat.title).toContain(`→ ${a.backend!.ip}:8080`)
    expect(dnat.node).toBe('worker-2') // DNAT happens on the client's node
    expect(dnat.details.join('\n')).toMatch(
      /KUBE-SVC-\w+: random pick among 3 endpoints \(iptables statistic rules 1\/3, 1\/2, then the rest\), once per connection/,
    )
  })

  it('SV-05: connections spread over every ready endpoint', () => {
    const counts = new Map<string, number>()
    for (const seed of seeds(90)) {
      const r = simulate(c, { from: { pod: 'client' }, to: { service: 'web' }, port: 80, seed })
      counts.set(r.backend!.ip, (counts.get(r.backend!.ip) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).toEqual(web.map((p) => p.ip).sort())
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(15)
  })

  it('SV-05: pod to ClusterIP keeps the client IP; the backend policy sees the client pod', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'web' }, port: 80, seed: 'b' })
    expect(kinds(r)).not.toContain('snat')
    expect(r.ingress!.peer).toMatchObject({ kind: 'pod', pod: { id: 'default/client' } })
    // A ClusterIP never appears as a hop.
    expect(r.hops.map((h) => h.ip)).not.toContain(svcOf(c, 'default/web').clusterIP)
    expect(r.hops.at(-1)!.ip).toBe(r.backend!.ip)
  })

  it('SV-05: hairpin (a pod reaching itself through its Service) is masqueraded', () => {
    const solo = podsOf(c, 'solo')[0]!
    const r = simulate(c, { from: { pod: solo.id }, to: { service: 'solo' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(step(r, 'snat')!.title).toBe(`SNAT (MASQUERADE): source ${solo.ip} → ${nodeIp(c, 'worker-1')}`)
    expect(step(r, 'snat')!.details[0]).toContain('hairpin')
    // Calico filters before the MASQUERADE: the pod's own policy sees the pod itself.
    expect(r.ingress!.peer).toMatchObject({ kind: 'pod', pod: { id: solo.id } })
  })
})

describe('SV-06 proxy modes', () => {
  const modes = ['iptables', 'ipvs', 'nftables'] as const
  const clusters = Object.fromEntries(modes.map((m) => [m, build(BASE, { config: { proxyMode: m } })]))

  // The reference says IPVS answers ping; since Kubernetes 1.27 KUBE-IPVS-FILTER rejects
  // it (kubernetes/kubernetes#108460, kubernetes/website#41002), and current kube-proxy is modelled.
  it('SV-06: ping to a ClusterIP: no answer in iptables mode, rejected by IPVS (KUBE-IPVS-FILTER) and nftables', () => {
    const ping = (m: (typeof modes)[number]) =>
      simulate(clusters[m]!, { from: { pod: 'client' }, to: { service: 'web' }, protocol: 'ICMP' })
    expect(ping('iptables').outcome).toBe('timed-out')
    expect(ping('iptables').reason).toBe('a ClusterIP does not answer ping in iptables mode')
    expect(ping('ipvs').outcome).toBe('refused')
    expect(ping('ipvs').reason).toContain('KUBE-IPVS-FILTER')
    expect(ping('ipvs').trace[0]!.details[0]).toContain('bound to kube-ipvs0')
    expect(ping('nftables').outcome).toBe('refused')
  })

  it('SV-06: a port the Service does not have: dropped by iptables, rejected by IPVS and nftables', () => {
    const other = (m: (typeof modes)[number]) =>
      simulate(clusters[m]!, { from: { pod: 'client' }, to: { service: 'web' }, port: 81 }).outcome
    expect(other('iptables')).toBe('timed-out')
    expect(other('ipvs')).toBe('refused')
    expect(other('nftables')).toBe('refused')
  })

  it('SV-06: IPVS names its scheduler (rr by default); nftables picks at random', () => {
    const how = (m: (typeof modes)[number]) =>
      step(simulate(clusters[m]!, { from: { pod: 'client' }, to: { service: 'web' }, port: 80 }), 'dnat')!
        .details[1]
    expect(how('ipvs')).toContain('IPVS virtual server with 3 real servers, scheduler rr (round robin)')
    expect(how('nftables')).toContain('numgen random mod 3')
  })
})

describe('SV-07 session affinity', () => {
  const c = build(
    BASE +
      service(
        'sticky',
        '  selector: {app: web}\n  sessionAffinity: ClientIP\n  ports: [{port: 80, targetPort: http}]',
      ) +
      service(
        'sticky-short',
        '  selector: {app: web}\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}\n  ports: [{port: 80, targetPort: http}]',
      ),
  )

  it('SV-07: ClientIP affinity sends every connection of a client to one endpoint', () => {
    const picks = new Set(
      seeds(30).map(
        (seed) =>
          simulate(c, { from: { pod: 'client' }, to: { service: 'sticky' }, port: 80, seed }).backend!.ip,
      ),
    )
    expect(picks.size).toBe(1)
    const plain = new Set(
      seeds(30).map(
        (seed) =>
          simulate(c, { from: { pod: 'client' }, to: { service: 'web' }, port: 80, seed }).backend!.ip,
      ),
    )
    expect(plain.size).toBe(3)
  })

  it('SV-07: the default is None, the timeout 10800 s unless configured', () => {
    expect(svcOf(c, 'default/web').sessionAffinity).toBe('None')
    expect(svcOf(c, 'default/sticky').sessionAffinityTimeoutSeconds).toBe(10800)
    expect(svcOf(c, 'default/sticky-short').sessionAffinityTimeoutSeconds).toBe(600)
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'sticky' }, port: 80 })
    expect(step(r, 'dnat')!.details[1]).toContain('sessionAffinity ClientIP: every connection from')
    expect(step(r, 'dnat')!.details[1]).toContain('for 10800s')
  })
})

describe('SV-03 / SV-08 ready endpoints, fallback and REJECT', () => {
  const notReady = (name: string, labels: string, terminating = false, ready = false) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: ${labels}${terminating ? ', deletionTimestamp: "2024-01-01T00:00:00Z"' : ''}}
spec:
  nodeName: worker-1
  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]
status:
  phase: Running
  conditions: [{type: Ready, status: "${ready ? 'True' : 'False'}"}]
`
  const c = build(
    BASE +
      notReady('web-starting', '{app: web}') +
      notReady('web-leaving', '{app: web}', true, true) +
      notReady('drain-0', '{app: drain}', true, true) +
      notReady('gone-0', '{app: gone}', true, false) +
      notReady('cold-0', '{app: cold}') +
      service('drain', '  selector: {app: drain}\n  ports: [{port: 80, targetPort: http}]') +
      service('gone', '  selector: {app: gone}\n  ports: [{port: 80, targetPort: http}]') +
      service('cold', '  selector: {app: cold}\n  ports: [{port: 80, targetPort: http}]') +
      service('nobody', '  selector: {app: nobody}\n  ports: [{port: 80}]'),
  )

  it('SV-03: not-ready and terminating pods are listed but get no traffic while others are ready', () => {
    const eps = c.endpointSlices.filter((s) => s.serviceName === 'web').flatMap((s) => s.endpoints)
    expect(eps).toHaveLength(5)
    const hit = new Set(
      seeds(60).map(
        (seed) =>
          simulate(c, { from: { pod: 'client' }, to: { service: 'web' }, port: 80, seed }).backend!.label,
      ),
    )
    expect([...hit].sort()).toEqual(
      podsOf(c, 'web')
        .filter((p) => p.ready && !p.terminating)
        .map((p) => p.id)
        .sort(),
    )
  })

  it('SV-03: when every endpoint is terminating, serving ones take the traffic (§0.1)', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'drain' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.backend!.label).toBe('default/drain-0')
  })

  it('SV-08: no endpoints at all: kube-proxy REJECTs, the client sees connection refused', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'nobody' }, port: 80 })
    expect(r.outcome).toBe('refused')
    expect(r.reason).toBe(
      'connection refused: Service default/nobody:80 has no endpoints: kube-proxy REJECTs with icmp-port-unreachable',
    )
    expect(step(r, 'reject')!.details[0]).toMatch(
      /^KUBE-SVC-\w+: REJECT --reject-with icmp-port-unreachable$/,
    )
    expect(r.backend).toBeUndefined()
  })

  it('SV-08: endpoints that are not ready (nor serving and terminating) are rejected too', () => {
    for (const name of ['cold', 'gone']) {
      const r = simulate(c, { from: { pod: 'client' }, to: { service: name }, port: 80 })
      expect(r.outcome).toBe('refused')
      expect(r.reason).toContain(`Service default/${name}:80 has 1 endpoint but none is ready`)
    }
  })
})

describe('SV-04 Services without a selector', () => {
  const c = build(
    BASE +
      service('db', '  ports: [{name: pg, port: 5432}]') +
      service('loop', '  ports: [{port: 53, protocol: UDP}]') +
      `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-1, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{name: pg, port: 5432}]
endpoints: [{addresses: [192.0.2.10]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: loop-1, labels: {kubernetes.io/service-name: loop}}
addressType: IPv4
ports: [{port: 53, protocol: UDP}]
endpoints: [{addresses: [10.96.0.10]}]
`,
  )

  it('SV-04: traffic goes to the addresses of the user EndpointSlice', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'db' }, port: 5432 })
    expect(r.outcome).toBe('connected')
    expect(r.backend).toMatchObject({ ip: '192.0.2.10', port: 5432 })
    expect(step(r, 'dnat')!.title).toContain('→ 192.0.2.10:5432')
  })

  it('SV-04: an endpoint that is another ClusterIP leads nowhere', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'loop' }, port: 53, protocol: 'UDP' })
    expect(r.outcome).toBe('timed-out')
    expect(r.reason).toBe(
      'endpoint 10.96.0.10 of default/loop is a ClusterIP, which kube-proxy cannot forward to',
    )
  })
})

const NODEPORTS =
  BASE +
  service(
    'np-cluster',
    '  type: NodePort\n  selector: {app: solo}\n  ports: [{port: 80, targetPort: http, nodePort: 30080}]',
  ) +
  service(
    'np-local',
    '  type: NodePort\n  externalTrafficPolicy: Local\n  selector: {app: solo}\n  ports: [{port: 80, targetPort: http, nodePort: 30081}]',
  )
const CLIENT = '203.0.113.7'

describe('SV-09 NodePort', () => {
  const c = build(NODEPORTS)

  it('SV-09: the node port answers on every node, including nodes without a backend', () => {
    for (const node of c.nodes) {
      const r = simulate(c, { from: { external: CLIENT }, to: { ip: node.ip }, port: 30080 })
      expect(r.outcome, node.name).toBe('connected')
      expect(r.backend!.node).toBe('worker-1')
      expect(r.service).toMatchObject({
        id: 'default/np-cluster',
        via: 'NodePort',
        address: `${node.ip}:30080`,
      })
      expect(step(r, 'dnat')!.node).toBe(node.name)
    }
  })

  it('SV-09: the NodePort Service is also reachable on its ClusterIP, not from outside', () => {
    const s = svcOf(c, 'default/np-cluster')
    expect(simulate(c, { from: { pod: 'client' }, to: { ip: s.clusterIP! }, port: 80 }).outcome).toBe(
      'connected',
    )
    expect(simulate(c, { from: { external: CLIENT }, to: { ip: s.clusterIP! }, port: 80 }).outcome).toBe(
      'no-route',
    )
  })
})

describe('SV-10 externalTrafficPolicy', () => {
  const c = build(NODEPORTS)

  it('SV-10: Cluster: any node forwards, SNAT to that node; the backend sees the node, one extra hop', () => {
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: nodeIp(c, 'worker-2') }, port: 30080 })
    expect(r.outcome).toBe('connected')
    // Calico IPIP: MASQUERADE towards worker-1's pod range picks worker-2's tunl0 address.
    const tunl0 = c.nodes.find((n) => n.name === 'worker-2')!.gatewayIp
    expect(step(r, 'snat')!.title).toBe(
      `SNAT (MASQUERADE): source ${CLIENT} → ${tunl0} (worker-2's tunl0 address)`,
    )
    expect(r.ingress!.peer).toMatchObject({ kind: 'node', node: { name: 'worker-2' }, ip: tunl0 })
    expect(step(r, 'encap')!.details[0]).toBe(`outer ${nodeIp(c, 'worker-2')} → ${nodeIp(c, 'worker-1')}`)
  })

  it('SV-10: Local: the client IP is kept on a node with an endpoint', () => {
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: nodeIp(c, 'worker-1') }, port: 30081 })
    expect(r.outcome).toBe('connected')
    expect(kinds(r)).not.toContain('snat')
    expect(r.ingress!.peer).toEqual({ kind: 'external', ip: CLIENT })
  })

  it('SV-10: externalTrafficPolicy Local drops on a node without an endpoint', () => {
    for (const node of ['worker-2', 'control-plane']) {
      const r = simulate(c, { from: { external: CLIENT }, to: { ip: nodeIp(c, node) }, port: 30081 })
      expect(r.outcome).toBe('timed-out')
      expect(r.reason).toBe(
        `externalTrafficPolicy: Local and no ready endpoint of default/np-local:80 on node ${node}: the packet is dropped`,
      )
    }
  })

  it('SV-10: an ipBlock for the client admits it with Local, not with Cluster (SNAT)', () => {
    const allow = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-clients}
spec:
  podSelector: {matchLabels: {app: solo}}
  ingress: [{from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]
`
    const p = build(NODEPORTS + allow)
    const local = simulate(p, { from: { external: CLIENT }, to: { ip: nodeIp(p, 'worker-1') }, port: 30081 })
    const cluster = simulate(p, {
      from: { external: CLIENT },
      to: { ip: nodeIp(p, 'worker-2') },
      port: 30080,
    })
    expect(local.outcome).toBe('connected')
    expect(cluster.outcome).toBe('timed-out')
    expect(cluster.ingress!.allowed).toBe(false)
  })

  it('SV-10: a LoadBalancer with Local only sends to nodes passing the health check, keeping the client IP', () => {
    const lb = build(
      NODEPORTS +
        service(
          'lb',
          '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  selector: {app: solo}\n  ports: [{port: 80, targetPort: http}]',
        ) +
        service(
          'lb-empty',
          '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  selector: {app: nobody}\n  ports: [{port: 80}]',
        ),
      { config: { loadBalancerProvider: 'cloud' } },
    )
    const s = svcOf(lb, 'default/lb')
    for (const seed of seeds(6)) {
      const r = simulate(lb, {
        from: { external: CLIENT },
        to: { ip: s.loadBalancerIPs[0]! },
        port: 80,
        seed,
      })
      expect(r.outcome).toBe('connected')
      expect(r.trace[0]!.title).toBe(
        `load balancer ${s.loadBalancerIPs[0]} forwards to worker-1 (${nodeIp(lb, 'worker-1')}:${s.ports[0]!.nodePort})`,
      )
      expect(r.ingress!.peer).toEqual({ kind: 'external', ip: CLIENT })
    }
    const empty = svcOf(lb, 'default/lb-empty')
    const r = simulate(lb, { from: { external: CLIENT }, to: { ip: empty.loadBalancerIPs[0]! }, port: 80 })
    expect(r.outcome).toBe('timed-out')
    expect(r.trace[0]!.title).toContain(
      `health check on port ${empty.healthCheckNodePort} (No Service Endpoints Found)`,
    )
  })

  it("SV-10: from a pod on the node, kube-proxy skips Local and uses any endpoint (the pod's own NodePort)", () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { ip: nodeIp(c, 'worker-2') }, port: 30081 })
    expect(r.outcome).toBe('connected')
    expect(r.backend!.node).toBe('worker-1')
    expect(r.ingress!.peer).toMatchObject({ kind: 'pod', pod: { id: 'default/client' } })
  })
})

describe('SV-11 internalTrafficPolicy', () => {
  const c = build(
    BASE +
      service(
        'itp',
        '  internalTrafficPolicy: Local\n  selector: {app: solo}\n  ports: [{port: 80, targetPort: http}]',
      ),
  )

  it('SV-11: internalTrafficPolicy Local uses only same-node endpoints', () => {
    const r = simulate(c, { from: { pod: 'client-1' }, to: { service: 'itp' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.backend!.node).toBe('worker-1')
  })

  it('SV-11: internalTrafficPolicy Local drops when the node has no endpoint', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'itp' }, port: 80 })
    expect(r.outcome).toBe('timed-out')
    expect(r.reason).toBe(
      'internalTrafficPolicy: Local and no ready endpoint of default/itp:80 on node worker-2: the packet is dropped',
    )
  })
})

describe('SV-12 LoadBalancer', () => {
  const c = build(
    BASE +
      service('lb', '  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]') +
      service(
        'lb-direct',
        '  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]',
      ),
    { config: { loadBalancerProvider: 'cloud' } },
  )
  const lb = svcOf(c, 'default/lb')

  it('SV-12: outside clients reach the LB address, which hands the connection to a NodePort', () => {
    expect(lb.loadBalancerIPs).toEqual(['198.51.100.10'])
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: '198.51.100.10' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.service).toMatchObject({ id: 'default/lb', via: 'LoadBalancer', address: '198.51.100.10:80' })
    expect(r.trace[0]!.title).toMatch(
      new RegExp(
        `^load balancer 198\\.51\\.100\\.10 forwards to worker-\\d \\(172\\.18\\.0\\.\\d:${lb.ports[0]!.nodePort}\\)$`,
      ),
    )
    expect(kinds(r)).toContain('snat')
  })

  it('SV-12: without node ports the LB delivers its own address to a node, where kube-proxy catches it', () => {
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: '198.51.100.11' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.trace[0]!.title).toMatch(
      /^load balancer 198\.51\.100\.11 forwards to worker-\d \(198\.51\.100\.11:80, no node port\)$/,
    )
  })

  it('SV-12: a pod dialling the LB address is DNATed on its own node, masqueraded (externalTrafficPolicy Cluster)', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { ip: '198.51.100.10' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(step(r, 'dnat')!.node).toBe('worker-2')
    expect(step(r, 'snat')!.title).toBe(
      `SNAT (MASQUERADE): source ${podsOf(c, 'client')[0]!.ip} → ${c.nodes.find((n) => n.name === 'worker-2')!.gatewayIp} (worker-2's tunl0 address)`,
    )
  })
})

describe('SV-13 / SV-14 ExternalName and headless', () => {
  const c = build(
    BASE +
      service(
        'ext',
        '  type: ExternalName\n  externalName: www.example.com\n  ports: [{port: 80, targetPort: 8080}]',
      ) +
      service('digits', '  type: ExternalName\n  externalName: 1.2.3.4') +
      service(
        'web-headless',
        '  clusterIP: None\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]',
      ),
  )

  it('SV-13: ExternalName is a CNAME only: the client connects to the outside address on the port it dialled', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { host: 'ext' }, port: 443 })
    expect(r.outcome).toBe('connected')
    expect(r.dns!.records.map((x) => `${x.type} ${x.data}`)).toEqual([
      'CNAME www.example.com.',
      'A 93.184.215.14',
    ])
    expect(r.service).toBeUndefined()
    expect(kinds(r)).not.toContain('dnat')
    expect(r.backend).toMatchObject({ ip: '93.184.215.14', port: 443 })
    // No port mapping: port 80 stays 80, not the targetPort 8080.
    expect(simulate(c, { from: { pod: 'client' }, to: { service: 'ext' }, port: 80 }).backend).toMatchObject({
      port: 80,
    })
  })

  it('SV-13: an IPv4 string in externalName is a name, not an address', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { host: 'digits' }, port: 80 })
    expect(r.outcome).toBe('no-such-host')
    expect(r.dns!.records.some((x) => x.type === 'A')).toBe(false)
  })

  it('SV-14: headless: DNS gives the pod IPs and kube-proxy does no load balancing', () => {
    const r = simulate(c, { from: { pod: 'client' }, to: { service: 'web-headless' }, port: 8080 })
    expect(r.outcome).toBe('connected')
    expect(r.dns!.records.map((x) => x.data).sort()).toEqual(
      podsOf(c, 'web')
        .map((p) => p.ip)
        .sort(),
    )
    expect(kinds(r)).not.toContain('dnat')
    expect(r.service).toBeUndefined()
    expect(podsOf(c, 'web').map((p) => p.ip)).toContain(r.backend!.ip)
    // The Service port means nothing without a proxy: port 80 reaches the pod's port 80.
    expect(simulate(c, { from: { pod: 'client' }, to: { service: 'web-headless' }, port: 80 }).outcome).toBe(
      'refused',
    )
  })
})

// Services as the control plane sets them up (fidelity §2): ClusterIP and NodePort
// allocation, targetPort resolution, EndpointSlices, and the fields each Service type gets.
import { describe, expect, it } from 'vitest'
import type { ClusterConfig } from '../model/types'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ip'
import { clusterFromManifests } from './build'
import type { BuildOptions } from './build'
import { MAX_ENDPOINTS_PER_SLICE, rangeOffset, ServiceAllocator } from './services'

const build = (text: string, options: BuildOptions = {}) =>
  clusterFromManifests([{ file: 'test.yaml', text }], { cni: 'calico', nodes: 3, ...options })

const errors = (c: ReturnType<typeof build>) =>
  c.issues.filter((i) => i.severity === 'error').map((i) => i.message)
const svc = (c: ReturnType<typeof build>, id: string) => {
  const s = c.services.find((x) => x.id === id)
  if (!s) throw new Error(`no Service ${id}; issues: ${errors(c).join('; ')}`)
  return s
}
const slicesOf = (c: ReturnType<typeof build>, name: string, ns = 'default') =>
  c.endpointSlices.filter((s) => s.serviceName === name && s.namespace === ns)

const service = (name: string, spec: string) => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
${spec}
`

const CONFIG: ClusterConfig = {
  podCIDR: '10.244.0.0/16',
  serviceCIDR: '10.96.0.0/12',
  clusterDomain: 'cluster.local',
  dnsServiceIP: '10.96.0.10',
  nodePortRange: [30000, 32767],
  loadBalancerPool: '198.51.100.0/24',
  loadBalancerProvider: 'cloud',
  proxyMode: 'iptables',
}

describe('SV-01 ClusterIP allocation', () => {
  it('SV-01: automatic ClusterIPs come from the service CIDR, from its upper band', () => {
    const text = Array.from({ length: 30 }, (_, i) =>
      service(`s${i}`, '  selector: {app: x}\n  ports: [{port: 80}]'),
    ).join('')
    const c = build(text)
    expect(errors(c)).toEqual([])
    const range = parseCidr('10.96.0.0/12')!
    const ips = c.services.filter((s) => /^s\d+$/.test(s.name)).map((s) => s.clusterIP!)
    expect(ips).toHaveLength(30)
    expect(new Set(ips).size).toBe(30)
    for (const ip of ips) {
      const n = parseIPv4(ip)!
      expect(cidrContains(range, n)).toBe(true)
      // The lower band of a /12 is 256 addresses after the network address: 10.96.0.1 … 10.96.1.0.
      expect(n).toBeGreaterThanOrEqual(parseIPv4('10.96.1.1')!)
      expect(n).toBeLessThanOrEqual(parseIPv4('10.111.255.254')!)
    }
  })

  it('SV-01: the lower band is min(max(16, size/16), 256) addresses', () => {
    expect(rangeOffset(2 ** 20, 16, 16, 256)).toBe(256) // /12
    expect(rangeOffset(2 ** 12, 16, 16, 256)).toBe(256) // /20
    expect(rangeOffset(2 ** 10, 16, 16, 256)).toBe(64) // /22
    expect(rangeOffset(2 ** 7, 16, 16, 256)).toBe(16) // /25
    expect(rangeOffset(16, 16, 16, 256)).toBe(0) // /28: no bands at all
  })

  it('SV-01: automatic allocation falls back to the lower band once the upper one is full', () => {
    // A /27 has 30 usable addresses and a lower band of 16: slots 16…29 are the upper band.
    const alloc = new ServiceAllocator({ ...CONFIG, serviceCIDR: '10.96.0.0/27' })
    const got = Array.from({ length: 30 }, (_, i) => alloc.clusterIP(`ns/s${i}`, undefined).ip!)
    const last = got.map((ip) => parseIPv4(ip)! - parseIPv4('10.96.0.0')!)
    expect(last.slice(0, 14).every((n) => n >= 17 && n <= 30)).toBe(true)
    expect(last.slice(14).every((n) => n >= 1 && n <= 16)).toBe(true)
    expect(new Set(last).size).toBe(30)
    expect(alloc.clusterIP('ns/one-more', undefined)).toEqual({
      error: 'failed to allocate a serviceIP: range is full',
      full: true,
    })
  })

  it('SV-01: a small service CIDR still allocates (no band below 16 addresses)', () => {
    const c = build(service('web', '  selector: {app: x}\n  ports: [{port: 80}]'), {
      config: { serviceCIDR: '10.96.0.0/28', dnsServiceIP: '10.96.0.10' },
    })
    expect(errors(c)).toEqual([])
    expect(svc(c, 'default/kubernetes').clusterIP).toBe('10.96.0.1')
    expect(svc(c, 'kube-system/kube-dns').clusterIP).toBe('10.96.0.10')
    const n = parseIPv4(svc(c, 'default/web').clusterIP!)! - parseIPv4('10.96.0.0')!
    expect(n).toBeGreaterThanOrEqual(2)
    expect(n).toBeLessThanOrEqual(14)
    expect(n).not.toBe(10)
  })

  it('SV-01: a requested IP in the lower band is used as given', () => {
    const c = build(service('fixed', '  clusterIP: 10.96.0.50\n  ports: [{port: 80}]'))
    expect(svc(c, 'default/fixed').clusterIP).toBe('10.96.0.50')
  })

  it('SV-01: a requested IP outside the range is refused with the API server message', () => {
    const c = build(service('bad', '  clusterIP: 1.1.1.1\n  ports: [{port: 80}]'))
    expect(errors(c)).toEqual([
      'The Service "bad" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ])
    expect(c.services.some((s) => s.name === 'bad')).toBe(false)
    const issue = c.issues.find((i) => i.name === 'bad')!
    expect(issue.field).toBe('spec.clusterIPs')
    expect(issue.pos?.line).toBe(6) // the clusterIP line
  })

  it("SV-01: the range's network and broadcast addresses are not in the valid range", () => {
    const c = build(
      service('net', '  clusterIP: 10.96.0.0\n  ports: [{port: 80}]') +
        service('bcast', '  clusterIP: 10.111.255.255\n  ports: [{port: 80}]'),
    )
    expect(errors(c).sort()).toEqual([
      'The Service "bcast" is invalid: spec.clusterIPs: Invalid value: []string{"10.111.255.255"}: failed to allocate IP 10.111.255.255: the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
      'The Service "net" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.0"}: failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ])
  })

  it('SV-01: a requested IP that is taken is refused', () => {
    const c = build(
      service('a', '  clusterIP: 10.96.0.50\n  ports: [{port: 80}]') +
        service('b', '  clusterIP: 10.96.0.50\n  ports: [{port: 80}]'),
    )
    expect(svc(c, 'default/a').clusterIP).toBe('10.96.0.50')
    expect(errors(c)).toEqual([
      'The Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: failed to allocate IP 10.96.0.50: provided IP is already allocated',
    ])
  })
})

const NAMED_PORT_PODS = `
apiVersion: v1
kind: Pod
metadata: {name: web-a, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-b, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 9090}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-c, labels: {app: web}}
spec:
  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 7070, protocol: UDP}]}]
`

describe('SV-02 ports', () => {
  it('SV-02: targetPort defaults to port and protocol to TCP', () => {
    const c = build(service('web', '  selector: {app: web}\n  ports: [{port: 80}]'))
    expect(svc(c, 'default/web').ports).toEqual([{ protocol: 'TCP', port: 80, targetPort: 80 }])
  })

  it('SV-02: a named targetPort is resolved per pod, by name and protocol', () => {
    const c = build(
      NAMED_PORT_PODS + service('web', '  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]'),
    )
    expect(errors(c)).toEqual([])
    const byPod = new Map<string, number[]>()
    for (const s of slicesOf(c, 'web'))
      for (const e of s.endpoints)
        byPod.set(
          e.podId!,
          s.ports.map((p) => p.port),
        )
    // web-c's port named http is UDP, so it does not count for a TCP Service port.
    expect(Object.fromEntries(byPod)).toEqual({
      'default/web-a': [8080],
      'default/web-b': [9090],
      'default/web-c': [],
    })
    // Different numbers land in different slices, as the EndpointSlice controller does.
    expect(
      slicesOf(c, 'web')
        .map((s) => s.ports.map((p) => p.port))
        .sort(),
    ).toEqual([[], [8080], [9090]])
  })

  it('SV-02: the Service name must be an RFC 1035 label and a multi-port Service must name every port', () => {
    const c = build(
      service('1web', '  selector: {app: web}\n  ports: [{port: 80}]') +
        service('multi', '  selector: {app: web}\n  ports: [{port: 80}, {name: b, port: 81}]'),
    )
    const msgs = errors(c)
    expect(
      msgs.some((m) => m.startsWith('The Service "1web" is invalid: metadata.name: Invalid value: "1web"')),
    ).toBe(true)
    expect(msgs).toContain('The Service "multi" is invalid: spec.ports[0].name: Required value')
    expect(c.services.map((s) => s.name)).not.toContain('multi')
  })
})

describe('SV-03 EndpointSlices', () => {
  const text = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: starting, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
status:
  phase: Running
  conditions: [{type: Ready, status: "False"}]
---
apiVersion: v1
kind: Pod
metadata: {name: leaving, labels: {app: web}, deletionTimestamp: "2024-01-01T00:00:00Z"}
spec: {containers: [{name: c, image: nginx}]}
status:
  phase: Running
  conditions: [{type: Ready, status: "True"}]
---
apiVersion: v1
kind: Pod
metadata: {name: done, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
status: {phase: Succeeded}
${service('web', '  selector: {app: web}\n  ports: [{port: 80}]')}
${service('web-all', '  selector: {app: web}\n  publishNotReadyAddresses: true\n  ports: [{port: 80}]')}
`
  const c = build(text)

  it('SV-03: every matching pod with an IP is listed, with ready/serving/terminating conditions', () => {
    expect(errors(c)).toEqual([])
    const slices = slicesOf(c, 'web')
    expect(slices).toHaveLength(1)
    expect(slices[0]!.name).toMatch(/^web-[a-z0-9]{5}$/)
    expect(slices[0]!.userProvided).toBe(false)
    const conds = Object.fromEntries(
      slices[0]!.endpoints.map((e) => [e.podId!.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''), e.conditions]),
    )
    expect(conds).toEqual({
      'default/web': { ready: true, serving: true, terminating: false },
      'default/starting': { ready: false, serving: false, terminating: false },
      'default/leaving': { ready: false, serving: true, terminating: true },
    })
    // Two replicas of web, and no endpoint for the Succeeded pod.
    expect(slices[0]!.endpoints).toHaveLength(4)
    expect(slices[0]!.endpoints.some((e) => e.podId === 'default/done')).toBe(false)
  })

  it('SV-03: publishNotReadyAddresses marks every endpoint ready', () => {
    const eps = slicesOf(c, 'web-all').flatMap((s) => s.endpoints)
    expect(eps).toHaveLength(4)
    expect(eps.every((e) => e.conditions.ready)).toBe(true)
    expect(eps.find((e) => e.podId === 'default/leaving')!.conditions.terminating).toBe(true)
  })

  // podToEndpoint: `serving := IsPodReady(pod)`; the Service setting forces only `ready`.
  it("SV-03: publishNotReadyAddresses leaves serving to the pod's readiness", () => {
    const eps = slicesOf(c, 'web-all').flatMap((s) => s.endpoints)
    expect(eps.find((e) => e.podId === 'default/starting')!.conditions).toEqual({
      ready: true,
      serving: false,
      terminating: false,
    })
    expect(eps.find((e) => e.podId === 'default/leaving')!.conditions).toEqual({
      ready: true,
      serving: true,
      terminating: true,
    })
  })

  it('SV-03: a slice holds at most 100 endpoints', () => {
    const big = build(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: 130
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec: {containers: [{name: c, image: nginx}]}
${service('big', '  selector: {app: big}\n  ports: [{port: 80}]')}`)
    expect(MAX_ENDPOINTS_PER_SLICE).toBe(100)
    expect(
      slicesOf(big, 'big')
        .map((s) => s.endpoints.length)
        .sort((a, b) => b - a),
    ).toEqual([100, 30])
  })

  it('SV-03: a Service whose selector matches nothing still has one empty slice', () => {
    const none = build(service('lonely', '  selector: {app: nobody}\n  ports: [{port: 80}]'))
    expect(slicesOf(none, 'lonely').map((s) => s.endpoints.length)).toEqual([0])
  })
})

describe('SV-04 Services without a selector', () => {
  const text = `${service('db', '  ports: [{name: pg, port: 5432}]')}
${service('empty-selector', '  selector: {}\n  ports: [{port: 80}]')}
---
apiVersion: v1
kind: Pod
metadata: {name: any, labels: {app: any}}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: db-1, labels: {kubernetes.io/service-name: db}}
addressType: IPv4
ports: [{name: pg, port: 5432, protocol: TCP}]
endpoints:
- addresses: [192.0.2.10]
- addresses: [192.0.2.11]
  conditions: {ready: false}
`
  const c = build(text)

  it('SV-04: no automatic slices; the user EndpointSlice is used as written', () => {
    expect(errors(c)).toEqual([])
    expect(svc(c, 'default/db').selector).toBeUndefined()
    const slices = slicesOf(c, 'db')
    expect(slices.map((s) => [s.name, s.userProvided])).toEqual([['db-1', true]])
    // Unset conditions read as kube-proxy reads them: ready and serving.
    expect(slices[0]!.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['192.0.2.10', { ready: true, serving: true, terminating: false }],
      ['192.0.2.11', { ready: false, serving: true, terminating: false }],
    ])
  })

  it('SV-04: endpoint addresses may not be loopback or link-local', () => {
    const bad = build(`
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: x-1, labels: {kubernetes.io/service-name: x}}
addressType: IPv4
ports: [{port: 80}]
endpoints: [{addresses: [127.0.0.1]}, {addresses: [169.254.1.1]}]
`)
    expect(errors(bad)).toEqual([
      'The EndpointSlice "x-1" is invalid: endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'The EndpointSlice "x-1" is invalid: endpoints[1].addresses[0]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ])
    expect(bad.endpointSlices.some((x) => x.name === 'x-1')).toBe(false)
  })

  it('SV-04: `selector: {}` is no selector: no slices, not every pod of the namespace', () => {
    expect(svc(c, 'default/empty-selector').selector).toBeUndefined()
    expect(slicesOf(c, 'empty-selector')).toEqual([])
  })
})

describe('SV-09 NodePort allocation', () => {
  it('SV-09: a NodePort Service keeps a ClusterIP and gets a port from the upper band of 30000-32767', () => {
    const c = build(
      service(
        'np',
        '  type: NodePort\n  selector: {app: x}\n  ports: [{name: a, port: 80}, {name: b, port: 81}]',
      ),
    )
    expect(errors(c)).toEqual([])
    const s = svc(c, 'default/np')
    expect(cidrContains(parseCidr('10.96.0.0/12')!, parseIPv4(s.clusterIP!)!)).toBe(true)
    // The node-port range's lower band is min(max(16, 2768/32), 128) = 86 ports.
    for (const p of s.ports) {
      expect(p.nodePort).toBeGreaterThanOrEqual(30086)
      expect(p.nodePort).toBeLessThanOrEqual(32767)
    }
    expect(s.ports[0]!.nodePort).not.toBe(s.ports[1]!.nodePort)
  })

  it('SV-09: a requested node port outside the range is refused', () => {
    const c = build(
      service('np', '  type: NodePort\n  selector: {app: x}\n  ports: [{port: 80, nodePort: 80}]'),
    )
    expect(errors(c)).toEqual([
      'The Service "np" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ])
    expect(c.issues.find((i) => i.name === 'np')!.pos?.line).toBe(8)
  })

  it('SV-09: a node port already taken is refused', () => {
    const c = build(
      service('a', '  type: NodePort\n  selector: {app: x}\n  ports: [{port: 80, nodePort: 30080}]') +
        service('b', '  type: NodePort\n  selector: {app: x}\n  ports: [{port: 80, nodePort: 30080}]'),
    )
    expect(svc(c, 'default/a').ports[0]!.nodePort).toBe(30080)
    expect(errors(c)).toEqual([
      'The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    ])
  })

  it('SV-09: the TCP and UDP ports of one number share a node port', () => {
    const c = build(
      service(
        'dns',
        '  type: NodePort\n  selector: {app: x}\n  ports: [{name: u, port: 53, protocol: UDP}, {name: t, port: 53, protocol: TCP, nodePort: 30053}]',
      ),
    )
    expect(errors(c)).toEqual([])
    expect(svc(c, 'default/dns').ports.map((p) => [p.protocol, p.nodePort])).toEqual([
      ['UDP', 30053],
      ['TCP', 30053],
    ])
  })
})

describe('SV-10 / SV-12 load balancers', () => {
  const CLOUD: BuildOptions = { config: { loadBalancerProvider: 'cloud' } }

  it('SV-12: without a load-balancer implementation EXTERNAL-IP stays <pending>; the NodePort is still allocated', () => {
    const c = build(
      service('lb', '  type: LoadBalancer\n  selector: {app: x}\n  ports: [{port: 80}]') +
        service(
          'asked',
          '  type: LoadBalancer\n  loadBalancerIP: 198.51.100.77\n  selector: {app: x}\n  ports: [{port: 80}]',
        ) +
        'status: {loadBalancer: {ingress: [{ip: 192.0.2.50}]}}\n',
    )
    expect(errors(c)).toEqual([])
    expect(svc(c, 'default/lb').loadBalancerIPs).toEqual([])
    expect(svc(c, 'default/asked').loadBalancerIPs).toEqual([])
    expect(svc(c, 'default/lb').ports[0]!.nodePort).toBeGreaterThanOrEqual(30000)
  })

  it('SV-12: a LoadBalancer gets an address from the pool, a NodePort and a ClusterIP', () => {
    const c = build(
      service('lb1', '  type: LoadBalancer\n  selector: {app: x}\n  ports: [{port: 80}]') +
        service('lb2', '  type: LoadBalancer\n  selector: {app: x}\n  ports: [{port: 80}]'),
      CLOUD,
    )
    expect(errors(c)).toEqual([])
    expect(svc(c, 'default/lb1').loadBalancerIPs).toEqual(['198.51.100.10'])
    expect(svc(c, 'default/lb2').loadBalancerIPs).toEqual(['198.51.100.11'])
    expect(svc(c, 'default/lb1').ports[0]!.nodePort).toBeGreaterThanOrEqual(30000)
    expect(svc(c, 'default/lb1').clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./)
  })

  it('SV-12: allocateLoadBalancerNodePorts: false leaves the ports without node ports', () => {
    const c = build(
      service(
        'lb',
        '  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  selector: {app: x}\n  ports: [{port: 80}]',
      ),
      CLOUD,
    )
    expect(svc(c, 'default/lb').ports[0]!.nodePort).toBeUndefined()
    expect(svc(c, 'default/lb').loadBalancerIPs).toEqual(['198.51.100.10'])
  })

  it('SV-12: status.loadBalancer.ingress and the deprecated spec.loadBalancerIP are honoured', () => {
    const c = build(
      service('given', '  type: LoadBalancer\n  selector: {app: x}\n  ports: [{port: 80}]') +
        'status: {loadBalancer: {ingress: [{ip: 192.0.2.50}]}}\n' +
        service(
          'asked',
          '  type: LoadBalancer\n  loadBalancerIP: 198.51.100.77\n  selector: {app: x}\n  ports: [{port: 80}]',
        ),
      CLOUD,
    )
    expect(svc(c, 'default/given').loadBalancerIPs).toEqual(['192.0.2.50'])
    expect(svc(c, 'default/asked').loadBalancerIPs).toEqual(['198.51.100.77'])
  })

  it('SV-10: externalTrafficPolicy Local on a LoadBalancer allocates a healthCheckNodePort', () => {
    const c = build(
      service(
        'local',
        '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  selector: {app: x}\n  ports: [{port: 80}]',
      ) +
        service(
          'fixed',
          '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n  selector: {app: x}\n  ports: [{port: 80}]',
        ) +
        service('cluster', '  type: LoadBalancer\n  selector: {app: x}\n  ports: [{port: 80}]') +
        service(
          'np',
          '  type: NodePort\n  externalTrafficPolicy: Local\n  selector: {app: x}\n  ports: [{port: 80}]',
        ),
    )
    expect(errors(c)).toEqual([])
    const local = svc(c, 'default/local')
    expect(local.externalTrafficPolicy).toBe('Local')
    expect(local.healthCheckNodePort).toBeGreaterThanOrEqual(30000)
    expect(local.healthCheckNodePort).toBeLessThanOrEqual(32767)
    expect(local.healthCheckNodePort).not.toBe(local.ports[0]!.nodePort)
    expect(svc(c, 'default/fixed').healthCheckNodePort).toBe(32000)
    expect(svc(c, 'default/cluster').externalTrafficPolicy).toBe('Cluster')
    expect(svc(c, 'default/cluster').healthCheckNodePort).toBeUndefined()
    expect(svc(c, 'default/np').healthCheckNodePort).toBeUndefined()
  })
})

describe('SV-13 / SV-14 Services without a virtual IP', () => {
  const c = build(
    service(
      'ext',
      '  type: ExternalName\n  externalName: www.example.com\n  ports: [{port: 80, targetPort: 8080}]',
    ) + service('headless', '  clusterIP: None\n  selector: {app: x}\n  ports: [{port: 80}]'),
  )

  it('SV-13: an ExternalName Service has no ClusterIP and no EndpointSlices', () => {
    const s = svc(c, 'default/ext')
    expect(s.type).toBe('ExternalName')
    expect(s.clusterIP).toBeUndefined()
    expect(s.externalName).toBe('www.example.com')
    expect(slicesOf(c, 'ext')).toEqual([])
  })

  it('SV-14: a headless Service has clusterIP None and still gets EndpointSlices', () => {
    const s = svc(c, 'default/headless')
    expect(s.clusterIP).toBe('None')
    expect(s.headless).toBe(true)
    expect(slicesOf(c, 'headless')).toHaveLength(1)
  })
})

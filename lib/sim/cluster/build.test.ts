import { describe, expect, it } from 'vitest'
import { CNI_NAMES, CNI_PROFILES, cniProfile } from '../cni/profiles'
import { cidrContains, parseCidr, parseIPv4 } from '../net/ip'
import { clusterFromManifests } from './build'

const app = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: pg}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: agent}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: shop}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: backup}}
        spec: {restartPolicy: Never, containers: [{name: c, image: b}]}
`

const build = (text: string, opts = {}) => clusterFromManifests([{ file: 'app.yaml', text }], opts)
const inside = (cidr: string, ip: string) => cidrContains(parseCidr(cidr)!, parseIPv4(ip)!)

describe('buildCluster', () => {
  it('creates what a fresh kubeadm cluster holds (fidelity §6, DN-07)', () => {
    const c = build('')
    expect(c.namespaces.map((n) => n.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ])
    expect(c.nodes.map((n) => `${n.name} ${n.ip} ${n.role}`)).toEqual([
      'control-plane 172.18.0.2 control-plane',
      'worker-1 172.18.0.3 worker',
      'worker-2 172.18.0.4 worker',
    ])
    const dns = c.services.find((s) => s.id === 'kube-system/kube-dns')!
    expect(dns.clusterIP).toBe('10.96.0.10')
    expect(dns.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual([
      'dns 53/UDP',
      'dns-tcp 53/TCP',
      'metrics 9153/TCP',
    ])
    expect(c.services.find((s) => s.id === 'default/kubernetes')!.clusterIP).toBe('10.96.0.1')
    expect(c.pods.filter((p) => p.labels['k8s-app'] === 'kube-dns')).toHaveLength(2)
  })

  it('NP-12: every namespace carries kubernetes.io/metadata.name, which cannot be overridden', () => {
    const c = build(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod, labels: {kubernetes.io/metadata.name: other, env: prod}}\n',
    )
    expect(c.namespaces.find((n) => n.name === 'prod')!.labels).toEqual({
      env: 'prod',
      'kubernetes.io/metadata.name': 'prod',
    })
  })

  it('workload controllers become pods with their names and labels', () => {
    const c = build(app)
    const shop = c.pods.filter((p) => p.namespace === 'shop')
    const web = shop.filter((p) => p.labels.app === 'web')
    expect(web).toHaveLength(3)
    for (const p of web) {
      expect(p.name).toMatch(/^web-[a-z0-9]{8,10}-[a-z0-9]{5}$/)
      expect(p.labels['pod-template-hash']).toBe(p.name.split('-')[1])
      expect(p.owner?.kind).toBe('ReplicaSet')
      expect(p.workload).toEqual({ kind: 'Deployment', name: 'web' })
      expect(p.ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }])
    }
    expect(
      shop.filter((p) => p.labels.app === 'db').map((p) => `${p.name} ${p.hostname}.${p.subdomain}`),
    ).toEqual(['db-0 db-0.db', 'db-1 db-1.db'])
    const job = shop.find((p) => p.labels.app === 'backup')!
    expect(job.owner?.kind).toBe('Job')
    expect(job.labels['batch.kubernetes.io/job-name']).toMatch(/^backup-\d{8}$/)
    // A DaemonSet without a control-plane toleration runs on every worker.
    expect(
      c.pods
        .filter((p) => p.labels.app === 'agent')
        .map((p) => p.nodeName)
        .sort(),
    ).toEqual(['worker-1', 'worker-2'])
    // Replicas spread over the workers, never on the tainted control plane.
    expect(new Set(web.map((p) => p.nodeName)).size).toBe(2)
    expect(web.some((p) => p.nodeName === 'control-plane')).toBe(false)
  })

  it('is deterministic: the same input gives the same cluster', () => {
    const a = build(app)
    const b = build(app)
    expect(b.pods.map((p) => [p.id, p.ip, p.nodeName])).toEqual(a.pods.map((p) => [p.id, p.ip, p.nodeName]))
    expect(b.services.map((s) => s.clusterIP)).toEqual(a.services.map((s) => s.clusterIP))
  })

  it("honours a pod's status.podIP and spec.nodeName, adding nodes a pod names", () => {
    const c = build(`apiVersion: v1
kind: Pod
metadata: {name: fixed, namespace: default}
spec: {nodeName: edge-7, containers: [{name: c, image: i}]}
status: {podIP: 10.244.9.9, hostIP: 10.0.0.7, phase: Running}
`)
    const pod = c.pods.find((p) => p.name === 'fixed')!
    expect(pod.ip).toBe('10.244.9.9')
    expect(pod.nodeName).toBe('edge-7')
    expect(c.nodes.find((n) => n.name === 'edge-7')!.ip).toBe('10.0.0.7')
  })

  it('a pod that is not Ready is listed in its EndpointSlice as not ready (§0.1)', () => {
    const c = build(`apiVersion: v1
kind: Pod
metadata: {name: slow, namespace: default, labels: {app: s}}
spec: {containers: [{name: c, image: i}]}
status: {phase: Running, conditions: [{type: Ready, status: "False"}]}
---
apiVersion: v1
kind: Service
metadata: {name: s, namespace: default}
spec: {selector: {app: s}, ports: [{port: 80}]}
`)
    const slice = c.endpointSlices.find((s) => s.serviceName === 's')!
    expect(slice.endpoints).toHaveLength(1)
    expect(slice.endpoints[0]!.conditions).toEqual({ ready: false, serving: false, terminating: false })
  })

  describe('CNI IPAM (fidelity §4, §6)', () => {
    it('Flannel: node podCIDRs 10.244.N.0/24, cni0 is .1, pods from .2', () => {
      const c = build(app, { cni: 'flannel' })
      expect(c.nodes.map((n) => `${n.podCIDR} ${n.gatewayIp}`)).toEqual([
        '10.244.0.0/24 10.244.0.1',
        '10.244.1.0/24 10.244.1.1',
        '10.244.2.0/24 10.244.2.1',
      ])
      for (const p of c.pods) {
        const node = c.nodes.find((n) => n.name === p.nodeName)!
        expect(inside(node.podCIDR, p.ip)).toBe(true)
        expect(Number(p.ip.split('.')[3])).toBeGreaterThanOrEqual(2)
      }
    })

    it('Calico: /26 blocks from 192.168.0.0/16, more than one per node when a block fills', () => {
      const many = `apiVersion: apps/v1
kind: Deployment
metadata: {name: big, namespace: default}
spec:
  replicas: 140
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec: {containers: [{name: c, image: i}]}
`
      const c = build(many, { cni: 'calico', nodes: 2 })
      const worker = c.nodes.find((n) => n.name === 'worker-1')!
      expect(worker.podRanges.length).toBeGreaterThanOrEqual(3)
      for (const r of worker.podRanges) expect(r).toMatch(/^192\.168\.\d+\.\d+\/26$/)
      const ips = c.pods.map((p) => p.ip)
      expect(new Set(ips).size).toBe(ips.length)
      for (const p of c.pods.filter((x) => x.nodeName === 'worker-1'))
        expect(worker.podRanges.some((r) => inside(r, p.ip))).toBe(true)
    })

    it('Cilium: 10.0.N.0/24 per node from the 10.0.0.0/8 cluster pool', () => {
      const c = build(app, { cni: 'cilium' })
      expect(c.nodes.map((n) => n.podRanges[0])).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'])
    })

    it('Weave Net: the 10.32.0.0/12 range split between the peers', () => {
      const c = build(app, { cni: 'weave' })
      for (const p of c.pods) expect(inside('10.32.0.0/12', p.ip)).toBe(true)
      expect(new Set(c.nodes.map((n) => n.podRanges[0])).size).toBe(3)
    })

    it('hostNetwork pods take their node address', () => {
      const c = build(
        'apiVersion: v1\nkind: Pod\nmetadata: {name: h}\nspec: {hostNetwork: true, nodeName: worker-2, containers: [{name: c, image: i}]}\n',
      )
      expect(c.pods.find((p) => p.name === 'h')!.ip).toBe('172.18.0.4')
    })
  })

  it('every CNI profile states each implementation-defined behaviour explicitly', () => {
    for (const name of CNI_NAMES) {
      const p = CNI_PROFILES[name].policy
      for (const key of [
        'enforcesNetworkPolicy',
        'ipBlockMatchesPodIPs',
        'ipBlockMatchesNodeIPs',
        'endPortSupported',
        'sctpSupported',
        'filtersIcmp',
        'hostNetworkAsNode',
        'hairpin',
        'denyAction',
        'sameNodeNodePortSource',
      ] as const)
        expect(p[key], `${name}.${key}`).toBeDefined()
    }
    expect(CNI_PROFILES.flannel.policy.enforcesNetworkPolicy).toBe(false)
    expect(CNI_PROFILES.cilium.policy.ipBlockMatchesPodIPs).toBe(false)
    expect(CNI_PROFILES.calico.policy.ipBlockMatchesPodIPs).toBe(true)
    expect(cniProfile('calico', { policy: { endPortSupported: false } }).policy.endPortSupported).toBe(false)
    expect(CNI_PROFILES.calico.policy.endPortSupported).toBe(true)
  })

  it('caps absurd replica counts with a warning instead of freezing', () => {
    const c = build(`apiVersion: apps/v1
kind: Deployment
metadata: {name: huge}
spec:
  replicas: 1000000
  selector: {matchLabels: {app: huge}}
  template:
    metadata: {labels: {app: huge}}
    spec: {containers: [{name: c, image: i}]}
`)
    expect(c.issues.find((i) => i.kind === 'Deployment')?.message).toMatch(/asks for 1000000 replicas/)
    expect(c.pods.filter((p) => p.labels.app === 'huge').length).toBeLessThanOrEqual(2000)
  })
})

describe('rebuilding after a change', () => {
  it('keeps the addresses, nodes and ports of pods and Services that still exist', () => {
    const base = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}
`
    const first = build(base)
    // A pod whose name sorts first would shift every address if they were handed out afresh.
    const more = `${base}---\napiVersion: v1\nkind: Pod\nmetadata: {name: aaa}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: aaa}\nspec: {type: NodePort, selector: {app: x}, ports: [{port: 80}]}\n`
    const second = clusterFromManifests([{ file: 'app.yaml', text: more }], { previous: first })
    for (const p of first.pods) {
      const q = second.pods.find((x) => x.id === p.id)!
      expect([q.ip, q.nodeName]).toEqual([p.ip, p.nodeName])
    }
    const svc = (c: typeof first) => c.services.find((s) => s.id === 'default/web')!
    expect(svc(second).clusterIP).toBe(svc(first).clusterIP)
    expect(svc(second).ports[0]!.nodePort).toBe(svc(first).ports[0]!.nodePort)
    expect(second.issues.filter((i) => i.severity !== 'error' && i.source?.file === 'app.yaml')).toEqual([])
  })

  it('a changed pod template rolls out pods with new names, as a Deployment does', () => {
    const dep = (image: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: ${image}}]}\n`
    const a = build(dep('nginx:1.26')).pods.find((p) => p.labels.app === 'web')!
    const b = build(dep('nginx:1.27')).pods.find((p) => p.labels.app === 'web')!
    expect(b.name).not.toBe(a.name)
    expect(b.labels['pod-template-hash']).not.toBe(a.labels['pod-template-hash'])
  })
})

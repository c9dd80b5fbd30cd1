// Cluster DNS (fidelity §3): the records CoreDNS serves, the pod's resolver, and DNS as a
// connection that NetworkPolicy can break.
import { describe, expect, it } from 'vitest'
import { corefile } from '../cluster/builtins'
import { clusterFromManifests } from '../cluster/build'
import type { BuildOptions } from '../cluster/build'
import type { Cluster } from '../model/types'
import { simulate } from '../simulate/simulate'
import { answer } from './records'
import { candidateNames, resolvConf, resolve } from './resolver'
import type { DnsTransport } from './resolver'

const build = (text: string, options: BuildOptions = {}) => {
  const c = clusterFromManifests([{ file: 'dns.yaml', text }], { cni: 'calico', nodes: 3, ...options })
  const errors = c.issues.filter((i) => i.severity === 'error')
  if (errors.length) throw new Error(errors.map((i) => i.message).join('\n'))
  return c
}
const open: DnsTransport = () => ({ ok: true, reason: '' })
const podOf = (c: Cluster, id: string) => c.pods.find((p) => p.id === id)!
const svcOf = (c: Cluster, id: string) => c.services.find((s) => s.id === id)!
const data = (a: { records: { type: string; data: string }[] }) => a.records.map((r) => `${r.type} ${r.data}`)

const TEXT = `
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: other}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: host-default}
spec: {hostNetwork: true, containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: host-cluster}
spec: {hostNetwork: true, dnsPolicy: ClusterFirstWithHostNet, containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: node-dns}
spec: {dnsPolicy: Default, containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: postgres, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-sick, labels: {app: db}}
spec: {containers: [{name: c, image: postgres, ports: [{name: pg, containerPort: 5432}]}]}
status:
  phase: Running
  conditions: [{type: Ready, status: "False"}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 15432, targetPort: pg}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9100, protocol: TCP}]
---
apiVersion: v1
kind: Service
metadata: {name: plain}
spec:
  selector: {app: plain}
  ports: [{port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: empty-headless}
spec:
  clusterIP: None
  selector: {app: nobody}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: www.example.com
`

describe('DN-01 … DN-05 records', () => {
  const c = build(TEXT)
  const webIP = svcOf(c, 'default/web').clusterIP!
  const dbPods = c.pods.filter((p) => p.labels.app === 'db' && p.ready)

  it('DN-01: <svc>.<ns>.svc.cluster.local is an A record for the ClusterIP, even with no endpoints', () => {
    expect(c.endpointSlices.filter((s) => s.serviceName === 'web').flatMap((s) => s.endpoints)).toEqual([])
    expect(answer(c, 'web.default.svc.cluster.local', 'A')).toEqual({
      rcode: 'NOERROR',
      records: [{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: webIP }],
    })
    expect(answer(c, 'web.other.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
    // IPv4-only cluster: AAAA is an empty answer, not an error.
    expect(answer(c, 'web.default.svc.cluster.local', 'AAAA')).toEqual({ rcode: 'NOERROR', records: [] })
  })

  it('DN-01: the short name works from the same namespace, <svc>.<ns> from another', () => {
    const same = resolve(c, podOf(c, 'default/client'), 'web', 'A', open)
    expect(same.status).toBe('ok')
    expect(same.fqdn).toBe('web.default.svc.cluster.local.')
    expect(data(same)).toEqual([`A ${webIP}`])

    const short = resolve(c, podOf(c, 'other/client'), 'web', 'A', open)
    expect(short.status).toBe('nxdomain')
    expect(short.queries.map((q) => `${q.qname} ${q.rcode}`)).toEqual([
      'web.other.svc.cluster.local. NXDOMAIN',
      'web.svc.cluster.local. NXDOMAIN',
      'web.cluster.local. NXDOMAIN',
      'web. NXDOMAIN',
    ])
    const qualified = resolve(c, podOf(c, 'other/client'), 'web.default', 'A', open)
    expect(qualified.queries.map((q) => `${q.qname} ${q.rcode}`)).toEqual([
      'web.default.other.svc.cluster.local. NXDOMAIN',
      'web.default.svc.cluster.local. NOERROR',
    ])
    expect(data(qualified)).toEqual([`A ${webIP}`])
  })

  it('DN-02: a headless Service has one A record per ready endpoint, no ClusterIP', () => {
    const a = answer(c, 'db.default.svc.cluster.local', 'A')
    expect(a.rcode).toBe('NOERROR')
    expect(a.records.map((r) => r.data).sort()).toEqual(dbPods.map((p) => p.ip).sort())
    expect(a.records.map((r) => r.data)).not.toContain(podOf(c, 'default/db-sick').ip)
    expect(dbPods).toHaveLength(2)
  })

  it('DN-02: a headless Service with no ready endpoint is NXDOMAIN', () => {
    expect(answer(c, 'empty-headless.default.svc.cluster.local', 'A')).toEqual({
      rcode: 'NXDOMAIN',
      records: [],
    })
  })

  it('DN-02: each StatefulSet pod has <hostname>.<svc>.<ns>.svc.cluster.local', () => {
    expect(answer(c, 'db-0.db.default.svc.cluster.local', 'A')).toEqual({
      rcode: 'NOERROR',
      records: [
        { name: 'db-0.db.default.svc.cluster.local.', type: 'A', ttl: 30, data: podOf(c, 'default/db-0').ip },
      ],
    })
    expect(answer(c, 'db-7.db.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN')
  })

  it('DN-03: SRV records exist only for named ports, with the Service port and name', () => {
    expect(data(answer(c, '_http._tcp.web.default.svc.cluster.local', 'SRV'))).toEqual([
      'SRV 0 100 80 web.default.svc.cluster.local.',
    ])
    expect(data(answer(c, '_metrics._tcp.web.default.svc.cluster.local', 'SRV'))).toEqual([
      'SRV 0 100 9100 web.default.svc.cluster.local.',
    ])
    expect(answer(c, '_http._udp.web.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN')
    // `plain` has one unnamed port: no SRV name at all.
    expect(answer(c, '_._tcp.plain.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN')
    expect(answer(c, '_8080._tcp.plain.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN')
  })

  it("DN-03: a headless Service's SRV gives one answer per endpoint hostname, with the pod's port", () => {
    // Service port 15432, targetPort pg = 5432 on the pods: clients connect to the pods directly.
    const srv = answer(c, '_pg._tcp.db.default.svc.cluster.local', 'SRV')
    expect(data(srv).sort()).toEqual([
      'SRV 0 50 5432 db-0.db.default.svc.cluster.local.',
      'SRV 0 50 5432 db-1.db.default.svc.cluster.local.',
    ])
  })

  it('DN-04: ExternalName is a CNAME to externalName, then the outside A record', () => {
    expect(answer(c, 'ext.default.svc.cluster.local', 'A')).toEqual({
      rcode: 'NOERROR',
      records: [
        { name: 'ext.default.svc.cluster.local.', type: 'CNAME', ttl: 30, data: 'www.example.com.' },
        { name: 'www.example.com.', type: 'A', ttl: 300, data: '93.184.215.14' },
      ],
    })
    expect(svcOf(c, 'default/ext').clusterIP).toBeUndefined()
  })

  it('DN-05: PTR records for ClusterIPs and for endpoints; pod A records for any IP', () => {
    expect(data(answer(c, '10.0.96.10.in-addr.arpa', 'PTR'))).toEqual([
      'PTR kube-dns.kube-system.svc.cluster.local.',
    ])
    const rev = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`
    expect(data(answer(c, rev(webIP), 'PTR'))).toEqual(['PTR web.default.svc.cluster.local.'])
    const db0 = podOf(c, 'default/db-0')
    expect(data(answer(c, rev(db0.ip), 'PTR'))).toEqual(['PTR db-0.db.default.svc.cluster.local.'])
    // A pod behind no Service has no reverse record.
    expect(answer(c, rev(podOf(c, 'default/client').ip), 'PTR')).toEqual({ rcode: 'NXDOMAIN', records: [] })
    // `pods insecure`: a-b-c-d.<ns>.pod answers any address in an existing namespace.
    expect(data(answer(c, '10-1-2-3.default.pod.cluster.local', 'A'))).toEqual(['A 10.1.2.3'])
    expect(answer(c, '10-1-2-3.nowhere.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN')
  })

  it('DN-05: a CoreDNS pod IP names its kube-dns endpoint, with the dashed address', () => {
    const coredns = c.pods.find((p) => p.labels['k8s-app'] === 'kube-dns')!
    const r = answer(c, `${coredns.ip.split('.').reverse().join('.')}.in-addr.arpa`, 'PTR')
    expect(data(r)).toEqual([`PTR ${coredns.ip.replace(/\./g, '-')}.kube-dns.kube-system.svc.cluster.local.`])
  })
})

describe('DN-06 the pod resolver', () => {
  const c = build(TEXT)

  it('DN-06: ClusterFirst gives nameserver 10.96.0.10, the namespace search path and ndots:5', () => {
    expect(resolvConf(c, podOf(c, 'other/client'))).toEqual({
      nameserver: '10.96.0.10',
      search: ['other.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      ndots: 5,
      clusterDns: true,
    })
  })

  it('DN-06: google.com tries the search list first: three NXDOMAIN before the real answer', () => {
    const conf = resolvConf(c, podOf(c, 'default/client'))
    expect(candidateNames('google.com', conf)).toEqual([
      'google.com.default.svc.cluster.local.',
      'google.com.svc.cluster.local.',
      'google.com.cluster.local.',
      'google.com.',
    ])
    const r = simulate(c, { from: { pod: 'client' }, to: { host: 'google.com' }, port: 443 })
    expect(r.outcome).toBe('connected')
    expect(r.dns!.queries.map((q) => q.rcode)).toEqual(['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NOERROR'])
  })

  it('DN-06: a trailing dot is absolute; five dots or more try the name as is first', () => {
    const conf = resolvConf(c, podOf(c, 'default/client'))
    expect(candidateNames('google.com.', conf)).toEqual(['google.com.'])
    expect(candidateNames('a.b.c.d.e.f', conf)[0]).toBe('a.b.c.d.e.f.')
    const r = simulate(c, {
      from: { pod: 'client' },
      to: { host: 'web.default.svc.cluster.local.' },
      port: 80,
    })
    expect(r.dns!.queries.map((q) => q.qname)).toEqual(['web.default.svc.cluster.local.'])
  })

  it('DN-06: hostNetwork pods need ClusterFirstWithHostNet; dnsPolicy Default is the node resolver', () => {
    expect(resolvConf(c, podOf(c, 'default/host-default'))).toMatchObject({
      clusterDns: false,
      ndots: 1,
      search: [],
    })
    expect(resolvConf(c, podOf(c, 'default/host-cluster'))).toMatchObject({
      clusterDns: true,
      nameserver: '10.96.0.10',
    })
    expect(resolvConf(c, podOf(c, 'default/node-dns')).clusterDns).toBe(false)
    const r = simulate(c, { from: { pod: 'host-default' }, to: { host: 'web' }, port: 80 })
    expect(r.outcome).toBe('no-such-host')
    expect(simulate(c, { from: { pod: 'host-cluster' }, to: { host: 'web' }, port: 80 }).dns!.status).toBe(
      'ok',
    )
  })
})

describe('DN-07 kube-dns', () => {
  const c = build('')

  it('DN-07: the kube-system/kube-dns Service selects the CoreDNS pods on dns, dns-tcp and metrics', () => {
    const s = svcOf(c, 'kube-system/kube-dns')
    expect(s.clusterIP).toBe('10.96.0.10')
    expect(s.selector).toEqual({ 'k8s-app': 'kube-dns' })
    expect(s.ports).toEqual([
      { name: 'dns', protocol: 'UDP', port: 53, targetPort: 53 },
      { name: 'dns-tcp', protocol: 'TCP', port: 53, targetPort: 53 },
      { name: 'metrics', protocol: 'TCP', port: 9153, targetPort: 9153 },
    ])
    const coredns = c.pods.filter((p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns')
    expect(coredns).toHaveLength(2)
    expect(coredns.every((p) => p.name.startsWith('coredns-'))).toBe(true)
    const eps = c.endpointSlices.filter((x) => x.serviceName === 'kube-dns').flatMap((x) => x.endpoints)
    expect(eps.map((e) => e.addresses[0]).sort()).toEqual(coredns.map((p) => p.ip).sort())
    expect(svcOf(c, 'default/kubernetes').clusterIP).toBe('10.96.0.1')
  })

  it('DN-07: the Corefile is the kubeadm one', () => {
    expect(corefile(c.config)).toBe(`.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`)
  })

  it('DN-07: a query is a UDP connection to 10.96.0.10:53, DNATed to a CoreDNS pod', () => {
    const client = build(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: busybox}]}\n',
    )
    const r = simulate(client, {
      from: { pod: 'client' },
      to: { ip: '10.96.0.10' },
      port: 53,
      protocol: 'UDP',
    })
    expect(r.outcome).toBe('connected')
    expect(r.service).toMatchObject({
      id: 'kube-system/kube-dns',
      via: 'ClusterIP',
      address: '10.96.0.10:53',
    })
    expect(r.backend!.label).toMatch(/^kube-system\/coredns-/)
  })
})

describe('DN-08 DNS under a default-deny egress', () => {
  const APP = `
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-egress}
spec:
  podSelector: {}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-to-web}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 80}]}]
`
  const allowDns = (to: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - ${to}ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
`
  const web = (c: Cluster) => simulate(c, { from: { pod: 'client' }, to: { host: 'web' }, port: 80 })

  it('DN-08: default-deny egress breaks DNS: the name does not resolve', () => {
    const r = web(build(APP))
    expect(r.outcome).toBe('no-such-host')
    expect(r.dns!.status).toBe('unreachable')
    expect(r.dns!.queries).toEqual([{ qname: 'web.default.svc.cluster.local.', type: 'A', answered: false }])
    expect(r.reason).toMatch(
      /^could not resolve web: the DNS query to 10\.96\.0\.10 was dropped \(egress from default\/client to kube-system\/coredns-/,
    )
  })

  it('DN-08: the same connection by ClusterIP works: only DNS is broken', () => {
    const c = build(APP)
    expect(simulate(c, { from: { pod: 'client' }, to: { service: 'web' }, port: 80 }).outcome).toBe(
      'connected',
    )
  })

  it('DN-08: allowing port 53 to the CoreDNS pods fixes it', () => {
    const to =
      'to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    '
    const r = web(build(APP + allowDns(to)))
    expect(r.outcome).toBe('connected')
    expect(r.dns!.status).toBe('ok')
  })

  it('DN-08: allowing port 53 to anywhere fixes it', () => {
    expect(web(build(APP + allowDns(''))).outcome).toBe('connected')
  })

  it('DN-08: an ipBlock for 10.96.0.10/32 does NOT fix it (policy sees the pod after DNAT)', () => {
    const r = web(build(APP + allowDns('to: [{ipBlock: {cidr: 10.96.0.10/32}}]\n    ')))
    expect(r.outcome).toBe('no-such-host')
    expect(r.dns!.status).toBe('unreachable')
  })
})

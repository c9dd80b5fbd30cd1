// Fidelity §1b, NP-11 … NP-16: who a `from`/`to` element matches.
import { describe, expect, it } from 'vitest'
import { cniProfile } from '../cni/profiles'
import { simulate } from '../simulate/simulate'
import {
  build,
  docs,
  egress,
  ingress,
  ingressConns,
  matchedRefs,
  ns,
  pod,
  podYaml,
  selectingIds,
} from './rules.testkit'

/** A policy on prod/web with one ingress rule whose `from` is `from` (YAML list items, indented 4). */
const webFrom = (from: string, name = 'web-in') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from:
${from}`

const allowed = (c: ReturnType<typeof build>, ids: string[], port = 80) =>
  ids.filter((id) => ingress(c, 'prod/web', id, port).allowed)

describe('1b. Peers', () => {
  // ---- NP-11 -------------------------------------------------------------------------------

  const world = [
    ns('prod', { env: 'prod' }),
    ns('ops', { team: 'ops' }),
    ns('dev', { team: 'dev' }),
    podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80] }),
    podYaml('prod/mon', { app: 'mon' }, { node: 'worker-2' }),
    podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
    podYaml('ops/mon', { app: 'mon' }, { node: 'worker-2' }),
    podYaml('ops/other', { app: 'other' }, { node: 'worker-2' }),
    podYaml('dev/mon', { app: 'mon' }, { node: 'worker-2' }),
  ]
  const sources = ['prod/mon', 'prod/client', 'ops/mon', 'ops/other', 'dev/mon']

  it("NP-11: podSelector alone matches pods in the policy's namespace", () => {
    const c = build(docs(...world, webFrom('    - podSelector: {matchLabels: {app: mon}}')))
    expect(allowed(c, sources)).toEqual(['prod/mon'])
    const v = ingress(c, 'prod/web', 'ops/mon')
    expect(v.misses[0]!.detail).toBe('ops/mon is not matched by podSelector app=mon')
  })

  it('NP-11: namespaceSelector alone matches all pods of the matching namespaces', () => {
    const c = build(docs(...world, webFrom('    - namespaceSelector: {matchLabels: {team: ops}}')))
    expect(allowed(c, sources)).toEqual(['ops/mon', 'ops/other'])
  })

  it('NP-11: namespaceSelector and podSelector in one element are ANDed, two elements are ORed', () => {
    const and = build(
      docs(
        ...world,
        webFrom(`    - namespaceSelector: {matchLabels: {team: ops}}
      podSelector: {matchLabels: {app: mon}}`),
      ),
    )
    expect(allowed(and, sources)).toEqual(['ops/mon'])
    expect(matchedRefs(ingress(and, 'prod/web', 'ops/mon'))).toEqual(['prod/web-in spec.ingress[0]'])
    expect(ingress(and, 'prod/web', 'ops/other').misses[0]!.detail).toBe(
      'ops/other is not matched by namespaceSelector team=ops + podSelector app=mon',
    )
    // one extra dash: "pods in ops" OR "mon pods in prod"
    const or = build(
      docs(
        ...world,
        webFrom(`    - namespaceSelector: {matchLabels: {team: ops}}
    - podSelector: {matchLabels: {app: mon}}`),
      ),
    )
    expect(allowed(or, sources)).toEqual(['prod/mon', 'ops/mon', 'ops/other'])
  })

  it('NP-11: namespaceSelector: {} matches every namespace, but no outside address or node', () => {
    const c = build(docs(...world, webFrom('    - namespaceSelector: {}')))
    const dns = c.pods.find((p) => p.namespace === 'kube-system')!.id
    expect(allowed(c, [...sources, dns])).toEqual([...sources, dns])
    expect(ingress(c, 'prod/web', { ip: '203.0.113.9' }).allowed).toBe(false)
    expect(ingress(c, 'prod/web', { node: 'worker-2' }).allowed).toBe(false)
    // with a podSelector too: those pods in every namespace
    const mons = build(
      docs(
        ...world,
        webFrom(`    - namespaceSelector: {}
      podSelector: {matchLabels: {app: mon}}`),
      ),
    )
    expect(allowed(mons, sources)).toEqual(['prod/mon', 'ops/mon', 'dev/mon'])
  })

  it("NP-11: in egress rules, podSelector alone also means the policy's namespace", () => {
    const c = build(
      docs(
        ...world,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: mon}}}]`,
      ),
    )
    expect(egress(c, 'prod/web', 'prod/mon').allowed).toBe(true)
    expect(egress(c, 'prod/web', 'ops/mon').allowed).toBe(false)
    expect(egress(c, 'prod/web', 'dev/mon').allowed).toBe(false)
  })

  // ---- NP-12 -------------------------------------------------------------------------------

  it('NP-12: every namespace carries kubernetes.io/metadata.name, declared or implied', () => {
    // "implied" is never declared: only its pod names it
    const c = build(
      docs(
        ...world,
        podYaml('implied/x', { app: 'x' }, { node: 'worker-2' }),
        webFrom(`    - namespaceSelector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: In, values: [implied, dev]}`),
      ),
    )
    const labels = Object.fromEntries(
      c.namespaces.map((n) => [n.name, n.labels['kubernetes.io/metadata.name']]),
    )
    expect(labels).toMatchObject({
      prod: 'prod',
      ops: 'ops',
      dev: 'dev',
      implied: 'implied',
      default: 'default',
    })
    expect(allowed(c, [...sources, 'implied/x'])).toEqual(['dev/mon', 'implied/x'])
  })

  it('NP-12: namespaces are matched by label only, never by their name', () => {
    // a "name: dev" label is what people expect; dev does not have it
    const c = build(docs(...world, webFrom('    - namespaceSelector: {matchLabels: {name: dev}}')))
    expect(allowed(c, sources)).toEqual([])
    const byLabel = build(
      docs(...world, webFrom('    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dev}}')),
    )
    expect(allowed(byLabel, sources)).toEqual(['dev/mon'])
  })

  it('NP-12: the kubernetes.io/metadata.name label cannot be set to another name', () => {
    const c = build(
      docs(
        `apiVersion: v1
kind: Namespace
metadata: {name: sneaky, labels: {kubernetes.io/metadata.name: ops}}`,
        ...world,
        podYaml('sneaky/mon', { app: 'mon' }, { node: 'worker-2' }),
        webFrom('    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}'),
      ),
    )
    expect(c.namespaces.find((n) => n.name === 'sneaky')!.labels['kubernetes.io/metadata.name']).toBe(
      'sneaky',
    )
    expect(allowed(c, ['sneaky/mon', 'ops/mon'])).toEqual(['ops/mon'])
  })

  // ---- NP-13 -------------------------------------------------------------------------------

  const labelled = [
    ns('prod'),
    podYaml('prod/web', { app: 'web', role: 'dst' }, { node: 'worker-1', ports: [80] }),
    podYaml('prod/a', { app: 'web', tier: 'fe' }, { node: 'worker-2' }),
    podYaml('prod/b', { app: 'web' }, { node: 'worker-2' }),
    podYaml('prod/c', { app: 'api', tier: 'be' }, { node: 'worker-2' }),
    podYaml('prod/d', {}, { node: 'worker-2' }),
  ]
  const abcd = ['prod/a', 'prod/b', 'prod/c', 'prod/d']

  it.each([
    ['matchLabels', '{matchLabels: {app: web}}', ['prod/a', 'prod/b']],
    ['In', '{matchExpressions: [{key: tier, operator: In, values: [fe, x]}]}', ['prod/a']],
    [
      'NotIn (matches a missing key)',
      '{matchExpressions: [{key: tier, operator: NotIn, values: [be]}]}',
      ['prod/a', 'prod/b', 'prod/d'],
    ],
    ['Exists', '{matchExpressions: [{key: tier, operator: Exists}]}', ['prod/a', 'prod/c']],
    [
      'DoesNotExist (matches a missing key)',
      '{matchExpressions: [{key: tier, operator: DoesNotExist}]}',
      ['prod/b', 'prod/d'],
    ],
    [
      'matchLabels AND matchExpressions',
      '{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: Exists}]}',
      ['prod/a'],
    ],
    [
      'two expressions ANDed',
      '{matchExpressions: [{key: app, operator: In, values: [web, api]}, {key: tier, operator: NotIn, values: [fe]}]}',
      ['prod/b', 'prod/c'],
    ],
    [
      'contradiction',
      '{matchLabels: {app: web}, matchExpressions: [{key: app, operator: In, values: [api]}]}',
      [],
    ],
  ])('NP-13: label selector %s', (_, selector, expected) => {
    const c = build(docs(...labelled, webFrom(`    - podSelector: ${selector}`)))
    expect(allowed(c, abcd)).toEqual(expected)
  })

  it('NP-13: a NotIn spec.podSelector isolates the pods that lack the key', () => {
    const c = build(
      docs(
        ...labelled,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: not-be, namespace: prod}
spec:
  podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [be]}]}
  policyTypes: [Ingress]`,
      ),
    )
    const isolated = ['prod/web', ...abcd].filter((id) => selectingIds(ingress(c, id, 'prod/c')).length > 0)
    expect(isolated).toEqual(['prod/web', 'prod/a', 'prod/b', 'prod/d'])
  })

  it.each([
    [
      '{key: tier, operator: Equals, values: [fe]}',
      'spec.ingress[0].from[0].podSelector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
    ],
    [
      '{key: tier, operator: NotIn}',
      "spec.ingress[0].from[0].podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ],
    [
      '{key: tier, operator: DoesNotExist, values: [fe]}',
      "spec.ingress[0].from[0].podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ],
  ])('NP-13: the selector requirement %s is rejected (422)', (req, message) => {
    const c = build(docs(...labelled, webFrom(`    - podSelector: {matchExpressions: [${req}]}`)), 'calico', {
      allowErrors: true,
    })
    expect(c.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      `The NetworkPolicy "web-in" is invalid: ${message}`,
    ])
    expect(c.policies).toEqual([])
  })

  // ---- NP-14 -------------------------------------------------------------------------------

  it('NP-14: ipBlock admits addresses in cidr minus its except ranges', () => {
    const c = build(
      docs(
        ...world,
        webFrom(`    - ipBlock:
        cidr: 203.0.113.0/24
        except: [203.0.113.128/25, 203.0.113.7/32]`),
      ),
    )
    const ips = [
      '203.0.113.0',
      '203.0.113.5',
      '203.0.113.7',
      '203.0.113.127',
      '203.0.113.128',
      '203.0.113.255',
      '203.0.114.1',
    ]
    expect(ips.filter((ip) => ingress(c, 'prod/web', { ip }).allowed)).toEqual([
      '203.0.113.0',
      '203.0.113.5',
      '203.0.113.127',
    ])
    const v = ingress(c, 'prod/web', { ip: '203.0.113.200' })
    expect(v.misses[0]!.detail).toBe(
      '203.0.113.200 is not matched by ipBlock 203.0.113.0/24 except 203.0.113.128/25, 203.0.113.7/32',
    )
    expect(ingressConns(c, 'prod/web', { ip: '203.0.113.5' }).isAll()).toBe(true)
  })

  it('NP-14: an egress ipBlock with except carves holes out of "anywhere"', () => {
    const c = build(
      docs(
        ...world,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: internet-only, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}}]`,
      ),
    )
    expect(egress(c, 'prod/web', { ip: '8.8.8.8' }, 443).allowed).toBe(true)
    expect(egress(c, 'prod/web', { ip: '10.1.2.3' }, 443).allowed).toBe(false)
    expect(egress(c, 'prod/web', { ip: '192.168.200.1' }, 443).allowed).toBe(false)
    // the nodes (172.18.0.x) sit inside an except
    expect(egress(c, 'prod/web', { node: 'worker-2' }, 443).allowed).toBe(false)
  })

  it.each([
    [
      'ipBlock without cidr',
      '{ipBlock: {except: [10.0.0.0/8]}}',
      'spec.ingress[0].from[0].ipBlock.cidr: Required value',
    ],
    [
      'an except outside cidr',
      '{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}',
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
    ],
    [
      'an except equal to cidr',
      '{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}}',
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
    ],
    [
      'ipBlock with a podSelector',
      '{ipBlock: {cidr: 10.0.0.0/16}, podSelector: {}}',
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
    ],
  ])('NP-14: %s is rejected (422) and the policy is not stored', (_, peerYaml, message) => {
    const c = build(docs(...world, webFrom(`    - ${peerYaml}`)), 'calico', { allowErrors: true })
    const errors = c.issues.filter((i) => i.severity === 'error')
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['invalid', `The NetworkPolicy "web-in" is invalid: ${message}`],
    ])
    expect(c.policies).toEqual([])
  })

  // ---- NP-15 -------------------------------------------------------------------------------

  const ipBlockWorld = (cidr: string) =>
    docs(...world, webFrom(`    - ipBlock: {cidr: ${JSON.stringify(cidr)}}`, 'by-ip'))

  it("NP-15: with Calico an ipBlock covering a pod's IP admits that pod", () => {
    const ip = pod(build(docs(...world), 'calico'), 'prod/client').ip
    const c = build(ipBlockWorld(`${ip}/32`), 'calico')
    expect(pod(c, 'prod/client').ip).toBe(ip)
    expect(c.cni.policy.ipBlockMatchesPodIPs).toBe(true)
    const v = ingress(c, 'prod/web', 'prod/client')
    expect(v.allowed).toBe(true)
    expect(matchedRefs(v)).toEqual(['prod/by-ip spec.ingress[0]'])
    expect(ingress(c, 'prod/web', 'prod/mon').allowed).toBe(false)
  })

  it('NP-15: with Cilium an ipBlock matches only outside addresses, never a pod', () => {
    const ip = pod(build(docs(...world), 'cilium'), 'prod/client').ip
    for (const cidr of [`${ip}/32`, '0.0.0.0/0']) {
      const c = build(ipBlockWorld(cidr), 'cilium')
      expect(c.cni.policy.ipBlockMatchesPodIPs).toBe(false)
      const v = ingress(c, 'prod/web', 'prod/client')
      expect(v.allowed).toBe(false)
      expect(v.misses.map((m) => m.part)).toEqual(['peer'])
      expect(ingressConns(c, 'prod/web', 'prod/client').isEmpty()).toBe(true)
    }
    const any = build(ipBlockWorld('0.0.0.0/0'), 'cilium')
    expect(ingress(any, 'prod/web', { ip: '203.0.113.9' }).allowed).toBe(true)
  })

  it('NP-15: the profile setting ipBlockMatchesPodIPs decides, both ways and in both directions', () => {
    const egressAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: out-by-ip, namespace: prod}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]`
    const yaml = docs(ipBlockWorld('0.0.0.0/0'), egressAll)
    const calicoOff = build(yaml, cniProfile('calico', { policy: { ipBlockMatchesPodIPs: false } }))
    expect(ingress(calicoOff, 'prod/web', 'prod/client').allowed).toBe(false)
    expect(egress(calicoOff, 'prod/client', 'prod/web').allowed).toBe(false)
    expect(egress(calicoOff, 'prod/client', { ip: '8.8.8.8' }).allowed).toBe(true)
    const ciliumOn = build(yaml, cniProfile('cilium', { policy: { ipBlockMatchesPodIPs: true } }))
    expect(ingress(ciliumOn, 'prod/web', 'prod/client').allowed).toBe(true)
    expect(egress(ciliumOn, 'prod/client', 'prod/web').allowed).toBe(true)
    // end to end with the stock profiles
    const viaCalico = simulate(build(yaml, 'calico'), {
      from: { pod: 'prod/client' },
      to: { pod: 'prod/web' },
      port: 80,
    })
    expect(viaCalico.outcome).toBe('connected')
    const viaCilium = simulate(build(yaml, 'cilium'), {
      from: { pod: 'prod/client' },
      to: { pod: 'prod/web' },
      port: 80,
    })
    expect(viaCilium.outcome).toBe('timed-out')
    expect(viaCilium.egress?.allowed).toBe(false)
  })

  // ---- NP-16 -------------------------------------------------------------------------------

  const nodePortWorld = (policy: string) =>
    docs(
      ns('prod'),
      podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [8080] }),
      `apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod}
spec:
  type: NodePort
  externalTrafficPolicy: Cluster
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]`,
      policy,
    )
  const allowClients = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-clients, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 203.0.113.0/24}}]`
  const denyAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: prod}
spec:
  podSelector: {}`

  it('NP-16: whether a same-node NodePort backend sees the client or the node is the profile setting sameNodeNodePortSource', () => {
    const worker1 = '172.18.0.3'
    const hit = (cni: Parameters<typeof build>[1], policy: string) => {
      const c = build(nodePortWorld(policy), cni)
      expect(c.nodes.find((n) => n.name === 'worker-1')!.ip).toBe(worker1)
      return simulate(c, { from: { external: '203.0.113.7' }, to: { ip: worker1 }, port: 30080 })
    }
    // iptables CNIs filter before kube-proxy's MASQUERADE: the client address is seen
    const client = hit('calico', allowClients)
    expect(client.outcome).toBe('connected')
    expect(client.ingress?.peer).toEqual({ kind: 'external', ip: '203.0.113.7' })
    expect(matchedRefs(client.ingress!)).toEqual(['prod/allow-clients spec.ingress[0]'])
    expect(hit('calico', denyAll).outcome).toBe('timed-out')
    // after the MASQUERADE the packet comes from the pod's own node, which is always admitted
    const asNode = cniProfile('calico', { policy: { sameNodeNodePortSource: 'node' } })
    const node = hit(asNode, denyAll)
    expect(node.outcome).toBe('connected')
    expect(node.ingress?.peer.kind).toBe('node')
    expect(node.ingress?.reason).toBe('own-node')
    // Cilium's stock profile behaves that way
    expect(hit('cilium', denyAll).ingress?.reason).toBe('own-node')
  })

  it('NP-16: egress to a Service is judged after DNAT: an ipBlock on the outside endpoint admits it', () => {
    const yaml = (cidr: string) =>
      docs(
        ns('prod'),
        podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
        `apiVersion: v1
kind: Service
metadata: {name: ext, namespace: prod}
spec:
  ports: [{name: https, port: 443}]`,
        `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ext-1, namespace: prod, labels: {kubernetes.io/service-name: ext}}
addressType: IPv4
ports: [{name: https, port: 443, protocol: TCP}]
endpoints: [{addresses: [203.0.113.50]}]`,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: ${cidr}}}]
    ports: [{port: 443}]`,
      )
    const toEndpoint = simulate(build(yaml('203.0.113.50/32')), {
      from: { pod: 'prod/client' },
      to: { service: 'prod/ext' },
      port: 443,
    })
    expect(toEndpoint.outcome).toBe('connected')
    expect(toEndpoint.egress?.peer).toEqual({ kind: 'external', ip: '203.0.113.50' })
    expect(matchedRefs(toEndpoint.egress!)).toEqual(['prod/client-out spec.egress[0]'])
    const toClusterIP = simulate(build(yaml('10.96.0.0/12')), {
      from: { pod: 'prod/client' },
      to: { service: 'prod/ext' },
      port: 443,
    })
    expect(toClusterIP.outcome).toBe('timed-out')
    expect(toClusterIP.egress?.allowed).toBe(false)
  })
})

// Policy kinds beyond NetworkPolicy, each behind its CNI profile. The IDs name the rules
// these tests pin:
//
// CNP-01..07  ClusterNetworkPolicy, fidelity §1h (network-policy-api v0.2.0,
//             apis/v1alpha2/clusternetworkpolicy_types.go; Calico 3.32's kube-admin and
//             kube-baseline tiers, projectcalico/calico#10810, tigera/docs#2416).
// CAL-01..07  Calico GlobalNetworkPolicy (docs.tigera.io: globalnetworkpolicy reference,
//             selectors, EntityRule, tiered policy; Kubernetes NetworkPolicy = order 1000,
//             projectcalico/calico#3981; fidelity §4).
// CIL-01..06  CiliumNetworkPolicy with HTTP rules (docs.cilium.io: Layer 7 policies,
//             policy language, deny policies; fidelity §4).
import { describe, expect, it } from 'vitest'
import { cniProfile } from '../cni/profiles'
import { simulate } from '../simulate/simulate'
import { build, conns, docs, egress, ingress, ingressConns, ns, podYaml } from './rules.testkit'

// ---- a small cluster: app (frontend, api, db, toolbox), partner, monitoring

const base = [
  ns('app', { team: 'app' }),
  ns('partner', { team: 'partner' }),
  ns('monitoring', { team: 'ops' }),
  podYaml('app/frontend', { app: 'frontend' }, { node: 'worker-1', ports: [80] }),
  podYaml('app/api', { app: 'api' }, { node: 'worker-2', ports: [{ name: 'http', containerPort: 8080 }] }),
  podYaml('app/db', { app: 'db', tier: 'data' }, { node: 'worker-1', ports: [5432] }),
  podYaml('app/toolbox', { app: 'toolbox' }, { node: 'worker-2' }),
  podYaml('partner/client', { app: 'client' }, { node: 'worker-1' }),
  podYaml('monitoring/prometheus', { app: 'prometheus' }, { node: 'worker-2' }),
]

const npApiFromAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-anywhere, namespace: app}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]`

const cnp = (
  name: string,
  tier: 'Admin' | 'Baseline',
  priority: number,
  body: string,
) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
${body}`

const denyFromMonitoring = cnp(
  'deny-monitoring-to-app',
  'Admin',
  10,
  `  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: app}}}
  ingress:
  - name: deny-monitoring
    action: Deny
    from: [{namespaces: {matchLabels: {team: ops}}}]`,
)

const baselineDenyAll = cnp(
  'default-deny',
  'Baseline',
  10,
  `  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]`,
)

const cnpOnCilium = cniProfile('cilium', {
  policy: { extensions: { ClusterNetworkPolicy: { support: 'enforced', note: 'enabled for the test' } } },
})

describe('§1h ClusterNetworkPolicy', () => {
  it('CNP-01: an Admin Deny overrides a NetworkPolicy allow; the same Deny in Baseline does not', () => {
    const admin = build(docs(...base, npApiFromAll, denyFromMonitoring))
    const v = ingress(admin, 'app/api', 'monitoring/prometheus', 8080)
    expect(v.allowed).toBe(false)
    expect(v.reason).toBe('denied-by-rule')
    expect(v.text).toBe(
      'denied by ClusterNetworkPolicy deny-monitoring-to-app spec.ingress[0] (Deny, Admin tier, priority 10, rule "deny-monitoring")',
    )
    expect(v.tiers?.map((t) => [t.tier, t.outcome])).toEqual([
      ['Calico tier kube-admin (ClusterNetworkPolicy, Admin)', 'deny'],
    ])
    // Other sources still reach api through the NetworkPolicy.
    expect(ingress(admin, 'app/api', 'partner/client', 8080).allowed).toBe(true)

    const asBaseline = build(
      docs(...base, npApiFromAll, denyFromMonitoring.replace('tier: Admin', 'tier: Baseline')),
    )
    const b = ingress(asBaseline, 'app/api', 'monitoring/prometheus', 8080)
    expect(b.allowed).toBe(true)
    expect(b.reason).toBe('allowed-by-rule')
  })

  it('CNP-01: a Baseline deny applies where no NetworkPolicy selects the pod, and a NetworkPolicy overrides it', () => {
    const c = build(docs(...base, npApiFromAll, baselineDenyAll))
    // frontend has no NetworkPolicy: the Baseline tier decides.
    const f = ingress(c, 'app/frontend', 'partner/client', 80)
    expect(f.allowed).toBe(false)
    expect(f.text).toContain(
      'ClusterNetworkPolicy default-deny spec.ingress[0] (Deny, Baseline tier, priority 10)',
    )
    expect(f.tiers?.map((t) => t.outcome)).toEqual(['no-policy', 'deny'])
    // api's NetworkPolicy makes the final decision for it (NetworkPolicy tier).
    expect(ingress(c, 'app/api', 'partner/client', 8080).allowed).toBe(true)
    // ...including its deny: a port the NetworkPolicy does not list is dropped by it, not by Baseline.
    const other = ingress(c, 'app/api', 'partner/client', 9000)
    expect(other.allowed).toBe(false)
    expect(other.reason).toBe('no-rule-matched')
  })

  it('CNP-02: Pass skips the rest of the Admin tier and hands the connection to the NetworkPolicies', () => {
    const pass = cnp(
      'pass-monitoring',
      'Admin',
      5,
      `  subject: {namespaces: {}}
  ingress:
  - action: Pass
    from: [{namespaces: {matchLabels: {team: ops}}}]`,
    )
    const c = build(docs(...base, npApiFromAll, denyFromMonitoring, pass))
    const v = ingress(c, 'app/api', 'monitoring/prometheus', 8080)
    expect(v.allowed).toBe(true)
    expect(v.tiers?.[0]).toMatchObject({
      outcome: 'pass',
      rule: { policy: 'pass-monitoring', action: 'Pass' },
    })
    // With the Pass at a higher priority number the Deny (priority 10) is read first.
    const later = build(
      docs(...base, npApiFromAll, denyFromMonitoring, pass.replace('priority: 5', 'priority: 20')),
    )
    expect(ingress(later, 'app/api', 'monitoring/prometheus', 8080).allowed).toBe(false)
  })

  it('CNP-02: within a policy the first matching rule decides; Accept is final for its direction only', () => {
    const accept = cnp(
      'accept-then-deny',
      'Admin',
      1,
      `  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - action: Accept
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}]
    protocols: [{tcp: {destinationPort: {number: 5432}}}]
  - action: Deny
    from: [{namespaces: {}}]`,
    )
    const c = build(docs(...base, accept))
    expect(ingress(c, 'app/db', 'app/api', 5432).reason).toBe('accepted-by-rule')
    expect(ingress(c, 'app/db', 'app/api', 5433).allowed).toBe(false)
    expect(ingress(c, 'app/db', 'app/frontend', 5432).allowed).toBe(false)
    expect(ingressConns(c, 'app/db', 'app/api').toString()).toBe('TCP 5432')
  })

  it('CNP-03: no implicit isolation: a policy whose rules do not match leaves traffic alone', () => {
    const c = build(docs(...base, denyFromMonitoring))
    const v = ingress(c, 'app/frontend', 'partner/client', 80)
    expect(v.allowed).toBe(true)
    expect(v.reason).toBe('not-isolated')
    expect(v.text).toMatch(/passed it on, and what no policy decides is allowed/)
  })

  it('CNP-04: a pod reaching its own IP is exempt; reaching itself through a Service it is not', () => {
    const selfDeny = cnp(
      'deny-all-to-api',
      'Admin',
      1,
      `  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]`,
    )
    const svc = `apiVersion: v1
kind: Service
metadata: {name: api, namespace: app}
spec: {selector: {app: api}, ports: [{port: 80, targetPort: 8080}]}`
    const c = build(docs(...base, selfDeny, svc))
    expect(ingress(c, 'app/api', 'app/api', 8080).reason).toBe('self')
    const viaService = simulate(c, { from: { pod: 'app/api' }, to: { service: 'app/api' }, port: 80 })
    expect(viaService.ingress?.reason).toBe('denied-by-rule')
    expect(viaService.outcome).toBe('timed-out')
  })

  it('CNP-05: which CNIs implement it is a profile setting (Calico, Canal yes; Cilium only when enabled; Flannel, Weave no CRD)', () => {
    const yaml = docs(...base, npApiFromAll, denyFromMonitoring)
    for (const cni of ['calico', 'canal'] as const)
      expect(ingress(build(yaml, cni), 'app/api', 'monitoring/prometheus', 8080).allowed).toBe(false)
    for (const cni of ['cilium', 'flannel', 'weave'] as const) {
      const c = build(yaml, cni, { allowErrors: true })
      const err = c.issues.find((i) => i.kind === 'ClusterNetworkPolicy')!
      expect(err.message).toBe(
        'error: resource mapping not found for name: "deny-monitoring-to-app" namespace: "" from "test.yaml": no matches for kind "ClusterNetworkPolicy" in version "policy.networking.k8s.io/v1alpha2"\nensure CRDs are installed first',
      )
      expect(err.pos?.line).toBeGreaterThan(1)
    }
    expect(ingress(build(yaml, cnpOnCilium), 'app/api', 'monitoring/prometheus', 8080).allowed).toBe(false)
    // Stored but not enforced (the CRD installed, the feature off): no effect, and the verdict says so.
    const stored = cniProfile('cilium', {
      policy: {
        extensions: {
          ClusterNetworkPolicy: {
            support: 'ignored',
            note: 'cilium-agent runs without --enable-k8s-cluster-network-policy',
          },
        },
      },
    })
    const v = ingress(build(yaml, stored), 'app/api', 'monitoring/prometheus', 8080)
    expect(v.allowed).toBe(true)
    expect(v.notes).toEqual([
      'ClusterNetworkPolicy deny-monitoring-to-app has no effect: cilium-agent runs without --enable-k8s-cluster-network-policy',
    ])
  })

  it('CNP-06: ports by number, range and name; egress networks match in-cluster addresses too', () => {
    const egressRules = cnp(
      'egress-limits',
      'Admin',
      3,
      `  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: toolbox}}}}
  egress:
  - action: Accept
    to: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}]
    protocols: [{destinationNamedPort: http}]
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]
    protocols: [{tcp: {destinationPort: {range: {start: 5000, end: 6000}}}}]`,
    )
    const c = build(docs(...base, egressRules))
    expect(egress(c, 'app/toolbox', 'app/api', 8080).reason).toBe('accepted-by-rule')
    // The pod IP of db is inside 0.0.0.0/0: the Deny applies in the cluster as outside it.
    expect(egress(c, 'app/toolbox', 'app/db', 5432).reason).toBe('denied-by-rule')
    expect(egress(c, 'app/toolbox', { ip: '203.0.113.9' }, 5999).allowed).toBe(false)
    expect(egress(c, 'app/toolbox', { ip: '203.0.113.9' }, 6001).allowed).toBe(true)
    expect(conns(c, 'app/toolbox', 'app/db').toString()).toBe(
      'SCTP 1-65535,TCP 1-4999,6001-65535,UDP 1-65535',
    )
  })
})

// ---- Calico GlobalNetworkPolicy

const gnp = (name: string, body: string) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: ${name}}
spec:
${body}`

const dbFromApp = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-app, namespace: app}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {}}], ports: [{port: 5432}]}]`

const denyToolbox = (order: number | undefined) =>
  gnp(
    'deny-toolbox-to-db',
    `${order === undefined ? '' : `  order: ${order}\n`}  selector: app == 'db'
  types: [Ingress]
  ingress:
  - action: Deny
    protocol: TCP
    source:
      selector: app == 'toolbox'`,
  )

describe('Calico GlobalNetworkPolicy', () => {
  it('CAL-01: a Deny at order 100 overrides a Kubernetes NetworkPolicy (order 1000); at 2000 it comes too late', () => {
    const early = build(docs(...base, dbFromApp, denyToolbox(100)))
    const v = ingress(early, 'app/db', 'app/toolbox', 5432)
    expect(v.allowed).toBe(false)
    expect(v.text).toBe('denied by GlobalNetworkPolicy deny-toolbox-to-db spec.ingress[0] (Deny, order 100)')
    expect(v.tiers?.[0]?.tier).toBe(
      'Calico default tier (GlobalNetworkPolicy, and NetworkPolicy as order 1000)',
    )
    expect(ingress(early, 'app/db', 'app/api', 5432).allowed).toBe(true)

    const late = build(docs(...base, dbFromApp, denyToolbox(2000)))
    const l = ingress(late, 'app/db', 'app/toolbox', 5432)
    expect(l.allowed).toBe(true)
    expect(l.tiers?.[0]?.text).toBe(
      "allowed by app/db-from-app spec.ingress[0] (a Kubernetes NetworkPolicy: order 1000 in Calico's default tier)",
    )
    // A policy without order comes after every ordered one, the NetworkPolicies included.
    expect(
      ingress(build(docs(...base, dbFromApp, denyToolbox(undefined))), 'app/db', 'app/toolbox', 5432).allowed,
    ).toBe(true)
  })

  it('CAL-02: rules are read in order and the first Allow or Deny decides; Log goes on', () => {
    const ordered = gnp(
      'ordered',
      `  order: 10
  selector: app == 'db'
  ingress:
  - action: Log
    source: {selector: all()}
  - action: Allow
    protocol: TCP
    source: {selector: app == 'api'}
    destination: {ports: [5432]}
  - action: Deny
    source: {namespaceSelector: projectcalico.org/name == 'app'}`,
    )
    const c = build(docs(...base, ordered))
    expect(ingress(c, 'app/db', 'app/api', 5432).text).toBe(
      'allowed by GlobalNetworkPolicy ordered spec.ingress[1] (Allow, order 10)',
    )
    expect(ingress(c, 'app/db', 'app/api', 22).text).toBe(
      'denied by GlobalNetworkPolicy ordered spec.ingress[2] (Deny, order 10)',
    )
    expect(ingress(c, 'app/db', 'app/toolbox', 5432).allowed).toBe(false)
  })

  it('CAL-03: a policy that selects the endpoint but matches nothing ends in the tier’s implicit deny; unselected endpoints are untouched', () => {
    const onlyApi = gnp(
      'db-only-from-api',
      `  order: 10
  selector: app == 'db'
  types: [Ingress]
  ingress:
  - action: Allow
    source: {selector: app == 'api'}`,
    )
    const c = build(docs(...base, onlyApi))
    const v = ingress(c, 'app/db', 'partner/client', 5432)
    expect(v.allowed).toBe(false)
    expect(v.reason).toBe('no-rule-matched')
    expect(v.text).toBe(
      "app/db is selected for Ingress in Calico's default tier by GlobalNetworkPolicy db-only-from-api; no rule there decides from partner/client on 5432/TCP, so the tier's implicit deny drops it",
    )
    expect(ingress(c, 'app/frontend', 'partner/client', 80).reason).toBe('not-isolated')
    // Egress of db is not selected (types: Ingress): it goes anywhere.
    expect(egress(c, 'app/db', 'partner/client', 80).allowed).toBe(true)
  })

  it('CAL-04: Pass leaves the default tier: the NetworkPolicies after it are skipped, kube-baseline decides, else allow', () => {
    const pass = gnp(
      'pass-monitoring',
      `  order: 1
  selector: all()
  ingress: [{action: Pass, source: {namespaceSelector: team == 'ops'}}]`,
    )
    const denyAllNp = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: app}
spec: {podSelector: {}, policyTypes: [Ingress]}`
    const c = build(docs(...base, denyAllNp, pass))
    expect(ingress(c, 'app/api', 'monitoring/prometheus', 8080).allowed).toBe(true)
    expect(ingress(c, 'app/api', 'partner/client', 8080).allowed).toBe(false)
    const withBaseline = build(docs(...base, denyAllNp, pass, baselineDenyAll))
    const v = ingress(withBaseline, 'app/api', 'monitoring/prometheus', 8080)
    expect(v.allowed).toBe(false)
    expect(v.tiers?.map((t) => t.outcome)).toEqual(['pass', 'deny'])
  })

  it('CAL-05: types default from the rules present; Egress-only policies leave ingress alone', () => {
    const egressOnly = gnp(
      'egress-only',
      `  selector: app == 'toolbox'\n  egress: [{action: Deny, destination: {nets: [203.0.113.0/24]}}]`,
    )
    const c = build(docs(...base, egressOnly))
    expect(c.calicoPolicies?.[0]?.types).toEqual(['Egress'])
    expect(egress(c, 'app/toolbox', { ip: '203.0.113.9' }, 443).allowed).toBe(false)
    // Selected for Egress with no rule for 198.51.100.1: the implicit deny.
    expect(egress(c, 'app/toolbox', { ip: '198.51.100.1' }, 443).allowed).toBe(false)
    expect(ingress(c, 'app/toolbox', 'app/api', 80).allowed).toBe(true)
  })

  it('CAL-06: selectors: ==, !=, in, not in, has(), !has(), all(), &&, ||, !, parentheses; namespaceSelector, nets, notNets, notSelector, named ports and ranges', () => {
    const rich = gnp(
      'rich',
      `  order: 5
  selector: "(app in {'db', 'api'} || has(tier)) && !has(canary)"
  namespaceSelector: projectcalico.org/name == 'app'
  ingress:
  - action: Deny
    source: {notSelector: "app == 'api' || projectcalico.org/namespace != 'app'", nets: [0.0.0.0/0], notNets: [203.0.113.0/24]}
  - action: Allow
    protocol: TCP
    destination: {ports: ['5000:5500', http]}`,
    )
    const c = build(docs(...base, rich))
    // frontend: neither db nor api and no tier label: not selected.
    expect(ingress(c, 'app/frontend', 'app/toolbox', 80).reason).toBe('not-isolated')
    // toolbox is in app and not api: the notSelector leaves it matched, so the Deny applies.
    expect(ingress(c, 'app/db', 'app/toolbox', 5432).reason).toBe('denied-by-rule')
    // api is excluded by notSelector, and partner/client by the namespace test: the Allow decides.
    expect(ingress(c, 'app/db', 'app/api', 5432).reason).toBe('accepted-by-rule')
    expect(ingress(c, 'app/db', 'partner/client', 5432).reason).toBe('accepted-by-rule')
    // the named port http resolves on the destination: 8080 on api.
    expect(ingress(c, 'app/api', 'partner/client', 8080).reason).toBe('accepted-by-rule')
    expect(ingress(c, 'app/api', 'partner/client', 80).allowed).toBe(false)
    // notNets keeps an outside client of 203.0.113.0/24 out of the Deny; the Allow takes 5000:5500 only.
    expect(ingress(c, 'app/db', { ip: '203.0.113.5' }, 5100).reason).toBe('accepted-by-rule')
    expect(ingress(c, 'app/db', { ip: '203.0.113.5' }, 22).reason).toBe('no-rule-matched')
    // Any other outside address is denied by rule 0.
    expect(ingress(c, 'app/db', { ip: '198.51.100.5' }, 5100).reason).toBe('denied-by-rule')
  })

  it('CAL-07: only Calico-based profiles serve GlobalNetworkPolicy; elsewhere kubectl finds no kind', () => {
    const yaml = docs(...base, dbFromApp, denyToolbox(100))
    expect(ingress(build(yaml, 'canal'), 'app/db', 'app/toolbox', 5432).allowed).toBe(false)
    for (const cni of ['cilium', 'flannel', 'weave'] as const) {
      const c = build(yaml, cni, { allowErrors: true })
      expect(c.calicoPolicies).toBeUndefined()
      expect(c.issues.find((i) => i.kind === 'GlobalNetworkPolicy')?.message).toMatch(
        /no matches for kind "GlobalNetworkPolicy" in version "projectcalico.org\/v3"/,
      )
    }
  })
})

// ---- Cilium L7

const service = [
  ns('web'),
  podYaml('web/service', { app: 'service' }, { node: 'worker-1', ports: [80, 9090] }),
  podYaml('web/prod-client', { env: 'prod' }, { node: 'worker-2' }),
  podYaml('web/dev-client', { env: 'dev' }, { node: 'worker-2' }),
  `apiVersion: v1
kind: Service
metadata: {name: service, namespace: web}
spec: {selector: {app: service}, ports: [{port: 80}]}`,
]

const l7 = (http: string, extra = '') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: allow-get-public, namespace: web}
spec:
  endpointSelector: {matchLabels: {app: service}}
  ingress:
  - fromEndpoints: [{matchLabels: {env: prod}}]
    toPorts:
    - ports: [{port: '80', protocol: TCP}]
      rules:
        http:
${http}${extra}`

const getPublic = l7('        - {method: GET, path: /public}')

function request(c: ReturnType<typeof build>, from: string, method: string, path: string) {
  return simulate(c, {
    from: { pod: from },
    to: { service: 'web/service' },
    port: 80,
    http: { method, path },
  })
}

describe('CiliumNetworkPolicy HTTP rules', () => {
  it('CIL-01: GET /public passes; another method or path gets 403 Access denied from the proxy', () => {
    const c = build(docs(...service, getPublic), 'cilium')
    const ok = request(c, 'web/prod-client', 'GET', '/public')
    expect(ok.outcome).toBe('connected')
    expect(ok.verdict).toBe('allowed')
    expect(ok.http).toMatchObject({ allowed: true })
    const post = request(c, 'web/prod-client', 'POST', '/private')
    expect(post.outcome).toBe('connected')
    expect(post.verdict).toBe('dropped')
    expect(post.http).toMatchObject({ allowed: false, status: 403, body: 'Access denied\r\n' })
    const step = post.trace.find((s) => s.kind === 'l7-policy')!
    expect(step.ok).toBe(false)
    expect(step.title).toBe(
      "HTTP POST /private, ingress of web/service, judged by Cilium's Envoy proxy on worker-1: refused with 403 Access denied",
    )
    expect(request(c, 'web/prod-client', 'POST', '/public').http?.allowed).toBe(false)
    // The L3/L4 part still decides first: dev clients never reach the proxy.
    const dev = request(c, 'web/dev-client', 'GET', '/public')
    expect(dev.outcome).toBe('timed-out')
    expect(dev.ingress?.text).toMatch(/puts it in default deny/)
    // Another port of the pod is not opened by the rule.
    expect(
      simulate(c, { from: { pod: 'web/prod-client' }, to: { pod: 'web/service' }, port: 9090 }).outcome,
    ).toBe('timed-out')
  })

  it('CIL-02: method and path are regular expressions matched against the whole value', () => {
    const c = build(docs(...service, l7('        - {method: "GET|HEAD", path: "/api/v[0-9]+/.*"}')), 'cilium')
    expect(request(c, 'web/prod-client', 'HEAD', '/api/v2/items').http?.allowed).toBe(true)
    expect(request(c, 'web/prod-client', 'GET', '/api/v2').http?.allowed).toBe(false)
    expect(request(c, 'web/prod-client', 'GET', '/x/api/v2/items').http?.allowed).toBe(false)
    expect(request(c, 'web/prod-client', 'GETS', '/api/v1/a').http?.allowed).toBe(false)
  })

  it('CIL-03: an allow on the same port without HTTP rules lets every request through', () => {
    const plain = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all-from-prod, namespace: web}
spec:
  podSelector: {matchLabels: {app: service}}
  ingress: [{from: [{podSelector: {matchLabels: {env: prod}}}], ports: [{port: 80}]}]`
    const c = build(docs(...service, getPublic, plain), 'cilium')
    const r = request(c, 'web/prod-client', 'POST', '/private')
    expect(r.http).toBeUndefined()
    expect(r.verdict).toBe('allowed')
  })

  it('CIL-04: deny rules win over allows; a section alone puts the endpoint in default deny', () => {
    const deny = `
  ingressDeny:
  - fromEndpoints: [{matchLabels: {env: prod}}]
    toPorts: [{ports: [{port: '80', protocol: TCP}]}]`
    const c = build(docs(...service, getPublic + deny), 'cilium')
    const v = ingress(c, 'web/service', 'web/prod-client', 80)
    expect(v.reason).toBe('denied-by-rule')
    expect(v.text).toBe(
      'denied by CiliumNetworkPolicy web/allow-get-public spec.ingressDeny[0].toPorts[0] (Deny)',
    )
  })

  it('CIL-05: a trace without an HTTP request says which requests the proxy will let through', () => {
    const c = build(docs(...service, getPublic), 'cilium')
    const r = simulate(c, { from: { pod: 'web/prod-client' }, to: { service: 'web/service' }, port: 80 })
    expect(r.outcome).toBe('connected')
    const step = r.trace.find((s) => s.kind === 'ingress-policy')!
    expect(step.details.at(-1)).toBe(
      "HTTP requests on this connection go through Cilium's Envoy proxy on worker-1: only web/allow-get-public spec.ingress[0].toPorts[0].rules.http[0] (method GET, path /public) get through, any other request gets 403 Access denied, and traffic that is not HTTP goes no further than the proxy",
    )
  })

  it('CIL-06: only the Cilium profile serves CiliumNetworkPolicy; an invalid regular expression makes the agent refuse the policy', () => {
    for (const cni of ['calico', 'canal', 'flannel', 'weave'] as const) {
      const c = build(docs(...service, getPublic), cni, { allowErrors: true })
      expect(c.issues.find((i) => i.kind === 'CiliumNetworkPolicy')?.message).toMatch(
        /no matches for kind "CiliumNetworkPolicy" in version "cilium.io\/v2"/,
      )
    }
    const bad = build(docs(...service, l7('        - {method: GET, path: "/(public"}')), 'cilium')
    expect(bad.ciliumPolicies).toBeUndefined()
    expect(bad.issues.find((i) => i.kind === 'CiliumNetworkPolicy')?.message).toBe(
      'cilium-agent does not import CiliumNetworkPolicy "web/allow-get-public": spec.ingress[0].toPorts[0].rules.http[0].path: "/(public" is not a valid regular expression for Envoy (RE2)',
    )
  })
})

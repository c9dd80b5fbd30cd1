// Fidelity §1a, NP-01 … NP-10: isolation and how policies combine.
import { describe, expect, it } from 'vitest'
import { cniProfile } from '../cni/profiles'
import type { CniName } from '../cni/profiles'
import { ConnSet } from '../net/conn-set'
import { simulate } from '../simulate/simulate'
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
  podYaml,
  selectingIds,
} from './rules.testkit'

// prod/web and prod/other on worker-1, prod/frontend and prod/db on worker-2.
const web = podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80, 443, 8443, 9090] })
const other = podYaml('prod/other', { app: 'other' }, { node: 'worker-1', ports: [80] })
const frontend = podYaml('prod/frontend', { app: 'frontend' }, { node: 'worker-2', ports: [80] })
const db = podYaml('prod/db', { app: 'db' }, { node: 'worker-2', ports: [5432] })
const base = [ns('prod', { env: 'prod' }), web, other, frontend, db]

const denyAllIngress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: prod}
spec:
  podSelector: {}
  policyTypes: [Ingress]`

const denyAllEgress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: prod}
spec:
  podSelector: {}
  policyTypes: [Egress]`

describe('1a. Isolation and how policies combine', () => {
  // ---- NP-01 -------------------------------------------------------------------------------

  it('NP-01: with Flannel the policy is stored but has no effect', () => {
    const c = build(docs(...base, denyAllIngress), 'flannel')
    expect(c.policies.map((p) => p.id)).toEqual(['prod/deny-all'])
    expect(c.cni.policy.enforcesNetworkPolicy).toBe(false)
    const v = ingress(c, 'prod/web', 'prod/frontend')
    expect(v.allowed).toBe(true)
    expect(v.reason).toBe('not-enforced')
    expect(v.selecting).toEqual([])
    expect(v.text).toBe('Flannel does not enforce NetworkPolicy')
    expect(ingressConns(c, 'prod/web', 'prod/frontend').isAll()).toBe(true)
    expect(conns(c, 'prod/frontend', 'prod/web').isAll()).toBe(true)
    const r = simulate(c, { from: { pod: 'prod/frontend' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.reason).toBe('not-enforced')
  })

  it.each(['calico', 'cilium', 'weave', 'canal'] as CniName[])(
    'NP-01: the same deny-all is enforced by %s',
    (cni) => {
      const c = build(docs(...base, denyAllIngress), cni)
      const v = ingress(c, 'prod/web', 'prod/frontend')
      expect(v.allowed).toBe(false)
      expect(v.reason).toBe('no-rule-matched')
      expect(selectingIds(v)).toEqual(['prod/deny-all'])
      const r = simulate(c, { from: { pod: 'prod/frontend' }, to: { pod: 'prod/web' }, port: 80 })
      expect(r.outcome).toBe('timed-out')
      expect(r.verdict).toBe('dropped')
    },
  )

  it('NP-01: enforcement is the profile setting enforcesNetworkPolicy, both ways', () => {
    const off = build(
      docs(...base, denyAllIngress),
      cniProfile('calico', { policy: { enforcesNetworkPolicy: false } }),
    )
    expect(ingress(off, 'prod/web', 'prod/frontend')).toMatchObject({ allowed: true, reason: 'not-enforced' })
    expect(egressConns(off, 'prod/web', 'prod/frontend').isAll()).toBe(true)
    const on = build(
      docs(...base, denyAllIngress),
      cniProfile('flannel', { policy: { enforcesNetworkPolicy: true } }),
    )
    expect(ingress(on, 'prod/web', 'prod/frontend')).toMatchObject({
      allowed: false,
      reason: 'no-rule-matched',
    })
    expect(conns(on, 'prod/frontend', 'prod/web').isEmpty()).toBe(true)
  })

  // ---- NP-02 -------------------------------------------------------------------------------

  it('NP-02: an Ingress policy isolates the selected pod for ingress only', () => {
    const c = build(
      docs(
        ...base,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]`,
      ),
    )
    const inV = ingress(c, 'prod/web', 'prod/frontend')
    expect(inV.allowed).toBe(false)
    expect(inV.reason).toBe('no-rule-matched')
    expect(selectingIds(inV)).toEqual(['prod/web-in'])
    expect(inV.text).toBe('prod/web is selected for Ingress by prod/web-in, which allows no ingress at all')

    const outV = egress(c, 'prod/web', 'prod/frontend')
    expect(outV.allowed).toBe(true)
    expect(outV.reason).toBe('not-isolated')
    expect(outV.selecting).toEqual([])
    expect(outV.text).toBe('no policy selects prod/web for Egress, so all egress is allowed')
  })

  it('NP-02: a pod no policy selects is not isolated and allows all traffic', () => {
    const c = build(
      docs(
        ...base,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]`,
      ),
    )
    const v = ingress(c, 'prod/other', 'prod/frontend', 12345, 'UDP')
    expect(v).toMatchObject({ allowed: true, reason: 'not-isolated', selecting: [] })
    expect(ingressConns(c, 'prod/other', { ip: '203.0.113.9' }).isAll()).toBe(true)
    expect(ingressConns(c, 'prod/web', { ip: '203.0.113.9' }).isEmpty()).toBe(true)
    expect(egressConns(c, 'prod/web', 'prod/other').isEmpty()).toBe(true)
  })

  it('NP-02: an Egress-only policy isolates egress and leaves ingress open', () => {
    const c = build(docs(...base, denyAllEgress))
    expect(egress(c, 'prod/web', 'prod/frontend')).toMatchObject({
      allowed: false,
      reason: 'no-rule-matched',
    })
    expect(ingress(c, 'prod/web', 'prod/frontend')).toMatchObject({ allowed: true, reason: 'not-isolated' })
  })

  it('NP-02: a drop names every policy that isolates the pod in that direction', () => {
    const c = build(
      docs(
        ...base,
        denyAllIngress,
        denyAllEgress,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-db, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: db}}}]`,
      ),
    )
    const v = ingress(c, 'prod/web', 'prod/frontend')
    expect(v.allowed).toBe(false)
    expect(selectingIds(v)).toEqual(['prod/deny-all', 'prod/web-db'])
    expect(v.text).toBe(
      'prod/web is selected for Ingress by prod/deny-all, prod/web-db; no rule admits from prod/frontend on 80/TCP',
    )
    expect(v.misses.map((m) => [m.policy.id, m.path, m.part])).toEqual([
      ['prod/web-db', 'spec.ingress[0]', 'peer'],
    ])
    // the egress-only policy is not listed for ingress
    expect(selectingIds(v)).not.toContain('prod/deny-egress')
    const r = simulate(c, { from: { pod: 'prod/db' }, to: { pod: 'prod/web' }, port: 80 })
    // db's own egress is isolated by deny-egress, so the connection never leaves db
    expect(r.outcome).toBe('timed-out')
    expect(r.egress?.allowed).toBe(false)
    expect(r.trace.find((s) => s.kind === 'egress-policy')?.policies).toEqual([
      { policy: 'prod/deny-egress' },
    ])
  })

  // ---- NP-03 -------------------------------------------------------------------------------

  const webPolicy = (selector: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: isolate, namespace: prod}
spec:
  podSelector: ${selector}
  policyTypes: [Ingress]`
  const devWeb = [ns('dev'), podYaml('dev/web', { app: 'web' }, { node: 'worker-1' })]

  it("NP-03: spec.podSelector selects pods only in the policy's own namespace", () => {
    const c = build(docs(...base, ...devWeb, webPolicy('{matchLabels: {app: web}}')))
    expect(ingress(c, 'prod/web', 'prod/frontend')).toMatchObject({
      allowed: false,
      reason: 'no-rule-matched',
    })
    // same labels, other namespace: not selected
    expect(ingress(c, 'dev/web', 'prod/frontend')).toMatchObject({ allowed: true, reason: 'not-isolated' })
    expect(ingress(c, 'prod/other', 'prod/frontend')).toMatchObject({ allowed: true, reason: 'not-isolated' })
  })

  it.each(['{}', '{matchLabels: null}', '{matchLabels: {}, matchExpressions: []}'])(
    'NP-03: podSelector %s selects every pod of the namespace and no other',
    (selector) => {
      const c = build(docs(...base, ...devWeb, webPolicy(selector)))
      for (const id of ['prod/web', 'prod/other', 'prod/frontend', 'prod/db'])
        expect(selectingIds(ingress(c, id, 'dev/web')), id).toEqual(['prod/isolate'])
      expect(ingress(c, 'dev/web', 'prod/web').reason).toBe('not-isolated')
      expect(
        ingress(c, 'kube-system/' + c.pods.find((p) => p.namespace === 'kube-system')!.name, 'prod/web')
          .reason,
      ).toBe('not-isolated')
    },
  )

  // ---- NP-04 -------------------------------------------------------------------------------

  const policyWith = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
${spec}`

  it('NP-04: without policyTypes, a policy with only ingress rules defaults to [Ingress]', () => {
    const c = build(
      docs(...base, policyWith('p', '  ingress:\n  - from: [{podSelector: {matchLabels: {app: frontend}}}]')),
    )
    expect(c.policies[0]!.policyTypes).toEqual(['Ingress'])
    expect(egress(c, 'prod/web', { ip: '203.0.113.9' }).reason).toBe('not-isolated')
  })

  it('NP-04: without policyTypes, a non-empty egress adds Egress and the policy becomes an ingress deny-all too', () => {
    const c = build(
      docs(...base, policyWith('p', '  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]')),
    )
    expect(c.policies[0]!.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(egress(c, 'prod/web', 'prod/db', 5432)).toMatchObject({ allowed: true, reason: 'allowed-by-rule' })
    expect(egress(c, 'prod/web', 'prod/frontend').allowed).toBe(false)
    // the surprise: ingress is isolated with no rules at all
    const v = ingress(c, 'prod/web', 'prod/frontend')
    expect(v).toMatchObject({ allowed: false, reason: 'no-rule-matched' })
    expect(v.text).toBe('prod/web is selected for Ingress by prod/p, which allows no ingress at all')
  })

  it('NP-04: egress: [] without policyTypes is an INGRESS deny-all and leaves egress alone', () => {
    const c = build(docs(...base, policyWith('no-egress', '  egress: []')))
    expect(c.policies[0]!.policyTypes).toEqual(['Ingress'])
    expect(c.policies[0]!.egress).toEqual([])
    expect(egress(c, 'prod/web', 'prod/frontend')).toMatchObject({ allowed: true, reason: 'not-isolated' })
    expect(egress(c, 'prod/web', { ip: '203.0.113.9' }, 443).allowed).toBe(true)
    const v = ingress(c, 'prod/web', 'prod/frontend')
    expect(v).toMatchObject({ allowed: false, reason: 'no-rule-matched' })
    expect(selectingIds(v)).toEqual(['prod/no-egress'])
  })

  it('NP-04: a deny-all-egress policy must state policyTypes: [Egress]', () => {
    const c = build(docs(...base, policyWith('deny-egress', '  policyTypes: [Egress]')))
    expect(c.policies[0]!.policyTypes).toEqual(['Egress'])
    const v = egress(c, 'prod/web', 'prod/frontend')
    expect(v).toMatchObject({ allowed: false, reason: 'no-rule-matched' })
    expect(v.text).toBe('prod/web is selected for Egress by prod/deny-egress, which allows no egress at all')
    expect(ingress(c, 'prod/web', 'prod/frontend').reason).toBe('not-isolated')
  })

  it('NP-04: policyTypes: [] is defaulted like a missing field', () => {
    const c = build(docs(...base, policyWith('p', '  policyTypes: []\n  egress:\n  - {}')))
    expect(c.policies[0]!.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(ingress(c, 'prod/web', 'prod/frontend').allowed).toBe(false)
    expect(egress(c, 'prod/web', 'prod/frontend').allowed).toBe(true)
  })

  it('NP-04: policyTypes values are case-sensitive: "ingress" is rejected (422)', () => {
    const c = build(docs(...base, policyWith('p', '  policyTypes: [ingress]')), 'calico', {
      allowErrors: true,
    })
    expect(c.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      'The NetworkPolicy "p" is invalid: spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"',
    ])
    expect(c.policies).toEqual([])
    expect(ingress(c, 'prod/web', 'prod/frontend').reason).toBe('not-isolated')
  })

  // ---- NP-05 -------------------------------------------------------------------------------

  it('NP-05: egress rules in a policy whose policyTypes lacks Egress are ignored', () => {
    const ignoredEgress = policyWith(
      'ingress-only',
      `  policyTypes: [Ingress]
  ingress: [{}]
  egress:
  - to: [{podSelector: {matchLabels: {app: db}}}]`,
    )
    // alone it does not isolate egress
    const alone = build(docs(...base, ignoredEgress))
    expect(egress(alone, 'prod/web', 'prod/frontend')).toMatchObject({
      allowed: true,
      reason: 'not-isolated',
    })
    // next to an egress deny-all its egress rule admits nothing
    const c = build(docs(...base, ignoredEgress, denyAllEgress))
    const v = egress(c, 'prod/web', 'prod/db', 5432)
    expect(v.allowed).toBe(false)
    expect(selectingIds(v)).toEqual(['prod/deny-egress'])
    expect(v.matched).toEqual([])
    expect(egressConns(c, 'prod/web', 'prod/db').isEmpty()).toBe(true)
  })

  it('NP-05: ingress rules in a policy whose policyTypes lacks Ingress are ignored', () => {
    const ignoredIngress = policyWith(
      'egress-only',
      `  policyTypes: [Egress]
  egress: [{}]
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]`,
    )
    const c = build(docs(...base, ignoredIngress, denyAllIngress))
    const v = ingress(c, 'prod/web', 'prod/frontend')
    expect(v.allowed).toBe(false)
    expect(selectingIds(v)).toEqual(['prod/deny-all'])
    expect(ingressConns(c, 'prod/web', 'prod/frontend').isEmpty()).toBe(true)
  })

  // ---- NP-06 -------------------------------------------------------------------------------

  const allowFrontend = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-frontend, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: 80}]`
  const allowMonitoring = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-monitoring, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: ops}}}]
    ports: [{port: 9090}]`
  const monitoring = [
    ns('ops', { team: 'ops' }),
    podYaml('ops/prometheus', { app: 'prometheus' }, { node: 'worker-2' }),
  ]

  it('NP-06: the allowed set is the union of every policy that selects the pod', () => {
    const c = build(docs(...base, ...monitoring, denyAllIngress, allowFrontend, allowMonitoring))
    const fe = ingress(c, 'prod/web', 'prod/frontend', 80)
    expect(fe.allowed).toBe(true)
    expect(fe.reason).toBe('allowed-by-rule')
    expect(matchedRefs(fe)).toEqual(['prod/allow-frontend spec.ingress[0]'])
    expect(fe.text).toBe('allowed by prod/allow-frontend spec.ingress[0]')
    expect(selectingIds(fe)).toEqual(['prod/allow-frontend', 'prod/allow-monitoring', 'prod/deny-all'])
    const mon = ingress(c, 'prod/web', 'ops/prometheus', 9090)
    expect(mon.allowed).toBe(true)
    expect(matchedRefs(mon)).toEqual(['prod/allow-monitoring spec.ingress[0]'])
    // neither policy admits frontend on 9090 or prometheus on 80
    expect(ingress(c, 'prod/web', 'prod/frontend', 9090).allowed).toBe(false)
    expect(ingress(c, 'prod/web', 'ops/prometheus', 80).allowed).toBe(false)
    expect(ingressConns(c, 'prod/web', 'prod/frontend').toString()).toBe('TCP 80')
    expect(ingressConns(c, 'prod/web', 'ops/prometheus').toString()).toBe('TCP 9090')
  })

  it('NP-06: every rule that admits the connection is reported', () => {
    const both = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-80, namespace: prod}
spec:
  podSelector: {}
  ingress:
  - ports: [{port: 443}]
  - ports: [{port: 80}]`
    const c = build(docs(...base, allowFrontend, both))
    expect(matchedRefs(ingress(c, 'prod/web', 'prod/frontend', 80))).toEqual([
      'prod/allow-all-80 spec.ingress[1]',
      'prod/allow-frontend spec.ingress[0]',
    ])
  })

  it('NP-06: the order of the policies does not matter', () => {
    const objs = [...base, ...monitoring, denyAllIngress, allowFrontend, allowMonitoring]
    const a = build(docs(...objs))
    const b = build(docs(...[...objs].reverse()))
    const ids = ['prod/web', 'prod/other', 'prod/frontend', 'prod/db', 'ops/prometheus']
    for (const dst of ids)
      for (const src of ids) {
        expect(conns(b, src, dst).equals(conns(a, src, dst)), `${src} → ${dst}`).toBe(true)
        expect(matchedRefs(ingress(b, dst, src, 80))).toEqual(matchedRefs(ingress(a, dst, src, 80)))
      }
  })

  // ---- NP-07 -------------------------------------------------------------------------------

  const feEgress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Egress]
  egress:
  - to: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 80}, {port: 443}]`
  const webIngress = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: frontend}}}]
    ports: [{port: 443}, {port: 8443}]`

  it('NP-07: egress of the source and ingress of the destination must both allow', () => {
    const c = build(docs(...base, feEgress, webIngress))
    // 443: both allow
    expect(egress(c, 'prod/frontend', 'prod/web', 443).allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/frontend', 443).allowed).toBe(true)
    // 80: egress allows, ingress does not
    expect(egress(c, 'prod/frontend', 'prod/web', 80).allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/frontend', 80).allowed).toBe(false)
    // 8443: ingress allows, egress does not
    expect(egress(c, 'prod/frontend', 'prod/web', 8443).allowed).toBe(false)
    expect(ingress(c, 'prod/web', 'prod/frontend', 8443).allowed).toBe(true)
    expect(conns(c, 'prod/frontend', 'prod/web').equals(ConnSet.of('TCP', 443, 443))).toBe(true)

    const ok = simulate(c, { from: { pod: 'prod/frontend' }, to: { pod: 'prod/web' }, port: 443 })
    expect(ok.outcome).toBe('connected')
    expect(matchedRefs(ok.egress!)).toEqual(['prod/frontend-out spec.egress[0]'])
    expect(matchedRefs(ok.ingress!)).toEqual(['prod/web-in spec.ingress[0]'])
    const in80 = simulate(c, { from: { pod: 'prod/frontend' }, to: { pod: 'prod/web' }, port: 80 })
    expect(in80.outcome).toBe('timed-out')
    expect(in80.egress?.allowed).toBe(true)
    expect(in80.ingress?.allowed).toBe(false)
    const out8443 = simulate(c, { from: { pod: 'prod/frontend' }, to: { pod: 'prod/web' }, port: 8443 })
    expect(out8443.outcome).toBe('timed-out')
    expect(out8443.egress?.allowed).toBe(false)
    expect(out8443.ingress).toBeUndefined()
  })

  it('NP-07: the rule holds between pods of one namespace on one node', () => {
    // web and other share prod and worker-1; other may not send anything
    const c = build(
      docs(
        ...base,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: other-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: other}}
  policyTypes: [Egress]`,
      ),
    )
    expect(c.pods.find((p) => p.id === 'prod/web')!.nodeName).toBe('worker-1')
    expect(c.pods.find((p) => p.id === 'prod/other')!.nodeName).toBe('worker-1')
    expect(ingress(c, 'prod/web', 'prod/other').reason).toBe('not-isolated')
    expect(conns(c, 'prod/other', 'prod/web').isEmpty()).toBe(true)
    const r = simulate(c, { from: { pod: 'prod/other' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('timed-out')
    expect(r.egress?.text).toBe(
      'prod/other is selected for Egress by prod/other-out, which allows no egress at all',
    )
  })

  // ---- NP-08 -------------------------------------------------------------------------------

  const ruleWith = (rule: string) => policyWith('rule', `  policyTypes: [Ingress]\n  ingress:\n${rule}`)

  it('NP-08: peers are ORed, ports are ORed, and peers are ANDed with ports', () => {
    const c = build(
      docs(
        ...base,
        ...monitoring,
        ruleWith(`  - from:
    - podSelector: {matchLabels: {app: frontend}}
    - namespaceSelector: {matchLabels: {team: ops}}
    ports: [{port: 80}, {port: 443}]`),
      ),
    )
    expect(ingress(c, 'prod/web', 'prod/frontend', 80).allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/frontend', 443).allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'ops/prometheus', 80).allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'ops/prometheus', 443).allowed).toBe(true)
    const wrongPort = ingress(c, 'prod/web', 'prod/frontend', 8443)
    expect(wrongPort.allowed).toBe(false)
    expect(wrongPort.misses.map((m) => m.part)).toEqual(['port'])
    expect(wrongPort.misses[0]!.detail).toBe('8443/TCP is not among its ports (80/TCP, 443/TCP)')
    const wrongPeer = ingress(c, 'prod/web', 'prod/db', 80)
    expect(wrongPeer.allowed).toBe(false)
    expect(wrongPeer.misses.map((m) => m.part)).toEqual(['peer'])
    expect(wrongPeer.misses[0]!.detail).toBe(
      'prod/db is not matched by podSelector app=frontend or namespaceSelector team=ops',
    )
    expect(ingressConns(c, 'prod/web', 'prod/frontend').toString()).toBe('TCP 80,443')
    expect(ingressConns(c, 'prod/web', 'prod/db').isEmpty()).toBe(true)
  })

  it.each([
    ['no from', '  - ports: [{port: 80}]'],
    ['from: []', '  - from: []\n    ports: [{port: 80}]'],
  ])('NP-08: a rule with %s admits every peer, outside addresses and other nodes included', (_, rule) => {
    const c = build(docs(...base, ruleWith(rule)))
    for (const from of ['prod/frontend', { ip: '203.0.113.9' }, { node: 'worker-2' }, { ip: '8.8.8.8' }]) {
      expect(ingress(c, 'prod/web', from, 80)).toMatchObject({ allowed: true, reason: 'allowed-by-rule' })
      expect(ingress(c, 'prod/web', from, 81).allowed).toBe(false)
    }
  })

  it.each([
    ['no ports', '  - from: [{podSelector: {matchLabels: {app: frontend}}}]'],
    ['ports: []', '  - from: [{podSelector: {matchLabels: {app: frontend}}}]\n    ports: []'],
  ])('NP-08: a rule with %s admits every port and protocol', (_, rule) => {
    const c = build(docs(...base, ruleWith(rule)))
    expect(ingress(c, 'prod/web', 'prod/frontend', 53, 'UDP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/frontend', 3868, 'SCTP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/frontend', 65535, 'TCP').allowed).toBe(true)
    expect(ingressConns(c, 'prod/web', 'prod/frontend').isAll()).toBe(true)
    expect(ingressConns(c, 'prod/web', 'prod/db').isEmpty()).toBe(true)
  })

  it('NP-08: ingress: [{}] allows everything', () => {
    const c = build(docs(...base, denyAllIngress, ruleWith('  - {}')))
    for (const from of ['prod/frontend', { ip: '198.51.100.1' }, { node: 'worker-2' }]) {
      expect(ingressConns(c, 'prod/web', from).isAll()).toBe(true)
      expect(matchedRefs(ingress(c, 'prod/web', from, 6000, 'UDP'))).toEqual(['prod/rule spec.ingress[0]'])
    }
  })

  it('NP-08: ingress: [] (or no ingress) under the Ingress type allows nothing', () => {
    for (const rules of ['  ingress: []', '']) {
      const c = build(docs(...base, policyWith('nothing', `  policyTypes: [Ingress]\n${rules}`)))
      for (const from of ['prod/frontend', { ip: '198.51.100.1' }, { node: 'worker-2' }])
        expect(ingressConns(c, 'prod/web', from).isEmpty()).toBe(true)
      expect(ingress(c, 'prod/web', 'prod/frontend').text).toBe(
        'prod/web is selected for Ingress by prod/nothing, which allows no ingress at all',
      )
    }
  })

  // ---- NP-09 -------------------------------------------------------------------------------

  it('NP-09: replies on an allowed connection are allowed without any rule', () => {
    // web may not open anything (egress deny-all) and frontend may not be reached (ingress
    // deny-all), yet frontend → web works: web's replies travel on frontend's connection.
    const c = build(
      docs(
        ...base,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-silent, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]`,
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend-closed, namespace: prod}
spec:
  podSelector: {matchLabels: {app: frontend}}
  policyTypes: [Ingress]`,
      ),
    )
    const r = simulate(c, { from: { pod: 'prod/frontend' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.egress?.subject.id).toBe('prod/frontend')
    expect(r.ingress?.subject.id).toBe('prod/web')
    expect(r.trace.at(-1)?.kind).toBe('reply')
    expect(r.trace.filter((s) => s.kind === 'egress-policy' || s.kind === 'ingress-policy')).toHaveLength(2)
    expect(conns(c, 'prod/frontend', 'prod/web').isAll()).toBe(true)
    // a NEW connection the other way is denied by both of those policies
    expect(egress(c, 'prod/web', 'prod/frontend').allowed).toBe(false)
    expect(ingress(c, 'prod/frontend', 'prod/web').allowed).toBe(false)
    expect(conns(c, 'prod/web', 'prod/frontend').isEmpty()).toBe(true)
    expect(simulate(c, { from: { pod: 'prod/web' }, to: { pod: 'prod/frontend' }, port: 80 }).outcome).toBe(
      'timed-out',
    )
  })

  // ---- NP-10 -------------------------------------------------------------------------------

  const lockdown = [denyAllIngress, denyAllEgress]

  it('NP-10: a pod cannot block traffic to itself', () => {
    const c = build(docs(...base, ...lockdown))
    expect(ingress(c, 'prod/web', 'prod/web')).toMatchObject({ allowed: true, reason: 'self' })
    expect(egress(c, 'prod/web', 'prod/web', 9090)).toMatchObject({ allowed: true, reason: 'self' })
    expect(conns(c, 'prod/web', 'prod/web').isAll()).toBe(true)
    const r = simulate(c, { from: { pod: 'prod/web' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.reason).toBe('self')
    // while everybody else is cut off
    expect(conns(c, 'prod/other', 'prod/web').isEmpty()).toBe(true)
  })

  it("NP-10: traffic from the pod's own node is allowed when it is ingress-isolated", () => {
    const c = build(docs(...base, ...lockdown))
    const v = ingress(c, 'prod/web', { node: 'worker-1' }, 80)
    expect(v).toMatchObject({ allowed: true, reason: 'own-node' })
    expect(v.text).toBe("traffic from the pod's own node (worker-1) is always allowed")
    expect(ingressConns(c, 'prod/web', { node: 'worker-1' }).isAll()).toBe(true)
    const r = simulate(c, { from: { node: 'worker-1' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.reason).toBe('own-node')
  })

  it('NP-10: traffic from other nodes is not exempt', () => {
    const c = build(docs(...base, ...lockdown))
    const v = ingress(c, 'prod/web', { node: 'worker-2' }, 80)
    expect(v).toMatchObject({ allowed: false, reason: 'no-rule-matched' })
    expect(selectingIds(v)).toEqual(['prod/deny-all'])
    expect(ingressConns(c, 'prod/web', { node: 'control-plane' }).isEmpty()).toBe(true)
    const r = simulate(c, { from: { node: 'worker-2' }, to: { pod: 'prod/web' }, port: 80 })
    expect(r.outcome).toBe('timed-out')
    expect(r.ingress?.allowed).toBe(false)
  })

  it("NP-10: the node exemption is for ingress only: egress to the pod's own node is filtered", () => {
    const c = build(docs(...base, ...lockdown))
    const v = egress(c, 'prod/web', { node: 'worker-1' }, 10250)
    expect(v).toMatchObject({ allowed: false, reason: 'no-rule-matched' })
    expect(egressConns(c, 'prod/web', { node: 'worker-1' }).isEmpty()).toBe(true)
  })
})

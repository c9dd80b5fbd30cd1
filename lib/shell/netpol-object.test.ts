// `kubectl get netpol -o yaml|json` prints what the API server stores: the Go types of
// networking/v1 leave empty `omitempty` lists out, whatever the manifest wrote.
import { describe, expect, it } from 'vitest'
import { storedPolicySpec } from './netpol-object'
import { BASE, lab } from './shell.testkit'

const POLICIES = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: []
  egress: []
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all-in}
spec:
  podSelector: {matchLabels: {}}
  ingress: [{}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: mixed}
spec:
  podSelector: {matchLabels: {app: web}, matchExpressions: []}
  ingress:
  - from: []
    ports: [{port: 80}]
  - from:
    - podSelector: {}
      namespaceSelector: {matchLabels: {team: a}}
    - ipBlock: {cidr: 10.0.0.0/8, except: []}
  egress:
  - to: [{podSelector: {matchExpressions: [{key: app, operator: Exists, values: []}]}}]
    ports: []
`

const spec = (yaml: string) => yaml.slice(yaml.indexOf('\nspec:\n') + 1)

describe('NetworkPolicy as the API server returns it', () => {
  it('empty ingress and egress lists are left out (`json:"ingress,omitempty"`), -o yaml', () => {
    const l = lab(BASE + POLICIES)
    expect(spec(l.run('kubectl get netpol deny-all -o yaml'))).toBe(`spec:
  podSelector: {}
  policyTypes:
  - Ingress
  - Egress
`)
    // NP-04: an ingress-only policy defaults to policyTypes [Ingress]; an empty rule stays a rule.
    expect(spec(l.run('kubectl get netpol allow-all-in -o yaml'))).toBe(`spec:
  ingress:
  - {}
  podSelector: {}
  policyTypes:
  - Ingress
`)
  })

  it('inside rules and selectors too; a peer selector that is present but empty stays (NP-17 protocol)', () => {
    const l = lab(BASE + POLICIES)
    expect(spec(l.run('kubectl get netpol mixed -o yaml'))).toBe(`spec:
  egress:
  - to:
    - podSelector:
        matchExpressions:
        - key: app
          operator: Exists
  ingress:
  - ports:
    - port: 80
      protocol: TCP
  - from:
    - namespaceSelector:
        matchLabels:
          team: a
      podSelector: {}
    - ipBlock:
        cidr: 10.0.0.0/8
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  - Egress
`)
  })

  it('-o json prints the same object', () => {
    const l = lab(BASE + POLICIES)
    const o = JSON.parse(l.run('kubectl get netpol deny-all -o json')) as { spec: unknown }
    expect(o.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] })
    expect(l.run('kubectl get netpol deny-all -o json')).not.toContain('"egress"')
  })

  it('fields the Go types do not have are dropped', () => {
    expect(
      storedPolicySpec({ podSelector: {}, bogus: 1, ingress: [{ from: [{ podSelector: {}, extra: 2 }] }] }, [
        'Ingress',
      ]),
    ).toEqual({ ingress: [{ from: [{ podSelector: {} }] }], podSelector: {}, policyTypes: ['Ingress'] })
  })
})

// The terminal with the policy kinds beyond NetworkPolicy: HTTP requests judged by Cilium's
// proxy (CIL-01), and kubectl knowing a kind only where the CNI serves it (CNP-05, CAL-07,
// CIL-06).
import { describe, expect, it } from 'vitest'
import { lab } from './shell.testkit'

const SCENARIO = `apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: v1
kind: Pod
metadata: {name: service, namespace: app, labels: {app: service}}
spec: {nodeName: worker-1, containers: [{name: c, image: example/service, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: service, namespace: app}
spec: {selector: {app: service}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: prod-client, namespace: app, labels: {env: prod}}
spec: {nodeName: worker-2, containers: [{name: c, image: curlimages/curl}]}
---
apiVersion: v1
kind: Pod
metadata: {name: busy, namespace: app, labels: {env: prod, role: debug}}
spec: {nodeName: worker-2, containers: [{name: c, image: busybox}]}
`

const L7 = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: allow-get-public, namespace: app}
spec:
  endpointSelector: {matchLabels: {app: service}}
  ingress:
  - fromEndpoints: [{matchLabels: {env: prod}}]
    toPorts:
    - ports: [{port: '80', protocol: TCP}]
      rules: {http: [{method: GET, path: /public}]}
`

const GNP = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-busy}
spec:
  order: 100
  selector: app == 'service'
  ingress:
  - action: Deny
    source: {selector: "role == 'debug' && !has(app)"}
  - action: Allow
`

const CNP = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: baseline-deny}
spec:
  tier: Baseline
  priority: 50
  subject: {namespaces: {}}
  ingress: [{action: Deny, from: [{namespaces: {}}]}]
`

describe('curl and wget through an L7 proxy', () => {
  const l = lab(SCENARIO, { cni: 'cilium', namespace: 'app', files: [{ name: 'policy.yaml', text: L7 }] })

  it('CIL-01: GET /public reaches the server; POST /private gets the proxy’s 403 Access denied', () => {
    expect(l.run('kubectl exec prod-client -- curl -s http://service/public')).toBe('service\n')
    expect(l.run('kubectl exec prod-client -- curl -si -X POST http://service/private')).toBe(
      [
        'HTTP/1.1 403 Forbidden',
        'content-length: 15',
        'content-type: text/plain',
        'date: Mon, 01 Jan 2024 00:00:00 GMT',
        'server: envoy',
        '',
        'Access denied',
        '',
      ].join('\n'),
    )
    expect(l.result('kubectl exec prod-client -- curl -sS -f -d x=1 http://service/public')).toMatchObject({
      output: 'curl: (22) The requested URL returned error: 403\ncommand terminated with exit code 22\n',
      exitCode: 22,
    })
    expect(l.result('kubectl exec busy -- wget -qO- http://service/private')).toMatchObject({
      output: 'wget: server returned error: HTTP/1.1 403 Forbidden\ncommand terminated with exit code 1\n',
    })
  })

  it('CIL-05: trace takes an HTTP request and names the rule that decided at each layer', () => {
    const out = l.run('trace app/prod-client svc/app/service 80 GET /public')
    expect(out).toContain(
      'INGRESS (worker-1) ingress of app/service: allowed: allowed by CiliumNetworkPolicy app/allow-get-public spec.ingress[0].toPorts[0] (Allow)',
    )
    expect(out).toContain(
      "HTTP    (worker-1) HTTP GET /public, ingress of app/service, judged by Cilium's Envoy proxy on worker-1: allowed",
    )
    expect(out).toContain(
      'GET /public matches CiliumNetworkPolicy app/allow-get-public spec.ingress[0].toPorts[0].rules.http[0] (method GET, path /public)',
    )
    expect(l.run('trace app/prod-client svc/app/service 80 POST')).toMatch(/^usage: trace/)
  })

  it('CIL-06: kubectl knows CiliumNetworkPolicy by its short name; ClusterNetworkPolicy is not served', () => {
    expect(l.run('kubectl get cnp')).toBe('NAME               AGE\nallow-get-public   12m\n')
    expect(l.run('kubectl get ciliumnetworkpolicies.cilium.io allow-get-public -o name')).toBe(
      'ciliumnetworkpolicy.cilium.io/allow-get-public\n',
    )
    expect(l.run('kubectl describe cnp allow-get-public')).toContain(
      '      Rules:\n        Http:\n          Method:  GET\n          Path:    /public\n',
    )
    expect(l.run('kubectl get clusternetworkpolicies')).toBe(
      'error: the server doesn\'t have a resource type "clusternetworkpolicies"\n',
    )
    expect(l.lines('kubectl apply -f - <<EOF', ...GNP.trimEnd().split('\n'), 'EOF')).toMatchObject({
      output:
        'error: resource mapping not found for name: "deny-busy" namespace: "" from "STDIN": no matches for kind "GlobalNetworkPolicy" in version "projectcalico.org/v3"\nensure CRDs are installed first\n',
      exitCode: 1,
    })
  })
})

describe('kubectl on Calico', () => {
  it('CAL-07, CNP-05: applies and lists GlobalNetworkPolicy and ClusterNetworkPolicy; the GNP’s Deny takes effect', () => {
    const l = lab(SCENARIO, { cni: 'calico', namespace: 'app' })
    const apply = (text: string) => l.lines('kubectl apply -f - <<EOF', ...text.trimEnd().split('\n'), 'EOF')
    expect(l.run('kubectl exec busy -- wget -qO- -T 2 http://service/')).toBe('service\n')
    expect(apply(GNP)).toMatchObject({
      output: 'globalnetworkpolicy.projectcalico.org/deny-busy created\n',
      exitCode: 0,
    })
    expect(l.run('kubectl exec busy -- wget -qO- -T 2 http://service/')).toBe(
      'wget: download timed out\ncommand terminated with exit code 1\n',
    )
    expect(l.run('kubectl exec prod-client -- curl -s http://service/')).toBe('service\n')
    expect(apply(CNP)).toMatchObject({
      output: 'clusternetworkpolicy.policy.networking.k8s.io/baseline-deny created\n',
    })
    expect(l.run('kubectl get globalnetworkpolicies')).toBe(
      'NAME        CREATED AT\ndeny-busy   2024-01-01T00:00:00Z\n',
    )
    expect(l.run('kubectl get cnp')).toBe(
      'NAME            TIER       PRIORITY   AGE\nbaseline-deny   Baseline   50         0s\n',
    )
    expect(l.run('kubectl describe globalnetworkpolicy deny-busy')).toContain(
      "Spec:\n  Ingress:\n    Action:  Deny\n    Source:\n      Selector:  role == 'debug' && !has(app)\n    Action:      Allow\n  Order:         100\n  Selector:      app == 'service'\n",
    )
    // The GNP's Allow decides in the default tier, before kube-baseline is reached.
    expect(l.run('trace app/prod-client svc/app/service 80')).toContain(
      'Calico default tier (GlobalNetworkPolicy, and NetworkPolicy as order 1000): allows: GlobalNetworkPolicy deny-busy spec.ingress[1] (Allow, order 100)',
    )
  })
})

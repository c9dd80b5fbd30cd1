import { describe, expect, it } from 'vitest'
import { LabSession } from './session'
import { evaluateFlows } from './flows'
import { parsePortSpec, parseTarget, TargetError } from './targets'

const files = [
  {
    name: 'app.yaml',
    editable: false,
    text: `apiVersion: v1
kind: Namespace
metadata: {name: demo}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: demo}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: demo}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: demo, labels: {app: client}}
spec: {containers: [{name: c, image: curl}]}
`,
  },
  { name: 'policy.yaml', editable: true, text: '' },
]

describe('lab flows', () => {
  it('simulates each flow and flips when a policy changes', () => {
    const s = new LabSession({ files, cni: 'calico' })
    const specs = [
      { from: 'demo/client', to: 'pod/demo/web', port: '80/TCP' },
      { from: 'demo/client', to: 'demo/web', port: '80' },
      { from: 'demo/client', to: 'web.demo', port: '80/TCP' },
    ]
    const before = evaluateFlows(s.cluster, specs)
    expect(before.map((f) => f.verdict)).toEqual(['allowed', 'allowed', 'allowed'])
    expect(before[0]!.to).toMatch(/^demo\/web-/)
    expect(before[1]).toMatchObject({ to: 'demo/web', port: '80/TCP' })
    s.setFile(
      'policy.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: demo}\nspec: {podSelector: {matchLabels: {app: web}}}\n',
    )
    const after = evaluateFlows(s.cluster, specs)
    expect(after.map((f) => f.verdict)).toEqual(['dropped', 'dropped', 'dropped'])
    expect(after[0]!.reason).toContain('demo/deny')
  })

  it('a flow naming something missing is dropped with the reason, not an exception', () => {
    const s = new LabSession({ files, cni: 'calico' })
    const [r] = evaluateFlows(s.cluster, [{ from: 'demo/nobody', to: 'demo/web', port: '80/TCP' }])
    expect(r).toMatchObject({ verdict: 'dropped', outcome: 'invalid' })
    expect(r!.reason).toContain('demo/nobody')
    const [p] = evaluateFlows(s.cluster, [{ from: 'demo/client', to: 'demo/web', port: 'http' }])
    expect(p!.reason).toContain('expected PORT')
  })

  it('parses ports and targets', () => {
    const s = new LabSession({ files, cni: 'calico' })
    expect(parsePortSpec('53/udp')).toEqual({ port: 53, protocol: 'UDP' })
    expect(parseTarget(s.cluster, 'svc/demo/web')).toEqual({ service: 'demo/web' })
    expect(parseTarget(s.cluster, 'web')).toEqual({ host: 'web' })
    expect(() => parseTarget(s.cluster, 'demo/nothing')).toThrow(TargetError)
  })
})

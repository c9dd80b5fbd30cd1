import { describe, expect, it } from 'vitest'
import { LabSession, objectKey, pluralResource, resourceName } from './session'

const scenario = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {containers: [{name: c, image: curl}]}
`
const deny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny}
spec: {podSelector: {matchLabels: {app: web}}}
`

function session() {
  let t = 1_000_000
  return new LabSession({
    files: [
      { name: 'scenario.yaml', text: scenario, editable: false },
      { name: 'policy.yaml', text: '', editable: true },
    ],
    cni: 'calico',
    clock: () => (t += 1000),
  })
}

const web = (s: LabSession) => s.cluster.pods.find((p) => p.name === 'web')!

describe('LabSession', () => {
  it('§1f: a selector indented under spec.ingress[0] is an error on its line, and the policy opens nothing', () => {
    // Lenient reading would drop the misplaced field and leave `ingress: [{}]`, a rule that
    // admits every peer: the lab must refuse it as kubectl's strict validation does.
    const s = session()
    const misplaced = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-client}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - podSelector: {matchLabels: {app: client}}
`
    s.setFile('policy.yaml', misplaced)
    const errors = s.issuesOf('policy.yaml').filter((i) => i.severity === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toContain('strict decoding error: unknown field "spec.ingress[0].podSelector"')
    expect(errors[0]!.pos?.line).toBe(7)
    expect(s.cluster.policies.map((p) => p.id)).not.toContain('default/web-from-client')
  })

  it('applies an editable file as soon as it changes, and keeps pod addresses', () => {
    const s = session()
    const ip = web(s).ip
    let calls = 0
    s.subscribe(() => calls++)
    s.setFile('policy.yaml', deny)
    expect(calls).toBe(1)
    expect(s.cluster.policies.map((p) => p.id)).toEqual(['default/deny'])
    expect(web(s).ip).toBe(ip)
    s.setFile('scenario.yaml', 'nope')
    expect(s.file('scenario.yaml')!.text).toBe(scenario)
  })

  it('apply reports created, unchanged and configured as kubectl does', () => {
    const s = session()
    expect(s.apply([{ file: 'np.yaml', text: deny }]).lines).toEqual([
      'networkpolicy.networking.k8s.io/deny created',
    ])
    expect(s.apply([{ file: 'np.yaml', text: deny }]).lines).toEqual([
      'networkpolicy.networking.k8s.io/deny unchanged',
    ])
    expect(s.apply([{ file: 'np.yaml', text: deny.replace('{app: web}', '{app: client}') }]).lines).toEqual([
      'networkpolicy.networking.k8s.io/deny configured',
    ])
    expect(s.createdAt(objectKey('NetworkPolicy', 'default', 'deny'))).toBeGreaterThan(1_000_000)
  })

  it('apply refuses objects in a namespace that does not exist', () => {
    const s = session()
    const r = s.apply([{ file: 'np.yaml', text: deny.replace('name: deny', 'name: deny, namespace: prod') }])
    expect(r.lines).toEqual([])
    expect(r.errors[0]!.message).toBe(
      'Error from server (NotFound): error when creating "np.yaml": namespaces "prod" not found',
    )
  })

  it('delete removes an object until the file defining it is edited again', () => {
    const s = session()
    s.setFile('policy.yaml', deny)
    expect(s.remove('NetworkPolicy', 'default', 'deny')).toBe(true)
    expect(s.cluster.policies).toEqual([])
    expect(s.remove('NetworkPolicy', 'default', 'deny')).toBe(false)
    s.setFile('policy.yaml', `${deny}# edited\n`)
    expect(s.cluster.policies).toHaveLength(1)
  })

  it('labels change pods and namespaces in the cluster (and so policy and Service selection)', () => {
    const s = session()
    s.patchMetadata('Pod/default/web', 'labels', { app: 'other', tier: 'front' })
    expect(web(s).labels).toEqual({ app: 'other', tier: 'front' })
    s.patchMetadata('Pod/default/web', 'labels', { tier: null })
    expect(web(s).labels).toEqual({ app: 'other' })
    s.patchMetadata('Namespace//default', 'labels', { env: 'dev', 'kubernetes.io/metadata.name': 'x' })
    expect(s.cluster.namespaces.find((n) => n.name === 'default')!.labels).toEqual({
      env: 'dev',
      'kubernetes.io/metadata.name': 'default',
    })
  })

  it('survives a snapshot and restore, and reset goes back to the start', () => {
    const s = session()
    s.setFile('policy.yaml', deny)
    s.apply([{ file: 'x.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n' }])
    const saved = JSON.parse(JSON.stringify(s.snapshot()))
    s.reset()
    expect(s.file('policy.yaml')!.text).toBe('')
    expect(s.cluster.namespaces.some((n) => n.name === 'prod')).toBe(false)
    s.restore(saved)
    expect(s.file('policy.yaml')!.text).toBe(deny)
    expect(s.cluster.namespaces.some((n) => n.name === 'prod')).toBe(true)
    const copy = new LabSession({ files: s.scenario, cni: 'calico' }, saved)
    expect(copy.cluster.policies.map((p) => p.id)).toEqual(['default/deny'])
  })

  it('switching the CNI changes enforcement', () => {
    const s = session()
    s.setCni('flannel')
    expect(s.cluster.cni.name).toBe('flannel')
    expect(s.snapshot().cni).toBe('flannel')
  })

  it('names resources as kubectl does', () => {
    expect(resourceName('NetworkPolicy')).toBe('networkpolicy.networking.k8s.io')
    expect(resourceName('Pod')).toBe('pod')
    expect(pluralResource('NetworkPolicy')).toBe('networkpolicies.networking.k8s.io')
    expect(pluralResource('Deployment')).toBe('deployments.apps')
  })

  it('apply keeps the addresses of the pods that already exist', () => {
    const s = session()
    const before = s.cluster.pods.map((p) => [p.id, p.ip])
    s.apply([
      {
        file: 'run.yaml',
        text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: aaa}\nspec: {containers: [{name: c, image: busybox}]}\n',
      },
    ])
    for (const [id, ip] of before) expect(s.cluster.pods.find((p) => p.id === id)!.ip).toBe(ip)
    expect(s.cluster.pods.some((p) => p.id === 'default/aaa')).toBe(true)
  })

  it("the cluster's own objects can be deleted too (DNS breaks without kube-dns)", () => {
    const s = session()
    expect(s.find('Service', 'kube-system', 'kube-dns')).toBeDefined()
    expect(s.remove('Service', 'kube-system', 'kube-dns')).toBe(true)
    expect(s.cluster.services.some((x) => x.id === 'kube-system/kube-dns')).toBe(false)
    expect(s.find('Service', 'kube-system', 'kube-dns')).toBeUndefined()
    s.reset()
    expect(s.cluster.services.some((x) => x.id === 'kube-system/kube-dns')).toBe(true)
  })

  it('an edit to a file takes over from what the terminal applied of it', () => {
    const s = session()
    s.setFile('policy.yaml', deny)
    expect(s.apply([{ file: 'policy.yaml', text: deny }]).lines).toEqual([
      'networkpolicy.networking.k8s.io/deny unchanged',
    ])
    s.setFile('policy.yaml', deny.replace('{app: web}', '{app: client}'))
    expect(s.cluster.policies[0]!.podSelector.matchLabels).toEqual({ app: 'client' })
  })
})

describe('load-balancer implementation', () => {
  const files = [
    {
      name: 'lb.yaml',
      text: 'apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec: {type: LoadBalancer, selector: {app: x}, ports: [{port: 80}]}\n',
      editable: false,
    },
  ]
  it('SV-12: a session without one leaves the address pending; with one the Service gets an address', () => {
    const lbIps = (s: LabSession) => s.cluster.services.find((x) => x.name === 'lb')!.loadBalancerIPs
    expect(lbIps(new LabSession({ files, cni: 'calico' }))).toEqual([])
    expect(lbIps(new LabSession({ files, cni: 'calico', loadBalancer: 'metallb' }))).toEqual([
      '198.51.100.10',
    ])
  })
})

// A deleted pod that a controller owns comes back, as in a real cluster: a Deployment's
// with a new name and address, a StatefulSet's with the same name and a new address; the
// terminal's `kubectl get pods -w` replays the change.
import { describe, expect, it } from 'vitest'
import { lab } from '../shell/shell.testkit'

const WORKLOADS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: 1
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
---
apiVersion: v1
kind: Pod
metadata: {name: bare, labels: {app: bare}}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`
const pods = (l: ReturnType<typeof lab>, app: string) =>
  l.session.cluster.pods.filter((p) => p.labels.app === app)

describe('pods a controller replaces', () => {
  it("a Deployment's deleted pod is replaced by one with a new name and address; the others stay", () => {
    const l = lab(WORKLOADS)
    const [gone, stays] = pods(l, 'web')
    expect(l.run(`kubectl delete pod ${gone!.name}`)).toBe(`pod "${gone!.name}" deleted\n`)
    const now = pods(l, 'web')
    expect(now).toHaveLength(2)
    expect(now.map((p) => p.name)).not.toContain(gone!.name)
    expect(now.find((p) => p.name === stays!.name)!.ip).toBe(stays!.ip)
    const fresh = now.find((p) => p.name !== stays!.name)!
    expect(fresh.name).toMatch(new RegExp(`^${gone!.name.replace(/-[a-z0-9]+$/, '')}-[a-z0-9]{5}$`))
    expect(fresh.ip).not.toBe(gone!.ip)
    // The Service's EndpointSlice follows: the new address is in it, the old one is not.
    const addrs = l.session.cluster.endpointSlices
      .filter((s) => s.serviceName === 'web')
      .flatMap((s) => s.endpoints.flatMap((e) => e.addresses))
    expect(addrs).toContain(fresh.ip)
    expect(addrs).not.toContain(gone!.ip)
  })

  it("a StatefulSet's pod comes back with the same name, a new address and a new age", () => {
    const l = lab(WORKLOADS)
    const before = pods(l, 'db')[0]!
    expect(before.name).toBe('db-0')
    l.clock.now += 5 * 60_000
    l.run('kubectl delete pod db-0')
    const after = pods(l, 'db')[0]!
    expect(after.name).toBe('db-0')
    expect(after.ip).not.toBe(before.ip)
    expect(l.run('kubectl get pod db-0')).toMatch(/db-0 +1\/1 +Running +0 +0s/)
  })

  it("a ReplicaSet's deleted pod is replaced by one with a new name and address", () => {
    const l = lab(`apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: cache}
spec:
  replicas: 2
  selector: {matchLabels: {app: cache}}
  template:
    metadata: {labels: {app: cache}}
    spec: {containers: [{name: c, image: redis}]}
`)
    const [gone, stays] = pods(l, 'cache')
    expect(gone!.name).toMatch(/^cache-[a-z0-9]{5}$/)
    l.run(`kubectl delete pod ${gone!.name}`)
    const now = pods(l, 'cache')
    expect(now).toHaveLength(2)
    expect(now.map((p) => p.name)).not.toContain(gone!.name)
    const fresh = now.find((p) => p.name !== stays!.name)!
    expect(fresh.name).toMatch(/^cache-[a-z0-9]{5}$/)
    expect(fresh.ip).not.toBe(gone!.ip)
    expect(fresh.owner).toEqual(gone!.owner)
  })

  it("a DaemonSet's deleted pod comes back on the same node, with a new name and address", () => {
    const l = lab(
      `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: busybox}]}
`,
      { nodes: 3 },
    )
    const before = pods(l, 'agent')
    expect(before.length).toBeGreaterThanOrEqual(2)
    const gone = before[0]!
    l.run(`kubectl delete pod ${gone.name}`)
    const after = pods(l, 'agent')
    expect(after).toHaveLength(before.length)
    expect(after.map((p) => p.name)).not.toContain(gone.name)
    const fresh = after.find((p) => !before.some((b) => b.name === p.name))!
    expect(fresh.nodeName).toBe(gone.nodeName)
    expect(fresh.name).toMatch(/^agent-[a-z0-9]{5}$/)
    expect(fresh.ip).not.toBe(gone.ip)
  })

  it('a pod without a controller is gone for good', () => {
    const l = lab(WORKLOADS)
    l.run('kubectl delete pod bare')
    expect(pods(l, 'bare')).toEqual([])
  })

  it('kubectl get pods -w replays the replacement once, in the watch format', () => {
    const l = lab(WORKLOADS)
    const [gone, stays] = pods(l, 'web')
    l.run(`kubectl delete pod ${gone!.name}`)
    const fresh = pods(l, 'web').find((p) => p.name !== stays!.name)!
    const lines = l.run('kubectl get pods -l app=web -w').trimEnd().split('\n')
    const status = (line: string) => line.trim().split(/\s+/).slice(0, 3).join(' ')
    expect(lines.map(status)).toEqual([
      'NAME READY STATUS',
      // the list as the watch would have started: the old pod, not yet its replacement
      ...[gone!.name, stays!.name].sort().map((n) => `${n} 1/1 Running`),
      `${gone!.name} 1/1 Terminating`,
      `${fresh.name} 0/1 Pending`,
      `${fresh.name} 0/1 ContainerCreating`,
      `${gone!.name} 0/1 Terminating`,
      `${fresh.name} 1/1 Running`,
    ])
    // A second watch has nothing new to replay: the current list only.
    const again = l.run('kubectl get pods -l app=web -w').trimEnd().split('\n')
    expect(again.map(status)).toEqual([
      'NAME READY STATUS',
      ...[fresh.name, stays!.name].sort().map((n) => `${n} 1/1 Running`),
    ])
  })

  it('a StatefulSet pod comes back under its name only once the old one is gone, in -w too', () => {
    const l = lab(WORKLOADS)
    const [first] = pods(l, 'db')
    l.run(`kubectl delete pod ${first!.name}`)
    const lines = l.run(`kubectl get pods ${first!.name} -w`).trimEnd().split('\n')
    const status = (line: string) => line.trim().split(/\s+/).slice(0, 3).join(' ')
    const age = (line: string) => line.trim().split(/\s+/)[4]
    expect(lines.map(status)).toEqual([
      'NAME READY STATUS',
      `${first!.name} 1/1 Running`,
      `${first!.name} 1/1 Terminating`,
      `${first!.name} 0/1 Terminating`,
      `${first!.name} 0/1 Pending`,
      `${first!.name} 0/1 ContainerCreating`,
      `${first!.name} 1/1 Running`,
    ])
    // each row shows the age the pod had when the watch printed it
    expect(age(lines.at(-1)!)).toBe('0s')
  })
})

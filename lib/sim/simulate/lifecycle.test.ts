// A pod's phase and address decide whether it can be reached at all: no podIP means no
// EndpointSlice entry and nothing to dial; an address without running containers refuses.
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import type { Cluster } from '../model/types'
import { simulate } from './simulate'

const build = (text: string): Cluster => {
  const c = clusterFromManifests([{ file: 'test.yaml', text }], { cni: 'calico', nodes: 3 })
  const errors = c.issues.filter((i) => i.severity === 'error')
  if (errors.length) throw new Error(errors.map((i) => i.message).join('\n'))
  return c
}

const TEXT = `
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: unscheduled, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
status: {phase: Pending}
---
apiVersion: v1
kind: Pod
metadata: {name: creating, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
status:
  phase: Pending
  podIP: 192.168.7.7
  conditions: [{type: Ready, status: "False"}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  publishNotReadyAddresses: true
  ports: [{port: 80}]
`

describe('pod phase and address', () => {
  const c = build(TEXT)
  const pod = (name: string) => c.pods.find((p) => p.name === name)!
  const endpoints = c.endpointSlices
    .filter((s) => s.serviceName === 'web')
    .flatMap((s) => s.endpoints.map((e) => e.podId))

  it('SV-03: a Pending pod without status.podIP gets no address and is in no EndpointSlice', () => {
    expect(pod('unscheduled').ip).toBe('')
    expect(pod('unscheduled').phase).toBe('Pending')
    expect(endpoints).not.toContain('default/unscheduled')
  })

  it('SV-03: a Pending pod with status.podIP is listed, not serving', () => {
    expect(pod('creating').ip).toBe('192.168.7.7')
    expect(endpoints).toContain('default/creating')
    const ep = c.endpointSlices.flatMap((s) => s.endpoints).find((e) => e.podId === 'default/creating')!
    expect(ep.conditions.serving).toBe(false)
  })

  it('a pod without an address cannot be dialled; one whose containers are not running refuses', () => {
    const none = simulate(c, { from: { pod: 'client' }, to: { pod: 'unscheduled' }, port: 80 })
    expect(none.outcome).toBe('no-route')
    const starting = simulate(c, { from: { pod: 'client' }, to: { ip: '192.168.7.7' }, port: 80 })
    expect(starting.outcome).toBe('refused')
    expect(starting.reason).toMatch(/Pending/)
    // Through the Service (publishNotReadyAddresses makes it the only ready endpoint) the
    // connection is DNATed to it, and refused there.
    const viaSvc = simulate(c, { from: { pod: 'client' }, to: { service: 'web' }, port: 80 })
    expect(viaSvc.backend?.label).toBe('default/creating')
    expect(viaSvc.outcome).toBe('refused')
  })

  it('a Pending pod cannot be the client of a connection', () => {
    const r = simulate(c, { from: { pod: 'creating' }, to: { pod: 'client' }, port: 80 })
    expect(r.outcome).toBe('invalid')
    expect(r.reason).toMatch(/not running/)
  })
})

// A pod reaching itself through its own Service under a deny-all: the NetworkPolicy API
// leaves it to the implementation (kubernetes#95879, network-policy-api#343), so it is a
// CNI-profile setting, and the trace says which way the profile goes.
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import { cniProfile } from '../cni/profiles'
import type { CniName, CniProfile } from '../cni/profiles'
import { simulate } from './simulate'

const TEXT = (policy: string) => `
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {nodeName: worker-1, containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
${policy}`
const DENY_ALL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all}
spec: {podSelector: {}, policyTypes: [Ingress, Egress], egress: [{ports: [{port: 53, protocol: UDP}]}]}`
const SELF_ALLOWED = `${DENY_ALL}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-self}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
  egress: [{to: [{podSelector: {matchLabels: {app: web}}}]}]`

const build = (policy: string, cni: CniName | CniProfile) =>
  clusterFromManifests([{ file: 'h.yaml', text: TEXT(policy) }], { cni, nodes: 3 })
const hairpin = (policy: string, cni: CniName | CniProfile) =>
  simulate(build(policy, cni), { from: { pod: 'web' }, to: { service: 'web' }, port: 80 })

describe("SV-05: hairpin through the pod's own Service", () => {
  it('the profiles: Felix and weave-npc filter it, Cilium skips policy for service loopback', () => {
    expect(cniProfile('calico').policy.hairpin).toBe('enforced')
    expect(cniProfile('canal').policy.hairpin).toBe('enforced')
    expect(cniProfile('weave').policy.hairpin).toBe('enforced')
    expect(cniProfile('cilium').policy.hairpin).toBe('exempt')
  })

  it('enforced (Calico): a deny-all drops it, with the pod itself as the peer', () => {
    const r = hairpin(DENY_ALL, 'calico')
    expect(r.outcome).toBe('timed-out')
    expect(r.egress?.allowed).toBe(false)
    expect(r.egress?.peer).toMatchObject({ kind: 'pod', pod: { id: 'default/web' } })
    const step = r.trace.find((s) => s.kind === 'egress-policy')!
    expect(step.details[0]).toContain(
      'hairpin: Calico applies policy to a pod reaching itself through its Service',
    )
    // A direct connection to its own IP stays exempt (NP-10).
    const c = build(DENY_ALL, 'calico')
    const own = c.pods.find((p) => p.name === 'web')!.ip
    expect(simulate(c, { from: { pod: 'web' }, to: { ip: own }, port: 80 }).outcome).toBe('connected')
  })

  it('enforced: rules that select the pod itself admit it', () => {
    const r = hairpin(SELF_ALLOWED, 'calico')
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.text).toBe('allowed by default/web-self spec.ingress[0]')
  })

  it('exempt (Cilium): allowed under a deny-all, and the verdict says why', () => {
    const r = hairpin(DENY_ALL, 'cilium')
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.reason).toBe('hairpin')
    expect(r.ingress?.text).toBe(
      'Cilium does not apply policy to a pod reaching itself through its Service (hairpin)',
    )
    // The setting, the other way round.
    expect(hairpin(DENY_ALL, cniProfile('cilium', { policy: { hairpin: 'enforced' } })).outcome).toBe(
      'timed-out',
    )
    expect(hairpin(DENY_ALL, cniProfile('calico', { policy: { hairpin: 'exempt' } })).outcome).toBe(
      'connected',
    )
  })
})

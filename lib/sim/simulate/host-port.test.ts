// hostPort: node-IP:hostPort reaches the pod's containerPort where the CNI maps host
// ports (the portmap plugin in Flannel's, Calico's, Canal's and Weave's CNI configuration;
// Cilium natively only with its kube-proxy replacement).
import { describe, expect, it } from 'vitest'
import { clusterFromManifests } from '../cluster/build'
import { cniProfile } from '../cni/profiles'
import type { CniName, CniProfile } from '../cni/profiles'
import { simulate } from './simulate'

const TEXT = (policy = '') => `
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: worker-1
  containers: [{name: c, image: nginx, ports: [{containerPort: 80, hostPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {nodeName: worker-2, containers: [{name: c, image: busybox}]}
${policy}`
const build = (cni: CniName | CniProfile, policy?: string) =>
  clusterFromManifests([{ file: 'hp.yaml', text: TEXT(policy) }], { cni, nodes: 3 })
const CLIENT = '203.0.113.7'

describe('hostPort', () => {
  it('reaches the containerPort through the node IP with the portmap plugin, keeping the client address', () => {
    for (const cni of ['flannel', 'calico', 'canal', 'weave'] as CniName[]) {
      const c = build(cni)
      const w1 = c.nodes.find((n) => n.name === 'worker-1')!
      const web = c.pods.find((p) => p.name === 'web')!
      const outside = simulate(c, { from: { external: CLIENT }, to: { ip: w1.ip }, port: 8080 })
      expect(outside.outcome, cni).toBe('connected')
      expect(outside.trace.find((s) => s.kind === 'dnat')!.title).toBe(
        `DNAT ${w1.ip}:8080 → ${web.ip}:80 (default/web, hostPort) on worker-1`,
      )
      expect(outside.backend).toMatchObject({ label: 'default/web', port: 80 })
      const pod = simulate(c, { from: { pod: 'client' }, to: { ip: w1.ip }, port: 8080 })
      expect(pod.outcome, cni).toBe('connected')
      // Only the node the pod runs on maps the port.
      const w2 = c.nodes.find((n) => n.name === 'worker-2')!
      expect(simulate(c, { from: { external: CLIENT }, to: { ip: w2.ip }, port: 8080 }).outcome).toBe(
        'refused',
      )
    }
  })

  it('the backend policy sees the client, after the DNAT, on the containerPort', () => {
    const policy = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-in}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 80}]}]`
    const c = build('calico', policy)
    const w1 = c.nodes.find((n) => n.name === 'worker-1')!
    const r = simulate(c, { from: { external: CLIENT }, to: { ip: w1.ip }, port: 8080 })
    expect(r.outcome).toBe('connected')
    expect(r.ingress?.text).toBe('allowed by default/web-in spec.ingress[0]')
    expect(simulate(c, { from: { pod: 'client' }, to: { ip: w1.ip }, port: 8080 }).outcome).toBe('timed-out')
  })

  it('Cilium maps it only with its kube-proxy replacement; otherwise the node refuses', () => {
    const plain = build('cilium')
    const w1 = plain.nodes.find((n) => n.name === 'worker-1')!
    const r = simulate(plain, { from: { external: CLIENT }, to: { ip: w1.ip }, port: 8080 })
    expect(r.outcome).toBe('refused')
    expect(r.trace[0]!.title).toContain('does not map host ports')
    const kpr = build(cniProfile('cilium', { kubeProxyReplacement: true }))
    expect(simulate(kpr, { from: { external: CLIENT }, to: { ip: w1.ip }, port: 8080 }).outcome).toBe(
      'connected',
    )
  })
})

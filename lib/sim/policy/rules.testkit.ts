// Shared fixtures for the NetworkPolicy rule tests (rules-*.test.ts): small clusters built
// from inline YAML, and one-line ways to ask the engine about a direction or a connection.
// Only the tests import this file.
import { clusterFromManifests } from '../cluster/build'
import type { ClusterFromManifests } from '../cluster/build'
import type { CniName, CniProfile } from '../cni/profiles'
import { lookup } from '../model/lookup'
import type { Pod, Protocol } from '../model/types'
import type { ConnSet } from '../net/conn-set'
import { asPeer, connectionConns, directionConns, evaluateDirection } from './evaluate'
import type { DirectionVerdict, NetPeer, Traffic } from './evaluate'

type Labels = Record<string, string>

/** A cluster from one YAML text; throws on any error issue so a typo cannot drop a policy silently. */
export function build(
  yaml: string,
  cni: CniName | CniProfile = 'calico',
  opts: { allowErrors?: boolean } = {},
): ClusterFromManifests {
  const c = clusterFromManifests([{ file: 'test.yaml', text: yaml }], { cni })
  const errors = c.issues.filter((i) => i.severity === 'error')
  if (errors.length && !opts.allowErrors)
    throw new Error(`fixture has errors:\n${errors.map((e) => e.message).join('\n')}`)
  return c
}

export const docs = (...d: string[]): string => d.join('\n---\n')

export function ns(name: string, labels: Labels = {}): string {
  return `apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${JSON.stringify(labels)}}`
}

export interface PodOpts {
  /** pin the pod to a node (`control-plane`, `worker-1`, `worker-2`) */
  node?: string
  ports?: (number | { name?: string; containerPort: number; protocol?: Protocol })[]
  hostNetwork?: boolean
}

/** A Pod manifest; `id` is `namespace/name`. */
export function podYaml(id: string, labels: Labels = {}, opts: PodOpts = {}): string {
  const [namespace, name] = id.split('/')
  const ports = (opts.ports ?? []).map((p) => (typeof p === 'number' ? { containerPort: p } : p))
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)}}
spec:
  ${opts.node ? `nodeName: ${opts.node}` : ''}
  ${opts.hostNetwork ? 'hostNetwork: true' : ''}
  containers:
  - name: main
    image: nginx
    ports: ${JSON.stringify(ports)}`
}

export function pod(c: ClusterFromManifests, id: string): Pod {
  const p = lookup(c).pod.get(id)
  if (!p) throw new Error(`no pod ${id}`)
  return p
}

/** A pod id, a node (its own address), or an outside address. */
export type PeerRef = string | { node: string } | { ip: string }

export function peer(c: ClusterFromManifests, ref: PeerRef): NetPeer {
  if (typeof ref === 'string') return asPeer(c, pod(c, ref))
  if ('node' in ref) {
    const node = lookup(c).node.get(ref.node)
    if (!node) throw new Error(`no node ${ref.node}`)
    return { kind: 'node', node }
  }
  return { kind: 'external', ip: ref.ip }
}

export function traffic(port: number | 'ICMP', protocol: Protocol = 'TCP'): Traffic {
  return port === 'ICMP' ? { protocol: 'ICMP' } : { protocol, port }
}

/** Ingress of `dst` for a connection from `from`. */
export function ingress(
  c: ClusterFromManifests,
  dst: string,
  from: PeerRef,
  port: number | 'ICMP' = 80,
  protocol: Protocol = 'TCP',
): DirectionVerdict {
  return evaluateDirection(c, 'ingress', pod(c, dst), peer(c, from), traffic(port, protocol))
}

/** Egress of `src` for a connection to `to`. */
export function egress(
  c: ClusterFromManifests,
  src: string,
  to: PeerRef,
  port: number | 'ICMP' = 80,
  protocol: Protocol = 'TCP',
): DirectionVerdict {
  return evaluateDirection(c, 'egress', pod(c, src), peer(c, to), traffic(port, protocol))
}

export function ingressConns(c: ClusterFromManifests, dst: string, from: PeerRef): ConnSet {
  return directionConns(c, 'ingress', pod(c, dst), peer(c, from))
}

export function egressConns(c: ClusterFromManifests, src: string, to: PeerRef): ConnSet {
  return directionConns(c, 'egress', pod(c, src), peer(c, to))
}

/** NP-07: what a connection from `from` to `to` may carry (egress ∩ ingress). */
export function conns(c: ClusterFromManifests, from: PeerRef, to: PeerRef): ConnSet {
  return connectionConns(c, peer(c, from), peer(c, to))
}

/** The ids of the policies a verdict reports as selecting its subject. */
export const selectingIds = (v: DirectionVerdict): string[] => v.selecting.map((p) => p.id)

/** `policy-id spec.ingress[0]` for each rule that admitted the connection. */
export const matchedRefs = (v: DirectionVerdict): string[] => v.matched.map((m) => `${m.policy.id} ${m.path}`)

// Lookup tables over a cluster, built once per cluster object and cached. Clusters are
// treated as immutable values: a change builds a new cluster.
import type { Cluster, EndpointSlice, Namespace, NetworkPolicy, Node, Pod, Service } from './types'

export interface ClusterLookup {
  namespace: Map<string, Namespace>
  node: Map<string, Node>
  nodeByIp: Map<string, Node>
  pod: Map<string, Pod>
  /** pods by IP; hostNetwork pods share their node's IP and are not listed */
  podByIp: Map<string, Pod>
  service: Map<string, Service>
  serviceByClusterIP: Map<string, Service>
  slicesOf: Map<string, EndpointSlice[]>
  policiesIn: Map<string, NetworkPolicy[]>
}

const cache = new WeakMap<Cluster, ClusterLookup>()

export function lookup(cluster: Cluster): ClusterLookup {
  let l = cache.get(cluster)
  if (l) return l
  l = {
    namespace: new Map(cluster.namespaces.map((n) => [n.name, n])),
    node: new Map(cluster.nodes.map((n) => [n.name, n])),
    nodeByIp: new Map(cluster.nodes.map((n) => [n.ip, n])),
    pod: new Map(cluster.pods.map((p) => [p.id, p])),
    podByIp: new Map(),
    service: new Map(cluster.services.map((s) => [s.id, s])),
    serviceByClusterIP: new Map(),
    slicesOf: new Map(),
    policiesIn: new Map(),
  }
  for (const p of cluster.pods) if (p.ip && !p.hostNetwork && !l.podByIp.has(p.ip)) l.podByIp.set(p.ip, p)
  for (const s of cluster.services)
    if (s.clusterIP && s.clusterIP !== 'None') l.serviceByClusterIP.set(s.clusterIP, s)
  for (const e of cluster.endpointSlices) {
    const key = `${e.namespace}/${e.serviceName}`
    const arr = l.slicesOf.get(key)
    if (arr) arr.push(e)
    else l.slicesOf.set(key, [e])
  }
  for (const p of cluster.policies) {
    const arr = l.policiesIn.get(p.namespace)
    if (arr) arr.push(p)
    else l.policiesIn.set(p.namespace, [p])
  }
  cache.set(cluster, l)
  return l
}

/** `ns/name` as written, or `name` in `namespace`: the id of a namespaced object. */
export function qualify(ref: string, namespace = 'default'): string {
  return ref.includes('/') ? ref : `${namespace}/${ref}`
}

export function namespaceLabels(cluster: Cluster, ns: string): Record<string, string> {
  return lookup(cluster).namespace.get(ns)?.labels ?? { 'kubernetes.io/metadata.name': ns }
}

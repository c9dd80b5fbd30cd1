// Builds the simulated cluster from loaded objects: nodes, namespaces, scheduled pods with
// addresses from the CNI's IPAM, Services with their allocations and EndpointSlices, and
// normalized NetworkPolicies. Deterministic: the same objects give the same cluster,
// whatever order they were written in.
import { cniProfile } from '../cni/profiles'
import type { CniName, CniProfile } from '../cni/profiles'
import type { Issue } from '../manifest/issues'
import { loadManifests } from '../manifest/load'
import type { KubeObject, LoadOptions, ManifestSource } from '../manifest/load'
import type {
  Cluster,
  ClusterConfig,
  ContainerPort,
  EndpointSlice,
  Namespace,
  Node,
  Pod,
  Protocol,
  Service,
} from '../model/types'
import { normalizePolicy } from '../policy/normalize'
import { hash32 } from '../util/hash'
import { BUILTIN_FILE, builtinManifests } from './builtins'
import { placeExtensions } from './extensions'
import { PodIpam } from './ipam'
import { buildService, endpointSlicesFor, ServiceAllocator, userEndpointSlice } from './services'
import { expandWorkload, podSeed, WORKLOAD_KINDS } from './workloads'
import type { PodSeed } from './workloads'
import { byCodeUnit, list, obj } from '../util/json'
import type { JsonMap } from '../util/json'

export interface NodeSpec {
  name: string
  ip?: string
  role?: 'control-plane' | 'worker'
  labels?: Record<string, string>
}

export interface BuildOptions {
  cni?: CniName | CniProfile
  /** the nodes, or how many (one control plane plus workers); default 3 */
  nodes?: number | NodeSpec[]
  /** add what a fresh cluster holds (system namespaces, CoreDNS, kube-dns, kubernetes); default true */
  builtins?: boolean
  /**
   * netpol-analyzer's conventions for `connlist`: no built-in objects, a workload is one
   * pod or two when replicas > 1, invalid object names are warnings.
   */
  analyzerConventions?: boolean
  config?: Partial<ClusterConfig>
  /**
   * The cluster this one replaces after a change: pods and Services that still exist keep
   * their node, addresses and ports, as they would in a real cluster.
   */
  previous?: Cluster
  /**
   * Label changes made on live objects (`kubectl label`), keyed `Pod/ns/name`,
   * `Namespace//name` or `Node//name`; a null value removes the label.
   */
  labelPatches?: Readonly<Record<string, Readonly<Record<string, string | null>>>>
  /** keys (`Kind/ns/name`) of objects deleted from the live cluster, built-in ones included */
  removed?: ReadonlySet<string>
  /**
   * Pods deleted from a controller's slot (`ns/Kind/name#replica`), with how often: the
   * controller creates a replacement, with a new name (or, for a StatefulSet, the same
   * name) and a new address.
   */
  replacements?: Readonly<Record<string, number>>
}

function patched(labels: Record<string, string>, patch: Readonly<Record<string, string | null>> | undefined) {
  if (!patch) return labels
  const out = { ...labels }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k]
    else out[k] = v
  }
  return out
}

export const DEFAULT_CONFIG: ClusterConfig = {
  podCIDR: '',
  serviceCIDR: '10.96.0.0/12',
  clusterDomain: 'cluster.local',
  dnsServiceIP: '10.96.0.10',
  nodePortRange: [30000, 32767],
  loadBalancerPool: '198.51.100.0/24',
  loadBalancerProvider: 'none',
  proxyMode: 'iptables',
}

const MAX_NODES = 100
const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane'

type Obj = JsonMap
const byName = (a: { namespace?: string; name: string }, b: { namespace?: string; name: string }) =>
  byCodeUnit(a.namespace ?? '', b.namespace ?? '') || byCodeUnit(a.name, b.name)

function defaultNodes(count: number): NodeSpec[] {
  const out: NodeSpec[] = [{ name: 'control-plane', role: 'control-plane' }]
  for (let i = 1; i < Math.max(1, count); i++) out.push({ name: `worker-${i}`, role: 'worker' })
  return out
}

function tolerates(spec: Obj, taint: { key: string; effect: string }): boolean {
  return list(spec.tolerations).some(
    (t) =>
      (t.operator === 'Exists' && !t.key) ||
      (t.key === taint.key && (!t.effect || t.effect === taint.effect)),
  )
}

function schedulable(node: Node, spec: Obj): boolean {
  if (!node.taints.every((t) => tolerates(spec, t))) return false
  const sel = obj(spec.nodeSelector)
  return Object.entries(sel).every(([k, v]) => node.labels[k] === v)
}

function containerPorts(spec: Obj): ContainerPort[] {
  const out: ContainerPort[] = []
  const sidecars = list(spec.initContainers).filter((c) => c.restartPolicy === 'Always')
  for (const c of [...list(spec.containers), ...sidecars]) {
    for (const p of list(c.ports)) {
      const cp: ContainerPort = {
        containerPort: Number(p.containerPort),
        protocol: (p.protocol === 'UDP' || p.protocol === 'SCTP' ? p.protocol : 'TCP') as Protocol,
      }
      if (typeof p.name === 'string' && p.name) cp.name = p.name
      if (typeof p.hostPort === 'number') cp.hostPort = p.hostPort
      out.push(cp)
    }
  }
  return out
}

/** The earlier pod of this name, unless the seed is its replacement (a StatefulSet's pod made anew). */
function samePod(earlier: Pod | undefined, seed: PodSeed): Pod | undefined {
  return earlier && (earlier.generation ?? 0) === (seed.generation ?? 0) ? earlier : undefined
}

function readiness(seed: PodSeed): { ready: boolean; phase: Pod['phase'] } {
  const status = seed.status ?? {}
  const phase = (typeof status.phase === 'string' ? status.phase : 'Running') as Pod['phase']
  const cond = list(status.conditions).find((c) => c.type === 'Ready')
  const ready = phase === 'Running' && (cond ? cond.status === 'True' : true)
  return { ready, phase }
}

function makeNodes(specs: NodeSpec[], cni: CniProfile, ipam: PodIpam): Node[] {
  return specs.slice(0, MAX_NODES).map((s, i) => {
    const role = s.role ?? (i === 0 ? 'control-plane' : 'worker')
    const addressing = ipam.addNode(s.name, i)
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': s.name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...(role === 'control-plane' ? { [CONTROL_PLANE_TAINT]: '' } : {}),
      ...s.labels,
    }
    return {
      name: s.name,
      ip: s.ip ?? `172.18.0.${i + 2}`,
      role,
      labels,
      podCIDR: addressing.podCIDR,
      podRanges: addressing.podRanges,
      gatewayIp: addressing.gatewayIp,
      mtu: cni.dataPath.podMtu + cni.dataPath.overhead,
      taints: role === 'control-plane' ? [{ key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }] : [],
    }
  })
}

/** Builds a cluster from objects that already passed loading. */
export function buildCluster(userObjects: readonly KubeObject[], options: BuildOptions = {}): Cluster {
  const cni = typeof options.cni === 'object' ? options.cni : cniProfile(options.cni ?? 'calico')
  const analyzer = options.analyzerConventions === true
  const config: ClusterConfig = { ...DEFAULT_CONFIG, ...options.config }
  if (!config.podCIDR) config.podCIDR = cni.ipam.mode === 'host-local' ? cni.ipam.pool : '10.244.0.0/16'
  const issues: Issue[] = []

  // Nodes: the requested ones, then any that pods name (manifests exported from a real cluster).
  const nodeSpecs = Array.isArray(options.nodes) ? [...options.nodes] : defaultNodes(options.nodes ?? 3)
  for (const o of userObjects) {
    if (o.kind !== 'Pod') continue
    const nodeName = obj(o.raw.spec).nodeName
    if (typeof nodeName === 'string' && nodeName && !nodeSpecs.some((n) => n.name === nodeName)) {
      const hostIP = obj(o.raw.status).hostIP
      nodeSpecs.push({
        name: nodeName,
        role: 'worker',
        ...(typeof hostIP === 'string' ? { ip: hostIP } : {}),
      })
    }
  }
  const ipam = new PodIpam(cni, config.podCIDR, Math.min(nodeSpecs.length, MAX_NODES))
  const nodes = makeNodes(nodeSpecs, cni, ipam)
  const patches = options.labelPatches ?? {}
  for (const n of nodes) n.labels = patched({ ...n.labels }, patches[`Node//${n.name}`])
  const nodeByName = new Map(nodes.map((n) => [n.name, n]))

  let objects: KubeObject[] = [...userObjects]
  if (options.builtins ?? !analyzer) {
    const builtins = loadBuiltins(builtinManifests(config, nodes))
    const taken = new Set(userObjects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`))
    const removed = options.removed ?? new Set<string>()
    objects = [
      ...builtins.objects.filter((o) => {
        const key = `${o.kind}/${o.namespace ?? ''}/${o.name}`
        return !taken.has(key) && !removed.has(key)
      }),
      ...objects,
    ]
  }

  // Namespaces: declared ones, plus any an object lives in. Every namespace carries the
  // immutable kubernetes.io/metadata.name label (NP-12).
  const namespaces = new Map<string, Namespace>()
  for (const o of objects) {
    if (o.kind === 'Namespace')
      namespaces.set(o.name, {
        name: o.name,
        labels: { ...o.labels, 'kubernetes.io/metadata.name': o.name },
        source: o.source,
      })
  }
  for (const o of objects) {
    if (o.namespace && !namespaces.has(o.namespace))
      namespaces.set(o.namespace, {
        name: o.namespace,
        labels: { 'kubernetes.io/metadata.name': o.namespace },
      })
  }
  for (const ns of namespaces.values()) {
    const patch = patches[`Namespace//${ns.name}`]
    // The metadata.name label is immutable (NP-12), whatever a patch says.
    if (patch) ns.labels = { ...patched({ ...ns.labels }, patch), 'kubernetes.io/metadata.name': ns.name }
  }

  // Pods: Pod objects and what the workload controllers create.
  const seeds: PodSeed[] = []
  for (const o of objects) {
    if (o.kind === 'Pod') seeds.push(podSeed(o))
    else if (WORKLOAD_KINDS.has(o.kind)) {
      const r = expandWorkload(o, {
        daemonSetNodes: (template) =>
          nodes.filter((n) => schedulable(n, obj(template.spec))).map((n) => n.name),
        representativeReplicas: analyzer,
        generationOf: (slot) => options.replacements?.[slot] ?? 0,
      })
      if (r.capped)
        issues.push({
          severity: 'warning',
          code: 'allocation',
          message: `${o.kind} "${o.name}" asks for ${r.capped} replicas; the simulator creates the first ${r.seeds.length}`,
          summary: `replicas capped at ${r.seeds.length}`,
          kind: o.kind,
          name: o.name,
          namespace: o.namespace,
          source: o.source,
          pos: o.locate(['spec', 'replicas']),
        })
      seeds.push(...r.seeds)
    }
  }
  seeds.sort(byName)

  const prevPods = new Map((options.previous?.pods ?? []).map((p) => [p.id, p]))
  const prevServices = new Map((options.previous?.services ?? []).map((x) => [x.id, x]))

  // Scheduling: replicas of a workload spread across the nodes that accept them.
  const workers = (spec: Obj) => nodes.filter((n) => schedulable(n, spec))
  const replicaIndex = new Map<string, number>()
  const placed = seeds.map((seed) => {
    const earlier = prevPods.get(`${seed.namespace}/${seed.name}`)?.nodeName
    const given =
      seed.nodeName ??
      (typeof seed.spec.nodeName === 'string' ? seed.spec.nodeName : undefined) ??
      (earlier && nodeByName.has(earlier) ? earlier : undefined)
    if (given && nodeByName.has(given)) return { seed, node: nodeByName.get(given)! }
    const candidates = workers(seed.spec)
    const pool = candidates.length ? candidates : nodes
    const wkey = seed.workload
      ? `${seed.namespace}/${seed.workload.kind}/${seed.workload.name}`
      : `${seed.namespace}/${seed.name}`
    const i = replicaIndex.get(wkey) ?? 0
    replicaIndex.set(wkey, i + 1)
    return { seed, node: pool[(hash32(wkey) + i) % pool.length]! }
  })

  // Addresses: given podIPs first, then the rest in a stable order per node.
  const pods: Pod[] = []
  const fixed = new Map<PodSeed, string>()
  for (const { seed, node } of placed) {
    const hostNetwork = seed.spec.hostNetwork === true
    const earlier = samePod(prevPods.get(`${seed.namespace}/${seed.name}`), seed)
    const podIP =
      seed.status?.podIP ??
      (earlier && !earlier.hostNetwork && earlier.nodeName === node.name ? earlier.ip : undefined)
    if (hostNetwork) fixed.set(seed, node.ip)
    else if (typeof podIP === 'string' && podIP) {
      if (ipam.reserve(podIP)) fixed.set(seed, podIP)
      else if (seed.status?.podIP)
        issues.push({
          severity: 'warning',
          code: 'allocation',
          message: `Pod "${seed.namespace}/${seed.name}": status.podIP ${podIP} is already in use or not an IPv4 address; a new address was assigned`,
          summary: `status.podIP ${podIP} is already in use; a new address was assigned`,
          kind: 'Pod',
          name: seed.name,
          namespace: seed.namespace,
          source: seed.source,
        })
    }
  }
  // Addresses of pods that are gone (deleted, replaced) are not handed out again at once,
  // as host-local and Calico IPAM move on to the next free address: a replacement pod
  // gets a new IP.
  const kept = new Set(fixed.values())
  for (const p of prevPods.values()) if (p.ip && !p.hostNetwork && !kept.has(p.ip)) ipam.release(p.ip)
  for (const { seed, node } of placed) {
    const { ready, phase } = readiness(seed)
    let ip = fixed.get(seed)
    // A pod the manifest says is Pending without a status.podIP has no sandbox yet: no
    // address, so no EndpointSlice entry and nothing to connect to (ShouldPodBeInEndpoints
    // skips pods with an empty podIP). Pods written without a status are taken as Running.
    if (!ip && phase !== 'Succeeded' && phase !== 'Failed' && phase !== 'Pending') {
      ip = ipam.allocate(node.name)
      if (!ip)
        issues.push({
          severity: 'error',
          code: 'allocation',
          message: `Pod "${seed.namespace}/${seed.name}": no free address left on node ${node.name} (${ipam.rangesOf(node.name).join(', ')})`,
          summary: `no free pod address on node ${node.name}`,
          kind: 'Pod',
          name: seed.name,
          namespace: seed.namespace,
          source: seed.source,
        })
    }
    const spec = seed.spec
    const pod: Pod = {
      id: `${seed.namespace}/${seed.name}`,
      namespace: seed.namespace,
      name: seed.name,
      labels: patched(seed.labels, patches[`Pod/${seed.namespace}/${seed.name}`]),
      ip: ip ?? '',
      nodeName: node.name,
      hostNetwork: spec.hostNetwork === true,
      ports: containerPorts(spec),
      ready: ready && !!ip,
      terminating: seed.terminating,
      phase: ip ? phase : 'Pending',
      dnsPolicy: (typeof spec.dnsPolicy === 'string' ? spec.dnsPolicy : 'ClusterFirst') as Pod['dnsPolicy'],
      enableServiceLinks: spec.enableServiceLinks !== false,
      source: seed.source,
    }
    if (seed.owner) pod.owner = seed.owner
    if (seed.workload) pod.workload = seed.workload
    if (seed.slot) pod.slot = seed.slot
    if (seed.generation) pod.generation = seed.generation
    if (typeof spec.hostname === 'string') pod.hostname = spec.hostname
    else if (seed.ordinal !== undefined) pod.hostname = seed.name
    const subdomain = typeof spec.subdomain === 'string' ? spec.subdomain : seed.subdomain
    if (subdomain) pod.subdomain = subdomain
    pods.push(pod)
  }
  for (const n of nodes) n.podRanges = ipam.rangesOf(n.name)

  // Services: requested addresses are allocated first so automatic picks never take them.
  const alloc = new ServiceAllocator(config)
  const serviceObjects = objects.filter((o) => o.kind === 'Service')
  const creation = new Map(serviceObjects.map((o, i) => [o, i]))
  const fixedFirst = (o: KubeObject) =>
    obj(o.raw.spec).clusterIP || prevServices.get(`${o.namespace}/${o.name}`)?.clusterIP ? 0 : 1
  const services: Service[] = []
  // Among requested addresses the earlier Service wins, as in a real cluster, where the
  // built-in kube-dns and kubernetes Services exist before anything is applied.
  const order = (a: KubeObject, b: KubeObject) =>
    fixedFirst(a) - fixedFirst(b) ||
    (fixedFirst(a) === 0 ? creation.get(a)! - creation.get(b)! : byName(a, b))
  for (const o of [...serviceObjects].sort(order)) {
    const svc = buildService(o, alloc, creation.get(o)!, issues, prevServices.get(`${o.namespace}/${o.name}`))
    if (svc) services.push(svc)
  }
  services.sort(byName)

  const endpointSlices: EndpointSlice[] = []
  for (const svc of services) endpointSlices.push(...endpointSlicesFor(svc, pods))
  for (const o of objects) if (o.kind === 'EndpointSlice') endpointSlices.push(userEndpointSlice(o))

  const policies = objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .map(normalizePolicy)
    .sort(byName)

  // Policy kinds beyond NetworkPolicy: enforced, stored without effect, or refused, as the CNI has it.
  const ext = placeExtensions(objects, cni, issues)

  return {
    config,
    cni,
    nodes,
    namespaces: [...namespaces.values()].sort((a, b) => byCodeUnit(a.name, b.name)),
    pods: pods.sort(byName),
    services,
    endpointSlices: endpointSlices.sort(byName),
    policies,
    ...(ext.clusterPolicies.length ? { clusterPolicies: ext.clusterPolicies } : {}),
    ...(ext.calicoPolicies.length ? { calicoPolicies: ext.calicoPolicies } : {}),
    ...(ext.ciliumPolicies.length ? { ciliumPolicies: ext.ciliumPolicies } : {}),
    ...(ext.inertPolicies.length ? { inertPolicies: ext.inertPolicies } : {}),
    issues,
  }
}

// The built-in objects depend only on the configuration and the nodes, and clusters are
// rebuilt on every edit in a lab: parse each variant once.
const builtinCache = new Map<string, ReturnType<typeof loadManifests>>()
function loadBuiltins(text: string) {
  let loaded = builtinCache.get(text)
  if (!loaded) {
    loaded = loadManifests([{ file: BUILTIN_FILE, text }])
    if (builtinCache.size > 16) builtinCache.clear()
    builtinCache.set(text, loaded)
  }
  return loaded
}

/** The objects a fresh cluster of this configuration holds (kube-dns, CoreDNS, …). */
export function builtinObjects(cluster: Pick<Cluster, 'config' | 'nodes'>): KubeObject[] {
  return loadBuiltins(builtinManifests(cluster.config, cluster.nodes)).objects
}

export interface ClusterFromManifests extends Cluster {
  objects: KubeObject[]
}

/** Loads manifest texts and builds the cluster; every problem ends up in `issues`. */
export function clusterFromManifests(
  sources: readonly ManifestSource[],
  options: BuildOptions & LoadOptions = {},
): ClusterFromManifests {
  const loaded = loadManifests(sources, {
    lenient: options.lenient ?? options.analyzerConventions === true,
  })
  const cluster = buildCluster(loaded.objects, options)
  return { ...cluster, issues: [...loaded.issues, ...cluster.issues], objects: loaded.objects }
}

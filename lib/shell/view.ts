// The cluster as kubectl sees it through the API server: every object of every kind, with
// its metadata (labels and annotations after the terminal's changes), its creation time,
// and the object the API server would return for `-o yaml` (defaults filled in, status
// added). Built fresh for each command from the session, which rebuilds its cluster lazily.
import { builtinObjects } from '../sim/cluster/build'
import { corefile } from '../sim/cluster/builtins'
import type { KubeObject } from '../sim/manifest/load'
import type {
  Cluster,
  EndpointSlice,
  LabelSelector,
  Namespace,
  NetworkPolicy,
  Node,
  Pod,
  Service,
} from '../sim/model/types'
import { parseSelector } from '../sim/policy/selector'
import { hash32 } from '../sim/util/hash'
import type { LabSession } from '../session/session'
import { objectKey } from '../session/session'
import { rfc3339 } from './format'
import { storedPolicySpec } from './netpol-object'
import type { ResourceType } from './resources'
import { apiVersionOf, TYPE_BY_KIND } from './resources'
import { list, obj, str } from '../sim/util/json'
import type { JsonMap } from '../sim/util/json'

export type Obj = JsonMap
export { list, obj }

/** The versions the simulated cluster reports (kubectl 1.31 output conventions throughout). */
export const KUBE_VERSION = 'v1.31.0'
export const NODE_OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)'
export const NODE_KERNEL = '6.8.0-45-generic'
export const NODE_RUNTIME = 'containerd://1.7.18'

export interface ContainerInfo {
  name: string
  image: string
  ports: { name?: string; containerPort: number; protocol: string; hostPort?: number }[]
  command: string[]
  args: string[]
  env: { name: string; value: string }[]
}

/** What every printer needs, plus the model object behind it. */
export interface Entry {
  type: ResourceType
  name: string
  namespace?: string
  labels: Record<string, string>
  annotations: Record<string, string>
  created: number
  /** the object as `kubectl get -o yaml` shows it */
  object(): Obj
  pod?: Pod
  service?: Service
  slices?: EndpointSlice[]
  slice?: EndpointSlice
  policy?: NetworkPolicy
  node?: Node
  ns?: Namespace
  /** workloads: the pods they own, desired replicas, selector and pod template */
  workload?: { pods: Pod[]; replicas: number; selector: LabelSelector; template: Obj; raw: Obj }
  /** ConfigMaps */
  data?: Record<string, string>
  /** policy kinds beyond NetworkPolicy: the object as stored */
  custom?: KubeObject
}

/** A stable UUID-shaped id for an object (the API server's metadata.uid). */
export function uidOf(key: string): string {
  const h = [0, 1, 2, 3].map((i) => hash32(`${i}:${key}`).toString(16).padStart(8, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

const sortedLabels = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

/** kubectl's labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabelMap(labels: Record<string, string> | undefined): string {
  const e = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '<none>'
}

function containersOf(spec: Obj): ContainerInfo[] {
  return list(spec.containers).map((c) => ({
    name: str(c.name) ?? '',
    image: str(c.image) ?? '',
    ports: list(c.ports).map((p) => {
      const out: ContainerInfo['ports'][number] = {
        containerPort: Number(p.containerPort),
        protocol: str(p.protocol) ?? 'TCP',
      }
      if (str(p.name)) out.name = str(p.name)
      if (typeof p.hostPort === 'number') out.hostPort = p.hostPort
      return out
    }),
    command: Array.isArray(c.command) ? c.command.map(String) : [],
    args: Array.isArray(c.args) ? c.args.map(String) : [],
    env: list(c.env)
      .filter((e) => typeof e.name === 'string')
      .map((e) => ({ name: String(e.name), value: typeof e.value === 'string' ? e.value : '' })),
  }))
}

export class ClusterView {
  readonly cluster: Cluster
  readonly objects: KubeObject[]
  private readonly byKey = new Map<string, KubeObject>()
  private readonly entryCache = new Map<string, Entry[]>()

  constructor(readonly session: LabSession) {
    this.cluster = session.cluster
    const own = session.objects
    const taken = new Set(own.map((o) => objectKey(o.kind, o.namespace, o.name)))
    this.objects = [
      ...builtinObjects(this.cluster).filter((o) => !taken.has(objectKey(o.kind, o.namespace, o.name))),
      ...own,
    ]
    for (const o of this.objects) this.byKey.set(objectKey(o.kind, o.namespace, o.name), o)
  }

  now(): number {
    return this.session.now()
  }

  find(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKey.get(objectKey(kind, namespace, name))
  }

  /** Whether an object comes from the cluster itself rather than from the lab. */
  isBuiltin(kind: string, namespace: string | undefined, name: string): boolean {
    const o = this.find(kind, namespace, name)
    return !!o && o.source.file === '<cluster>'
  }

  created(key: string): number {
    return this.session.createdAt(key)
  }

  /** The pod's template: its own spec and metadata, or its controller's pod template. */
  podTemplate(pod: Pod): { spec: Obj; meta: Obj } {
    const own = this.find('Pod', pod.namespace, pod.name)
    if (own) return { spec: obj(own.raw.spec), meta: obj(own.raw.metadata) }
    const w = pod.workload ? this.find(pod.workload.kind, pod.namespace, pod.workload.name) : undefined
    if (w) {
      const spec = obj(w.raw.spec)
      const t = w.kind === 'CronJob' ? obj(obj(obj(spec.jobTemplate).spec).template) : obj(spec.template)
      return { spec: obj(t.spec), meta: obj(t.metadata) }
    }
    return { spec: {}, meta: {} }
  }

  containers(pod: Pod): ContainerInfo[] {
    const c = containersOf(this.podTemplate(pod).spec)
    return c.length ? c : [{ name: pod.name, image: 'busybox', ports: [], command: [], args: [], env: [] }]
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.cluster.pods.find((p) => p.namespace === namespace && p.name === name)
  }

  namespaceExists(ns: string): boolean {
    return this.cluster.namespaces.some((n) => n.name === ns)
  }

  private annotations(key: string, raw: Obj): Record<string, string> {
    const base = obj(obj(raw.metadata).annotations) as Record<string, string>
    return this.session.metadataOf(key, 'annotations', { ...base })
  }

  private labels(key: string, raw: Obj): Record<string, string> {
    const base = obj(obj(raw.metadata).labels) as Record<string, string>
    return this.session.metadataOf(key, 'labels', { ...base })
  }

  /** Every object of a type, in every namespace, sorted as the API server lists them. */
  entries(t: ResourceType): Entry[] {
    const cached = this.entryCache.get(t.kind)
    if (cached) return cached
    const out = this.build(t)
    out.sort(
      (a, b) =>
        (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    )
    this.entryCache.set(t.kind, out)
    return out
  }

  entry(t: ResourceType, namespace: string | undefined, name: string): Entry | undefined {
    return this.entries(t).find((e) => e.name === name && (!t.namespaced || e.namespace === namespace))
  }

  /** Metadata as the API server returns it. */
  meta(
    e: Pick<Entry, 'type' | 'name' | 'namespace' | 'labels' | 'annotations' | 'created'>,
    extra: Obj = {},
  ) {
    const key = objectKey(e.type.kind, e.namespace, e.name)
    const m: Obj = {}
    if (Object.keys(e.annotations).length) m.annotations = sortedLabels(e.annotations)
    m.creationTimestamp = rfc3339(e.created)
    Object.assign(m, extra)
    if (Object.keys(e.labels).length) m.labels = sortedLabels(e.labels)
    m.name = e.name
    if (e.namespace) m.namespace = e.namespace
    m.resourceVersion = String(1000 + (hash32(`rv:${key}`) % 90000))
    m.uid = uidOf(key)
    return m
  }

  private build(t: ResourceType): Entry[] {
    const c = this.cluster
    switch (t.kind) {
      case 'Pod':
        return c.pods.map((pod) => this.podEntry(t, pod))
      case 'Service':
        return c.services.map((svc) => this.serviceEntry(t, svc))
      case 'Endpoints':
        return this.endpointsEntries(t)
      case 'EndpointSlice':
        return c.endpointSlices.map((s) => this.sliceEntry(t, s))
      case 'NetworkPolicy':
        return c.policies.map((p) => this.policyEntry(t, p))
      case 'Node':
        return c.nodes.map((n) => this.nodeEntry(t, n))
      case 'Namespace':
        return c.namespaces.map((n) => this.namespaceEntry(t, n))
      case 'ConfigMap':
        return this.configMaps(t)
      case 'ReplicaSet':
        return this.replicaSets(t)
      case 'ClusterNetworkPolicy':
      case 'GlobalNetworkPolicy':
      case 'CiliumNetworkPolicy':
        return this.objects.filter((o) => o.kind === t.kind).map((o) => this.customEntry(t, o))
      default:
        return this.objects.filter((o) => o.kind === t.kind).map((o) => this.workloadEntry(t, o))
    }
  }

  private podEntry(t: ResourceType, pod: Pod): Entry {
    const key = objectKey('Pod', pod.namespace, pod.name)
    const { spec, meta } = this.podTemplate(pod)
    const e: Entry = {
      type: t,
      name: pod.name,
      namespace: pod.namespace,
      labels: { ...pod.labels },
      annotations: this.session.metadataOf(key, 'annotations', {
        ...(obj(meta.annotations) as Record<string, string>),
      }),
      created: this.created(key),
      pod,
      object: () => this.podObject(e, pod, spec),
    }
    return e
  }

  private podObject(e: Entry, pod: Pod, spec: Obj): Obj {
    const owner = pod.owner
    const extra: Obj = {}
    if (owner && !this.find('Pod', pod.namespace, pod.name)) {
      if (owner.kind === 'ReplicaSet') extra.generateName = `${owner.name}-`
      extra.ownerReferences = [
        {
          apiVersion: apiVersionOf(TYPE_BY_KIND.get(owner.kind) ?? TYPE_BY_KIND.get('Pod')!),
          blockOwnerDeletion: true,
          controller: true,
          kind: owner.kind,
          name: owner.name,
          uid: uidOf(objectKey(owner.kind, pod.namespace, owner.name)),
        },
      ]
    }
    const containers = list(spec.containers).map((c) => {
      const image = str(c.image) ?? ''
      const out: Obj = {
        ...c,
        image,
        imagePullPolicy:
          str(c.imagePullPolicy) ??
          (/:latest$/.test(image) || !/:[^/]+$/.test(image) ? 'Always' : 'IfNotPresent'),
        resources: obj(c.resources),
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      }
      if (Array.isArray(c.ports))
        out.ports = list(c.ports).map((p) => ({ ...p, protocol: str(p.protocol) ?? 'TCP' }))
      return out
    })
    const started = rfc3339(e.created)
    const ready = pod.ready ? 'True' : 'False'
    const status: Obj = {
      conditions: [
        ['PodReadyToStartContainers', pod.ip ? 'True' : 'False'],
        ['Initialized', 'True'],
        ['Ready', ready],
        ['ContainersReady', ready],
        ['PodScheduled', 'True'],
      ].map(([type, s]) => ({ lastProbeTime: null, lastTransitionTime: started, status: s, type })),
      hostIP: this.nodeIp(pod.nodeName),
      hostIPs: [{ ip: this.nodeIp(pod.nodeName) }],
      phase: pod.phase,
      qosClass: 'BestEffort',
      startTime: started,
    }
    if (pod.ip) {
      status.podIP = pod.ip
      status.podIPs = [{ ip: pod.ip }]
    }
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: this.meta(e, extra),
      spec: {
        ...spec,
        containers,
        dnsPolicy: pod.dnsPolicy,
        enableServiceLinks: pod.enableServiceLinks,
        nodeName: pod.nodeName,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: str(spec.restartPolicy) ?? 'Always',
        schedulerName: 'default-scheduler',
        securityContext: obj(spec.securityContext),
        serviceAccount: str(spec.serviceAccountName) ?? 'default',
        serviceAccountName: str(spec.serviceAccountName) ?? 'default',
        terminationGracePeriodSeconds: 30,
      },
      status,
    }
  }

  private nodeIp(name: string): string {
    return this.cluster.nodes.find((n) => n.name === name)?.ip ?? ''
  }

  private serviceEntry(t: ResourceType, svc: Service): Entry {
    const key = objectKey('Service', svc.namespace, svc.name)
    const raw = this.find('Service', svc.namespace, svc.name)?.raw ?? {}
    const e: Entry = {
      type: t,
      name: svc.name,
      namespace: svc.namespace,
      labels: this.labels(key, raw),
      annotations: this.annotations(key, raw),
      created: this.created(key),
      service: svc,
      object: () => {
        const spec = obj(raw.spec)
        const out: Obj = { ...spec }
        if (svc.clusterIP) {
          out.clusterIP = svc.clusterIP
          out.clusterIPs = [svc.clusterIP]
        }
        if (svc.type !== 'ExternalName') {
          out.internalTrafficPolicy = svc.internalTrafficPolicy
          out.ipFamilies = ['IPv4']
          out.ipFamilyPolicy = 'SingleStack'
        }
        if (svc.type === 'NodePort' || svc.type === 'LoadBalancer')
          out.externalTrafficPolicy = svc.externalTrafficPolicy
        if (svc.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
          out.allocateLoadBalancerNodePorts = true
        if (svc.healthCheckNodePort) out.healthCheckNodePort = svc.healthCheckNodePort
        if (svc.ports.length)
          out.ports = svc.ports.map((p) => {
            const port: Obj = {}
            if (p.name) port.name = p.name
            if (p.nodePort) port.nodePort = p.nodePort
            port.port = p.port
            port.protocol = p.protocol
            port.targetPort = p.targetPort
            return port
          })
        out.sessionAffinity = svc.sessionAffinity
        out.type = svc.type
        const status: Obj = { loadBalancer: {} }
        if (svc.type === 'LoadBalancer' && svc.loadBalancerIPs.length)
          status.loadBalancer = { ingress: svc.loadBalancerIPs.map((ip) => ({ ip, ipMode: 'VIP' })) }
        return { apiVersion: 'v1', kind: 'Service', metadata: this.meta(e), spec: out, status }
      },
    }
    return e
  }

  /** Slices of a Service, in name order. */
  slicesOf(svc: Service): EndpointSlice[] {
    return this.cluster.endpointSlices.filter(
      (s) => s.namespace === svc.namespace && s.serviceName === svc.name,
    )
  }

  private endpointsEntries(t: ResourceType): Entry[] {
    const out: Entry[] = []
    for (const svc of this.cluster.services) {
      const slices = this.slicesOf(svc)
      // The endpoints controller keeps an Endpoints object for every Service with a
      // selector; the API server keeps the `kubernetes` one.
      if (svc.type === 'ExternalName' || (!svc.selector && !slices.length)) continue
      const key = objectKey('Service', svc.namespace, svc.name)
      const e: Entry = {
        type: t,
        name: svc.name,
        namespace: svc.namespace,
        labels: svc.selector ? { ...svc.labels } : { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
        annotations: {},
        created: this.created(key),
        service: svc,
        slices,
        object: () => {
          const subsets = endpointSubsets(slices).map((s) => {
            const sub: Obj = {}
            if (s.ready.length) sub.addresses = s.ready.map((a) => this.endpointAddress(a))
            if (s.notReady.length) sub.notReadyAddresses = s.notReady.map((a) => this.endpointAddress(a))
            sub.ports = s.ports.map((p) => ({
              ...(p.name ? { name: p.name } : {}),
              port: p.port,
              protocol: p.protocol,
            }))
            return sub
          })
          const o: Obj = { apiVersion: 'v1', kind: 'Endpoints', metadata: this.meta(e) }
          if (subsets.length) o.subsets = subsets
          return o
        },
      }
      out.push(e)
    }
    return out
  }

  private endpointAddress(a: { ip: string; nodeName?: string; podId?: string }): Obj {
    const out: Obj = { ip: a.ip }
    if (a.nodeName) out.nodeName = a.nodeName
    if (a.podId) {
      const [namespace, name] = a.podId.split('/')
      out.targetRef = { kind: 'Pod', name, namespace, uid: uidOf(objectKey('Pod', namespace, name!)) }
    }
    return out
  }

  private sliceEntry(t: ResourceType, s: EndpointSlice): Entry {
    const own = this.find('EndpointSlice', s.namespace, s.name)
    const svcKey = objectKey('Service', s.namespace, s.serviceName)
    const key =
      own && own.source.file !== '<cluster>' ? objectKey('EndpointSlice', s.namespace, s.name) : svcKey
    const labels = own
      ? this.labels(key, own.raw)
      : {
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          'kubernetes.io/service-name': s.serviceName,
        }
    const e: Entry = {
      type: t,
      name: s.name,
      namespace: s.namespace,
      labels,
      annotations: own ? this.annotations(key, own.raw) : {},
      created: this.created(key),
      slice: s,
      object: () => {
        if (own) return { ...own.raw, metadata: this.meta(e) }
        const extra: Obj = {
          generateName: `${s.serviceName}-`,
          ownerReferences: [
            {
              apiVersion: 'v1',
              blockOwnerDeletion: true,
              controller: true,
              kind: 'Service',
              name: s.serviceName,
              uid: uidOf(svcKey),
            },
          ],
        }
        return {
          addressType: s.addressType,
          apiVersion: 'discovery.k8s.io/v1',
          endpoints: s.endpoints.map((ep) => {
            const o: Obj = { addresses: ep.addresses, conditions: { ...ep.conditions } }
            if (ep.hostname) o.hostname = ep.hostname
            if (ep.nodeName) o.nodeName = ep.nodeName
            if (ep.podId) {
              const [namespace, name] = ep.podId.split('/')
              o.targetRef = { kind: 'Pod', name, namespace, uid: uidOf(objectKey('Pod', namespace, name!)) }
            }
            return o
          }),
          kind: 'EndpointSlice',
          metadata: this.meta(e, extra),
          ports: s.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })),
        }
      },
    }
    return e
  }

  private policyEntry(t: ResourceType, p: NetworkPolicy): Entry {
    const key = objectKey('NetworkPolicy', p.namespace, p.name)
    const raw = this.find('NetworkPolicy', p.namespace, p.name)?.raw ?? {}
    const e: Entry = {
      type: t,
      name: p.name,
      namespace: p.namespace,
      labels: this.labels(key, raw),
      annotations: this.annotations(key, raw),
      created: this.created(key),
      policy: p,
      object: () => {
        return {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: this.meta(e, { generation: 1 }),
          // NP-04 and NP-17 defaults, and the Go types' omitempty (netpol-object.ts).
          spec: storedPolicySpec(raw.spec, p.policyTypes),
        }
      },
    }
    return e
  }

  /** A policy of another project's API (a CRD, or Calico's API server): stored as written. */
  private customEntry(t: ResourceType, o: KubeObject): Entry {
    const key = objectKey(o.kind, o.namespace, o.name)
    const e: Entry = {
      type: t,
      name: o.name,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      labels: this.labels(key, o.raw),
      annotations: this.annotations(key, o.raw),
      created: this.created(key),
      custom: o,
      object: () => {
        const { apiVersion, kind, metadata, ...rest } = o.raw
        void metadata
        return { apiVersion, kind, metadata: this.meta(e, { generation: 1 }), ...rest }
      },
    }
    return e
  }

  private nodeEntry(t: ResourceType, n: Node): Entry {
    const key = objectKey('Node', undefined, n.name)
    const e: Entry = {
      type: t,
      name: n.name,
      labels: { ...n.labels },
      annotations: this.session.metadataOf(key, 'annotations', {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      }),
      created: this.created(key),
      node: n,
      object: () => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: this.meta(e),
        spec: {
          podCIDR: n.podCIDR,
          podCIDRs: [n.podCIDR],
          ...(n.taints.length ? { taints: n.taints.map((x) => ({ effect: x.effect, key: x.key })) } : {}),
        },
        status: {
          addresses: [
            { address: n.ip, type: 'InternalIP' },
            { address: n.name, type: 'Hostname' },
          ],
          nodeInfo: {
            architecture: 'amd64',
            containerRuntimeVersion: NODE_RUNTIME,
            kernelVersion: NODE_KERNEL,
            kubeProxyVersion: '',
            kubeletVersion: KUBE_VERSION,
            operatingSystem: 'linux',
            osImage: NODE_OS_IMAGE,
          },
        },
      }),
    }
    return e
  }

  private namespaceEntry(t: ResourceType, ns: Namespace): Entry {
    const key = objectKey('Namespace', undefined, ns.name)
    const raw = this.find('Namespace', undefined, ns.name)?.raw ?? {}
    const e: Entry = {
      type: t,
      name: ns.name,
      labels: { ...ns.labels },
      annotations: this.annotations(key, raw),
      created: this.created(key),
      ns,
      object: () => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: this.meta(e),
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      }),
    }
    return e
  }

  private configMaps(t: ResourceType): Entry[] {
    const out: Entry[] = []
    const add = (namespace: string, name: string, data: Record<string, string>, labels = {}) => {
      const e: Entry = {
        type: t,
        name,
        namespace,
        labels,
        annotations: {},
        created: this.created(objectKey('Namespace', undefined, namespace)),
        data,
        object: () => ({ apiVersion: 'v1', data, kind: 'ConfigMap', metadata: this.meta(e) }),
      }
      out.push(e)
    }
    const ca = '-----BEGIN CERTIFICATE-----\n(the cluster CA certificate)\n-----END CERTIFICATE-----\n'
    for (const ns of this.cluster.namespaces) {
      add(ns.name, 'kube-root-ca.crt', { 'ca.crt': ca })
      if (ns.name === 'kube-system') add(ns.name, 'coredns', { Corefile: corefile(this.cluster.config) })
    }
    return out
  }

  private workloadSpec(o: KubeObject) {
    const spec = obj(o.raw.spec)
    const template = o.kind === 'CronJob' ? obj(obj(obj(spec.jobTemplate).spec).template) : obj(spec.template)
    const pods = this.cluster.pods.filter(
      (p) => p.namespace === o.namespace && p.workload?.kind === o.kind && p.workload.name === o.name,
    )
    const replicas =
      o.kind === 'DaemonSet' ? pods.length : typeof spec.replicas === 'number' ? spec.replicas : 1
    return { spec, template, pods, replicas, selector: parseSelector(spec.selector) }
  }

  private workloadEntry(t: ResourceType, o: KubeObject): Entry {
    const key = objectKey(o.kind, o.namespace, o.name)
    const w = this.workloadSpec(o)
    const e: Entry = {
      type: t,
      name: o.name,
      namespace: o.namespace,
      labels: this.labels(key, o.raw),
      annotations: this.annotations(key, o.raw),
      created: this.created(key),
      workload: {
        pods: w.pods,
        replicas: w.replicas,
        selector: w.selector,
        template: w.template,
        raw: o.raw,
      },
      object: () => {
        const ready = w.pods.filter((p) => p.ready).length
        const status: Obj =
          o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'ReplicaSet'
            ? {
                availableReplicas: ready,
                observedGeneration: 1,
                readyReplicas: ready,
                replicas: w.pods.length,
                ...(o.kind === 'ReplicaSet' ? {} : { updatedReplicas: w.pods.length }),
              }
            : o.kind === 'DaemonSet'
              ? {
                  currentNumberScheduled: w.pods.length,
                  desiredNumberScheduled: w.pods.length,
                  numberAvailable: ready,
                  numberMisscheduled: 0,
                  numberReady: ready,
                  observedGeneration: 1,
                  updatedNumberScheduled: w.pods.length,
                }
              : { active: w.pods.length }
        return { ...o.raw, metadata: this.meta(e, { generation: 1 }), status }
      },
    }
    return e
  }

  /** ReplicaSets: the ones written as objects, and those Deployments own. */
  private replicaSets(t: ResourceType): Entry[] {
    const out = this.objects.filter((o) => o.kind === 'ReplicaSet').map((o) => this.workloadEntry(t, o))
    for (const d of this.objects.filter((o) => o.kind === 'Deployment')) {
      const w = this.workloadSpec(d)
      const names = new Set(w.pods.map((p) => p.owner?.name).filter((n): n is string => !!n))
      // A Deployment scaled to zero still has its ReplicaSet; name it after the template hash.
      for (const name of names.size ? names : new Set<string>()) {
        const pods = w.pods.filter((p) => p.owner?.name === name)
        const hash = name.slice(d.name.length + 1)
        const labels = {
          ...(obj(obj(w.template.metadata).labels) as Record<string, string>),
          'pod-template-hash': hash,
        }
        const key = objectKey('Deployment', d.namespace, d.name)
        const selector: LabelSelector = {
          matchLabels: { ...w.selector.matchLabels, 'pod-template-hash': hash },
          matchExpressions: w.selector.matchExpressions,
        }
        const e: Entry = {
          type: t,
          name,
          namespace: d.namespace,
          labels,
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(w.replicas),
            'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas / 4)),
            'deployment.kubernetes.io/revision': '1',
          },
          created: this.created(key),
          workload: { pods, replicas: w.replicas, selector, template: w.template, raw: {} },
          object: () => ({
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            metadata: this.meta(e, {
              generation: 1,
              ownerReferences: [
                {
                  apiVersion: 'apps/v1',
                  blockOwnerDeletion: true,
                  controller: true,
                  kind: 'Deployment',
                  name: d.name,
                  uid: uidOf(key),
                },
              ],
            }),
            spec: {
              replicas: w.replicas,
              selector: { matchLabels: selector.matchLabels },
              template: {
                ...w.template,
                metadata: { ...obj(w.template.metadata), labels },
              },
            },
            status: {
              availableReplicas: pods.filter((p) => p.ready).length,
              fullyLabeledReplicas: pods.length,
              observedGeneration: 1,
              readyReplicas: pods.filter((p) => p.ready).length,
              replicas: pods.length,
            },
          }),
        }
        out.push(e)
      }
    }
    return out
  }
}

export interface Subset {
  ports: { name?: string; port: number; protocol: string }[]
  ready: { ip: string; nodeName?: string; podId?: string }[]
  notReady: { ip: string; nodeName?: string; podId?: string }[]
}

/** The legacy Endpoints subsets the endpoints controller derives: one per port set, addresses sorted. */
export function endpointSubsets(slices: readonly EndpointSlice[]): Subset[] {
  const out: Subset[] = []
  for (const s of slices) {
    if (!s.endpoints.length) continue
    const addr = (ready: boolean) =>
      s.endpoints
        .filter((ep) => ep.conditions.ready === ready && ep.addresses[0])
        .map((ep) => ({ ip: ep.addresses[0]!, nodeName: ep.nodeName, podId: ep.podId }))
        .sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0))
    out.push({ ports: s.ports, ready: addr(true), notReady: addr(false) })
  }
  return out
}

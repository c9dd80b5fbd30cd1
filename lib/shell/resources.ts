// The resource types the simulated API server knows, with the names kubectl accepts for
// them (`po`, `svc`, `netpol`, `networkpolicies.networking.k8s.io`, …) and the way kubectl
// writes them in messages.

export interface ResourceType {
  kind: string
  /** the plural resource name, e.g. `networkpolicies` */
  plural: string
  /** API group, '' for the core group */
  group: string
  version: string
  namespaced: boolean
  short: string[]
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { kind: 'Pod', plural: 'pods', group: '', version: 'v1', namespaced: true, short: ['po'] },
  { kind: 'Service', plural: 'services', group: '', version: 'v1', namespaced: true, short: ['svc'] },
  { kind: 'Endpoints', plural: 'endpoints', group: '', version: 'v1', namespaced: true, short: ['ep'] },
  {
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    group: 'discovery.k8s.io',
    version: 'v1',
    namespaced: true,
    short: [],
  },
  {
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    group: 'networking.k8s.io',
    version: 'v1',
    namespaced: true,
    short: ['netpol'],
  },
  { kind: 'Node', plural: 'nodes', group: '', version: 'v1', namespaced: false, short: ['no'] },
  { kind: 'Namespace', plural: 'namespaces', group: '', version: 'v1', namespaced: false, short: ['ns'] },
  { kind: 'ConfigMap', plural: 'configmaps', group: '', version: 'v1', namespaced: true, short: ['cm'] },
  {
    kind: 'Deployment',
    plural: 'deployments',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    short: ['deploy'],
  },
  {
    kind: 'ReplicaSet',
    plural: 'replicasets',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    short: ['rs'],
  },
  {
    kind: 'StatefulSet',
    plural: 'statefulsets',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    short: ['sts'],
  },
  { kind: 'DaemonSet', plural: 'daemonsets', group: 'apps', version: 'v1', namespaced: true, short: ['ds'] },
  { kind: 'Job', plural: 'jobs', group: 'batch', version: 'v1', namespaced: true, short: [] },
  { kind: 'CronJob', plural: 'cronjobs', group: 'batch', version: 'v1', namespaced: true, short: ['cj'] },
  {
    kind: 'ReplicationController',
    plural: 'replicationcontrollers',
    group: '',
    version: 'v1',
    namespaced: true,
    short: ['rc'],
  },
  // Policy kinds beyond NetworkPolicy, served only where the CNI brings them (the CRD's or
  // the API server's own short names: network-policy-api's CRD declares `cnp`, Cilium's
  // `cnp` and `ciliumnp`; Calico's API server declares none).
  {
    kind: 'ClusterNetworkPolicy',
    plural: 'clusternetworkpolicies',
    group: 'policy.networking.k8s.io',
    version: 'v1alpha2',
    namespaced: false,
    short: ['cnp'],
  },
  {
    kind: 'GlobalNetworkPolicy',
    plural: 'globalnetworkpolicies',
    group: 'projectcalico.org',
    version: 'v3',
    namespaced: false,
    short: [],
  },
  {
    kind: 'CiliumNetworkPolicy',
    plural: 'ciliumnetworkpolicies',
    group: 'cilium.io',
    version: 'v2',
    namespaced: true,
    short: ['cnp', 'ciliumnp'],
  },
]

export const TYPE_BY_KIND: ReadonlyMap<string, ResourceType> = new Map(RESOURCE_TYPES.map((t) => [t.kind, t]))

/** `kubectl get all`: the "all" category, in kubectl's order. */
export const ALL_CATEGORY = [
  'Pod',
  'ReplicationController',
  'Service',
  'DaemonSet',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'CronJob',
  'Job',
]

/** Every name kubectl accepts for a type: plural, singular, short names, with or without the group. */
export function typeNames(t: ResourceType): string[] {
  const singular = t.kind.toLowerCase()
  const base = [t.plural, singular, ...t.short]
  return t.group ? [...base, `${t.plural}.${t.group}`, `${singular}.${t.group}`] : base
}

const BY_NAME = new Map<string, ResourceType[]>()
for (const t of RESOURCE_TYPES)
  for (const n of typeNames(t)) {
    const list = BY_NAME.get(n)
    if (list) list.push(t)
    else BY_NAME.set(n, [t])
  }

// Which kinds the cluster's API server serves: a kind whose CRD is not installed is not a
// resource type at all. kubectl commands run one at a time and synchronously, so the
// command in progress sets it for everything it calls (withServedKinds).
let served: (kind: string) => boolean = () => true

/** Runs `fn` with only the kinds `isServed` accepts known as resource types. */
export function withServedKinds<T>(isServed: (kind: string) => boolean, fn: () => T): T {
  const before = served
  served = isServed
  try {
    return fn()
  } finally {
    served = before
  }
}

/** Whether the API server serves this kind now. */
export function typeServed(t: ResourceType): boolean {
  return served(t.kind)
}

/** The type a name on the command line means (case-insensitive), or undefined. */
export function resolveType(name: string): ResourceType | undefined {
  // `cnp` is ClusterNetworkPolicy's short name and CiliumNetworkPolicy's: the served one wins.
  return BY_NAME.get(name.toLowerCase())?.find((t) => served(t.kind))
}

/** `pods`, `networkpolicies.networking.k8s.io`: what NotFound errors name. */
export function qualifiedPlural(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural
}

/** `pod`, `networkpolicy.networking.k8s.io`: the name printer's resource. */
export function qualifiedSingular(t: ResourceType): string {
  const s = t.kind.toLowerCase()
  return t.group ? `${s}.${t.group}` : s
}

/** `pod/web`, `deployment.apps/web` (`kubectl get -o name`, `label`, `apply`). */
export function nameRef(t: ResourceType, name: string): string {
  return `${qualifiedSingular(t)}/${name}`
}

export function notFound(t: ResourceType, name: string): string {
  return `Error from server (NotFound): ${qualifiedPlural(t)} "${name}" not found`
}

export function unknownType(name: string): string {
  return `error: the server doesn't have a resource type "${name}"`
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version
}

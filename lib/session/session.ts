// A lab's live cluster: the scenario's files, the files the learner edits (applied as they
// type), and what the terminal changed on top (kubectl apply, delete, label, run). The
// simulated cluster is rebuilt from these after every change, keeping the addresses of
// what already existed. Pure and serializable, so a lab survives a reload.
import { buildCluster, builtinObjects } from '../sim/cluster/build'
import { kindServed, noMatchesMessage } from '../sim/cluster/extensions'
import type { CniName } from '../sim/cni/profiles'
import { cniProfile } from '../sim/cni/profiles'
import type { Issue } from '../sim/manifest/issues'
import { loadManifests, loadSource, mergeLoads } from '../sim/manifest/load'
import type { KubeObject, LoadResult, ManifestSource } from '../sim/manifest/load'
import { lookup } from '../sim/model/lookup'
import type { Cluster, LoadBalancerProvider } from '../sim/model/types'

export interface LabFile {
  name: string
  text: string
  /** the learner may change it (in the editor); scenario files are fixed */
  editable: boolean
}

export interface SessionInit {
  files: readonly LabFile[]
  cni: CniName
  nodes?: number
  /** SV-12: what implements LoadBalancer Services (lab.yaml `loadBalancer`); default none: <pending> */
  loadBalancer?: LoadBalancerProvider
  /** milliseconds since the epoch; injected so tests and AGE columns are predictable */
  clock?: () => number
  /**
   * Where each file text's load is kept; sessions over the same files (the grader's, one
   * per attempt) can share one so that a text is parsed and validated once.
   */
  loadCache?: Map<string, LoadResult>
}

/** Everything a learner changed, as plain data. */
export interface SessionState {
  cni: CniName
  /** current text of the editable files */
  files: Record<string, string>
  /** objects applied from the terminal, by key, as the JSON of the object */
  applied: Record<string, string>
  /** keys of objects deleted from the terminal */
  deleted: string[]
  /** label changes on live objects (`Pod/ns/name` → key → value or null) */
  labels: Record<string, Record<string, string | null>>
  annotations: Record<string, Record<string, string | null>>
  /** when each object first appeared, ms since the epoch */
  created: Record<string, number>
  /** controller slots whose pod was deleted, with how often (the controller replaced it) */
  replaced?: Record<string, number>
  /** pod replacements, oldest first, for `kubectl get pods -w` */
  podEvents?: PodReplacement[]
  /** how many podEvents a watch has already shown */
  watched?: number
}

/** A controller-owned pod deleted and the pod its controller created in its place. */
export interface PodReplacement {
  namespace: string
  /** the deleted pod */
  old: string
  /** its replacement (the same name for a StatefulSet) */
  new: string
  /** when the old pod started, and when it was deleted (ms since the epoch) */
  oldCreated: number
  at: number
  /** the old pod's address and node */
  oldIp: string
  oldNode: string
}

const MAX_POD_EVENTS = 100

export type ApplyAction = 'created' | 'configured' | 'unchanged'

export interface ApplyResult {
  /** one line per object, as kubectl prints: `networkpolicy.networking.k8s.io/deny created` */
  lines: string[]
  /** problems, worded as kubectl prints them */
  errors: Issue[]
  warnings: Issue[]
}

/** `Kind/namespace/name` (namespace empty for cluster-scoped kinds). */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`
}

const GROUP: Record<string, string> = {
  ClusterNetworkPolicy: 'policy.networking.k8s.io',
  GlobalNetworkPolicy: 'projectcalico.org',
  CiliumNetworkPolicy: 'cilium.io',
  Deployment: 'apps',
  ReplicaSet: 'apps',
  StatefulSet: 'apps',
  DaemonSet: 'apps',
  Job: 'batch',
  CronJob: 'batch',
  NetworkPolicy: 'networking.k8s.io',
  EndpointSlice: 'discovery.k8s.io',
}

/** kubectl's `kind.group` form, e.g. `networkpolicy.networking.k8s.io`. */
export function resourceName(kind: string): string {
  const g = GROUP[kind]
  return g ? `${kind.toLowerCase()}.${g}` : kind.toLowerCase()
}

/** The plural resource kubectl names in NotFound errors, e.g. `networkpolicies.networking.k8s.io`. */
export function pluralResource(kind: string): string {
  const lower = kind.toLowerCase()
  const plural = lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`
  const g = GROUP[kind]
  return g ? `${plural}.${g}` : plural
}

const SCENARIO_AGE_MS = 12 * 60 * 1000

// The state is plain JSON by design, so a JSON round trip is a faithful deep copy (and
// available everywhere the session runs).
function cloneState(s: SessionState): SessionState {
  return JSON.parse(JSON.stringify(s)) as SessionState
}

function emptyState(cni: CniName): SessionState {
  return { cni, files: {}, applied: {}, deleted: [], labels: {}, annotations: {}, created: {} }
}

export class LabSession {
  readonly scenario: readonly LabFile[]
  private state: SessionState
  private readonly clock: () => number
  private readonly nodes: number | undefined
  private readonly loadBalancer: LoadBalancerProvider | undefined
  private readonly startedAt: number
  private built?: { cluster: Cluster; objects: KubeObject[]; issues: Issue[] }
  private previous?: Cluster
  private listeners = new Set<() => void>()
  /** bumps on every change; React subscribes to it */
  version = 0

  constructor(init: SessionInit, state?: SessionState) {
    this.scenario = init.files
    this.clock = init.clock ?? (() => Date.now())
    this.nodes = init.nodes
    this.loadBalancer = init.loadBalancer
    this.startedAt = this.clock()
    this.loads = init.loadCache ?? new Map()
    this.state = state ? cloneState(state) : emptyState(init.cni)
    for (const f of init.files)
      if (f.editable && this.state.files[f.name] === undefined) this.state.files[f.name] = f.text
  }

  // ---- reading ----

  get cni(): CniName {
    return this.state.cni
  }

  /** The files as they are now (editable ones with the learner's text). */
  get files(): LabFile[] {
    return this.scenario.map((f) => (f.editable ? { ...f, text: this.state.files[f.name] ?? f.text } : f))
  }

  file(name: string): LabFile | undefined {
    return this.files.find((f) => f.name === name)
  }

  get cluster(): Cluster {
    return this.build().cluster
  }

  /** Every object in the cluster now, after the terminal's changes. */
  get objects(): KubeObject[] {
    return this.build().objects
  }

  /** Problems in the files and in what was applied (not the terminal's rejected input). */
  get issues(): Issue[] {
    return this.build().issues
  }

  /** Issues of one file, for editor markers. */
  issuesOf(file: string): Issue[] {
    return this.issues.filter((i) => i.source?.file === file)
  }

  /** An object of the cluster: from the files, the terminal, or what a fresh cluster holds. */
  find(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = objectKey(kind, namespace, name)
    const own = this.objects.find((o) => objectKey(o.kind, o.namespace, o.name) === key)
    if (own) return own
    if (this.state.deleted.includes(key)) return undefined
    return builtinObjects(this.cluster).find((o) => objectKey(o.kind, o.namespace, o.name) === key)
  }

  /** When an object (or a pod, by `Pod/ns/name`) appeared. */
  createdAt(key: string): number {
    return this.state.created[key] ?? this.startedAt - SCENARIO_AGE_MS
  }

  /** An object's labels or annotations with the terminal's changes applied. */
  metadataOf(
    key: string,
    field: 'labels' | 'annotations',
    base: Record<string, string> = {},
  ): Record<string, string> {
    const patch = this.state[field][key]
    if (!patch) return base
    const out = { ...base }
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete out[k]
      else out[k] = v
    }
    return out
  }

  now(): number {
    return this.clock()
  }

  snapshot(): SessionState {
    return cloneState(this.state)
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  // ---- changing ----

  /** The learner edited a file: it applies at once, as a lab has no Apply button. */
  setFile(name: string, text: string): void {
    const f = this.scenario.find((x) => x.name === name)
    if (!f?.editable || this.state.files[name] === text) return
    this.state.files[name] = text
    // The file is the truth for what it defines: an edit brings back what was deleted from
    // the terminal and takes over from what was applied there.
    const keys = new Set(
      this.load([{ file: name, text }]).objects.map((o) => objectKey(o.kind, o.namespace, o.name)),
    )
    this.state.deleted = this.state.deleted.filter((k) => !keys.has(k))
    for (const k of keys) delete this.state.applied[k]
    this.changed()
  }

  setCni(cni: CniName): void {
    if (this.state.cni === cni) return
    this.state.cni = cni
    this.previous = undefined
    this.changed()
  }

  /** `kubectl apply -f`: objects are created, configured or left unchanged. */
  apply(sources: readonly ManifestSource[]): ApplyResult {
    const loaded = loadManifests(sources)
    const result: ApplyResult = {
      lines: [],
      errors: loaded.issues.filter((i) => i.severity === 'error'),
      warnings: loaded.issues.filter((i) => i.severity === 'warning'),
    }
    const namespaces = new Set(this.cluster.namespaces.map((n) => n.name))
    // What each object is now, to tell created from configured from unchanged; kept up to
    // date through the loop so that one object applied twice reads as kubectl would.
    const current = new Map<string, string>()
    for (const o of [...builtinObjects(this.cluster), ...this.objects]) {
      const key = objectKey(o.kind, o.namespace, o.name)
      if (!this.state.deleted.includes(key)) current.set(key, JSON.stringify(o.raw))
    }
    const cni = this.cluster.cni
    for (const o of loaded.objects) {
      // A kind whose CRD this cluster's CNI does not install: kubectl finds no mapping for it.
      if (!kindServed(cni, o.kind)) {
        result.errors.push({
          severity: 'error',
          code: 'unknown-kind',
          message: noMatchesMessage(o, o.source.file),
          summary: `no matches for kind "${o.kind}" in version "${o.apiVersion}"`,
          kind: o.kind,
          name: o.name,
          namespace: o.namespace,
          source: o.source,
        })
        continue
      }
      if (o.kind === 'Namespace') namespaces.add(o.name)
      if (o.namespace && !namespaces.has(o.namespace)) {
        result.errors.push({
          severity: 'error',
          code: 'invalid',
          message: `Error from server (NotFound): error when creating "${o.source.file}": namespaces "${o.namespace}" not found`,
          summary: `namespaces "${o.namespace}" not found`,
          kind: o.kind,
          name: o.name,
          namespace: o.namespace,
          source: o.source,
        })
        continue
      }
      const key = objectKey(o.kind, o.namespace, o.name)
      const json = JSON.stringify(o.raw)
      const before = current.get(key)
      const action: ApplyAction =
        before === undefined ? 'created' : before === json ? 'unchanged' : 'configured'
      current.set(key, json)
      this.state.applied[key] = json
      this.state.deleted = this.state.deleted.filter((k) => k !== key)
      if (action === 'created') this.state.created[key] = this.clock()
      result.lines.push(`${resourceName(o.kind)}/${o.name} ${action}`)
    }
    if (result.lines.length) this.changed()
    return result
  }

  /** `kubectl delete`; false when there is no such object. */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    if (!this.find(kind, namespace, name)) return false
    const key = objectKey(kind, namespace, name)
    delete this.state.applied[key]
    this.state.deleted.push(key)
    this.changed()
    return true
  }

  /** Label or annotation changes on a live object; `target` is `Pod/ns/name`, `Namespace//name`, … */
  patchMetadata(
    target: string,
    field: 'labels' | 'annotations',
    changes: Record<string, string | null>,
  ): void {
    const current = this.state[field][target] ?? {}
    this.state[field][target] = { ...current, ...changes }
    this.changed()
  }

  /**
   * `kubectl delete` of a pod a controller owns (Deployment, ReplicaSet, StatefulSet,
   * DaemonSet, Job): the controller creates a replacement in the same slot, with a new
   * name (a StatefulSet's keeps the name) and a new address. Returns the replacement's
   * name, or undefined when the pod has no controller here.
   */
  replacePod(namespace: string, name: string): string | undefined {
    const pod = lookup(this.cluster).pod.get(`${namespace}/${name}`)
    if (!pod?.slot) return undefined
    const oldCreated = this.createdAt(`Pod/${namespace}/${name}`)
    const replaced = (this.state.replaced ??= {})
    replaced[pod.slot] = (replaced[pod.slot] ?? 0) + 1
    // A StatefulSet's replacement has the same name but is a new pod: its age starts now.
    delete this.state.created[`Pod/${namespace}/${name}`]
    this.changed()
    const next = this.cluster.pods.find((p) => p.slot === pod.slot)
    if (!next) return undefined
    this.state.created[`Pod/${namespace}/${next.name}`] = this.clock()
    const events = (this.state.podEvents ??= [])
    events.push({
      namespace,
      old: name,
      new: next.name,
      oldCreated,
      at: this.clock(),
      oldIp: pod.ip,
      oldNode: pod.nodeName,
    })
    if (events.length > MAX_POD_EVENTS) {
      const drop = events.length - MAX_POD_EVENTS
      events.splice(0, drop)
      this.state.watched = Math.max(0, (this.state.watched ?? 0) - drop)
    }
    return next.name
  }

  /** Pod replacements no watch has shown yet; they count as shown from now on. */
  takePodEvents(): PodReplacement[] {
    const events = this.state.podEvents ?? []
    const fresh = events.slice(this.state.watched ?? 0)
    this.state.watched = events.length
    return fresh
  }

  /** Remembers when a pod started (for AGE), e.g. one created by `kubectl run`. */
  touch(key: string): void {
    this.state.created[key] ??= this.clock()
  }

  /** Back to the lab's start. */
  reset(): void {
    this.state = emptyState(this.state.cni)
    for (const f of this.scenario) if (f.editable) this.state.files[f.name] = f.text
    this.previous = undefined
    this.changed()
  }

  /** Puts back a state saved earlier (the attempt before a reset). */
  restore(state: SessionState): void {
    this.state = cloneState(state)
    this.previous = undefined
    this.changed()
  }

  // ---- internals ----

  private changed(): void {
    if (this.built) this.previous = this.built.cluster
    this.built = undefined
    this.version++
    for (const fn of [...this.listeners]) fn()
  }

  // Parsing and validating is most of a rebuild. Each text's load is kept until that text
  // changes: an edit re-reads one file, a label, a delete or a CNI switch none.
  private loads: Map<string, LoadResult>

  private load(sources: ManifestSource[]): LoadResult {
    const keep = new Map<string, LoadResult>()
    const results = sources.map((src) => {
      const key = `${src.file}\u0000${src.text}`
      const r = this.loads.get(key) ?? loadSource(src)
      keep.set(key, r)
      return r
    })
    for (const [k, r] of keep) this.loads.set(k, r)
    // Forget texts no longer in use (older versions of an edited file), keeping the others.
    if (this.loads.size > keep.size + 64)
      for (const k of [...this.loads.keys()]) if (!keep.has(k)) this.loads.delete(k)
    return mergeLoads(results)
  }

  private build() {
    if (this.built) return this.built
    const fromFiles = this.load(this.files.map((f) => ({ file: f.name, text: f.text })))
    const byKey = new Map<string, KubeObject>()
    for (const o of fromFiles.objects) byKey.set(objectKey(o.kind, o.namespace, o.name), o)
    const applied = this.load(Object.entries(this.state.applied).map(([key, text]) => ({ file: key, text })))
    for (const o of applied.objects) byKey.set(objectKey(o.kind, o.namespace, o.name), o)
    for (const key of this.state.deleted) byKey.delete(key)
    const objects = [...byKey.values()]
    const cluster = buildCluster(objects, {
      cni: cniProfile(this.state.cni),
      removed: new Set(this.state.deleted),
      ...(this.nodes ? { nodes: this.nodes } : {}),
      ...(this.loadBalancer ? { config: { loadBalancerProvider: this.loadBalancer } } : {}),
      ...(this.previous ? { previous: this.previous } : {}),
      labelPatches: this.state.labels,
      ...(this.state.replaced ? { replacements: this.state.replaced } : {}),
    })
    for (const p of cluster.pods) {
      const key = `Pod/${p.namespace}/${p.name}`
      if (this.state.created[key] === undefined && this.previous && !lookup(this.previous).pod.has(p.id))
        this.state.created[key] = this.clock()
    }
    this.built = { cluster, objects, issues: [...fromFiles.issues, ...cluster.issues] }
    return this.built
  }
}

// Workload controllers become the pods they would create: replicas of the template, with
// the names and extra labels the real controllers give them.
import type { KubeObject } from '../manifest/load'
import type { SourceRef } from '../manifest/issues'
import type { OwnerRef } from '../model/types'
import { hash32, nameSuffix, templateHash } from '../util/hash'
import { list, obj } from '../util/json'
import type { JsonMap } from '../util/json'

/** A pod before scheduling and address assignment. */
export interface PodSeed {
  namespace: string
  name: string
  labels: Record<string, string>
  /** the PodSpec as written */
  spec: Record<string, unknown>
  /** the Pod's status as written (only for Pod objects) */
  status?: Record<string, unknown>
  /** true when metadata.deletionTimestamp is set */
  terminating: boolean
  owner?: OwnerRef
  workload?: OwnerRef
  /** DaemonSet pods are pinned to one node each */
  nodeName?: string
  /** StatefulSet ordinal, for the pod's stable hostname */
  ordinal?: number
  /** a StatefulSet's serviceName: the pod's DNS subdomain */
  subdomain?: string
  /**
   * The controller's place for this pod (`ns/Kind/name#replica`, or `#node` for a
   * DaemonSet): when the pod is deleted, the controller fills the same place again.
   */
  slot?: string
  /** how many times the pod in this slot was deleted and replaced */
  generation?: number
  source: SourceRef
}

export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'ReplicationController',
  'Job',
  'CronJob',
])

type Obj = JsonMap

function templateOf(o: KubeObject): Obj {
  const spec = obj(o.raw.spec)
  if (o.kind === 'CronJob') return obj(obj(obj(spec.jobTemplate).spec).template)
  return obj(spec.template)
}

function replicasOf(o: KubeObject): number {
  const spec = obj(o.raw.spec)
  if (o.kind === 'Job' || o.kind === 'CronJob') {
    const job = o.kind === 'CronJob' ? obj(obj(spec.jobTemplate).spec) : spec
    const p = job.parallelism
    return typeof p === 'number' ? p : 1
  }
  const r = spec.replicas
  return typeof r === 'number' ? r : 1
}

/** Caps replicas so that a typo like `replicas: 100000` cannot freeze a browser tab. */
export const MAX_REPLICAS = 2000

export interface ExpandOptions {
  /** node names a DaemonSet's pods go to (already filtered for the template's tolerations) */
  daemonSetNodes: (template: Obj) => string[]
  /**
   * netpol-analyzer's convention: a workload is one pod, or two when replicas > 1, so that
   * traffic between replicas is visible without listing them all.
   */
  representativeReplicas?: boolean
  /** how often the pod of a slot was deleted, so its controller made a new one (new name, or for a StatefulSet a new pod of the same name) */
  generationOf?: (slot: string) => number
}

/** Expands one workload object into pod seeds. */
export function expandWorkload(o: KubeObject, opts: ExpandOptions): { seeds: PodSeed[]; capped?: number } {
  const template = templateOf(o)
  const meta = obj(template.metadata)
  const spec = obj(template.spec)
  const baseLabels = { ...(obj(meta.labels) as Record<string, string>) }
  const ns = o.namespace ?? 'default'
  const workload: OwnerRef = { kind: o.kind, name: o.name }
  const seeds: PodSeed[] = []
  const gen = (slot: string) => opts.generationOf?.(slot) ?? 0
  // A replacement pod gets a new random suffix from its controller; the first one keeps the
  // suffix it always had.
  const suffix = (slot: string) => nameSuffix(gen(slot) ? `${slot}#${gen(slot)}` : slot)
  const seed = (
    name: string,
    labels: Record<string, string>,
    owner: OwnerRef,
    extra: Partial<PodSeed> & { slot: string },
  ) =>
    seeds.push({
      generation: gen(extra.slot),
      namespace: ns,
      name,
      labels,
      spec,
      terminating: false,
      owner,
      workload,
      source: o.source,
      ...extra,
    })

  let replicas = Math.max(0, replicasOf(o))
  if (opts.representativeReplicas) replicas = Math.min(replicas, 2)
  let capped: number | undefined
  if (replicas > MAX_REPLICAS) {
    capped = replicas
    replicas = MAX_REPLICAS
  }
  const key = `${ns}/${o.kind}/${o.name}`
  // Like pod-template-hash, the revision follows the template: changing it rolls out new pods.
  const revision = `${key}#${JSON.stringify(template)}`

  switch (o.kind) {
    case 'Deployment': {
      const hash = templateHash(revision)
      const rs = `${o.name}-${hash}`
      for (let i = 0; i < replicas; i++)
        seed(
          `${rs}-${suffix(`${key}#${i}`)}`,
          { ...baseLabels, 'pod-template-hash': hash },
          { kind: 'ReplicaSet', name: rs },
          { slot: `${key}#${i}` },
        )
      break
    }
    case 'StatefulSet': {
      const rev = `${o.name}-${templateHash(revision)}`
      for (let i = 0; i < replicas; i++) {
        const name = `${o.name}-${i}`
        seed(
          name,
          {
            ...baseLabels,
            'apps.kubernetes.io/pod-index': String(i),
            'controller-revision-hash': rev,
            'statefulset.kubernetes.io/pod-name': name,
          },
          workload,
          typeof obj(o.raw.spec).serviceName === 'string'
            ? { ordinal: i, subdomain: obj(o.raw.spec).serviceName as string, slot: `${key}#${i}` }
            : { ordinal: i, slot: `${key}#${i}` },
        )
      }
      break
    }
    case 'DaemonSet': {
      const nodes = opts.daemonSetNodes(template)
      const list = opts.representativeReplicas ? nodes.slice(0, 1) : nodes
      for (const node of list)
        seed(
          `${o.name}-${suffix(`${key}#${node}`)}`,
          {
            ...baseLabels,
            'controller-revision-hash': templateHash(revision),
            'pod-template-generation': '1',
          },
          workload,
          { nodeName: node, slot: `${key}#${node}` },
        )
      break
    }
    case 'Job':
    case 'CronJob': {
      // A CronJob's pods belong to the Job of its latest run, named after the scheduled
      // time in minutes since the epoch.
      const job = o.kind === 'CronJob' ? `${o.name}-${29_000_000 + (hash32(key) % 1_000_000)}` : o.name
      const jobLabels = { 'batch.kubernetes.io/job-name': job, 'job-name': job }
      for (let i = 0; i < replicas; i++)
        seed(
          `${job}-${suffix(`${key}#${i}`)}`,
          { ...baseLabels, ...jobLabels },
          { kind: 'Job', name: job },
          { slot: `${key}#${i}` },
        )
      break
    }
    default: {
      // ReplicaSet and ReplicationController: name-xxxxx
      for (let i = 0; i < replicas; i++)
        seed(`${o.name}-${suffix(`${key}#${i}`)}`, { ...baseLabels }, workload, { slot: `${key}#${i}` })
    }
  }
  return capped ? { seeds, capped } : { seeds }
}

/** A Pod object as a seed; its ownerReferences name its controller. */
export function podSeed(o: KubeObject): PodSeed {
  const meta = obj(o.raw.metadata)
  const refs = list(meta.ownerReferences)
  const ctrl = refs.find((r) => r.controller === true) ?? refs[0]
  const owner: OwnerRef | undefined = ctrl
    ? { kind: typeof ctrl.kind === 'string' && ctrl.kind ? ctrl.kind : 'Pod', name: String(ctrl.name ?? '') }
    : undefined
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    labels: { ...o.labels },
    spec: obj(o.raw.spec),
    status: obj(o.raw.status),
    terminating: typeof meta.deletionTimestamp === 'string',
    owner,
    workload: owner,
    source: o.source,
  }
}

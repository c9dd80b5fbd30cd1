// The Service environment variables kubelet gives a container (SV-15): `WEB_SERVICE_HOST`,
// `WEB_SERVICE_PORT` and the Docker-link style `WEB_PORT_80_TCP…`, for the Services of the
// pod's namespace plus `default/kubernetes`, and only for Services that already existed.
//
// When a pod was created relative to the Services is not in the model, so it is an option.
// kubelet fills the variables in when it starts the container, from the Services it knows
// at that moment; what decides is therefore the order of the `kubectl apply` steps, not the
// order of documents within one step:
// - Everything applied in one go (the default): `kubectl apply` sends every object within
//   milliseconds, and the pods are created by controllers, scheduled and started after
//   that, so each pod sees every Service, even one written below it in the file.
// - A lab that applies in steps lists its files in order (`appliedFiles`): a pod sees the
//   Services of its own step and the earlier ones. Or it gives the pod's place in the
//   creation order directly (`podCreatedIndex`, on the scale of `Service.createdIndex`).
import type { SourceRef } from '../manifest/issues'
import type { Cluster, Pod, Service } from '../model/types'
import { byCodeUnit } from '../util/json'

export interface EnvVar {
  name: string
  value: string
}

export interface ServiceEnvOptions {
  /**
   * The pod's place in the creation order, on the scale of `Service.createdIndex`: the pod
   * sees the Services whose `createdIndex` is lower. Wins over `appliedFiles`.
   */
  podCreatedIndex?: number
  /**
   * The manifest files in the order they were applied, one `kubectl apply` each: the pod
   * sees the Services of its own file and of earlier ones (the built-in Services always).
   * A file not listed counts as applied last.
   */
  appliedFiles?: readonly string[]
  /**
   * Overrides the pod's `spec.enableServiceLinks`. When false, only the `kubernetes`
   * Service's variables are set.
   */
  enableServiceLinks?: boolean
}

/** The Services whose variables kubelet always sets, from the `default` namespace. */
const MASTER_SERVICES = new Set(['kubernetes'])

/** kubelet's makeEnvVariableName: `my-web` → `MY_WEB`. */
export function envVarName(serviceName: string): string {
  return serviceName.replace(/-/g, '_').toUpperCase()
}

/** The variables for one Service, in kubelet's order (envvars.FromServices). */
export function serviceEnvVars(svc: Service): EnvVar[] {
  const ip = svc.clusterIP
  if (!ip || ip === 'None' || !svc.ports.length) return []
  const prefix = envVarName(svc.name)
  const out: EnvVar[] = [
    { name: `${prefix}_SERVICE_HOST`, value: ip },
    { name: `${prefix}_SERVICE_PORT`, value: String(svc.ports[0]!.port) },
  ]
  for (const p of svc.ports)
    if (p.name) out.push({ name: `${prefix}_SERVICE_PORT_${envVarName(p.name)}`, value: String(p.port) })
  // Docker link variables; Docker special-cases the first port.
  svc.ports.forEach((p, i) => {
    const proto = p.protocol.toLowerCase()
    const url = `${proto}://${ip}:${p.port}`
    if (i === 0) out.push({ name: `${prefix}_PORT`, value: url })
    const pp = `${prefix}_PORT_${p.port}_${p.protocol}`
    out.push(
      { name: pp, value: url },
      { name: `${pp}_PROTO`, value: proto },
      { name: `${pp}_PORT`, value: String(p.port) },
      { name: `${pp}_ADDR`, value: ip },
    )
  })
  return out
}

/**
 * The Services a pod's containers get variables for: those with a ClusterIP (not headless,
 * not ExternalName) in the pod's namespace, plus `default/kubernetes`, that were created
 * before the pod. A same-namespace Service wins over a master Service of the same name.
 */
export function servicesVisibleTo(cluster: Cluster, pod: Pod, options: ServiceEnvOptions = {}): Service[] {
  const links = options.enableServiceLinks ?? pod.enableServiceLinks
  const createdBefore = (svc: Service): boolean => {
    if (options.podCreatedIndex !== undefined) return svc.createdIndex < options.podCreatedIndex
    if (options.appliedFiles) {
      const podStep = pod.source ? step(pod.source, options.appliedFiles) : Infinity
      return step(svc.source, options.appliedFiles) <= podStep
    }
    return true
  }
  const byName = new Map<string, Service>()
  for (const svc of cluster.services) {
    if (!svc.clusterIP || svc.clusterIP === 'None' || !createdBefore(svc)) continue
    if (svc.namespace === pod.namespace && links) byName.set(svc.name, svc)
    else if (svc.namespace === 'default' && MASTER_SERVICES.has(svc.name) && !byName.has(svc.name))
      byName.set(svc.name, svc)
  }
  return [...byName.values()].sort((a, b) => byCodeUnit(a.name, b.name))
}

/** SV-15: the Service environment variables a pod's containers start with. */
export function serviceEnv(cluster: Cluster, pod: Pod, options: ServiceEnvOptions = {}): EnvVar[] {
  return servicesVisibleTo(cluster, pod, options).flatMap(serviceEnvVars)
}

/** The same as a plain object, for lookups and `env` listings. */
export function serviceEnvMap(
  cluster: Cluster,
  pod: Pod,
  options: ServiceEnvOptions = {},
): Record<string, string> {
  return Object.fromEntries(serviceEnv(cluster, pod, options).map((v) => [v.name, v.value]))
}

/** The file of the objects the simulator adds itself (system namespaces, kube-dns, `kubernetes`). */
const BUILTIN_FILE = '<cluster>'

/** Which apply step an object came in: the built-ins first, then the listed files, then the rest. */
function step(ref: SourceRef | undefined, files: readonly string[]): number {
  if (!ref || ref.file === BUILTIN_FILE) return -1
  const i = files.indexOf(ref.file)
  return i < 0 ? files.length : i
}

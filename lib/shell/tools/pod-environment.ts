// The environment variables of a container.
import { serviceEnvVars, servicesVisibleTo } from '../../sim/simulate/service-env'
import { hostnameOf } from './pod-files'
import type { PodEnv } from './tool'

/** The container's environment: kubelet's variables, the Service links (SV-15), the image's own. */
export function podEnvironment(env: PodEnv): [string, string][] {
  const { view, pod } = env
  const podCreated = view.created(`Pod/${pod.namespace}/${pod.name}`)
  // Services created after the pod are not in its environment (SV-15).
  const services = servicesVisibleTo(view.cluster, pod).filter(
    (s) => view.created(`Service/${s.namespace}/${s.name}`) <= podCreated,
  )
  return [
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', hostnameOf(pod)],
    ...env.container.env.map((e): [string, string] => [e.name, e.value]),
    ...services.flatMap(serviceEnvVars).map((v): [string, string] => [v.name, v.value]),
    ['HOME', '/root'],
  ]
}

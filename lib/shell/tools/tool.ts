// What every in-pod tool gets: the pod it runs in, the cluster around it, and where to print.
import type { Pod } from '../../sim/model/types'
import type { Ctx, Exec } from '../io'
import type { ClusterView, ContainerInfo } from '../view'

export interface PodEnv {
  ctx: Ctx
  view: ClusterView
  pod: Pod
  container: ContainerInfo
  /** stdout goes to the terminal (not into a pipe or a file) */
  stdoutIsTerminal: boolean
}

export type Tool = (env: PodEnv, args: string[]) => Exec

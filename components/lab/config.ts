// What a lab needs in the browser: everything the server read from the scenario folder
// and the MDX tag, as plain props.
import type { CniName } from '@/lib/sim/cni/profiles'
import type { FlowSpec } from '@/lib/session/flows'
import type { SessionInit } from '@/lib/session/session'
import type { LoadBalancerProvider } from '@/lib/sim/model/types'

export type Panel = 'cluster' | 'editor' | 'terminal' | 'traffic'

export interface LabConfig {
  id: string
  title: string
  description?: string
  cni: CniName
  nodes?: number
  /**
   * SV-12: lab.yaml's `loadBalancer` (`cloud` or `metallb`) gives LoadBalancer Services an
   * address from the pool; left out (or `none`), EXTERNAL-IP stays `<pending>`.
   */
  loadBalancer?: LoadBalancerProvider
  panels: Panel[]
  files: { name: string; text: string; editable: boolean }[]
  flows: FlowSpec[]
}

/** The lab's cluster as the session builds it: its files and the scenario's settings. */
export function sessionInit(config: LabConfig): SessionInit {
  return {
    files: config.files,
    cni: config.cni,
    ...(config.nodes ? { nodes: config.nodes } : {}),
    ...(config.loadBalancer ? { loadBalancer: config.loadBalancer } : {}),
  }
}

export type { FlowSpec }

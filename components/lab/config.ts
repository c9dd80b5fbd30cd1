// What a lab needs in the browser: everything the server read from the scenario folder
// and the MDX tag, as plain props.
import type { CniName } from '@/lib/sim/cni/profiles'
import type { FlowSpec } from '@/lib/session/flows'

export type Panel = 'cluster' | 'editor' | 'terminal' | 'traffic'

export interface LabConfig {
  id: string
  title: string
  description?: string
  cni: CniName
  nodes?: number
  panels: Panel[]
  files: { name: string; text: string; editable: boolean }[]
  flows: FlowSpec[]
}

export type { FlowSpec }

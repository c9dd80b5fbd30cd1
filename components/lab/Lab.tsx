// <Lab> in MDX: reads the scenario on the server (at build time) and hands the browser a
// small island that loads the simulator, editor and terminal only when the lab is near
// the screen.
import { readScenario } from '@/lib/scenarios/scenarios'
import type { CniName } from '@/lib/sim/cni/profiles'
import type { FlowSpec, LabConfig, Panel } from './config'
import { LabIsland } from './LabIsland'

export interface LabProps {
  /** stable id: the learner's edits are saved under it */
  id: string
  /** folder under content/scenarios/ holding the lab's manifests (and lab.yaml) */
  scenario: string
  /** overrides lab.yaml */
  cni?: CniName
  panels?: Panel[]
  /** files of the scenario the learner may edit (the editor's tabs) */
  editable?: string[]
  /** the flows the traffic panel watches */
  flows?: FlowSpec[]
  title?: string
}

export function labConfig(props: LabProps): LabConfig {
  const sc = readScenario(props.scenario)
  const editable = props.editable ? new Set(props.editable) : undefined
  return {
    id: props.id,
    title: props.title ?? sc.title,
    ...(sc.description ? { description: sc.description } : {}),
    cni: props.cni ?? sc.cni,
    ...(sc.nodes ? { nodes: sc.nodes } : {}),
    ...(sc.loadBalancer ? { loadBalancer: sc.loadBalancer } : {}),
    panels: props.panels ?? sc.panels,
    files: sc.files.map((f) => ({ ...f, editable: editable ? editable.has(f.name) : f.editable })),
    flows: props.flows ?? sc.flows,
  }
}

export function Lab(props: LabProps) {
  return <LabIsland config={labConfig(props)} />
}

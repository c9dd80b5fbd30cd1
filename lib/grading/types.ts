// The grader's data: an exercise ready to grade (its file read and its starting files
// resolved), the learner's changes, and what grading says about them.
import type { CniName } from '../sim/cni/profiles'
import type { LabFile, SessionState } from '../session/session'
import type { LoadBalancerProvider } from '../sim/model/types'
import type { Check, ExerciseSpec, WrongAnswer } from './schema'

export type { Check, WrongAnswer }

/** An exercise as the grader takes it: the file's fields, with every default filled in. */
export interface Exercise extends Omit<ExerciseSpec, 'files' | 'editable' | 'cni' | 'frozen' | 'hints'> {
  cni: CniName
  /** the files the learner edits */
  editable: string[]
  /** objects that must not change, as `Kind/namespace/name` */
  frozen: string[]
  hints: string[]
  /** every file the exercise starts from: the scenario's, with the exercise's overrides */
  startFiles: LabFile[]
  /** nodes of the simulated cluster, from the scenario */
  nodes?: number
  /** what implements LoadBalancer Services, from the scenario (SV-12) */
  loadBalancer?: LoadBalancerProvider
  /** the exercise file, e.g. `content/scenarios/shop/exercises/np-deny-all-to-db.yaml` */
  source: string
  /** where each starting file's text comes from: a path, or `<exercise file>#files.<name>` */
  startSources: Record<string, string>
}

/**
 * The learner's changes, as a lab session records them (a session's `snapshot()` will do):
 * the text of edited files (a missing file means its starting version) and what the
 * terminal applied, deleted or relabelled. `cni` defaults to the exercise's; `created`
 * (when objects appeared) is ignored, so that grading does not depend on the clock.
 */
export type Workspace = Partial<SessionState>

export interface CheckResult {
  name: string
  passed: boolean
  /** why, built from the simulator's explanation: the policy and rule that decided */
  message: string
}

/** A problem in the learner's manifests that blocks grading, as the API server reports it. */
export interface GradeIssue {
  file: string
  line?: number
  column?: number
  /** the API server's (or kubectl's) message */
  message: string
  /** `policy.yaml:12:7: …`, ready to print */
  text: string
}

export interface GradeResult {
  id: string
  passed: boolean
  checks: CheckResult[]
  /** present when the manifests are invalid; grading then stops at one failed check */
  issues?: GradeIssue[]
}

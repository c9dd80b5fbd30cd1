// The grader's public surface: what the lesson UI (in the browser), the submission server
// and the command line use.
export { allChecks, grade, gradedSession } from './grade'
export {
  checkSchema,
  exerciseJsonSchema,
  exerciseSchema,
  formatPath,
  OUTCOMES,
  wrongAnswerSchema,
} from './schema'
export type {
  CountCheck,
  DnsCheck,
  ExerciseSpec,
  ExpectedOutcome,
  FieldCheck,
  ReachabilityCheck,
  SameAsSolutionCheck,
  UnchangedCheck,
} from './schema'
export type { Check, CheckResult, Exercise, GradeIssue, GradeResult, Workspace, WrongAnswer } from './types'

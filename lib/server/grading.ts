// What the server needs from the grader: the list of exercises (the dashboard's columns)
// and a verdict for a workspace. The production grader is lib/grading over lib/exercises;
// the context takes any implementation, so the route layer is tested on its own too.
import type { GradeResult, Workspace } from '../grading/types'

export interface ExerciseInfo {
  id: string
  title: string
  lesson: string
}

export interface Grader {
  exercises(): Promise<ExerciseInfo[]>
  /** undefined when no exercise has this id */
  grade(exerciseId: string, workspace: Workspace): Promise<GradeResult | undefined>
}

export type { GradeResult, Workspace }

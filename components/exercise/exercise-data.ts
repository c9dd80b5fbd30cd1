// What an exercise's island fetches when its lab nears the screen: the exercise as the
// grader needs it and the lab started from its files. Built once per exercise at build
// time (app/exercise-data/[id]) and fetched from the same origin, so a lesson's HTML does
// not carry a dozen exercises' files for the islands to parse at load.
import type { LabConfig } from '@/components/lab/config'
import type { Exercise } from '@/lib/grading/types'
import { readScenario } from '@/lib/scenarios/scenarios'
import { exerciseById } from './catalog'

export interface ExerciseData {
  exercise: Exercise
  lab: LabConfig
}

/** The lab id of an exercise: its attempt is saved under it. */
export const exerciseLabId = (id: string) => `exercise-${id}`

/** The URL of an exercise's data. */
export const exerciseDataUrl = (id: string) => `/exercise-data/${id}`

/** What the browser needs to grade: the exercise without its authoring-only parts. */
function forBrowser(e: Exercise): Exercise {
  return {
    ...e,
    task: '',
    hints: [],
    wrong: [],
    startSources: {},
  }
}

export function exerciseLab(exercise: Exercise): LabConfig {
  const scenario = readScenario(exercise.scenario)
  return {
    id: exerciseLabId(exercise.id),
    title: exercise.title,
    cni: exercise.cni,
    ...(exercise.nodes ? { nodes: exercise.nodes } : {}),
    ...(exercise.loadBalancer ? { loadBalancer: exercise.loadBalancer } : {}),
    panels: scenario.panels,
    files: exercise.startFiles.map((f) => ({ name: f.name, text: f.text, editable: f.editable })),
    flows: scenario.flows,
  }
}

export function exerciseData(id: string): ExerciseData {
  const exercise = exerciseById(id)
  return { exercise: forBrowser(exercise), lab: exerciseLab(exercise) }
}

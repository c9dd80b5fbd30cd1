// The course's grader for the server: lib/grading's grade() over the exercise files that
// lib/exercises reads from content/scenarios/*/exercises/ (copied beside the standalone
// server by `npm start`). The files are read once per process, on first use; grading is
// the same code the lesson runs in the browser, so the server's verdict matches the one
// the learner saw — but only the server's is stored.
import { grade } from '../grading'
import type { Exercise } from '../grading'
import { readExercises } from '../exercises/exercises'
import type { Grader } from './grading'

export function courseGrader(read: () => Exercise[] = () => readExercises()): Grader {
  let byId: Map<string, Exercise> | undefined
  const load = () => (byId ??= new Map(read().map((e) => [e.id, e])))
  return {
    async exercises() {
      return [...load().values()].map((e) => ({ id: e.id, title: e.title, lesson: e.lesson }))
    },
    async grade(exerciseId, workspace) {
      const exercise = load().get(exerciseId)
      return exercise ? grade(exercise, workspace) : undefined
    },
  }
}

// The course's graded exercises as the pages need them, read once per build on the server:
// by id (for <Exercise id>) and by lesson, in the order the lesson places them (for the
// sidebar and the course overview). Only exercises a lesson actually embeds are listed, so
// the counts are of exercises a learner can do. Build time only: the reads are kept out of
// the server's file trace, as lib/content's are.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getCourse } from '@/lib/content/course'
import { readExercises } from '@/lib/exercises/exercises'
import type { Exercise } from '@/lib/grading/types'

export interface ExerciseRef {
  id: string
  title: string
}

let all: Map<string, Exercise> | undefined
let byLesson: Record<string, ExerciseRef[]> | undefined

function exercises(): Map<string, Exercise> {
  return (all ??= new Map(readExercises().map((e) => [e.id, e])))
}

/** One exercise; an unknown id stops the build, naming it and the ids that exist. */
export function exerciseById(id: string): Exercise {
  const e = exercises().get(id)
  if (!e)
    throw new Error(
      `<Exercise id="${id}">: no exercise ${id} in content/scenarios/*/exercises/ (known: ${[...exercises().keys()].join(', ') || 'none'})`,
    )
  return e
}

/** Every exercise's id (each gets its data file at build time). */
export function allExerciseIds(): string[] {
  return [...exercises().keys()]
}

const TAG = /<Exercise\s+[^>]*?\bid=["']([a-z0-9-]+)["']/g

/** Exercise ids placed in a lesson's MDX, in order. */
export function placedIds(mdx: string): string[] {
  return [...mdx.matchAll(TAG)].map((m) => m[1]!)
}

/** lesson slug → its graded exercises, in the order the lesson shows them. */
export function exercisesByLesson(): Record<string, ExerciseRef[]> {
  if (byLesson) return byLesson
  const out: Record<string, ExerciseRef[]> = {}
  for (const lesson of getCourse().lessons) {
    const ids = placedIds(readFileSync(join(/* turbopackIgnore: true */ process.cwd(), lesson.file), 'utf8'))
    const refs = ids.flatMap((id) => {
      const e = exercises().get(id)
      return e ? [{ id: e.id, title: e.title }] : []
    })
    if (refs.length) out[lesson.slug] = refs
  }
  return (byLesson = out)
}

// <Exercise id="…"> in MDX: reads the exercise on the server at build time and renders its
// task and hints; the island is handed only what its placeholder shows. The exercise and
// its lab's files are fetched (app/exercise-data/[id]) once the lab nears the screen, so a
// lesson with many exercises stays light to load and to hydrate. The grader runs in the
// browser: it is pure, and the exercise travels with it then.
import { readScenario } from '@/lib/scenarios/scenarios'
import { exerciseById } from './catalog'
import { exerciseLabId } from './exercise-data'
import { ExerciseIsland } from './ExerciseIsland'
import { Markdown } from './Markdown'

export function GradedExercise({ id }: { id: string }) {
  const exercise = exerciseById(id)
  return (
    <ExerciseIsland
      id={exercise.id}
      title={exercise.title}
      lab={{
        id: exerciseLabId(exercise.id),
        title: exercise.title,
        fileCount: exercise.startFiles.length,
        flowCount: readScenario(exercise.scenario).flows.length,
      }}
      task={<Markdown text={exercise.task} />}
      hints={exercise.hints.map((h, i) => (
        <Markdown key={i} text={h} />
      ))}
    />
  )
}

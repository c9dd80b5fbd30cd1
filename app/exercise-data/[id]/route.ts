// One exercise's data (the exercise for the grader, its lab's files), written as a static
// JSON file at build time. An exercise's island fetches it when its lab nears the screen.
import { allExerciseIds } from '@/components/exercise/catalog'
import { exerciseData } from '@/components/exercise/exercise-data'

export const dynamic = 'force-static'
export const dynamicParams = false

export function generateStaticParams() {
  return allExerciseIds().map((id) => ({ id }))
}

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return Response.json(exerciseData(id))
}

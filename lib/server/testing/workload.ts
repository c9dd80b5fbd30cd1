// What the benchmark submits: alternately the reference solution and a known wrong answer
// of one fixed exercise (np-deny-all-to-db, on the 9-pod shop scenario, so figures compare
// across runs as the course grows), graded by the course grader — or, without exercises,
// the route tests' grader.
import { readExercises } from '../../exercises/exercises'

export interface Workload {
  grader: 'course' | 'test'
  exercise: string
  body(n: number): { exerciseId: string; workspace: { files: Record<string, string> } }
}

const BENCH_EXERCISE = 'np-deny-all-to-db'

export function benchWorkload(): Workload {
  const all = readExercises()
  const exercise = all.find((e) => e.id === BENCH_EXERCISE) ?? all[0]
  if (!exercise)
    return {
      grader: 'test',
      exercise: 'ex-one',
      body: (n) => ({
        exerciseId: 'ex-one',
        workspace: { files: { 'policy.yaml': n % 2 ? `attempt ${n}` : `attempt ${n} pass` } },
      }),
    }
  const wrong = exercise.wrong[0]!.files
  // Each submission differs (a comment with its number), so the server's result cache
  // never answers for the grader: every submission in the benchmark is graded.
  const numbered = (files: Record<string, string>, n: number) =>
    Object.fromEntries(Object.entries(files).map(([name, text]) => [name, `# submission ${n}\n${text}`]))
  return {
    grader: 'course',
    exercise: exercise.id,
    body: (n) => ({
      exerciseId: exercise.id,
      workspace: { files: numbered(n % 2 ? wrong : exercise.solution, n) },
    }),
  }
}

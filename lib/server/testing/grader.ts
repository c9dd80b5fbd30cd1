// A grader for route tests whose verdicts the test controls: an exercise passes when its
// policy.yaml contains the text `pass`, and a failing attempt fails the check named
// `blocks-db`. The production grader (lib/grading) is tested in submissions.test.ts.
import type { Grader } from '../grading'

export const TEST_EXERCISES = [
  { id: 'ex-one', title: 'Exercise one', lesson: 'lesson-one' },
  { id: 'ex-two', title: 'Exercise two', lesson: 'lesson-two' },
]

export const testGrader: Grader = {
  async exercises() {
    return TEST_EXERCISES
  },
  async grade(exerciseId, workspace) {
    if (!TEST_EXERCISES.some((e) => e.id === exerciseId)) return undefined
    if (workspace.files?.['policy.yaml'] === 'explode') throw new Error('grader bug')
    const passed = (workspace.files?.['policy.yaml'] ?? '').includes('pass')
    return {
      id: exerciseId,
      passed,
      checks: [
        {
          name: 'blocks-db',
          passed,
          message: passed ? 'web → db is dropped' : 'web → db is allowed by allow-all',
        },
        { name: 'keeps-web', passed: true, message: 'client → web connects' },
      ],
    }
  },
}

// The exercise cni-from-flannel-to-calico tells the learner that its checks run on the CNI
// the lab is set to: the same answer must pass on Calico and fail on Flannel (NP-01).
import { describe, expect, it } from 'vitest'
import { grade } from '../grading/grade'
import { getExercise } from './exercises'

describe('cni-from-flannel-to-calico', () => {
  const ex = getExercise('cni-from-flannel-to-calico')!

  it('passes with the solution on Calico', () => {
    expect(grade(ex, { cni: 'calico', files: ex.solution }).passed).toBe(true)
  })

  it('fails with the same solution on Flannel, which enforces no policy (NP-01)', () => {
    const r = grade(ex, { cni: 'flannel', files: ex.solution })
    expect(r.passed).toBe(false)
    expect(r.checks.find((c) => !c.passed)?.message).toBe(
      'app/frontend → svc/app/db:5432 should be dropped, but Flannel does not enforce NetworkPolicy',
    )
  })
})

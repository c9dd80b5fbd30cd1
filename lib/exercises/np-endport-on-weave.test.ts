// The exercise np-endport-on-weave shows NP-20 on a plugin without endPort support: Weave
// Net's policy controller builds its rules from `port` alone (weaveworks/weave
// npc/analyser.go), so the starting policy's range admits its first port only there, while
// the same policy on Calico admits the whole range.
import { describe, expect, it } from 'vitest'
import { grade } from '../grading/grade'
import { CNI_NAMES, CNI_PROFILES } from '../sim/cni/profiles'
import { getExercise } from './exercises'

describe('np-endport-on-weave', () => {
  const ex = getExercise('np-endport-on-weave')!

  it('runs on Weave Net, the one profile without endPort support', () => {
    expect(ex.cni).toBe('weave')
    expect(CNI_NAMES.filter((n) => !CNI_PROFILES[n].policy.endPortSupported)).toEqual(['weave'])
  })

  it('on Weave Net the starting range admits its first port only', () => {
    const r = grade(ex, {})
    const by = (name: string) => r.checks.find((c) => c.name === name)!
    expect(by('app/toolbox → 198.51.100.7:32000 connects').passed).toBe(true)
    expect(by('app/toolbox → 198.51.100.7:32003 connects')).toMatchObject({
      passed: false,
      message: expect.stringMatching(
        /^app\/toolbox → 198\.51\.100\.7:32003 should connect, but it is dropped: /,
      ),
    })
  })

  it('on Calico the same starting policy passes every check: the range is honoured there', () => {
    expect(grade(ex, { cni: 'calico' }).passed).toBe(true)
  })

  it('the solution, one entry per port, passes on Weave Net and on Calico alike', () => {
    expect(grade(ex, { files: ex.solution }).passed).toBe(true)
    expect(grade(ex, { files: ex.solution, cni: 'calico' }).passed).toBe(true)
  })
})

// Exercises whose task talks about a policy that is already applied must start with it:
// the starting state then fails for the reason the task describes (not "nothing isolates
// it"), and the solution keeps every flow the task says stays as it is.
import { describe, expect, it } from 'vitest'
import { grade, gradedSession } from '../grading'
import { getExercise } from './exercises'
import { deviations, is } from './flows.testkit'

const failing = (id: string) =>
  grade(getExercise(id)!, {})
    .checks.filter((c) => !c.passed)
    .map((c) => c.message)

describe('np-no-deny-rules starts with the policy api-from-app', () => {
  const ex = getExercise('np-no-deny-rules')!

  it('the lab shows the policy the task names', () => {
    expect(ex.startFiles.find((f) => f.name === 'policy.yaml')!.text).toMatch(/name: api-from-app/)
  })

  it('the starting state fails because api-from-app admits the toolbox, not because nothing is isolated', () => {
    const messages = failing('np-no-deny-rules')
    expect(messages[0]).toBe(
      'app/toolbox → svc/app/api:80 should be dropped, but app/api-from-app spec.ingress[0].from[0] (podSelector {} (every pod of its namespace) on http/TCP) allows it',
    )
    expect(messages.join('\n')).not.toContain('nothing isolates it')
  })

  it('the solution takes the API away from the toolbox and nothing else: every other pod keeps exactly its access', () => {
    const before = gradedSession(ex).cluster
    const after = gradedSession(ex, { files: ex.solution }).cluster
    const rule = (s: Parameters<typeof is>[0], d: Parameters<typeof is>[0]) =>
      is(s, 'app/toolbox') && d.kind === 'pod' && d.pod.labels.app === 'api' ? false : undefined
    expect(deviations(before, after, rule, ['8081/TCP'])).toEqual([])
  })
})

describe('cni-from-flannel-to-calico starts with the policy frontend-egress', () => {
  const ex = getExercise('cni-from-flannel-to-calico')!

  it('the lab shows the policy the task names', () => {
    expect(ex.startFiles.find((f) => f.name === 'policy.yaml')!.text).toMatch(/name: frontend-egress/)
  })

  it('on Calico the starting policy breaks the name lookup, as the task says: the front end cannot resolve api', () => {
    const messages = failing('cni-from-flannel-to-calico')
    expect(messages[0]).toMatch(/^app\/frontend → api:80 should connect, but it fails: no such host: /)
    expect(messages.join('\n')).not.toContain('nothing isolates it')
  })

  it('on Flannel the same starting policy filters nothing, so http://api works there', () => {
    const r = grade(ex, { cni: 'flannel' })
    expect(r.checks[0]).toMatchObject({ name: 'The front end resolves api and connects', passed: true })
  })
})

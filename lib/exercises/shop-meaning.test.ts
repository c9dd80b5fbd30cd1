// The six named exercises of the shop (issue 7 §5) pinned by what they mean, not only by
// their ids: each reference solution changes exactly the flows its task targets, in the way
// the task says, and every other flow keeps its starting verdict ("everything else
// unchanged"). np-fix-and-or must equal np-db-only-from-api without its port restriction.
// Verdicts are the policies' (whether a connection gets through to the pod), over every pod
// pair, an outside address, and every container port plus closed ports of db.
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { grade, gradedSession } from '../grading'
import type { Exercise } from '../grading'
import type { MatrixPeer } from '../sim/matrix/matrix'
import type { Cluster } from '../sim/model/types'
import { getExercise } from './exercises'
import { deviations as deviations_, is, ns, port } from './flows.testkit'
import type { Rule } from './flows.testkit'

const SCENARIOS = join(resolve(__dirname, '../..'), 'content/scenarios')
const exercise = (id: string): Exercise => {
  const ex = getExercise(id, SCENARIOS)
  if (!ex) throw new Error(`no exercise ${id}`)
  return ex
}

// Ports nothing listens on (db's 5433, UDP 5432) besides every container port.
const EXTRA = ['5433/TCP', '5432/UDP']
const deviations = (before: Cluster, after: Cluster, rule: Rule) => deviations_(before, after, rule, EXTRA)
const isDns = (p: MatrixPeer) =>
  p.kind === 'pod' && ns(p) === 'kube-system' && p.pod.labels['k8s-app'] === 'kube-dns'

const MEANING: Record<string, Rule> = {
  // No pod may open a connection to shop/db; everything else unchanged.
  'np-deny-all-to-db': (_s, d) => (is(d, 'shop/db') ? false : undefined),
  // shop/db accepts only shop/api, only TCP 5432.
  'np-db-only-from-api': (s, d, p) =>
    is(d, 'shop/db') ? is(s, 'shop/api') && port(p) === '5432/TCP' : undefined,
  // Pods in shop accept connections only from pods in shop.
  'np-shop-deny-other-namespaces': (s, d) => (ns(d) === 'shop' ? ns(s) === 'shop' : undefined),
  // shop/api opens connections only to shop/db on TCP 5432 and to the cluster DNS on UDP and TCP 53.
  'np-api-egress-db-and-dns': (s, d, p) =>
    is(s, 'shop/api')
      ? (is(d, 'shop/db') && port(p) === '5432/TCP') ||
        (isDns(d) && (port(p) === '53/UDP' || port(p) === '53/TCP'))
      : undefined,
  // shop/web accepts from any pod in any namespace (an outside address is not a pod), but
  // only on TCP 8080.
  'np-web-ingress-8080-only': (s, d, p) =>
    is(d, 'shop/web') ? s.kind === 'pod' && port(p) === '8080/TCP' : undefined,
  // db accepts pods labelled app=api in namespaces labelled team=shop, on any port.
  'np-fix-and-or': (s, d) => (is(d, 'shop/db') ? is(s, 'shop/api') : undefined),
}

describe('the six named shop exercises mean what issue 7 says', () => {
  it.each(Object.keys(MEANING))('%s: the solution changes exactly the flows its task targets', (id) => {
    const ex = exercise(id)
    const before = gradedSession(ex).cluster
    const after = gradedSession(ex, { files: ex.solution }).cluster
    expect(deviations(before, after, MEANING[id]!)).toEqual([])
  })

  it.each(Object.keys(MEANING).filter((id) => id !== 'np-fix-and-or'))(
    '%s starts from the shop as it is: no policy, every connection allowed',
    (id) => {
      const ex = exercise(id)
      const start = gradedSession(ex)
      expect(start.objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([])
      expect(deviations(start.cluster, start.cluster, () => true)).toEqual([])
    },
  )

  it('the rules are not vacuous: the starting state of each deviates from its meaning', () => {
    for (const [id, rule] of Object.entries(MEANING)) {
      const start = gradedSession(exercise(id)).cluster
      expect(deviations(start, start, rule).length, id).toBeGreaterThan(0)
    }
  })
})

describe('np-fix-and-or is np-db-only-from-api without its port restriction', () => {
  const fix = exercise('np-fix-and-or')
  const only = exercise('np-db-only-from-api')
  const withoutPorts = (text: string): string =>
    parseAllDocuments(text)
      .map((doc) => {
        for (const rule of (doc.getIn(['spec', 'ingress']) as { items: unknown[] } | undefined)?.items ?? [])
          (rule as { delete(k: string): void }).delete('ports')
        return doc.toString()
      })
      .join('---\n')
  const stripped = { 'policy.yaml': withoutPorts(only.solution['policy.yaml']!) }

  it('the stripped solution has no ports left, and is still a valid answer to np-db-only-from-api’s selectors', () => {
    expect(stripped['policy.yaml']).not.toMatch(/ports:/)
    expect(stripped['policy.yaml']).toMatch(/podSelector:/)
  })

  it("np-db-only-from-api's solution without ports passes np-fix-and-or", () => {
    const r = grade(fix, { files: stripped })
    expect(r.checks.filter((c) => !c.passed)).toEqual([])
  })

  it('the two behave identically on every flow, every port included', () => {
    const a = gradedSession(fix, { files: fix.solution }).cluster
    const b = gradedSession(only, { files: stripped }).cluster
    expect(deviations(a, b, () => undefined)).toEqual([])
  })

  it("np-db-only-from-api's solution as written (with its port) does not pass np-fix-and-or, and vice versa", () => {
    const r = grade(fix, { files: only.solution })
    expect(r.passed).toBe(false)
    expect(r.checks.filter((c) => !c.passed).map((c) => c.message)).toEqual([
      expect.stringContaining(
        'shop/api → shop/db:5433 is dropped, but in the solution it reaches the pod (and is refused, nothing listens there)',
      ),
    ])
    expect(grade(only, { files: fix.solution }).passed).toBe(false)
  })
})

// The grader on the shop exercises: messages that name the policy, rule and peer; answers
// written differently that behave alike; terminal changes; invalid manifests.
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { getExercise } from '../exercises/exercises'
import { grade } from './index'
import type { Exercise, GradeResult } from './index'

const SCENARIOS = join(resolve(__dirname, '../..'), 'content/scenarios')
const read = new Map<string, Exercise | undefined>()
const exercise = (id: string): Exercise => {
  if (!read.has(id)) read.set(id, getExercise(id, SCENARIOS))
  const ex = read.get(id)
  if (!ex) throw new Error(`no exercise ${id}`)
  return ex
}
const failing = (r: GradeResult) => r.checks.filter((c) => !c.passed)
const policy = (body: string, name = 'db-from-api', ns = 'shop') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${body}`

// The checks an exercise declares, without the implicit one over the scenario's other objects.
const own = (r: GradeResult) =>
  r.checks.filter((c) => c.name !== "The scenario's other objects are unchanged")

describe('messages name the policy, the rule and the peer', () => {
  const ex = exercise('np-db-only-from-api')

  it('an allowed connection that should be dropped names the peer entry that admits it', () => {
    const r = grade(ex, {
      files: {
        'policy.yaml': policy(`  podSelector:
    matchLabels: {app: db}
  ingress:
    - from:
        - podSelector: {matchLabels: {app: api}}
        - namespaceSelector: {matchLabels: {team: partner}}
`),
      },
    })
    expect(r.passed).toBe(false)
    expect(r.checks.map((c) => c.message)).toContain(
      'partner/api → shop/db:5432 should be dropped, but shop/db-from-api spec.ingress[0].from[1] (namespaceSelector team=partner) allows it',
    )
  })

  it('a dropped connection that should connect names the isolating policy and why each rule missed', () => {
    const r = grade(ex, {
      files: {
        'policy.yaml': policy(
          `  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n`,
        ),
      },
    })
    const msg = r.checks.find((c) => c.name.startsWith('shop/api → svc/shop/db'))!.message
    expect(msg).toBe(
      'shop/api → svc/shop/db:5432 should connect, but it is dropped: shop/db is selected for Ingress by shop/db-from-api; no rule admits from shop/api on 5432/TCP (shop/db-from-api spec.ingress[0]: shop/api is not matched by podSelector app=web)',
    )
  })

  it('a passing check says why too', () => {
    const r = grade(ex, { files: ex.solution })
    expect(r.checks[1]!.message).toBe(
      'partner/api → shop/db:5432 is dropped: shop/db is selected for Ingress by shop/db-from-api; no rule admits from partner/api on 5432/TCP (shop/db-from-api spec.ingress[0]: partner/api is not matched by podSelector app=api)',
    )
    expect(r.checks.find((c) => c.name === 'Behaves like the solution')!.message).toMatch(
      // the container ports, plus 5432 under UDP and SCTP (the solution's policy names it)
      /^every connection between 8 pods on \d+ ports behaves as in the solution$/,
    )
  })

  it('the differing flows are named, the learner’s own pods first, with the deciding rule', () => {
    const r = grade(ex, {
      files: {
        'policy.yaml': policy(`  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}, {podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 5432}]
`),
      },
    })
    expect(failing(r).map((c) => c.name)).toEqual([
      'shop/web → shop/db:5432 is dropped',
      'Behaves like the solution',
    ])
    expect(failing(r)[1]!.message).toBe(
      '1 connection differs from the solution: shop/web → shop/db:5432 is allowed, but the solution drops it: shop/db-from-api spec.ingress[0].from[1] (podSelector app=web on 5432/TCP) allows it',
    )
  })
})

describe('ports listed in a same-as-solution check are compared on every destination', () => {
  const ex = exercise('np-db-only-from-api')
  const portless = policy(`  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
`)
  const sameAs = (c: Exercise['checks'][number]) => c.kind === 'same-as-solution'
  // The exercise with its same-as-solution check only, with or without the listed port.
  const only = (ports?: string[]): Exercise => ({
    ...ex,
    checks: [{ kind: 'same-as-solution', ...(ports ? { ports } : {}) }],
  })

  it('the exercise lists a closed port of db, so a rule without ports fails', () => {
    expect(ex.checks.find(sameAs)!.ports).toContain('5433/TCP')
    const r = grade(ex, { files: { 'policy.yaml': portless } })
    const [message] = failing(r).map((c) => c.message)
    expect(message).toMatch(/^\d+ connections differ from the solution: /)
    expect(message).toContain(
      'shop/api → shop/db:5433 reaches the pod (and is refused, nothing listens there), but the solution drops it: shop/db-from-api spec.ingress[0].from[0] (podSelector app=api) allows it',
    )
    expect(failing(r)).toHaveLength(1)
  })

  it('the other way round: dropped where the solution lets it reach a closed port', () => {
    const swapped: Exercise = { ...only(['5433/TCP']), solution: { 'policy.yaml': portless } }
    expect(grade(swapped, { files: ex.solution }).checks[0]!.message).toMatch(
      /^3 connections differ from the solution: shop\/api → shop\/db:5433 is dropped, but in the solution it reaches the pod \(and is refused, nothing listens there\): shop\/db is selected for Ingress by shop\/db-from-api; no rule admits from shop\/api on 5433\/TCP \(shop\/db-from-api spec\.ingress\[0\]: 5433\/TCP is not among its ports \(5432\/TCP\)\); shop\/api → shop\/db:5432\/SCTP is dropped/,
    )
  })

  it('a port a policy names is compared under every protocol, listed or not', () => {
    // 5432/UDP: the portless rule lets it reach db (refused), the solution's TCP-only rule drops it
    const message = grade(only(), { files: { 'policy.yaml': portless } }).checks[0]!.message
    expect(message).toContain(
      'shop/api → shop/db:5432/UDP reaches the pod (and is refused, nothing listens there)',
    )
    expect(message).not.toContain(':9000')
    // An extra port or protocol beside the right one is caught the same way.
    for (const extra of ['{port: 6432}', '{port: 5432, protocol: UDP}', '{port: 5432, endPort: 5440}'])
      expect(
        grade(only(), {
          files: {
            'policy.yaml': policy(`  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: 5432}, ${extra}]
`),
          },
        }).passed,
        extra,
      ).toBe(false)
  })

  it('a container port no policy names is compared at a closed destination once listed', () => {
    // 9000 is a container port (of the APIs), not listed: db does not listen on it, so it is not compared at db.
    expect(grade(only(['9000/TCP']), { files: { 'policy.yaml': portless } }).checks[0]!.message).toContain(
      'shop/api → shop/db:9000 reaches the pod (and is refused, nothing listens there)',
    )
  })
})

describe('answers written differently pass when they behave alike', () => {
  const ex = exercise('np-db-only-from-api')
  const passes = (text: string) => {
    const r = grade(ex, { files: { 'policy.yaml': text } })
    expect(failing(r)).toEqual([])
  }

  it('matchExpressions instead of matchLabels', () =>
    passes(
      policy(`  podSelector:
    matchExpressions: [{key: app, operator: In, values: [db]}]
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [api]}]}}]
      ports: [{port: 5432}]
`),
    ))

  it('the named port instead of the number', () =>
    passes(
      policy(`  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: postgres, protocol: TCP}]
`),
    ))

  it('a default deny plus an allow, as two policies', () =>
    passes(
      `${policy(`  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n`, 'db-deny')}\n---\n${policy(`  podSelector: {matchLabels: {app: db}}
  ingress:
    - from: [{namespaceSelector: {matchLabels: {team: shop}}, podSelector: {matchLabels: {app: api}}}]
      ports: [{port: 5432}]
`)}`,
    ))
})

describe('the graded cluster is the lab’s: edits, terminal changes and the CNI', () => {
  it('a policy applied from the terminal counts', () => {
    const ex = exercise('np-deny-all-to-db')
    const json = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-deny-all', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] },
    })
    expect(grade(ex, { applied: { 'NetworkPolicy/shop/db-deny-all': json } }).passed).toBe(true)
  })

  it('a label changed from the terminal changes what the solution allows', () => {
    const ex = exercise('np-db-only-from-api')
    const r = grade(ex, { files: ex.solution, labels: { 'Pod/shop/web': { app: 'api' } } })
    expect(r.passed).toBe(false)
    expect(failing(r)[0]!.message).toBe(
      'shop/web → shop/db:5432 should be dropped, but shop/db-from-api spec.ingress[0].from[0] (podSelector app=api on 5432/TCP) allows it',
    )
  })

  it('a frozen object deleted or relabelled from the terminal fails its unchanged check', () => {
    const ex = exercise('np-web-open-to-all')
    const deleted = grade(ex, { files: ex.solution, deleted: ['NetworkPolicy/shop/shop-default-deny'] })
    expect(failing(deleted).map((c) => c.message)).toContain(
      'NetworkPolicy/shop/shop-default-deny was deleted',
    )
    const relabelled = grade(ex, {
      files: ex.solution,
      labels: { 'NetworkPolicy/shop/shop-default-deny': { owner: 'me' } },
    })
    expect(failing(relabelled).map((c) => c.message)).toEqual([
      'NetworkPolicy/shop/shop-default-deny was changed at metadata.labels.owner; leave it as it started',
    ])
  })

  it('a pod deleted from the terminal: the check cannot be tried, and says so', () => {
    const ex = exercise('np-db-only-from-api')
    const r = grade(ex, { files: ex.solution, deleted: ['Pod/shop/api'] })
    expect(failing(r)[0]!.message).toBe(
      'shop/api → svc/shop/db:5432 cannot be tried: shop/api: no such pod (use namespace/pod, node/NAME or an IP address)',
    )
    expect(failing(r).find((c) => c.name === 'Behaves like the solution')!.message).toMatch(
      /^1 difference from the solution: shop\/api is not in your cluster \(the solution has it; was it deleted\?\)$/,
    )
  })

  it('on a CNI that does not enforce policies the answer fails, and the message says why (NP-01)', () => {
    const ex = exercise('np-deny-all-to-db')
    const r = grade(ex, { files: ex.solution, cni: 'flannel' })
    expect(r.passed).toBe(false)
    expect(failing(r)[0]!.message).toContain('Flannel does not enforce NetworkPolicy')
  })

  it('files that are not editable are ignored', () => {
    const ex = exercise('np-deny-all-to-db')
    const r = grade(ex, { files: { ...ex.solution, 'app.yaml': '' } })
    expect(r.passed).toBe(true)
  })
})

describe('structural checks', () => {
  it('count: at most one NetworkPolicy, naming the ones found', () => {
    const ex = exercise('np-fix-and-or')
    const two = `${ex.solution['policy.yaml']}\n---\n${policy('  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n', 'extra')}`
    const r = grade(ex, { files: { 'policy.yaml': two } })
    expect(r.checks.find((c) => c.name === 'At most 1 NetworkPolicy')).toEqual({
      name: 'At most 1 NetworkPolicy',
      passed: false,
      message: '2 NetworkPolicies (shop/db-from-api, shop/extra); expected at most 1',
    })
  })

  it('field: the policy selecting shop/api must list Egress', () => {
    const ex = exercise('np-api-egress-db-and-dns')
    const name = 'The NetworkPolicy selecting shop/api: spec.policyTypes contains "Egress"'
    expect(grade(ex, { files: ex.solution }).checks.find((c) => c.name === name)).toEqual({
      name,
      passed: true,
      message: 'NetworkPolicy shop/api-egress: spec.policyTypes is ["Egress"]',
    })
    const none = grade(ex, { files: { 'policy.yaml': '' } }).checks.find((c) => c.name === name)
    expect(none).toEqual({ name, passed: false, message: 'no NetworkPolicy selects shop/api' })
  })
})

describe('invalid manifests block grading with the API server’s messages', () => {
  const ex = exercise('np-deny-all-to-db')

  it('a validation error: file, line and column, and nothing graded', () => {
    const r = grade(ex, {
      files: { 'policy.yaml': policy('  podSelector: {}\n  policyTypes: [Inbound]\n') },
    })
    expect(r.passed).toBe(false)
    expect(r.checks).toHaveLength(1)
    expect(r.checks[0]!.name).toBe('The manifests are valid')
    expect(r.issues).toHaveLength(1)
    expect(r.issues![0]).toMatchObject({ file: 'policy.yaml', line: 8 })
    expect(r.issues![0]!.message).toContain('Unsupported value: "Inbound"')
    expect(r.checks[0]!.message).toContain(`policy.yaml:8:${r.issues![0]!.column}: `)
  })

  it('broken YAML', () => {
    const r = grade(ex, { files: { 'policy.yaml': 'kind: NetworkPolicy\nmetadata: {name: [\n' } })
    expect(r.passed).toBe(false)
    expect(r.issues![0]!.text).toMatch(/^policy\.yaml:\d+:\d+: /)
  })

  it('never throws on odd input', () => {
    for (const text of ['', '---\n---\n', '[]', '\u0000\u0001', 'a: *b', '{'.repeat(500)])
      expect(() => grade(ex, { files: { 'policy.yaml': text } })).not.toThrow()
  })
})

describe('the solution is compared on the exercise’s CNI', () => {
  it('on Flannel the learner’s flows differ from the solution’s, named as not enforced (NP-01)', () => {
    const ex = exercise('np-deny-all-to-db')
    const same = grade(ex, { files: ex.solution, cni: 'flannel' }).checks.find(
      (c) => c.name === 'Behaves like the solution',
    )!
    expect(same.passed).toBe(false)
    expect(same.message).toContain(
      'is allowed, but the solution drops it: Flannel does not enforce NetworkPolicy',
    )
  })
})

describe('a lab session’s snapshot is a workspace', () => {
  it('grades the same as the changes it holds, whatever the clock said', async () => {
    const { gradedSession } = await import('./index')
    const ex = exercise('np-deny-all-to-db')
    const lab = gradedSession(ex)
    lab.setFile('policy.yaml', ex.solution['policy.yaml']!)
    const snap = lab.snapshot()
    snap.created = { 'Pod/shop/web': 123 }
    expect(grade(ex, snap)).toEqual(grade(ex, { files: ex.solution }))
    expect(grade(ex, snap).passed).toBe(true)
  })
})

describe('dns: a lookup from a pod, through its resolver and its policies', () => {
  const ex = exercise('dns-srv-named-port')
  const only = (...checks: Exercise['checks']): Exercise => ({ ...ex, checks, frozen: [] })
  const srv = {
    kind: 'dns',
    from: 'app/api',
    query: '_postgres._tcp.db.app.svc.cluster.local',
    type: 'SRV',
    expect: 'records',
  } as const

  it('an SRV record exists only for a named port, with the Service port and name', () => {
    const start = grade(only(srv), {})
    expect(start.checks[0]).toMatchObject({
      name: 'app/api looks up _postgres._tcp.db.app.svc.cluster.local (SRV): a SRV record',
      passed: false,
      message:
        '_postgres._tcp.db.app.svc.cluster.local (SRV) from app/api should answer a SRV record, but it gets NXDOMAIN (_postgres._tcp.db.app.svc.cluster.local., and 3 more names of the search list)',
    })
    const named = grade(only({ ...srv, records: ['0 100 5432 db.app.svc.cluster.local.'] }), {
      files: ex.solution,
    })
    expect(named.checks[0]).toMatchObject({
      passed: true,
      message:
        '_postgres._tcp.db.app.svc.cluster.local (SRV) from app/api: _postgres._tcp.db.app.svc.cluster.local. SRV 0 100 5432 db.app.svc.cluster.local.',
    })
  })

  it('records must be exactly the ones listed', () => {
    const r = grade(only({ ...srv, records: ['0 100 5433 db.app.svc.cluster.local.'] }), {
      files: ex.solution,
    })
    expect(r.checks[0]!.passed).toBe(false)
    expect(r.checks[0]!.message).toContain(
      'but it answers _postgres._tcp.db.app.svc.cluster.local. SRV 0 100 5432',
    )
  })

  it('a short name goes through the search list; none passes on NXDOMAIN', () => {
    const r = grade(
      only(
        { kind: 'dns', from: 'app/toolbox', query: 'db', expect: 'records' },
        { kind: 'dns', from: 'app/toolbox', query: 'db.monitoring', expect: 'none' },
      ),
      {},
    )
    expect(own(r).map((c) => c.passed)).toEqual([true, true])
    expect(r.checks[0]!.message).toMatch(
      /^db \(A\) from app\/toolbox: db\.app\.svc\.cluster\.local\. A 10\.\d+\.\d+\.\d+$/,
    )
    expect(r.checks[1]!.message).toMatch(
      /^db\.monitoring \(A\) from app\/toolbox: NXDOMAIN \(db\.monitoring\.app\.svc/,
    )
  })

  it('a query that an egress policy drops gets no answer, which fails records and none alike', () => {
    const noDns = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: toolbox-no-egress, namespace: app}
spec: {podSelector: {matchLabels: {app: toolbox}}, policyTypes: [Egress]}
`
    const r = grade(
      {
        ...only(
          { kind: 'dns', from: 'app/toolbox', query: 'db', expect: 'records' },
          { kind: 'dns', from: 'app/toolbox', query: 'nope', expect: 'none' },
        ),
        editable: ['policy.yaml'],
      },
      { files: { 'policy.yaml': noDns } },
    )
    expect(own(r).map((c) => c.passed)).toEqual([false, false])
    expect(r.checks[1]!.message).toMatch(
      /^nope \(A\) from app\/toolbox gets no answer: the query to 10\.96\.0\.10 is dropped \(egress from app\/toolbox/,
    )
  })
})

describe('reachability: an expected failure that connects says so first', () => {
  it('should be refused, but it connects', () => {
    const ex = exercise('ops-three-signatures')
    const r = grade(ex, {})
    expect(r.checks[0]!.message).toMatch(
      /^app\/toolbox → api:80 should be refused, but it connects: nothing isolates it/,
    )
    expect(r.checks[1]!.message).toMatch(/^app\/toolbox → db:5432 should be dropped, but nothing isolates it/)
  })
})

describe("the scenario's other objects stay as they start", () => {
  const SCENARIO = "The scenario's other objects are unchanged"
  const ex = exercise('np-db-only-from-api')
  const wide = ex.wrong.find((w) => w.files['policy.yaml']?.includes('namespaceSelector: {}'))!

  it('the solution leaves them so', () => {
    expect(grade(ex, { files: ex.solution }).checks.find((c) => c.name === SCENARIO)).toMatchObject({
      passed: true,
      message: expect.stringMatching(/^the \d+ objects the task does not touch are as they started$/),
    })
  })

  it('a wrong rule does not pass by relabelling the pod it lets in, in a file or from the terminal', () => {
    const relabelled = `${wide.files['policy.yaml']}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: partner, labels: {app: partner-api}}
spec: {containers: [{name: api, image: nginx, ports: [{containerPort: 9000, name: api}]}]}
`
    const inFile = grade(ex, { files: { 'policy.yaml': relabelled } })
    expect(inFile.passed).toBe(false)
    expect(inFile.checks.find((c) => c.name === SCENARIO)!.message).toMatch(
      /^Pod\/partner\/api was changed at metadata\.labels\.app.*; the task needs none of them changed: leave them as they start$/,
    )
    const fromTerminal = grade(ex, {
      files: wide.files,
      labels: { 'Pod/partner/api': { app: 'partner-api' } },
    })
    expect(fromTerminal.checks.find((c) => c.name === SCENARIO)).toMatchObject({ passed: false })
  })

  it('an annotation, or a label no selector reads, changes no flow and fails nothing', () => {
    const r = grade(ex, {
      files: ex.solution,
      annotations: { 'Pod/shop/web': { note: 'hello' } },
      labels: { 'Pod/shop/web': { tier: 'frontend' }, 'Namespace//shop': { purpose: 'demo' } },
    })
    expect(failing(r)).toEqual([])
    // The same label key, once a policy of the learner's selects on it, counts.
    const selecting = `${ex.solution['policy.yaml']}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: frontend, namespace: shop}
spec:
  podSelector: {matchLabels: {tier: frontend}}
  ingress: [{}]
`
    const counted = grade(ex, {
      files: { 'policy.yaml': selecting },
      labels: { 'Pod/shop/web': { tier: 'frontend' } },
    })
    expect(counted.checks.find((c) => c.name === SCENARIO)!.message).toContain(
      'Pod/shop/web was changed at metadata.labels.tier',
    )
  })

  it('nor by taking a label off a namespace', () => {
    const fix = exercise('np-fix-and-or')
    const start = fix.startFiles.find((f) => f.name === 'policy.yaml')!.text
    const r = grade(fix, {
      files: { 'policy.yaml': `${start}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n` },
    })
    expect(r.passed).toBe(false)
    expect(r.checks.find((c) => c.name === SCENARIO)!.message).toContain(
      'Namespace/shop was changed at metadata.labels',
    )
  })
})

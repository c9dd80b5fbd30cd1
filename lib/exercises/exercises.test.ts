// Every exercise of the course, whoever wrote it: the reference solution passes, the
// starting state fails, every known wrong answer fails with its message, and grading is
// deterministic. New exercise files are covered without touching this test.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exerciseJsonSchema, grade } from '../grading'
import { ExerciseError, getExercise, readExerciseFile, readExercises } from './exercises'

const ROOT = resolve(__dirname, '../..')
const SCENARIOS = join(ROOT, 'content/scenarios')
const exercises = readExercises(SCENARIOS)

describe('the course exercises', () => {
  it('has the NetworkPolicy chapter on the shop scenario, ids unique', () => {
    const ids = exercises.map((e) => e.id)
    expect(new Set(ids).size).toBe(ids.length)
    const chapter = ['networkpolicy-basics', 'ports-and-ipblock', 'networkpolicy-egress-and-dns']
    const shop = exercises.filter((e) => e.scenario === 'shop' && chapter.includes(e.lesson))
    expect(shop.length).toBeGreaterThanOrEqual(12)
    for (const id of [
      'np-deny-all-to-db',
      'np-db-only-from-api',
      'np-shop-deny-other-namespaces',
      'np-api-egress-db-and-dns',
      'np-web-ingress-8080-only',
      'np-fix-and-or',
    ])
      expect(ids).toContain(id)
  })

  describe.each(exercises.map((e) => [e.id, e] as const))('%s', (_id, ex) => {
    it('the reference solution passes every check', () => {
      const r = grade(ex, { files: ex.solution })
      expect(r.checks.filter((c) => !c.passed)).toEqual([])
      expect(r.passed).toBe(true)
      expect(r.issues).toBeUndefined()
    })

    it('the starting state fails', () => {
      const r = grade(ex, {})
      expect(r.passed).toBe(false)
      expect(r.checks.some((c) => !c.passed)).toBe(true)
    })

    it.each(ex.wrong.map((w) => [w.name, w] as const))(
      'the wrong answer "%s" fails with its message',
      (_n, w) => {
        const r = grade(ex, { files: w.files })
        expect(r.passed).toBe(false)
        const failing = r.checks.filter((c) => !c.passed).map((c) => c.message)
        expect(
          failing.some((m) => m.includes(w.message)),
          `none of\n${failing.join('\n')}\nincludes\n${w.message}`,
        ).toBe(true)
      },
    )

    it('grading is deterministic, also on a freshly read copy', () => {
      const attempt = { files: ex.wrong[0]!.files }
      const a = JSON.stringify(grade(ex, attempt))
      expect(JSON.stringify(grade(ex, attempt))).toBe(a)
      const fresh = readExerciseFile(join(ROOT, ex.source), { root: SCENARIOS })
      expect(JSON.stringify(grade(fresh, attempt))).toBe(a)
      expect(JSON.stringify(grade(fresh, {}))).toBe(JSON.stringify(grade(ex, {})))
    })

    it('names a check for every frozen object and has a hint', () => {
      expect(ex.hints.length).toBeGreaterThan(0)
      const names = grade(ex, { files: ex.solution }).checks.map((c) => c.name)
      for (const f of ex.frozen) expect(names).toContain(`${f} is unchanged`)
    })
  })

  it('getExercise finds one by id', () => {
    expect(getExercise('np-fix-and-or', SCENARIOS)?.title).toBe('Fix the stray dash')
    expect(getExercise('no-such-exercise', SCENARIOS)).toBeUndefined()
  })

  it('resolves the starting files: the scenario, then the exercise overrides', () => {
    const ex = getExercise('np-fix-and-or', SCENARIOS)!
    expect(ex.editable).toEqual(['policy.yaml'])
    expect(ex.startFiles.map((f) => [f.name, f.editable])).toEqual([
      ['app.yaml', false],
      ['policy.yaml', true],
    ])
    expect(ex.startFiles[1]!.text).toContain('namespaceSelector')
    expect(ex.startSources).toEqual({
      'app.yaml': 'content/scenarios/shop/app.yaml',
      'policy.yaml': 'content/scenarios/shop/exercises/np-fix-and-or.yaml#files.policy.yaml',
    })
    expect(ex.source).toBe('content/scenarios/shop/exercises/np-fix-and-or.yaml')
    expect(ex.cni).toBe('calico')
  })
})

// A scratch course: the shop scenario and one lesson, with exercise files written per test.
function scratch(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'exercises-'))
  const scenarios = join(root, 'scenarios')
  cpSync(join(SCENARIOS, 'shop/app.yaml'), join(scenarios, 'shop/app.yaml'))
  cpSync(join(SCENARIOS, 'shop/policy.yaml'), join(scenarios, 'shop/policy.yaml'))
  cpSync(join(SCENARIOS, 'shop/lab.yaml'), join(scenarios, 'shop/lab.yaml'))
  mkdirSync(join(root, 'lessons'))
  writeFileSync(join(root, 'lessons/networkpolicy-basics.mdx'), '---\ntitle: x\n---\n')
  mkdirSync(join(scenarios, 'shop/exercises'), { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(scenarios, name, '..'), { recursive: true })
    writeFileSync(join(scenarios, name), text)
  }
  return scenarios
}

const GOOD = `id: np-x
title: X
lesson: networkpolicy-basics
scenario: shop
task: Do it.
solution:
  policy.yaml: |
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny, namespace: shop}
    spec: {podSelector: {matchLabels: {app: db}}, policyTypes: [Ingress]}
checks:
  - {kind: reachability, from: shop/api, to: shop/db, port: 5432/TCP, expect: dropped}
  - kind: same-as-solution
  - {kind: reachability, from: shop/web, to: shop/api, port: 9000/TCP, expect: connected}
wrong:
  - name: nothing
    files: {policy.yaml: ''}
    message: should be dropped
`

function errorOf(files: Record<string, string>): string {
  const root = scratch(files)
  try {
    readExercises(root)
  } catch (e) {
    expect(e).toBeInstanceOf(ExerciseError)
    return (e as Error).message
  }
  throw new Error('expected an ExerciseError')
}

describe('exercise file errors name the file and the field', () => {
  const file = 'shop/exercises/np-x.yaml'

  it('a scratch exercise without mistakes reads and grades', () => {
    const [ex] = readExercises(scratch({ [file]: GOOD }))
    expect(ex!.id).toBe('np-x')
    expect(grade(ex!, { files: ex!.solution }).passed).toBe(true)
  })

  it('an unknown outcome', () => {
    expect(errorOf({ [file]: GOOD.replace('expect: connected', 'expect: blocked') })).toMatch(
      /exercises\/np-x\.yaml: checks\[2\]\.expect: must be one of connected, dropped, refused, no-such-host$/,
    )
  })

  it('an unknown check kind, field or a missing field', () => {
    expect(errorOf({ [file]: GOOD.replace('kind: same-as-solution', 'kind: sameish') })).toMatch(
      /np-x\.yaml: checks\[1\]\.kind: must be one of reachability, same-as-solution, dns, count, unchanged, field$/,
    )
    expect(errorOf({ [file]: GOOD.replace('task: Do it.', 'task: Do it.\ntsak: typo') })).toMatch(
      /np-x\.yaml: tsak: unknown field$/,
    )
    expect(errorOf({ [file]: GOOD.replace('title: X\n', '') })).toMatch(/np-x\.yaml: title: is required$/)
  })

  it('a bad port, a bad object reference, a bad address', () => {
    expect(errorOf({ [file]: GOOD.replace('port: 5432/TCP', 'port: 5432/HTTP') })).toMatch(
      /np-x\.yaml: checks\[0\]\.port: 5432\/HTTP: expected PORT or PORT\/PROTOCOL/,
    )
    expect(errorOf({ [file]: GOOD.replace('task: Do it.', 'task: Do it.\nfrozen: [shop/web]') })).toMatch(
      /np-x\.yaml: frozen\[0\]: must be Kind\/namespace\/name/,
    )
    expect(
      errorOf({
        [file]: GOOD.replace('kind: same-as-solution', '{kind: same-as-solution, externals: [1.2.3]}'),
      }),
    ).toMatch(/np-x\.yaml: checks\[1\]\.externals\[0\]: must be an IPv4 address/)
  })

  it('names that do not exist in the starting cluster', () => {
    expect(errorOf({ [file]: GOOD.replace('from: shop/api', 'from: shop/nope') })).toMatch(
      /np-x\.yaml: checks\[0\]\.from: shop\/nope: no such pod/,
    )
    expect(
      errorOf({ [file]: GOOD.replace('task: Do it.', 'task: Do it.\nfrozen: [Deployment/shop/web]') }),
    ).toMatch(/np-x\.yaml: frozen\[0\]: Deployment\/shop\/web is not in the starting cluster/)
    expect(errorOf({ [file]: GOOD.replace('scenario: shop', 'scenario: nope') })).toMatch(
      /np-x\.yaml: scenario: .*no such scenario folder/,
    )
    expect(errorOf({ [file]: GOOD.replace('lesson: networkpolicy-basics', 'lesson: nope') })).toMatch(
      /np-x\.yaml: lesson: no lesson nope/,
    )
  })

  it('files the learner cannot edit, an invalid solution, an id that is not the file name', () => {
    expect(errorOf({ [file]: GOOD.replace("files: {policy.yaml: ''}", "files: {app.yaml: ''}") })).toMatch(
      /np-x\.yaml: wrong\[0\]\.files\.app\.yaml: not an editable file \(policy\.yaml\)/,
    )
    expect(errorOf({ [file]: GOOD.replace('policyTypes: [Ingress]', 'policyTypes: [Inbound]') })).toMatch(
      /np-x\.yaml: solution: the solution is invalid: .*Inbound/,
    )
    expect(errorOf({ [file]: GOOD.replace('id: np-x', 'id: np-y') })).toMatch(
      /np-x\.yaml: id: must match the file name \(np-y\.yaml\)/,
    )
  })

  it('a task that names a policy or file the lab does not start with', () => {
    const named = GOOD.replace('task: Do it.', 'task: The policy `deny` in `policy.yaml` lets too much in.')
    expect(errorOf({ [file]: named })).toMatch(
      /np-x\.yaml: task: names the NetworkPolicy `deny` as if it existed, but the starting files have no object of that name \(only the solution does\)/,
    )
    // Introduced as new, it is fine; so is a policy the starting files hold.
    const [fresh] = readExercises(
      scratch({
        [file]: GOOD.replace('task: Do it.', 'task: Write a NetworkPolicy `deny` in `policy.yaml`.'),
      }),
    )
    expect(fresh!.id).toBe('np-x')
    const start = named.replace(
      'solution:',
      'files:\n  policy.yaml: |\n    apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: deny, namespace: shop}\n    spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress]}\nsolution:',
    )
    expect(readExercises(scratch({ [file]: start }))[0]!.id).toBe('np-x')
    expect(errorOf({ [file]: GOOD.replace('task: Do it.', 'task: Edit `policies.yaml`.') })).toMatch(
      /np-x\.yaml: task: names `policies\.yaml`, which is not one of the starting files \(app\.yaml, policy\.yaml\)/,
    )
  })

  it('a dns check: an unknown type, records without expect: records, a source that is no pod', () => {
    const dns = (body: string, from = 'shop/api') =>
      GOOD.replace('  - kind: same-as-solution\n', `  - {kind: dns, from: ${from}, query: db, ${body}}\n`)
    expect(readExercises(scratch({ [file]: dns('expect: records') }))[0]!.checks[1]).toMatchObject({
      kind: 'dns',
      query: 'db',
    })
    expect(errorOf({ [file]: dns('type: MX, expect: records') })).toMatch(
      /np-x\.yaml: checks\[1\]\.type: must be one of A, SRV$/,
    )
    expect(errorOf({ [file]: dns("expect: none, records: ['10.96.0.1']") })).toMatch(
      /np-x\.yaml: checks\[1\]: records goes with expect: records$/,
    )
    expect(errorOf({ [file]: dns('expect: records', 'shop/nope') })).toMatch(
      /np-x\.yaml: checks\[1\]\.from: shop\/nope: no such pod/,
    )
  })

  it('invalid YAML, no checks, no wrong answers', () => {
    expect(errorOf({ [file]: 'id: [' })).toMatch(/np-x\.yaml: not valid YAML/)
    expect(errorOf({ [file]: GOOD.replace(/checks:[\s\S]*?wrong:/, 'checks: []\nwrong:') })).toMatch(
      /np-x\.yaml: checks: an exercise needs at least one check/,
    )
    expect(errorOf({ [file]: GOOD.replace(/wrong:[\s\S]*$/, 'wrong: []\n') })).toMatch(
      /np-x\.yaml: wrong: give at least one known wrong answer/,
    )
  })

  it('an id used twice in the course', () => {
    const other = GOOD.replace('scenario: shop', 'scenario: shop2')
    const root = scratch({ [file]: GOOD })
    cpSync(join(root, 'shop'), join(root, 'shop2'), { recursive: true })
    writeFileSync(join(root, 'shop2/exercises/np-x.yaml'), other)
    expect(() => readExercises(root)).toThrow(
      /shop2\/exercises\/np-x\.yaml: id: np-x is already the id of .*shop\/exercises\/np-x\.yaml/,
    )
  })
})

describe('the JSON Schema of an exercise file', () => {
  it('documents the fields for editors', () => {
    const s = exerciseJsonSchema() as {
      properties: Record<string, { description?: string }>
      required: string[]
    }
    expect(s.required).toEqual(
      expect.arrayContaining(['id', 'title', 'lesson', 'scenario', 'task', 'solution', 'checks', 'wrong']),
    )
    expect(s.properties.lesson!.description).toMatch(/lesson that embeds/)
    expect(JSON.stringify(s.properties.checks)).toContain('same-as-solution')
  })
})

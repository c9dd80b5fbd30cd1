import { describe, expect, it } from 'vitest'
import { loadManifests } from './load'
import { parseManifestText } from './parse-yaml'
import { checkStructure, fieldPath } from './structural'

const load = (text: string, opts = {}) => loadManifests([{ file: 'np.yaml', text }], opts)

describe('parseManifestText', () => {
  it('reads every document and locates nodes by path', () => {
    const r = parseManifestText('a: 1\n---\nkind: Pod\nmetadata:\n  name: web\n', 'x.yaml')
    expect(r.issues).toEqual([])
    expect(r.docs).toHaveLength(2)
    expect(r.docs[1]!.locate(['metadata', 'name'])).toEqual({ line: 5, col: 9, endLine: 5, endCol: 12 })
    expect(r.docs[1]!.locate(['metadata', 'name'], { key: true })).toMatchObject({ line: 5, col: 3 })
  })

  it('reports a syntax error with its line and column and keeps the good documents', () => {
    const r = parseManifestText('kind: Pod\n---\nmetadata: {name: [\n---\nkind: Service\n', 'x.yaml')
    expect(r.docs.map((d) => (d.value as { kind: string }).kind)).toEqual(['Pod', 'Service'])
    expect(r.issues).toHaveLength(1)
    expect(r.issues[0]!.code).toBe('syntax')
    expect(r.issues[0]!.message).toMatch(/^error parsing x\.yaml: line \d+, column \d+: /)
  })

  it('rejects duplicate keys as kubectl does', () => {
    const r = parseManifestText('kind: Pod\nkind: Service\n', 'x.yaml')
    expect(r.issues[0]!.code).toBe('syntax')
    expect(r.issues[0]!.pos?.line).toBe(2)
  })

  it('skips empty documents silently', () => {
    expect(parseManifestText('---\n# only a comment\n---\n', 'x.yaml')).toEqual({ docs: [], issues: [] })
  })
})

describe('checkStructure (strict decoding)', () => {
  it('finds a podSelector placed beside `from:` instead of under it', () => {
    const errs = checkStructure(
      { spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], podSelector: {} }] } },
      'V1NetworkPolicy',
    )
    expect(errs).toEqual([
      {
        code: 'unknown-field',
        path: ['spec', 'ingress', 0, 'podSelector'],
        message: 'unknown field "spec.ingress[0].podSelector"',
      },
    ])
  })

  it('words a type error as the API server does', () => {
    const errs = checkStructure({ spec: { podSelector: 'app=web' } }, 'V1NetworkPolicy')
    expect(errs[0]!.message).toBe(
      'json: cannot unmarshal string into Go struct field NetworkPolicySpec.spec.podSelector of type v1.LabelSelector',
    )
  })

  it('accepts a number as a resource quantity and null anywhere', () => {
    const pod = {
      spec: { containers: [{ name: 'c', resources: { limits: { cpu: 1, memory: '1Gi' } }, ports: null }] },
    }
    expect(checkStructure(pod, 'V1Pod')).toEqual([])
  })

  it('writes field paths with list indexes', () => {
    expect(fieldPath(['spec', 'ingress', 0, 'from', 1, 'ipBlock'])).toBe('spec.ingress[0].from[1].ipBlock')
  })
})

describe('loadManifests', () => {
  it('turns an unknown field into a located kubectl error', () => {
    const r = load(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {}
    podSelector:
      matchLabels: {app: web}
`)
    expect(r.objects).toEqual([])
    expect(r.issues).toHaveLength(1)
    const i = r.issues[0]!
    expect(i.message).toBe(
      'Error from server (BadRequest): error when creating "np.yaml": NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: strict decoding error: unknown field "spec.ingress[0].podSelector"',
    )
    expect(i.field).toBe('spec.ingress[0].podSelector')
    expect(i.pos).toMatchObject({ line: 10, col: 5 })
  })

  it('expands List, PodList and NamespaceList, inferring the items kind', () => {
    const r = load(`kind: NamespaceList
apiVersion: v1
items:
- metadata: {name: prod}
---
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c, image: i}]}}
`)
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([])
    expect(r.objects.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`)).toEqual([
      'Namespace//prod',
      'Pod/default/a',
    ])
    expect(r.objects[1]!.source).toMatchObject({ file: 'np.yaml', doc: 1, item: 0 })
  })

  it('reads JSON as well as YAML', () => {
    const r = load(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } }))
    expect(r.objects.map((o) => o.name)).toEqual(['dev'])
  })

  it('an unknown kind is a warning, and the rest still loads', () => {
    const r = load(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
---
apiVersion: v1
kind: Namespace
metadata: {name: dev}
`)
    expect(r.objects.map((o) => o.kind)).toEqual(['Namespace'])
    expect(r.issues).toMatchObject([{ severity: 'warning', code: 'unknown-kind', kind: 'Ingress' }])
  })

  it('a known kind in a version the API does not serve is an error', () => {
    const r = load(
      'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: old}\nspec: {podSelector: {}}\n',
    )
    expect(r.issues[0]!.severity).toBe('error')
    expect(r.issues[0]!.message).toContain(
      'no matches for kind "NetworkPolicy" in version "extensions/v1beta1"',
    )
  })

  it('says which of kind and apiVersion is missing', () => {
    expect(load('metadata: {name: x}\n').issues[0]!.message).toContain('kind not set')
    expect(load('kind: Pod\nmetadata: {name: x}\n').issues[0]!.message).toContain('apiVersion not set')
    expect(load('- just\n- a list\n').issues[0]!.code).toBe('not-an-object')
  })

  it('defaults the namespace and fills generateName deterministically', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {generateName: job-}\nspec: {containers: [{name: c, image: i}]}\n'
    const a = load(text).objects[0]!
    const b = load(text).objects[0]!
    expect(a.namespace).toBe('default')
    expect(a.name).toMatch(/^job-[a-z0-9]{5}$/)
    expect(b.name).toBe(a.name)
  })

  it('a later definition of the same object replaces the earlier one, with a warning', () => {
    const ns = (label: string) =>
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: dev, labels: {v: "${label}"}}\n`
    const r = loadManifests([
      { file: 'a.yaml', text: ns('1') },
      { file: 'b.yaml', text: ns('2') },
    ])
    expect(r.objects).toHaveLength(1)
    expect(r.objects[0]!.labels).toEqual({ v: '2' })
    expect(r.issues[0]!.code).toBe('duplicate')
  })

  it('lenient reading ignores unknown fields, as offline analyzers do, but still reports them', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}\nstatus: {phase: Active}\nextra: 1\n'
    expect(load(text).objects).toHaveLength(0)
    const lenient = load(text, { lenient: true })
    expect(lenient.objects).toHaveLength(1)
    expect(lenient.issues.map((i) => i.severity)).toEqual(['warning'])
  })
})

describe('unknown fields', () => {
  const misplaced = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - podSelector:
      matchLabels: {app: api}
status: {}
`
  it('lenient reading still refuses an unknown field in a NetworkPolicy spec, which would open the rule to all', () => {
    const r = load(misplaced, { lenient: true })
    expect(r.objects).toEqual([])
    const spec = r.issues.find((i) => i.field === 'spec.ingress[0].podSelector')!
    expect(spec).toMatchObject({ severity: 'error', code: 'unknown-field', pos: { line: 8, col: 5 } })
    expect(spec.message).toBe(
      'Error from server (BadRequest): error when creating "np.yaml": NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: strict decoding error: unknown field "spec.ingress[0].podSelector", unknown field "status"',
    )
    // `status` is outside the spec: real manifests carry it, and lenient reading lets it pass.
    expect(r.issues.find((i) => i.field === 'status')).toMatchObject({
      severity: 'warning',
      pos: { line: 10 },
    })
  })

  it('lenient reading keeps a NetworkPolicy whose only unknown fields are outside its spec', () => {
    const r = load(
      misplaced.replace('  - podSelector:\n      matchLabels: {app: api}', '  - from: [{podSelector: {}}]'),
      {
        lenient: true,
      },
    )
    expect(r.objects.map((o) => o.name)).toEqual(['np'])
    expect(r.issues.map((i) => i.severity)).toEqual(['warning'])
  })

  it('several unknown fields are listed as kubectl lists them: depth first, keys sorted', () => {
    const r = load(`apiVersion: apps/v1
kind: DaemonSet
spec:
  selector:
    matchLabels: {app: a}
    matchLevel: x
  template:
    metadata: {labels: {app: a}}
    spec: {containers: [{name: c, image: i}]}
  strategy: {}
  replicas: 1
  progressDeadlineSeconds: 600
metadata:
  label: {app: a}
  name: ds
`)
    expect(r.issues[0]!.message).toMatch(
      /: strict decoding error: unknown field "metadata\.label", unknown field "spec\.progressDeadlineSeconds", unknown field "spec\.replicas", unknown field "spec\.selector\.matchLevel", unknown field "spec\.strategy"$/,
    )
    expect(new Set(r.issues.map((i) => i.message)).size).toBe(1)
  })
})

describe('keys that name prototype members', () => {
  it('`kind: toString` is an unknown kind and a `toString` field an unknown field, not a crash', () => {
    const r = loadManifests([
      {
        file: 'a.yaml',
        text: 'apiVersion: v1\nkind: toString\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: y}\nconstructor: 1\n',
      },
    ])
    expect(r.issues.map((i) => i.code)).toEqual(['unknown-kind', 'unknown-field'])
  })
})

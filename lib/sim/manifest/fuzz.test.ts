// Bad input never crashes or hangs the simulator: 10,000 generated and mutated manifests,
// in several runs, each come back as a cluster or as located errors, the cluster still
// answers questions, and no case takes more than two seconds.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { clusterFromManifests } from '../cluster/build'
import { connlist } from '../connlist/connlist'
import { connectivityMatrix } from '../matrix/matrix'
import { simulate } from '../simulate/simulate'

const EXAMPLE = readFileSync(resolve(__dirname, '../../../examples/three-tier.yaml'), 'utf8')

/** Small seeds: each covers its own syntax (a List, JSON, a typed list, Services) cheaply. */
const SEEDS = [
  `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a, namespace: x, labels: {app: a}}
  spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 80}]}]}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec:
    podSelector: {matchExpressions: [{key: app, operator: In, values: [a]}]}
    ingress:
    - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
      ports: [{port: 80, endPort: 90}]
`,
  JSON.stringify({
    kind: 'PodList',
    apiVersion: 'v1',
    items: [
      {
        metadata: { name: 'b', namespace: 'y', labels: { app: 'b' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      },
    ],
  }),
  `apiVersion: v1
kind: Service
metadata: {name: web, namespace: x}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: a}
  ports: [{name: http, port: 80, targetPort: http}, {name: dns, port: 53, protocol: UDP}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ext, namespace: x, labels: {kubernetes.io/service-name: ext}}
addressType: IPv4
ports: [{port: 5432}]
endpoints: [{addresses: [192.0.2.10], conditions: {ready: true}}]
`,
]

const TOKENS = [
  ':',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!!str ',
  '\t',
  '"',
  "'",
  '|',
  '>',
  '\n---\n',
  '#',
  '%YAML 1.2\n',
  '\u0000',
  'null',
  '~',
  '1e309',
  '0x1F',
  '-1',
  '99999999999999999999',
  '? ',
  'key: value',
  '\n  ',
  'ingress: []',
  'podSelector:',
  'port: "80"',
  'protocol: tcp',
  'cidr: 10.0.0.0/33',
  'kind: Deployment',
  'replicas: 100000',
  'hostNetwork: true',
]

type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; token: string }
  | { op: 'dupLine'; line: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'indent'; line: number; by: number }

type Structural = { op: 'setValue'; at: number; value: unknown } | { op: 'dropKey'; at: number }

const textMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
)

const structuralArb: fc.Arbitrary<Structural> = fc.oneof(
  fc.record({ op: fc.constant('setValue' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ op: fc.constant('dropKey' as const), at: fc.nat() }),
)

/** Every (container, key) place in a value, for structural mutations. */
function places(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([v, i])
      places(x, out)
    })
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of Object.keys(o)) {
      out.push([o, k])
      places(o[k], out)
    }
  }
  return out
}

function mutateText(text: string, m: Mutation): string {
  const lines = text.split('\n')
  switch (m.op) {
    case 'delete': {
      const at = m.at % (text.length + 1)
      return text.slice(0, at) + text.slice(at + m.len)
    }
    case 'insert': {
      const at = m.at % (text.length + 1)
      return text.slice(0, at) + m.token + text.slice(at)
    }
    case 'dupLine': {
      const i = m.line % lines.length
      lines.splice(i, 0, lines[i]!)
      return lines.join('\n')
    }
    case 'swapLines': {
      const a = m.a % lines.length
      const b = m.b % lines.length
      ;[lines[a], lines[b]] = [lines[b]!, lines[a]!]
      return lines.join('\n')
    }
    case 'indent': {
      const i = m.line % lines.length
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '')
      return lines.join('\n')
    }
  }
}

/** Changes a value of the documents in place: set to any JSON value, or removed. */
function mutateValue(docs: unknown[], m: Structural): void {
  const all = places(docs)
  if (!all.length) return
  const [container, key] = all[m.at % all.length]!
  if (m.op === 'setValue') (container as Record<string, unknown>)[key] = m.value
  else if (Array.isArray(container)) container.splice(key as number, 1)
  else delete (container as Record<string, unknown>)[key]
}

const write = (docs: unknown[], json: boolean) =>
  json
    ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs })
    : docs.map((d) => stringify(d)).join('---\n')

// Seeds are parsed once; a case clones what it changes instead of parsing the seed again.
const parsedOnce = new Map<string, unknown[]>()
function docsOf(text: string): unknown[] {
  let docs = parsedOnce.get(text)
  if (!docs) {
    docs = text
      .split(/^---$/m)
      .map((d) => JSON.parse(JSON.stringify(parse(d, { logLevel: 'silent' }) ?? null)) as unknown)
    parsedOnce.set(text, docs)
  }
  return structuredClone(docs)
}

// --- generated clusters: a few objects of every kind the simulator models, with values
// drawn from sets that mix valid and invalid ones. One to four objects reach every code
// path a larger cluster would (a policy, its pods, a Service); more only make a case slower.

type Obj = Record<string, unknown>
const NS = ['default', 'x', 'y']
const APPS = ['a', 'b']
const labelsArb = fc.record({ app: fc.constantFrom(...APPS) }, { requiredKeys: [] })
/** Mostly `valid`, sometimes `invalid`: a case with an invalid value anywhere is refused. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) =>
  fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: invalid, weight: 1 })
const containerPortArb = mostly(fc.constantFrom(53, 80, 443, 8080), fc.constantFrom(0, 65536, '80'))
const portNumberArb = mostly(
  fc.constantFrom(53, 80, 443, 8080, 'http', 'dns'),
  fc.constantFrom(0, 65536, 'Bad_Name'),
)
const protocolArb = mostly(fc.constantFrom('TCP', 'UDP', 'SCTP'), fc.constant('tcp'))
const selectorArb = fc.oneof(
  fc.constant({}),
  labelsArb.map((matchLabels) => ({ matchLabels })),
  fc
    .record({
      operator: mostly(fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), fc.constant('Bogus')),
      values: fc.subarray(APPS, { minLength: 1 }),
    })
    .map(({ operator, values }) => ({
      matchExpressions: [
        { key: 'app', operator, ...(operator.startsWith('In') || operator === 'NotIn' ? { values } : {}) },
      ],
    })),
)
const metaArb = (kind: string) =>
  fc.record(
    {
      name: mostly(fc.constantFrom(`${kind}-1`, `${kind}-2`), fc.constantFrom('Bad_Name', '')),
      namespace: fc.constantFrom(...NS),
      labels: labelsArb,
    },
    { requiredKeys: ['name'] },
  )

const podArb: fc.Arbitrary<Obj> = fc
  .record({
    metadata: metaArb('pod'),
    ports: fc.array(
      fc.record({ name: fc.constantFrom('http', 'dns'), port: containerPortArb, protocol: protocolArb }),
      { maxLength: 2 },
    ),
    hostNetwork: fc.boolean(),
    nodeName: fc.option(mostly(fc.constantFrom('node-1', 'node-2'), fc.constant('nowhere'))),
  })
  .map(({ metadata, ports, hostNetwork, nodeName }) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: {
      ...(hostNetwork ? { hostNetwork } : {}),
      ...(nodeName ? { nodeName } : {}),
      containers: [
        {
          name: 'c',
          image: 'i',
          ports: ports.map((p, i) => ({
            name: `${p.name}${i}`,
            containerPort: p.port,
            protocol: p.protocol,
          })),
        },
      ],
    },
  }))

const deploymentArb: fc.Arbitrary<Obj> = fc
  .record({
    metadata: metaArb('deploy'),
    app: fc.constantFrom(...APPS),
    replicas: mostly(fc.nat(3), fc.constant(-1)),
  })
  .map(({ metadata, app, replicas }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  }))

const serviceArb: fc.Arbitrary<Obj> = fc
  .record({
    metadata: metaArb('svc'),
    type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'Headless'),
    selector: fc.option(labelsArb),
    ports: fc.array(
      fc.record({ port: containerPortArb, targetPort: fc.option(portNumberArb), protocol: protocolArb }),
      { minLength: 1, maxLength: 2 },
    ),
    local: fc.boolean(),
    affinity: fc.boolean(),
  })
  .map(({ metadata, type, selector, ports, local, affinity }) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      ...(type === 'Headless' ? { clusterIP: 'None' } : { type }),
      ...(type === 'ExternalName' ? { externalName: 'db.example.com' } : {}),
      ...(selector ? { selector } : {}),
      ...(local && (type === 'NodePort' || type === 'LoadBalancer')
        ? { externalTrafficPolicy: 'Local' }
        : {}),
      ...(affinity ? { sessionAffinity: 'ClientIP' } : {}),
      ports: ports.map((p, i) => ({
        name: `p${i}`,
        port: p.port,
        protocol: p.protocol,
        ...(p.targetPort === null ? {} : { targetPort: p.targetPort }),
      })),
    },
  }))

const peerArb = fc.oneof(
  selectorArb.map((podSelector) => ({ podSelector })),
  selectorArb.map((namespaceSelector) => ({ namespaceSelector })),
  mostly(
    fc.constantFrom(
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
      { ipBlock: { cidr: '0.0.0.0/0' } },
    ),
    fc.constantFrom(
      { ipBlock: { cidr: '10.0.0.0/33' } },
      { ipBlock: { cidr: '192.0.2.0/24', except: ['198.51.100.0/24'] } },
    ),
  ),
)
const rulePortArb = fc.oneof(
  fc.record({ port: portNumberArb, protocol: protocolArb }, { requiredKeys: [] }),
  fc.record({ port: fc.constant(8080), endPort: mostly(fc.constantFrom(8090, 65535), fc.constant(70)) }),
)
const ruleArb = (side: 'from' | 'to') =>
  fc.record(
    { [side]: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(rulePortArb, { maxLength: 2 }) },
    {
      requiredKeys: [],
    },
  )
const policyArb: fc.Arbitrary<Obj> = fc
  .record({
    metadata: metaArb('np'),
    podSelector: selectorArb,
    policyTypes: fc.option(fc.subarray(['Ingress', 'Egress'])),
    ingress: fc.option(fc.array(ruleArb('from'), { maxLength: 2 })),
    egress: fc.option(fc.array(ruleArb('to'), { maxLength: 2 })),
  })
  .map(({ metadata, podSelector, policyTypes, ingress, egress }) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
    spec: {
      podSelector,
      ...(policyTypes ? { policyTypes } : {}),
      ...(ingress ? { ingress } : {}),
      ...(egress ? { egress } : {}),
    },
  }))

const namespaceArb: fc.Arbitrary<Obj> = fc
  .record({ name: fc.constantFrom(...NS), labels: labelsArb })
  .map((metadata) => ({ apiVersion: 'v1', kind: 'Namespace', metadata }))

const clusterArb = fc.array(fc.oneof(podArb, podArb, deploymentArb, serviceArb, policyArb, namespaceArb), {
  minLength: 1,
  maxLength: 4,
})

// --- running one case

/** The issue's bound on one case: a behaviour bound (nothing may hang), not a benchmark. */
const CASE_MS = 2000

let caseCount = 0

/** Loads, validates, builds, simulates, tabulates and lists; true if loading found errors. */
function runCase(text: string): boolean {
  const started = performance.now()
  const cluster = clusterFromManifests([{ file: 'fuzz.yaml', text }], { cni: 'calico', builtins: false })
  expect(Array.isArray(cluster.pods)).toBe(true)
  for (const issue of cluster.issues) {
    expect(typeof issue.message).toBe('string')
    expect(issue.message.length).toBeGreaterThan(0)
    expect(['error', 'warning']).toContain(issue.severity)
  }
  // Whatever was accepted must still be answerable.
  const pods = cluster.pods.filter((p) => p.ip)
  if (pods.length) {
    const from = { pod: pods[0]!.id }
    expect(simulate(cluster, { from, to: { pod: pods[pods.length - 1]!.id }, port: 80 }).outcome).toBeTruthy()
    const service = cluster.services[0]
    if (service) expect(simulate(cluster, { from, to: { service: service.name } }).outcome).toBeTruthy()
    connectivityMatrix(cluster, { protocol: 'TCP', port: 80 })
  }
  connlist({ ...cluster })
  // Every fourth case also goes the way `netpol connlist` reads manifests: leniently, with the
  // offline analyzer's conventions, keeping objects that strict decoding refuses.
  if (caseCount++ % 4 === 0) {
    const lenient = clusterFromManifests([{ file: 'fuzz.yaml', text }], {
      cni: 'calico',
      builtins: false,
      analyzerConventions: true,
    })
    connlist({ ...lenient })
  }
  const ms = performance.now() - started
  if (ms > CASE_MS)
    throw new Error(`one case took ${Math.round(ms)} ms (at most ${CASE_MS}); its input:\n${text}`)
  return cluster.issues.some((i) => i.severity === 'error')
}

/** Runs a property over `runs` cases and returns how many had errors and how many were clean. */
function fuzz<T>(arb: fc.Arbitrary<T>, toText: (t: T) => string, runs: number, offset: number) {
  const counts = { errors: 0, clean: 0 }
  fc.assert(
    fc.property(arb, (t) => {
      if (runCase(toText(t))) counts.errors++
      else counts.clean++
    }),
    // A fixed seed keeps CI reproducible; FUZZ_SEED explores other inputs.
    { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 20261127) + offset },
  )
  return counts
}

// Generous per-test timeouts: on a loaded two-core machine a run can take several times
// as long as on an idle one; the per-case bound is what the issue asks for.
const RUN_TIMEOUT = 120_000

describe('fuzz: generated and mutated manifests (10,000 cases in all)', () => {
  it(
    '4,000 generated clusters load, build and answer questions',
    () => {
      const c = fuzz(fc.tuple(clusterArb, fc.boolean()), ([docs, json]) => write(docs, json), 4000, 1)
      // The generator mixes valid and invalid values: both paths must be taken often.
      expect(c.errors).toBeGreaterThan(400)
      expect(c.clean).toBeGreaterThan(400)
    },
    RUN_TIMEOUT,
  )

  it(
    '3,000 generated clusters, mutated in structure and text, give a cluster or errors',
    () => {
      const arb = fc.tuple(
        clusterArb,
        fc.array(structuralArb, { maxLength: 2 }),
        fc.array(textMutationArb, { minLength: 1, maxLength: 3 }),
      )
      const c = fuzz(
        arb,
        ([docs, structural, text]) => {
          // Generated values share constants: change a copy, or later cases would see it.
          const copy = structuredClone(docs)
          for (const m of structural) mutateValue(copy, m)
          return text.reduce(mutateText, write(copy, false))
        },
        3000,
        2,
      )
      // Most mutations break a manifest; enough must survive to reach the simulator.
      expect(c.errors).toBeGreaterThan(2000)
      expect(c.clean).toBeGreaterThan(45)
    },
    RUN_TIMEOUT,
  )

  it(
    '2,750 mutations of small hand-written seeds give a cluster or errors',
    () => {
      const arb = fc.tuple(
        fc.nat({ max: SEEDS.length - 1 }),
        fc.array(structuralArb, { maxLength: 2 }),
        fc.array(textMutationArb, { minLength: 1, maxLength: 4 }),
      )
      const c = fuzz(
        arb,
        ([seed, structural, text]) => {
          // Unchanged in structure, a seed keeps its own layout (flow style, JSON).
          let base = SEEDS[seed]!
          if (structural.length) {
            const docs = docsOf(base)
            for (const m of structural) mutateValue(docs, m)
            base = write(docs, false)
          }
          return text.reduce(mutateText, base)
        },
        2750,
        3,
      )
      expect(c.errors).toBeGreaterThan(1500)
      expect(c.clean).toBeGreaterThan(90)
    },
    RUN_TIMEOUT,
  )

  it(
    '250 mutations of the three-tier example (a course-sized cluster) give a cluster or errors',
    () => {
      const arb = fc.tuple(
        fc.array(structuralArb, { maxLength: 1 }),
        fc.array(textMutationArb, { minLength: 1, maxLength: 3 }),
      )
      const c = fuzz(
        arb,
        ([structural, text]) => {
          let base = EXAMPLE
          if (structural.length) {
            const docs = docsOf(base)
            for (const m of structural) mutateValue(docs, m)
            base = write(docs, false)
          }
          return text.reduce(mutateText, base)
        },
        250,
        4,
      )
      expect(c.errors).toBeGreaterThan(150)
      expect(c.clean).toBeGreaterThan(5)
    },
    RUN_TIMEOUT,
  )

  it('a YAML alias bomb is refused with a clear error', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      )
    const c = clusterFromManifests([{ file: 'bomb.yaml', text: bomb.join('\n') }], { builtins: false })
    expect(c.issues.map((i) => i.code)).toContain('alias-limit')
    expect(c.issues[0]!.message).toMatch(/aliases/)
  })

  it('oversized input is refused before parsing', () => {
    const text = `# ${'x'.repeat(5 * 1024 * 1024)}`
    const c = clusterFromManifests([{ file: 'big.yaml', text }], { builtins: false })
    expect(c.issues).toHaveLength(1)
    expect(c.issues[0]!.code).toBe('too-large')
    expect(c.issues[0]!.message).toMatch(/at most/)
  })

  it('deep nesting is refused, not a stack overflow', () => {
    const text = `${'['.repeat(5000)}${']'.repeat(5000)}`
    const c = clusterFromManifests([{ file: 'deep.yaml', text }], { builtins: false })
    expect(c.issues.some((i) => i.severity === 'error')).toBe(true)
  })
})

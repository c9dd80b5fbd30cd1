// `npm run bench [-- --json]`: how fast the simulator answers, on synthetic clusters.
// Prints a table of figures; with --json it ends with one JSON line of them.
//
// Each matrix time is also given as a ratio to a floor measured in the same run: the time
// to fill an N×N byte array once, the least work any full matrix needs.
import { clusterFromManifests } from '../lib/sim/cluster/build'
import { connectivityMatrix } from '../lib/sim/matrix/matrix'
import type { Cluster } from '../lib/sim/model/types'
import { simulate } from '../lib/sim/simulate/simulate'
import { syntheticSource } from '../lib/sim/testing/synthetic'
import { grade } from '../lib/grading'
import type { Exercise } from '../lib/grading'

const SIZES = [
  [100, 20],
  [1000, 200],
  [5000, 500],
] as const

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Runs `fn` until it has a steady timing: warm-up rounds, then the median of the rest. */
function time(fn: () => void, minRuns: number, budgetMs: number): number {
  for (let i = 0; i < 3; i++) fn()
  const runs: number[] = []
  const start = performance.now()
  while (runs.length < minRuns || (performance.now() - start < budgetMs && runs.length < 200)) {
    const t = performance.now()
    fn()
    runs.push(performance.now() - t)
  }
  return median(runs)
}

let sink = 0
function floor(n: number): number {
  const cells = n * n
  return time(
    () => {
      const a = new Uint8Array(cells)
      for (let i = 0; i < cells; i++) a[i] = 1
      sink += a[cells - 1]!
    },
    5,
    300,
  )
}

function buildCluster(pods: number, policies: number): { cluster: Cluster; ms: number } {
  const t = performance.now()
  const cluster = clusterFromManifests([syntheticSource({ pods, policies, seed: 42 })], { cni: 'calico' })
  const errors = cluster.issues.filter((i) => i.severity === 'error')
  if (errors.length) throw new Error(`synthetic cluster has errors: ${errors[0]!.message}`)
  return { cluster, ms: performance.now() - t }
}

const json = process.argv.includes('--json')
const figures: Record<string, number> = {}
const rows: string[][] = [['case', 'pods', 'policies', 'build ms', 'matrix ms', 'floor ms', 'ratio']]

for (const [pods, policies] of SIZES) {
  const { cluster, ms: buildMs } = buildCluster(pods, policies)
  const matrixMs = time(
    () => {
      sink += connectivityMatrix(cluster, { protocol: 'TCP', port: 8080 }).cells.length
    },
    5,
    pods >= 5000 ? 3000 : 1000,
  )
  const floorMs = floor(cluster.pods.length)
  const ratio = matrixMs / floorMs
  figures[`matrix_${pods}_${policies}_ms`] = round(matrixMs)
  figures[`floor_${pods}_ms`] = round(floorMs, 4)
  figures[`floor_ratio_${pods}`] = round(ratio)
  figures[`build_${pods}_${policies}_ms`] = round(buildMs)
  rows.push([
    `matrix`,
    String(pods),
    String(policies),
    buildMs.toFixed(0),
    matrixMs.toFixed(2),
    floorMs.toFixed(3),
    ratio.toFixed(1),
  ])
}

// One simulate call: a pod reaching a Service by name on a 1,000-pod cluster (DNS, DNAT,
// both policy checks, the path, the listener).
{
  const { cluster } = buildCluster(1000, 200)
  const pods = cluster.pods.filter((p) => p.ip)
  let i = 0
  const perCall = time(
    () => {
      for (let k = 0; k < 1000; k++) {
        const a = pods[(i * 7) % pods.length]!
        const b = pods[(i * 13 + 1) % pods.length]!
        i++
        sink += simulate(cluster, { from: { pod: a.id }, to: { pod: b.id }, port: 8080 }).trace.length
      }
    },
    5,
    1500,
  )
  figures.simulate_ms = round(perCall / 1000, 5)
  rows.push(['simulate (pod → pod, mean of 1000)', '1000', '200', '', (perCall / 1000).toFixed(4), '', ''])
  // The longer way: a Service by name, so DNS (itself a policed UDP connection), DNAT
  // and the backend choice all run.
  const perService = time(
    () => {
      for (let k = 0; k < 1000; k++) {
        const a = pods[(i * 7) % pods.length]!
        const b = pods[(i * 13 + 1) % pods.length]!
        i++
        const svc = `${b.labels.app}.${b.namespace}`
        sink += simulate(cluster, { from: { pod: a.id }, to: { host: svc }, port: 80, seed: String(k) }).trace
          .length
      }
    },
    5,
    1500,
  )
  figures.simulate_service_ms = round(perService / 1000, 5)
  rows.push([
    'simulate (pod → Service by name, mean of 1000)',
    '1000',
    '200',
    '',
    (perService / 1000).toFixed(4),
    '',
    '',
  ])
}

// Grading one exercise on a 50-pod cluster: the lab session's build of the learner's
// cluster, a connectivity comparison with the solution over every listening port, and
// reachability and structural checks. Warm: the same exercise object again (its solution
// is computed once, as in a lab); cold: a fresh exercise object each time.
{
  const cluster = clusterFromManifests([syntheticSource({ pods: 50, policies: 10, seed: 7 })], {
    cni: 'calico',
  })
  const pods = cluster.pods.filter((p) => p.ip && p.namespace.startsWith('team-'))
  const [a, b] = [pods[0]!, pods[pods.length - 1]!]
  const port = b.ports[0]!.containerPort
  // A source the solution keeps out, to check a dropped connection too.
  const c = pods.find((p) => p.labels.app !== a.labels.app && p.id !== b.id)!
  const allow = (port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: graded, namespace: ${b.namespace}}
spec:
  podSelector: {matchLabels: {app: ${b.labels.app}}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: ${a.labels.app}}}}]
      ports: [{port: ${port}}]
`
  const make = (): Exercise => ({
    id: 'bench',
    title: 'bench',
    lesson: 'bench',
    scenario: 'bench',
    task: 'bench',
    cni: 'calico',
    editable: ['policy.yaml'],
    frozen: [`Namespace//${a.namespace}`],
    hints: [],
    solution: { 'policy.yaml': allow(String(port)) },
    checks: [
      { kind: 'reachability', from: a.id, to: b.id, port: `${port}/TCP`, expect: 'connected' },
      { kind: 'reachability', from: c.id, to: b.id, port: `${port}/TCP`, expect: 'dropped' },
      { kind: 'same-as-solution', externals: ['203.0.113.10'] },
      { kind: 'count', resource: 'NetworkPolicy', namespace: b.namespace, max: 20 },
      {
        kind: 'field',
        object: `NetworkPolicy/${b.namespace}/graded`,
        path: 'spec.policyTypes',
        contains: 'Ingress',
      },
    ],
    wrong: [],
    startFiles: [
      { ...syntheticSource({ pods: 50, policies: 10, seed: 7 }), name: 'cluster.yaml', editable: false },
      { name: 'policy.yaml', text: '', editable: true },
    ].map(({ name, text, editable }) => ({ name, text, editable })),
    source: 'bench',
    startSources: {},
  })
  const warmEx = make()
  let n = 0
  // Every attempt is a new text, as when a learner types: its load is never cached.
  const attempt = () => ({
    files: { 'policy.yaml': `# attempt ${n}\n${allow(n++ % 2 ? String(port) : '1')}` },
  })
  const check = grade(warmEx, { files: warmEx.solution })
  if (!check.passed)
    throw new Error(
      `the bench exercise solution fails: ${JSON.stringify(check.checks.filter((c) => !c.passed))}`,
    )
  const warm = time(() => void (sink += grade(warmEx, attempt()).checks.length), 10, 1500)
  const cold = time(() => void (sink += grade(make(), attempt()).checks.length), 10, 1500)
  figures.grade_50_pods_ms = round(warm)
  figures.grade_50_pods_cold_ms = round(cold)
  rows.push(['grade (one exercise, warm)', String(cluster.pods.length), '10', '', warm.toFixed(2), '', ''])
  rows.push(['grade (one exercise, cold)', String(cluster.pods.length), '10', '', cold.toFixed(2), '', ''])
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '))
console.log(
  `budgets: matrix 1000/200 < 100 ms (${figures.matrix_1000_200_ms} ms), ratio < 20 (${figures.floor_ratio_1000}), simulate < 0.1 ms (${figures.simulate_ms} ms), grade 50 pods < 20 ms (${figures.grade_50_pods_ms} ms)`,
)
if (sink === -1) console.log('')
if (json) console.log(JSON.stringify(figures))

// Grading one attempt: the cluster is built exactly as the lab builds it (a LabSession
// over the exercise's starting files plus the learner's edits and terminal changes), then
// every check runs against it. Pure and deterministic: the same exercise and workspace
// always give the same result, word for word.
import { resolve } from '../sim/dns/resolver'
import { issueLocation } from '../sim/manifest/issues'
import type { Issue } from '../sim/manifest/issues'
import type { KubeObject, LoadResult } from '../sim/manifest/load'
import type { Cluster } from '../sim/model/types'
import { lookup } from '../sim/model/lookup'
import { selectorMatches } from '../sim/policy/selector'
import { simulate } from '../sim/simulate/simulate'
import type { SimResult } from '../sim/simulate/simulate'
import { LabSession, objectKey } from '../session/session'
import type { SessionState } from '../session/session'
import {
  findPodRef,
  parsePortSpec,
  parseSource,
  parseTarget,
  portLabel,
  TargetError,
} from '../session/targets'
import { allowedBecause, flowText, whyDropped } from './explain'
import { diffFlows, flowTable, probesFor } from './flows'
import type { FlowTable } from './flows'
import type {
  CountCheck,
  DnsCheck,
  ExpectedOutcome,
  FieldCheck,
  ReachabilityCheck,
  SameAsSolutionCheck,
  UnchangedCheck,
} from './schema'
import type { Check, CheckResult, Exercise, GradeIssue, GradeResult, Workspace } from './types'

/** How many differing flows a failed same-as-solution check names. */
const MAX_DIFFS = 3

// Parsing and validating the starting files is most of a build; every attempt at an
// exercise shares them, so their loads are kept per exercise.
const loadCaches = new WeakMap<Exercise, Map<string, LoadResult>>()

/** The lab session of an attempt; no workspace means the starting state. */
export function gradedSession(exercise: Exercise, workspace: Workspace = {}): LabSession {
  let loadCache = loadCaches.get(exercise)
  if (!loadCache) loadCaches.set(exercise, (loadCache = new Map()))
  const state: SessionState = {
    ...workspace,
    cni: workspace.cni ?? exercise.cni,
    files: { ...(workspace.files ?? {}) },
    applied: { ...(workspace.applied ?? {}) },
    deleted: [...(workspace.deleted ?? [])],
    labels: { ...(workspace.labels ?? {}) },
    annotations: { ...(workspace.annotations ?? {}) },
    created: {},
  }
  // Only the editable files are the learner's; other names would be ignored by the
  // session anyway, so they are dropped here to keep the state honest.
  for (const name of Object.keys(state.files)) if (!exercise.editable.includes(name)) delete state.files[name]
  return new LabSession(
    {
      files: exercise.startFiles.map((f) => ({ ...f, editable: exercise.editable.includes(f.name) })),
      cni: exercise.cni,
      clock: () => 0,
      loadCache,
      ...(exercise.nodes ? { nodes: exercise.nodes } : {}),
      ...(exercise.loadBalancer ? { loadBalancer: exercise.loadBalancer } : {}),
    },
    state,
  )
}

function toGradeIssue(i: Issue): GradeIssue {
  const pos = i.pos ?? i.source?.pos
  return {
    file: i.source?.file ?? '<input>',
    ...(pos ? { line: pos.line, column: pos.col } : {}),
    message: i.message,
    text: `${issueLocation(i)}: ${i.message}`,
  }
}

// ---- reachability ----

function outcomeOf(r: SimResult): ExpectedOutcome | 'no-route' | 'invalid' {
  if (r.egress?.allowed === false || r.ingress?.allowed === false) return 'dropped'
  // A request an L7 proxy refuses (403) was stopped by policy, though the connection was made.
  if (r.http?.allowed === false) return 'dropped'
  if (r.outcome === 'timed-out') return 'dropped'
  return r.outcome
}

const PHRASE: Record<string, string> = {
  connected: 'connects',
  dropped: 'is dropped',
  refused: 'is refused',
  'no-such-host': 'fails: no such host',
  'no-route': 'fails: no route to host',
  invalid: 'cannot be tried',
}
const SHOULD: Record<ExpectedOutcome, string> = {
  connected: 'should connect',
  dropped: 'should be dropped',
  refused: 'should be refused',
  'no-such-host': 'should fail to resolve',
}

function flowLabel(c: ReachabilityCheck, r?: SimResult): string {
  const port =
    r?.to.protocol === 'ICMP'
      ? 'ICMP'
      : r?.to.port !== undefined
        ? portLabel({ port: r.to.port, protocol: r.to.protocol })
        : c.port
  return `${flowText(c.from, c.to, port)}${c.request ? ` (${c.request})` : ''}`
}

function why(cluster: Cluster, r: SimResult, got: string): string {
  if (got === 'connected')
    return `${allowedBecause(cluster, [r.egress, r.ingress])}${r.http ? `; ${r.http.text}` : ''}`
  if (got === 'dropped') {
    const denied = [r.egress, r.ingress].filter((v) => v && !v.allowed)
    return denied.length ? denied.map((v) => whyDropped(v!)).join('; ') : r.reason
  }
  return r.reason
}

function reachability(cluster: Cluster, c: ReachabilityCheck): CheckResult {
  let r: SimResult
  try {
    r = simulate(cluster, {
      from: parseSource(cluster, c.from),
      to: parseTarget(cluster, c.to),
      ...(c.port ? parsePortSpec(c.port) : {}),
      ...(c.request
        ? { http: { method: c.request.split(' ')[0]!, path: c.request.slice(c.request.indexOf(' ') + 1) } }
        : {}),
    })
  } catch (e) {
    if (!(e instanceof TargetError)) throw e
    const name = c.name ?? `${flowLabel(c)} ${PHRASE[c.expect === 'connected' ? 'connected' : c.expect]}`
    return { name, passed: false, message: `${flowLabel(c)} cannot be tried: ${e.message}` }
  }
  const got = outcomeOf(r)
  const label = flowLabel(c, r)
  const name = c.name ?? `${label} ${c.expect === 'connected' ? 'connects' : PHRASE[c.expect]}`
  const reason = why(cluster, r, got)
  if (got === c.expect) return { name, passed: true, message: `${label} ${PHRASE[got]}: ${reason}` }
  if (got === 'connected')
    return {
      name,
      passed: false,
      // "should be dropped, but X allows it" reads on its own; a refusal or a failed lookup
      // that was expected needs the outcome said first.
      message: `${label} ${SHOULD[c.expect]}, but ${c.expect === 'dropped' ? '' : 'it connects: '}${reason}`,
    }
  return { name, passed: false, message: `${label} ${SHOULD[c.expect]}, but it ${PHRASE[got]}: ${reason}` }
}

// ---- same as the solution ----

interface SolutionCache {
  session: LabSession
  cluster: Cluster
  tables: Map<string, FlowTable>
}
// The solution's cluster and flow tables depend only on the exercise, so they are computed
// once per exercise object. The solution runs on the exercise's CNI whatever the learner
// switched to: a CNI that ignores policies must not make every answer "behave alike".
const solutions = new WeakMap<Exercise, SolutionCache>()

function solutionCluster(exercise: Exercise): SolutionCache {
  let s = solutions.get(exercise)
  if (!s) {
    const session = gradedSession(exercise, { files: exercise.solution })
    s = { session, cluster: session.cluster, tables: new Map() }
    solutions.set(exercise, s)
  }
  return s
}

function sameAsSolution(exercise: Exercise, learner: Cluster, c: SameAsSolutionCheck): CheckResult {
  const name = c.name ?? 'Behaves like the solution'
  const sol = solutionCluster(exercise)
  const externals = c.externals ?? []
  const probes = probesFor([sol.cluster, learner], c.ports)
  const probeKey = JSON.stringify([probes, externals])
  let want = sol.tables.get(probeKey)
  if (!want) sol.tables.set(probeKey, (want = flowTable(sol.cluster, probes, externals)))
  const mine = flowTable(learner, probes, externals)
  const diffs = diffFlows(learner, mine, want)
  if (!diffs.length)
    return {
      name,
      passed: true,
      message: `every connection between ${countPods(sol.cluster)} pods${externals.length ? ` and ${externals.join(', ')}` : ''} on ${probes.length} port${probes.length === 1 ? '' : 's'} behaves as in the solution`,
    }
  const shown = diffs.slice(0, MAX_DIFFS).map((d) => d.text)
  const more = diffs.length - shown.length
  return {
    name,
    passed: false,
    message: `${
      diffs.some((d) => d.missing !== undefined)
        ? `${diffs.length} difference${diffs.length === 1 ? '' : 's'}`
        : `${diffs.length} connection${diffs.length === 1 ? ' differs' : 's differ'}`
    } from the solution: ${shown.join('; ')}${more ? `; and ${more} more` : ''}`,
  }
}

function countPods(c: Cluster): number {
  return c.pods.filter((p) => p.ip).length
}

// ---- DNS ----

function dnsLookup(cluster: Cluster, c: DnsCheck): CheckResult {
  const type = c.type ?? 'A'
  const want =
    c.expect === 'none'
      ? 'no record'
      : c.records
        ? c.records.join(', ')
        : `${type === 'A' ? 'an' : 'a'} ${type} record`
  const name = c.name ?? `${c.from} looks up ${c.query} (${type}): ${want}`
  const asked = `${c.query} (${type}) from ${c.from}`
  const pod = findPodRef(cluster, c.from)
  if (!pod) return { name, passed: false, message: `${asked} cannot be tried: ${c.from}: no such pod` }
  // The query is a UDP connection to the cluster DNS, subject to the pod's egress policies
  // and CoreDNS's ingress ones (DN-08), as the simulator's own lookups are.
  const res = resolve(cluster, pod, c.query, type, (conf) => {
    if (!conf.clusterDns) return { ok: true, reason: '' }
    const q = simulate(cluster, {
      from: { pod: pod.id },
      to: { ip: conf.nameserver },
      port: 53,
      protocol: 'UDP',
      seed: `dns:${c.query}`,
    })
    return { ok: q.outcome === 'connected', reason: q.reason }
  })
  if (res.status === 'unreachable')
    return {
      name,
      passed: false,
      message: `${asked} gets no answer: the query to ${res.conf.nameserver} is dropped (${res.failure})`,
    }
  const found = res.records.filter((r) => r.type === type).map((r) => r.data)
  const answer = found.length
    ? `${res.fqdn} ${type} ${found.join(', ')}`
    : res.status === 'no-data'
      ? `the name exists, but has no ${type} record`
      : `NXDOMAIN (${res.queries[0]?.qname ?? c.query}${res.queries.length > 1 ? `, and ${res.queries.length - 1} more name${res.queries.length > 2 ? 's' : ''} of the search list` : ''})`
  const sorted = (xs: readonly string[]) => [...xs].sort().join('\n')
  const passed =
    c.expect === 'none'
      ? !found.length
      : found.length > 0 && (c.records === undefined || sorted(found) === sorted(c.records))
  if (passed) return { name, passed, message: `${asked}: ${answer}` }
  return {
    name,
    passed,
    message: `${asked} should answer ${want}, but ${found.length ? `it answers ${answer}` : `it gets ${answer}`}`,
  }
}

// ---- structural checks ----

function count(session: LabSession, c: CountCheck): CheckResult {
  const where = c.namespace ? ` in ${c.namespace}` : ''
  const bound =
    c.min !== undefined && c.max !== undefined
      ? c.min === c.max
        ? `exactly ${c.min}`
        : `${c.min} to ${c.max}`
      : c.max !== undefined
        ? `at most ${c.max}`
        : `at least ${c.min}`
  const plural = (n: number) =>
    n === 1
      ? `1 ${c.resource}`
      : `${n} ${c.resource.endsWith('y') ? `${c.resource.slice(0, -1)}ies` : `${c.resource}s`}`
  const many = (c.max ?? c.min) !== 1
  const kind = many ? plural(2).slice(2) : c.resource
  const name = c.name ?? `${bound[0]!.toUpperCase()}${bound.slice(1)} ${kind}${where}`
  const found = session.objects.filter(
    (o) => o.kind === c.resource && (!c.namespace || o.namespace === c.namespace),
  )
  const n = found.length
  const ok = (c.min === undefined || n >= c.min) && (c.max === undefined || n <= c.max)
  const names = found.map((o) => (o.namespace ? `${o.namespace}/${o.name}` : o.name)).join(', ')
  return {
    name,
    passed: ok,
    message: `${plural(n)}${where}${n ? ` (${names})` : ''}; expected ${bound}`,
  }
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(v) ?? 'null'
}

function parseRef(ref: string): { kind: string; namespace: string | undefined; name: string } {
  const [kind, ns, name] = ref.split('/') as [string, string, string]
  return { kind, namespace: ns || undefined, name }
}

type RawObject = Record<string, unknown> & { metadata: Record<string, unknown> }

/** The object as the cluster holds it now, with the terminal's label and annotation changes. */
function effectiveRaw(session: LabSession, ref: string): RawObject | undefined {
  const { kind, namespace, name } = parseRef(ref)
  const o = session.find(kind, namespace, name)
  if (!o) return undefined
  const raw = o.raw as Record<string, unknown>
  const meta = { ...((raw.metadata as Record<string, unknown> | undefined) ?? {}) }
  const key = objectKey(kind, namespace, name)
  meta.labels = session.metadataOf(key, 'labels', (meta.labels as Record<string, string>) ?? {})
  meta.annotations = session.metadataOf(
    key,
    'annotations',
    (meta.annotations as Record<string, string>) ?? {},
  )
  return { ...raw, metadata: meta }
}

function effective(session: LabSession, ref: string): string | undefined {
  const raw = effectiveRaw(session, ref)
  return raw && stable(raw)
}

// The starting state is the same for every attempt: one session per exercise.
const starts = new WeakMap<Exercise, LabSession>()
function startSession(exercise: Exercise): LabSession {
  let s = starts.get(exercise)
  if (!s) starts.set(exercise, (s = gradedSession(exercise)))
  return s
}

function unchanged(start: LabSession, session: LabSession, c: UnchangedCheck): CheckResult {
  const name = c.name ?? `${c.object} is unchanged`
  const before = effective(start, c.object)
  const now = effective(session, c.object)
  if (now === undefined)
    return {
      name,
      passed: false,
      message: `${c.object} ${before === undefined ? 'does not exist' : 'was deleted'}`,
    }
  if (now === before) return { name, passed: true, message: `${c.object} is as it started` }
  return {
    name,
    passed: false,
    message: `${c.object} was changed${diffWhere(before, now)}; leave it as it started`,
  }
}

function diffWhere(before: string | undefined, now: string): string {
  if (before === undefined) return ' (it did not exist at the start)'
  const a = JSON.parse(before) as Record<string, unknown>
  const b = JSON.parse(now) as Record<string, unknown>
  const paths: string[] = []
  const walk = (x: unknown, y: unknown, path: string) => {
    if (paths.length >= 3 || stable(x) === stable(y)) return
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()
      for (const k of keys)
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k)
    } else paths.push(path || '(the whole object)')
  }
  walk(a, b, '')
  return paths.length ? ` at ${paths.join(', ')}` : ''
}

function fieldAt(raw: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = raw
  for (const seg of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (cur === null || typeof cur !== 'object') return { found: false }
    const key = seg.startsWith('[') ? Number(seg.slice(1, -1)) : seg
    if (Array.isArray(cur) !== (typeof key === 'number')) return { found: false }
    if (!(key in (cur as object))) return { found: false }
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return { found: true, value: cur }
}

function field(session: LabSession, c: FieldCheck): CheckResult {
  const { kind, namespace, name } = parseRef(c.object)
  const want =
    c.exists !== undefined
      ? c.exists
        ? 'is set'
        : 'is not set'
      : c.equals !== undefined
        ? `equals ${JSON.stringify(c.equals)}`
        : `contains ${JSON.stringify(c.contains)}`
  const title = c.name ?? `${c.selects ? `The ${kind} selecting ${c.selects}` : c.object}: ${c.path} ${want}`
  let objects = session.objects.filter(
    (o) => o.kind === kind && o.namespace === namespace && (name === '*' || o.name === name),
  )
  if (c.selects) {
    const cluster = session.cluster
    const pod = findPodRef(cluster, c.selects)
    const policies = lookup(cluster).policiesIn.get(pod?.namespace ?? '') ?? []
    objects = objects.filter((o) => {
      const p = policies.find((x) => x.name === o.name)
      return pod && p && selectorMatches(p.podSelector, pod.labels)
    })
  }
  if (!objects.length)
    return {
      name: title,
      passed: false,
      message: `no ${kind} ${c.selects ? `selects ${c.selects}` : name === '*' ? `in ${namespace ?? 'the cluster'}` : `${c.object} exists`}`,
    }
  const results = objects.map((o) => {
    const at = fieldAt(o.raw, c.path)
    const id = `${kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`
    let ok: boolean
    if (c.exists !== undefined) ok = at.found === c.exists
    else if (c.equals !== undefined) ok = at.found && stable(at.value) === stable(c.equals)
    else
      ok =
        at.found &&
        (Array.isArray(at.value)
          ? at.value.some((x) => stable(x) === stable(c.contains))
          : typeof at.value === 'string' && typeof c.contains === 'string' && at.value.includes(c.contains))
    const shown = at.found ? JSON.stringify(at.value) : 'not set'
    return { ok, text: `${id}: ${c.path} is ${shown}` }
  })
  const passed = (c.match ?? 'every') === 'every' ? results.every((r) => r.ok) : results.some((r) => r.ok)
  const relevant = passed ? results : results.filter((r) => !r.ok)
  return {
    name: title,
    passed,
    message: `${relevant.map((r) => r.text).join('; ')}${passed ? '' : `; it should be a value that ${want}`}`,
  }
}

// ---- grading ----

/** Every check the exercise runs: its own, then one unchanged check per frozen object. */
export function allChecks(exercise: Exercise): Check[] {
  const frozen: Check[] = exercise.frozen
    .filter((ref) => !exercise.checks.some((c) => c.kind === 'unchanged' && c.object === ref))
    .map((object) => ({ kind: 'unchanged', object }))
  return [...exercise.checks, ...frozen]
}

// The scenario's objects outside the editable files that the reference solution leaves as
// they start: a policy answer must not pass by relabelling a namespace or a pod, or by
// redefining them in an editable file (the cluster would then match the rule by accident).
// Each maps the object's reference to what it is at the start.
const untouchedCache = new WeakMap<Exercise, Map<string, RawObject>>()

function untouched(exercise: Exercise): Map<string, RawObject> {
  let refs = untouchedCache.get(exercise)
  if (refs) return refs
  const start = startSession(exercise)
  const solution = solutionCluster(exercise).session
  refs = new Map()
  for (const o of start.objects) {
    if (exercise.editable.includes(o.source.file)) continue
    const ref = `${o.kind}/${o.namespace ?? ''}/${o.name}`
    const before = effectiveRaw(start, ref)
    if (before && !exercise.frozen.includes(ref) && stable(before) === effective(solution, ref))
      refs.set(ref, before)
  }
  untouchedCache.set(exercise, refs)
  return refs
}

// Label keys that some selector reads (policies of every kind, Services, workloads). A label
// no selector reads, or an annotation, changes no flow: a learner trying `kubectl label` or
// `kubectl annotate` on the way to a right answer is not failed for it.
const CALICO_SELECTOR = /^(selector|namespaceSelector|serviceAccountSelector)$/
const LABEL_KEY = /[A-Za-z0-9][-A-Za-z0-9_./]*/g

function selectorKeys(objects: readonly KubeObject[], into = new Set<string>()): Set<string> {
  const add = (key: string) => into.add(key.replace(/^(k8s|any):/, ''))
  const walk = (v: unknown, parent: string, depth: number): void => {
    if (depth > 32) return
    if (typeof v === 'string') {
      if (CALICO_SELECTOR.test(parent)) for (const m of v.matchAll(LABEL_KEY)) add(m[0])
      return
    }
    if (v === null || typeof v !== 'object') return
    if (Array.isArray(v)) {
      for (const x of v) walk(x, parent, depth + 1)
      return
    }
    const entries = Object.entries(v as Record<string, unknown>)
    const labelMap = entries.every(([, x]) => typeof x === 'string')
    if ((parent === 'matchLabels' || parent === 'selector') && labelMap) for (const [k] of entries) add(k)
    if (parent === 'matchExpressions' && typeof (v as { key?: unknown }).key === 'string')
      add((v as { key: string }).key)
    for (const [k, x] of entries) walk(x, k, depth + 1)
  }
  for (const o of objects) walk((o.raw as { spec?: unknown }).spec, 'spec', 0)
  return into
}

const solutionKeys = new WeakMap<Exercise, Set<string>>()

/** The object as the check compares it: no annotations, only the labels a selector reads. */
function scenarioView(raw: RawObject | undefined, keys: ReadonlySet<string>): string | undefined {
  if (!raw) return undefined
  const { annotations: _, labels, ...meta } = raw.metadata
  const read = Object.entries((labels as Record<string, string> | undefined) ?? {}).filter(([k]) =>
    keys.has(k),
  )
  return stable({ ...raw, metadata: { ...meta, labels: Object.fromEntries(read) } })
}

function scenarioUnchanged(exercise: Exercise, session: LabSession): CheckResult | undefined {
  const refs = untouched(exercise)
  if (!refs.size) return undefined
  // The solution's keys cover the scenario's own files; of the learner's objects only those
  // from elsewhere (editable files, the terminal) can add keys.
  let fromSolution = solutionKeys.get(exercise)
  if (!fromSolution)
    solutionKeys.set(exercise, (fromSolution = selectorKeys(solutionCluster(exercise).session.objects)))
  const scenarioFiles = new Set(
    exercise.startFiles.map((f) => f.name).filter((n) => !exercise.editable.includes(n)),
  )
  const keys = selectorKeys(
    session.objects.filter((o) => !scenarioFiles.has(o.source.file)),
    new Set(fromSolution),
  )
  const changed: string[] = []
  for (const [ref, start] of refs) {
    const before = scenarioView(start, keys)
    const now = scenarioView(effectiveRaw(session, ref), keys)
    if (now === before) continue
    const shown = ref.replace('//', '/')
    changed.push(now === undefined ? `${shown} was deleted` : `${shown} was changed${diffWhere(before, now)}`)
  }
  const name = "The scenario's other objects are unchanged"
  if (!changed.length)
    return {
      name,
      passed: true,
      message: `the ${refs.size} objects the task does not touch are as they started`,
    }
  const more = changed.length > 3 ? `; and ${changed.length - 3} more` : ''
  return {
    name,
    passed: false,
    message: `${changed.slice(0, 3).join('; ')}${more}; the task needs none of them changed: leave them as they start`,
  }
}

/** Grades an attempt. Never throws on the learner's input: invalid manifests fail grading with their issues. */
export function grade(exercise: Exercise, workspace: Workspace = {}): GradeResult {
  const session = gradedSession(exercise, workspace)
  const errors = session.issues.filter((i) => i.severity === 'error' && i.source?.file !== '<cluster>')
  if (errors.length) {
    const issues = errors.map(toGradeIssue)
    return {
      id: exercise.id,
      passed: false,
      checks: [
        {
          name: 'The manifests are valid',
          passed: false,
          message: `the API server rejects ${issues.length === 1 ? 'this' : `these ${issues.length} problems`}, so nothing was graded: ${issues.map((i) => i.text).join('; ')}`,
        },
      ],
      issues,
    }
  }
  const cluster = session.cluster
  const checks = allChecks(exercise).map((c): CheckResult => {
    switch (c.kind) {
      case 'reachability':
        return reachability(cluster, c)
      case 'same-as-solution':
        return sameAsSolution(exercise, cluster, c)
      case 'dns':
        return dnsLookup(cluster, c)
      case 'count':
        return count(session, c)
      case 'unchanged':
        return unchanged(startSession(exercise), session, c)
      case 'field':
        return field(session, c)
    }
  })
  const scenario = scenarioUnchanged(exercise, session)
  if (scenario) checks.push(scenario)
  return { id: exercise.id, passed: checks.every((c) => c.passed), checks }
}

// Graded exercises as authors write them: content/scenarios/<scenario>/exercises/<id>.yaml.
// Read on the server at build time (and by the CLI and the submission server); a mistake
// is an ExerciseError naming the file and the field, e.g.
// `content/scenarios/shop/exercises/np-x.yaml: checks[2].expect: must be one of …`.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { exerciseSchema, firstProblem } from '../grading/schema'
import type { Exercise } from '../grading/types'
import { listScenarios, readScenario, SCENARIO_ROOT } from '../scenarios/scenarios'
import type { LabFile, LabSession } from '../session/session'
import { gradedSession } from '../grading/grade'
import { findPodRef, parseSource, parseTarget, TargetError } from '../session/targets'

export class ExerciseError extends Error {}

export interface ReadOptions {
  /** where the scenarios live; default content/scenarios */
  root?: string
  /** where lessons live, to check `lesson`; default content/lessons beside the scenarios */
  lessons?: string
}

function fail(file: string, path: string, why: string): never {
  throw new ExerciseError(`${file}: ${path ? `${path}: ` : ''}${why}`)
}

/** A path as printed in errors and in `source`: relative to the working folder when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') ? rel : path
}

/** Reads, validates and resolves one exercise file. */
export function readExerciseFile(path: string, opts: ReadOptions = {}): Exercise {
  const root = opts.root ?? SCENARIO_ROOT
  const lessons = opts.lessons ?? join(/* turbopackIgnore: true */ root, '..', 'lessons')
  const file = shown(path)
  let data: unknown
  try {
    data = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 })
  } catch (e) {
    fail(file, '', `not valid YAML: ${(e as Error).message}`)
  }
  const parsed = exerciseSchema.safeParse(data)
  if (!parsed.success) {
    const problem = firstProblem(data, parsed.error)
    fail(file, problem.path, problem.message)
  }
  const spec = parsed.data
  const expectedName = `${spec.id}.yaml`
  if (!path.endsWith(`/${expectedName}`) && !path.endsWith(`\\${expectedName}`))
    fail(file, 'id', `must match the file name (${expectedName})`)
  if (existsSync(lessons) && !existsSync(join(/* turbopackIgnore: true */ lessons, `${spec.lesson}.mdx`)))
    fail(file, 'lesson', `no lesson ${spec.lesson} (expected ${shown(join(lessons, `${spec.lesson}.mdx`))})`)

  let scenario
  try {
    scenario = readScenario(spec.scenario, root)
  } catch (e) {
    fail(file, 'scenario', (e as Error).message)
  }
  const scenarioDir = join(/* turbopackIgnore: true */ root, spec.scenario)
  const editable = spec.editable ?? scenario.files.filter((f) => f.editable).map((f) => f.name)
  if (!editable.length)
    fail(file, 'editable', `scenario ${spec.scenario} has no editable file; list the files the learner edits`)
  const startFiles: LabFile[] = scenario.files.map((f) => ({ name: f.name, text: f.text, editable: false }))
  const startSources: Record<string, string> = Object.fromEntries(
    scenario.files.map((f) => [f.name, shown(join(scenarioDir, f.name))]),
  )
  for (const [name, text] of Object.entries(spec.files ?? {})) {
    const existing = startFiles.find((f) => f.name === name)
    if (existing) existing.text = text
    else startFiles.push({ name, text, editable: false })
    startSources[name] = `${file}#files.${name}`
  }
  for (const [i, name] of editable.entries())
    if (!startFiles.some((f) => f.name === name))
      fail(file, `editable[${i}]`, `${name} is neither a file of scenario ${spec.scenario} nor one of files`)
  for (const f of startFiles) f.editable = editable.includes(f.name)
  for (const name of Object.keys(spec.solution))
    if (!editable.includes(name))
      fail(file, `solution.${name}`, `not an editable file (${editable.join(', ')})`)
  spec.wrong.forEach((w, i) => {
    for (const name of Object.keys(w.files))
      if (!editable.includes(name))
        fail(file, `wrong[${i}].files.${name}`, `not an editable file (${editable.join(', ')})`)
  })

  const exercise: Exercise = {
    id: spec.id,
    title: spec.title,
    lesson: spec.lesson,
    scenario: spec.scenario,
    task: spec.task,
    cni: spec.cni ?? scenario.cni,
    editable,
    frozen: spec.frozen ?? [],
    hints: spec.hints ?? [],
    solution: spec.solution,
    checks: spec.checks,
    wrong: spec.wrong,
    startFiles,
    ...(scenario.nodes ? { nodes: scenario.nodes } : {}),
    ...(scenario.loadBalancer ? { loadBalancer: scenario.loadBalancer } : {}),
    source: file,
    startSources,
  }
  checkAgainstStart(file, exercise)
  return exercise
}

/** What can only be checked on the built cluster: the starting files are valid, the objects and pods named exist. */
function checkAgainstStart(file: string, ex: Exercise): void {
  const start = gradedSession(ex)
  const errors = start.issues.filter((i) => i.severity === 'error' && i.source?.file !== '<cluster>')
  if (errors.length) fail(file, 'files', `the starting files are invalid: ${errors[0]!.message}`)
  const solution = gradedSession(ex, { files: ex.solution })
  const solErrors = solution.issues.filter((i) => i.severity === 'error' && i.source?.file !== '<cluster>')
  if (solErrors.length) fail(file, 'solution', `the solution is invalid: ${solErrors[0]!.message}`)
  const named = unintroducedNames(ex, start, solution)
  if (named) fail(file, 'task', named)
  const cluster = start.cluster
  ex.frozen.forEach((ref, i) => {
    const [kind, ns, name] = ref.split('/') as [string, string, string]
    if (name === '*') fail(file, `frozen[${i}]`, 'name one object, not *')
    if (!start.find(kind, ns || undefined, name))
      fail(file, `frozen[${i}]`, `${ref} is not in the starting cluster`)
  })
  ex.checks.forEach((c, i) => {
    if (c.kind === 'unchanged') {
      const [kind, ns, name] = c.object.split('/') as [string, string, string]
      if (name === '*') fail(file, `checks[${i}].object`, 'name one object, not *')
      if (!start.find(kind, ns || undefined, name))
        fail(file, `checks[${i}].object`, `${c.object} is not in the starting cluster`)
    }
    if (c.kind === 'dns' && !findPodRef(cluster, c.from))
      fail(file, `checks[${i}].from`, `${c.from}: no such pod (a DNS lookup starts in a pod, ns/pod)`)
    if (c.kind === 'reachability') {
      try {
        parseSource(cluster, c.from)
      } catch (e) {
        if (e instanceof TargetError) fail(file, `checks[${i}].from`, e.message)
        throw e
      }
      try {
        parseTarget(cluster, c.to)
      } catch (e) {
        if (e instanceof TargetError) fail(file, `checks[${i}].to`, e.message)
        throw e
      }
    }
  })
}

const ARTICLE = String.raw`\b(?:a|an|one|new|another)\s+(?:[\w-]+\s+){0,2}`
const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * What a task names in backticks must be there when the lab starts: a file name must be one
 * of the starting files, and an object the solution has (a policy, a Service) must be in the
 * starting cluster, unless the task introduces it as new ("a NetworkPolicy `x`", "one
 * Service `x`"). Otherwise the learner is told about a policy the lab does not show them,
 * and grading the empty file says "nothing isolates it". Returns the first problem.
 */
export function unintroducedNames(ex: Exercise, start: LabSession, solution: LabSession): string | undefined {
  const files = new Set(ex.startFiles.map((f) => f.name))
  const present = new Set(start.objects.map((o) => o.name))
  for (const [, name] of ex.task.matchAll(/`([^`\n]+)`/g)) {
    const t = name!.trim()
    if (/^[A-Za-z0-9][A-Za-z0-9._-]*\.(ya?ml|json)$/.test(t)) {
      if (!files.has(t))
        return `names \`${t}\`, which is not one of the starting files (${[...files].join(', ')})`
      continue
    }
    const made = solution.objects.find((o) => o.name === t)
    if (!made || present.has(t)) continue
    if (new RegExp(`${ARTICLE}\`${escapeRe(t)}\``, 'i').test(ex.task)) continue
    return `names the ${made.kind} \`${t}\` as if it existed, but the starting files have no object of that name (only the solution does): give the starting files in \`files\`, or introduce it as new ("a ${made.kind} \`${t}\`")`
  }
  return undefined
}

/** The exercise files of one scenario, sorted by name. */
export function exerciseFiles(scenario: string, root = SCENARIO_ROOT): string[] {
  const dir = join(/* turbopackIgnore: true */ root, scenario, 'exercises')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(/* turbopackIgnore: true */ dir, f))
}

/** Every exercise of the course, in scenario then file order; ids must be unique. */
export function readExercises(root = SCENARIO_ROOT, opts: Omit<ReadOptions, 'root'> = {}): Exercise[] {
  const out: Exercise[] = []
  const seen = new Map<string, string>()
  for (const scenario of listScenarios(root))
    for (const path of exerciseFiles(scenario, root)) {
      const ex = readExerciseFile(path, { ...opts, root })
      const other = seen.get(ex.id)
      if (other) fail(ex.source, 'id', `${ex.id} is already the id of ${other}`)
      seen.set(ex.id, ex.source)
      out.push(ex)
    }
  return out
}

/** One exercise by id, or undefined. */
export function getExercise(id: string, root = SCENARIO_ROOT): Exercise | undefined {
  return readExercises(root).find((e) => e.id === id)
}

// `netpol exercises` and `netpol grade`: the course's graded exercises on the command line.
// grade's exit codes differ from the other commands on purpose, so a script can tell a
// wrong answer from a broken call: 0 passed, 1 not passed, 2 invalid input (manifests the
// API server rejects, a file that cannot be read) or unknown id. Manifests that do not
// validate are not a wrong answer: nothing was graded.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ExerciseError, readExercises } from '../exercises/exercises'
import { grade } from '../grading'
import type { Exercise, GradeResult } from '../grading'

export interface ExerciseCommandResult {
  code: 0 | 1 | 2
  stdout: string
  stderr: string
}

export interface ExercisesOptions {
  json: boolean
  /** the scenarios folder; default content/scenarios of the working folder */
  root?: string
}

function load(root: string | undefined): Exercise[] | ExerciseCommandResult {
  try {
    return root ? readExercises(root) : readExercises()
  } catch (e) {
    if (e instanceof ExerciseError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n` }
    throw e
  }
}

/** Where an exercise's files live, for tools: the starting files and the solution. */
export function exerciseListing(ex: Exercise) {
  return {
    id: ex.id,
    title: ex.title,
    lesson: ex.lesson,
    scenario: ex.scenario,
    cni: ex.cni,
    editable: ex.editable,
    source: ex.source,
    start: Object.fromEntries(ex.editable.map((f) => [f, ex.startSources[f]!])),
    solution: Object.fromEntries(
      ex.editable.map((f) => [f, f in ex.solution ? `${ex.source}#solution.${f}` : ex.startSources[f]!]),
    ),
    checks: ex.checks.length + ex.frozen.length,
  }
}

export function exercisesCommand(opts: ExercisesOptions): ExerciseCommandResult {
  const all = load(opts.root)
  if (!Array.isArray(all)) return all
  if (opts.json)
    return { code: 0, stdout: `${JSON.stringify(all.map(exerciseListing), null, 2)}\n`, stderr: '' }
  const rows = all.map((e) => [e.id, e.lesson, e.title])
  const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length), i === 0 ? 2 : 6)
  const head = ['ID'.padEnd(width(0)), 'LESSON'.padEnd(width(1)), 'TITLE'].join('  ')
  const lines = rows.map((r) => [r[0]!.padEnd(width(0)), r[1]!.padEnd(width(1)), r[2]].join('  '))
  return { code: 0, stdout: `${[head, ...lines].join('\n')}\n`, stderr: '' }
}

export interface GradeOptions {
  id: string
  dir: string
  json: boolean
  root?: string
}

export function formatGradeText(r: GradeResult): string {
  const passed = r.checks.filter((c) => c.passed).length
  const lines = [
    `${r.id}: ${r.passed ? 'PASSED' : 'NOT PASSED'} (${passed} of ${r.checks.length} checks pass)`,
  ]
  for (const c of r.checks) {
    lines.push(`  [${c.passed ? 'ok' : 'XX'}] ${c.name}`)
    lines.push(`       ${c.message}`)
  }
  for (const i of r.issues ?? []) lines.push(`  ${i.text}`)
  return `${lines.join('\n')}\n`
}

export function gradeCommand(opts: GradeOptions): ExerciseCommandResult {
  // With --json a consumer reading stdout still gets one object, saying what went wrong.
  const fail = (msg: string): ExerciseCommandResult => ({
    code: 2,
    stdout: opts.json ? `${JSON.stringify({ id: opts.id, passed: false, error: msg }, null, 2)}\n` : '',
    stderr: `error: ${msg}\n`,
  })
  const all = load(opts.root)
  if (!Array.isArray(all)) return all
  const ex = all.find((e) => e.id === opts.id)
  if (!ex) return fail(`no exercise "${opts.id}" (npm run netpol -- exercises lists them)`)
  let st
  try {
    st = statSync(opts.dir)
  } catch {
    return fail(`${opts.dir}: no such directory`)
  }
  if (!st.isDirectory())
    return fail(`${opts.dir}: not a directory (give the folder holding ${ex.editable.join(', ')})`)
  const files: Record<string, string> = {}
  for (const name of ex.editable) {
    const path = join(opts.dir, name)
    if (!existsSync(path)) continue
    try {
      files[name] = readFileSync(path, 'utf8')
    } catch (e) {
      return fail(`${path}: cannot be read (${unreadable(e)})`)
    }
  }
  let entries: string[]
  try {
    entries = readdirSync(opts.dir)
  } catch (e) {
    return fail(`${opts.dir}: cannot be read (${unreadable(e)})`)
  }
  const ignored = entries.filter((f) => /\.(ya?ml|json)$/i.test(f) && !ex.editable.includes(f)).sort()
  const notes = [
    ...(ignored.length
      ? [`note: ${ignored.join(', ')} ignored: ${ex.id} grades only ${ex.editable.join(', ')}`]
      : []),
    ...(Object.keys(files).length
      ? []
      : [`note: ${opts.dir} holds none of ${ex.editable.join(', ')}; grading the starting version`]),
  ]
  const result = grade(ex, { files })
  const noted = notes.map((n) => `${n}\n`).join('')
  const json = `${JSON.stringify(result, null, 2)}\n`
  if (result.issues)
    return {
      code: 2,
      stdout: opts.json ? json : '',
      stderr: `${noted}error: the API server rejects ${result.issues.length === 1 ? 'this' : `these ${result.issues.length} problems`}, so nothing was graded:\n${result.issues.map((i) => `  ${i.text}\n`).join('')}`,
    }
  return { code: result.passed ? 0 : 1, stdout: opts.json ? json : formatGradeText(result), stderr: noted }
}

/** Why a file could not be read, in words rather than an errno. */
function unreadable(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'EISDIR') return 'it is a directory, not a file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOTDIR') return 'not a directory'
  return (e as Error).message
}

// The content check (`npm run content:check`): everything the course shows is read with the
// code that will run it, and every problem is listed as `file:line: message`.
//
//   lessons     load as the build loads them (frontmatter, chapters, components, labs), and
//               each has at least one <Callout type="pitfall">
//   YAML        every ```yaml block parses; a block of whole objects (apiVersion and kind)
//               is validated by the simulator's loader as the API server would; a block
//               marked ```yaml invalid must be rejected. A block without apiVersion and
//               kind is validated inside a NetworkPolicy when its keys are a policy spec's
//               (`ingress:`, `egress:`, …) or one rule's (`from`/`to`, `ports`); any other
//               fragment only has to parse. ```json blocks must parse.
//   labs        every <Lab> and every scenario's own page load with no error or warning
//               from the simulator, their editable files exist, their flows name real ends
//   links       /lessons/<slug>#anchor, /labs/<scenario>, /cheatsheet#recipe, the app's
//               own pages and #anchors within the page resolve
//   exercises   the solution passes, the starting state fails, each wrong answer fails
//               with its message; every exercise is placed once, in the lesson it names
//   cheat sheet every recipe is valid and gets the verdicts its `verify` flows expect
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { ExerciseError, exerciseFiles, readExerciseFile } from '../exercises/exercises'
import { grade } from '../grading'
import type { Exercise } from '../grading/types'
import { listScenarios, readScenario } from '../scenarios/scenarios'
import type { FlowSpec, Scenario } from '../scenarios/scenarios'
import { evaluateFlow } from '../session/flows'
import { LabSession } from '../session/session'
import type { LabFile } from '../session/session'
import { isCniName } from '../sim/cni/profiles'
import type { CniName } from '../sim/cni/profiles'
import type { Issue } from '../sim/manifest/issues'
import { loadManifests } from '../sim/manifest/load'
import { parseManifestText } from '../sim/manifest/parse-yaml'
import { CHEATSHEET_FILE, parseCheatSheet } from './cheatsheet'
import type { CheatSheet } from './cheatsheet'
import { CHAPTERS_FILE, CourseError, loadCourse } from './course'
import { markdownLinks, scanLesson } from './lesson-scan'
import type { ElementUse, LessonScan, Literal } from './lesson-scan'
import { parseLessonBody } from './mdx'

export interface Problem {
  /** path from the project root */
  file: string
  line?: number
  message: string
}

/** The counts printed as the last line of `content:check --json`, keys as named there. */
export interface Counts {
  chapters: number
  lessons: number
  /** every <Lab> in a lesson, plus each scenario's own page (/labs/<scenario>) */
  labs: number
  exercises: number
  /** the checks of all exercises, each graded on the solution and on the starting state */
  checks: number
  /** fenced yaml blocks in lessons, plus the cheat sheet's recipes */
  yaml_blocks: number
  /** of those, the ones the simulator validated (or, marked invalid, rejected) */
  yaml_blocks_checked: number
  errors: number
}

export interface CheckResult {
  problems: Problem[]
  counts: Counts
}

export interface CheckOptions {
  /** the project root; content/lessons, content/scenarios, content/cheatsheet.yaml and app/ below it */
  root?: string
}

export const INVALID_MARKER = 'invalid'
const YAML_LANGS = new Set(['yaml', 'yml'])
const PANELS = new Set(['cluster', 'editor', 'terminal', 'traffic'])

/** `file:line: message`, the form editors and CI logs link. */
export function formatProblem(p: Problem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`
}

/** The report: one problem per line, a summary, and with `json` the counts as the last line. */
export function formatReport(result: CheckResult, json = false): string {
  const { counts } = result
  const lines = result.problems.map(formatProblem)
  lines.push(
    `${counts.errors === 0 ? 'ok' : `${counts.errors} problem${counts.errors === 1 ? '' : 's'}`}: ` +
      `${counts.chapters} chapters, ${counts.lessons} lessons, ${counts.labs} labs, ` +
      `${counts.exercises} exercises (${counts.checks} checks), ` +
      `${counts.yaml_blocks_checked} of ${counts.yaml_blocks} YAML blocks validated`,
  )
  if (json) lines.push(JSON.stringify(counts))
  return `${lines.join('\n')}\n`
}

const readText = (p: string) => fs.readFileSync(/*turbopackIgnore: true*/ p, 'utf8')
const exists = (p: string) => fs.existsSync(/*turbopackIgnore: true*/ p)

/** The line of the first top-level `key:` in a YAML file, for pointing at a field. */
function keyLine(text: string, key: string): number | undefined {
  const i = text.split('\n').findIndex((l) => l.startsWith(`${key}:`))
  return i >= 0 ? i + 1 : undefined
}

function issueLine(issue: Issue): number | undefined {
  return issue.pos?.line ?? issue.source?.pos?.line
}

/**
 * How a block of YAML reads: not YAML at all, a fragment, whole objects, or an excerpt of a
 * NetworkPolicy validated inside one (its issues point at the excerpt's own lines).
 */
export interface ManifestCheck {
  kind: 'syntax' | 'fragment' | 'objects' | 'excerpt'
  issues: Issue[]
  /** objects of kinds the simulator models (others are skipped with a warning) */
  objects: number
}

const SPEC_KEYS = new Set(['podSelector', 'policyTypes', 'ingress', 'egress'])
const RULE_KEYS = new Set(['from', 'to', 'ports'])
const EXCERPT_HEAD = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: excerpt',
  '  namespace: default',
  'spec:',
]

/**
 * A NetworkPolicy excerpt put back into a whole policy, so the simulator can validate it:
 * keys of a policy's spec (`ingress:`, `egress:`, …) go under `spec`, the keys of one rule
 * (`from`/`to`, `ports`) into a rule. Anything else stays a fragment.
 */
function excerptWrapper(value: unknown): string[] | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const keys = Object.keys(value)
  if (!keys.length) return null
  if (keys.every((k) => SPEC_KEYS.has(k)))
    return [...EXCERPT_HEAD, ...(keys.includes('podSelector') ? [] : ['  podSelector: {}'])]
  if (keys.every((k) => RULE_KEYS.has(k)) && !(keys.includes('from') && keys.includes('to')))
    return [...EXCERPT_HEAD, '  podSelector: {}', keys.includes('to') ? '  egress:' : '  ingress:', '    -']
  return null
}

export function checkManifestText(text: string, file: string): ManifestCheck {
  const parsed = parseManifestText(text, file)
  if (parsed.issues.some((i) => i.severity === 'error'))
    return { kind: 'syntax', issues: parsed.issues, objects: 0 }
  const whole = parsed.docs.some(
    (d) =>
      d.value !== null &&
      typeof d.value === 'object' &&
      !Array.isArray(d.value) &&
      ('apiVersion' in d.value || 'kind' in d.value),
  )
  if (!whole) {
    const head = parsed.docs.length === 1 ? excerptWrapper(parsed.docs[0]!.value) : null
    if (!head) return { kind: 'fragment', issues: [], objects: 0 }
    const pad = ' '.repeat(head.at(-1) === '    -' ? 6 : 2)
    const body = text.split('\n').map((l) => (l ? pad + l : l))
    const loaded = loadManifests([{ file, text: [...head, ...body].join('\n') }])
    const offset = head.length
    const issues = loaded.issues.map((i) => {
      const line = issueLine(i)
      if (!line) return i
      const at = line > offset ? line - offset : 1
      return { ...i, pos: { line: at, col: 1, endLine: at, endCol: 1 } }
    })
    return { kind: 'excerpt', issues, objects: loaded.objects.length }
  }
  const loaded = loadManifests([{ file, text }])
  return { kind: 'objects', issues: loaded.issues, objects: loaded.objects.length }
}

/** Problems a lesson's example should not have: every error, and warnings but "kind not modelled". */
const reportable = (i: Issue) => i.severity === 'error' || i.code !== 'unknown-kind'

/** The app's own page routes (app/**\/page.tsx), as patterns: `/instructor/cohorts/[id]` matches any id. */
function appRoutes(appDir: string): RegExp[] {
  const out: RegExp[] = []
  const walk = (dir: string, route: string[]) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    } catch {
      return
    }
    if (entries.some((e) => e.isFile() && /^(page\.(tsx|ts|mdx?)|route\.ts)$/.test(e.name))) {
      const pattern = route
        .map((s) =>
          /^\[\.\.\./.test(s) ? '.+' : /^\[/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')
      out.push(new RegExp(`^/${pattern}$`))
    }
    for (const e of entries)
      if (e.isDirectory() && !e.name.startsWith('_'))
        walk(
          path.join(/*turbopackIgnore: true*/ dir, e.name),
          /^\(.*\)$/.test(e.name) ? route : [...route, e.name],
        )
  }
  walk(appDir, [])
  return out
}

interface LessonInfo {
  slug: string
  file: string
  scan: LessonScan | null
  anchors: Set<string>
}

interface Placement {
  slug: string
  file: string
  line: number
}

const strList = (v: Literal | undefined): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null

/** Runs every check over the course under `root`. Pure reading: nothing is written. */
export function checkContent(options: CheckOptions = {}): CheckResult {
  const root = options.root ?? process.cwd()
  const lessonsDir = path.join(/*turbopackIgnore: true*/ root, 'content', 'lessons')
  const scenariosDir = path.join(/*turbopackIgnore: true*/ root, 'content', 'scenarios')
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/')
  const problems: Problem[] = []
  const seen = new Set<string>()
  const report = (file: string, line: number | undefined, message: string) => {
    const p: Problem = line ? { file, line, message } : { file, message }
    const key = formatProblem(p)
    if (seen.has(key)) return
    seen.add(key)
    problems.push(p)
  }
  const counts: Counts = {
    chapters: 0,
    lessons: 0,
    labs: 0,
    exercises: 0,
    checks: 0,
    yaml_blocks: 0,
    yaml_blocks_checked: 0,
    errors: 0,
  }

  // ---- the course as the build loads it ----
  try {
    loadCourse({ root, lessonsDir, scenariosDir })
  } catch (e) {
    if (!(e instanceof CourseError)) throw e
    for (const text of e.problems) {
      const m = /^(.+?): (?:line (\d+): )?([\s\S]*)$/.exec(text)
      if (m) report(m[1]!, m[2] ? Number(m[2]) : undefined, m[3]!)
      else report(rel(lessonsDir), undefined, text)
    }
  }
  try {
    const chapters = parseYaml(readText(path.join(/*turbopackIgnore: true*/ lessonsDir, CHAPTERS_FILE)))
    counts.chapters = Array.isArray(chapters) ? chapters.length : 0
  } catch {
    // loadCourse has reported it
  }

  const scenarioNames = listScenarios(scenariosDir)
  const scenarios = new Map<string, Scenario>()
  for (const name of scenarioNames) {
    try {
      scenarios.set(name, readScenario(name, scenariosDir))
    } catch (e) {
      const msg = (e as Error).message
      const file = /^(\S+?): /.exec(msg)?.[1]
      report(
        file && path.isAbsolute(file) ? rel(file) : `${rel(scenariosDir)}/${name}`,
        undefined,
        msg.replace(/^\S+?: /, ''),
      )
    }
  }

  /** Loads a lab as the browser will and reports what the simulator says and what its flows name. */
  const checkLab = (
    sc: Scenario,
    cni: CniName,
    editable: readonly string[] | null,
    flows: readonly FlowSpec[],
    flowsAt: { file: string; line?: number },
  ) => {
    counts.labs++
    const files: LabFile[] = sc.files.map((f) => ({
      name: f.name,
      text: f.text,
      editable: editable ? editable.includes(f.name) : f.editable,
    }))
    const session = new LabSession({
      files,
      cni,
      ...(sc.nodes ? { nodes: sc.nodes } : {}),
      ...(sc.loadBalancer ? { loadBalancer: sc.loadBalancer } : {}),
    })
    for (const issue of session.issues) {
      const file = issue.source?.file
      const known = file && sc.files.some((f) => f.name === file)
      report(
        known ? `${rel(scenariosDir)}/${sc.name}/${file}` : flowsAt.file,
        known ? issueLine(issue) : flowsAt.line,
        `${issue.severity}: ${issue.message}${known ? '' : ` (scenario ${sc.name})`}`,
      )
    }
    const cluster = session.cluster
    flows.forEach((flow, i) => {
      const r = evaluateFlow(cluster, flow)
      if (r.outcome === 'invalid')
        report(
          flowsAt.file,
          flowsAt.line,
          `flow ${i + 1} (${flow.from} → ${flow.to} ${flow.port}): ${r.reason}`,
        )
    })
  }

  // ---- each scenario's own page ----
  for (const sc of scenarios.values())
    checkLab(sc, sc.cni, null, sc.flows, { file: `${rel(scenariosDir)}/${sc.name}/lab.yaml` })

  // ---- lessons: code blocks, labs, exercises placed ----
  const lessonFiles = exists(lessonsDir)
    ? fs
        .readdirSync(/*turbopackIgnore: true*/ lessonsDir)
        .filter((f) => f.endsWith('.mdx'))
        .sort()
    : []
  counts.lessons = lessonFiles.length
  const lessons = new Map<string, LessonInfo>()
  const placements = new Map<string, Placement[]>()
  for (const name of lessonFiles) {
    const abs = path.join(/*turbopackIgnore: true*/ lessonsDir, name)
    const file = rel(abs)
    const slug = name.replace(/\.mdx$/, '')
    const source = readText(abs)
    const info: LessonInfo = { slug, file, scan: null, anchors: new Set() }
    lessons.set(slug, info)
    let scan: LessonScan
    try {
      scan = scanLesson(source)
      for (const h of parseLessonBody(source).headings) info.anchors.add(h.id)
    } catch {
      continue // loadCourse has reported that the MDX does not parse
    }
    info.scan = scan

    for (const block of scan.code) {
      const lang = block.lang?.toLowerCase() ?? ''
      const invalid = block.meta.includes(INVALID_MARKER)
      if (lang === 'json' && !invalid) {
        try {
          JSON.parse(block.text)
        } catch (e) {
          report(file, block.line, `json block does not parse: ${(e as Error).message}`)
        }
      }
      if (!YAML_LANGS.has(lang)) continue
      counts.yaml_blocks++
      const label = `${file}:${block.line}`
      const r = checkManifestText(block.text, label)
      const at = (i: Issue) => {
        const inner = issueLine(i)
        return inner ? block.line + inner : block.line
      }
      const where = (i: Issue) => {
        const inner = issueLine(i)
        return `yaml block at line ${block.line}${inner ? `, its line ${inner}` : ''}${r.kind === 'excerpt' ? ' (an excerpt, validated as part of a NetworkPolicy)' : ''}`
      }
      if (invalid) {
        if (r.kind === 'fragment') continue
        if (r.issues.some((i) => i.severity === 'error')) counts.yaml_blocks_checked++
        else
          report(
            file,
            block.line,
            `yaml block marked "${INVALID_MARKER}" is accepted by the simulator${r.objects ? '' : ' (no object of a kind it models)'}; fix the example or drop the marker`,
          )
        continue
      }
      if (r.kind === 'fragment') continue
      const bad = r.issues.filter(reportable)
      for (const i of bad)
        report(
          file,
          at(i),
          `${where(i)}: ${i.severity === 'warning' ? 'warning: ' : ''}${i.message}${r.kind === 'syntax' ? ` (mark a deliberately broken example \`\`\`yaml ${INVALID_MARKER})` : ''}`,
        )
      if (!bad.length && r.objects > 0) counts.yaml_blocks_checked++
    }

    // Every lesson warns of at least one trap, in the callout the page styles as one.
    if (!scan.elements.some((el) => el.name === 'Callout' && el.attrs.type === 'pitfall'))
      report(
        file,
        undefined,
        'no pitfall: every lesson warns of at least one trap in a <Callout type="pitfall" title="…"> (content/lessons/README.md)',
      )

    for (const el of scan.elements) {
      if (el.name === 'Exercise' && typeof el.attrs.id === 'string') {
        const list = placements.get(el.attrs.id) ?? []
        list.push({ slug, file, line: el.line })
        placements.set(el.attrs.id, list)
        info.anchors.add(`exercise-${el.attrs.id}`)
      }
      if (el.name === 'Lab') checkLessonLab(el, file)
    }
  }

  function checkLessonLab(el: ElementUse, file: string) {
    const id = typeof el.attrs.id === 'string' ? el.attrs.id : '?'
    const say = (message: string) => report(file, el.line, `<Lab id="${id}">: ${message}`)
    for (const name of el.dynamic)
      if (['scenario', 'cni', 'editable', 'flows', 'panels', 'id'].includes(name))
        say(`${name} must be written as a literal so the lab can be checked`)
    const name = el.attrs.scenario
    if (typeof name !== 'string') return // loadCourse reports a missing scenario
    const sc = scenarios.get(name)
    if (!sc) return // loadCourse reports an unknown scenario; readScenario's errors are above
    let cni: CniName = sc.cni
    if (el.attrs.cni !== undefined) {
      if (typeof el.attrs.cni === 'string' && isCniName(el.attrs.cni)) cni = el.attrs.cni
      else
        say(`cni must be one of flannel, calico, cilium, weave, canal (got ${JSON.stringify(el.attrs.cni)})`)
    }
    if (el.attrs.panels !== undefined) {
      const panels = strList(el.attrs.panels)
      if (!panels) say(`panels must be a list of names, e.g. panels={['cluster', 'traffic']}`)
      else
        for (const p of panels)
          if (!PANELS.has(p)) say(`unknown panel "${p}" (use ${[...PANELS].join(', ')})`)
    }
    const editable = el.attrs.editable === undefined ? null : strList(el.attrs.editable)
    let flows: FlowSpec[] = sc.flows
    if (el.attrs.flows !== undefined) {
      flows = []
      if (!Array.isArray(el.attrs.flows)) say(`flows must be a list of { from, to, port, label }`)
      else
        el.attrs.flows.forEach((f, i) => {
          const x = f !== null && typeof f === 'object' && !Array.isArray(f) ? f : null
          if (!x || !['from', 'to', 'port'].every((k) => typeof x[k] === 'string'))
            say(
              `flows[${i}] needs from, to and port as strings, e.g. { from: 'demo/client', to: 'demo/web', port: '80/TCP' }`,
            )
          else {
            const unknown = Object.keys(x).filter((k) => !['from', 'to', 'port', 'label'].includes(k))
            if (unknown.length) say(`flows[${i}]: unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`)
            flows.push({ from: x.from as string, to: x.to as string, port: x.port as string })
          }
        })
    }
    checkLab(sc, cni, editable, flows, { file, line: el.line })
  }

  // ---- exercises ----
  const exercises = new Map<string, Exercise>()
  /** ids (file names) of exercise files that do not read: their placements are not "unknown" */
  const unreadable = new Set<string>()
  const exerciseFile = new Map<string, string>()
  for (const name of scenarioNames)
    for (const abs of exerciseFiles(name, scenariosDir)) {
      const file = rel(abs)
      counts.exercises++
      let ex: Exercise
      try {
        ex = readExerciseFile(abs, { root: scenariosDir, lessons: lessonsDir })
      } catch (e) {
        if (!(e instanceof ExerciseError)) throw e
        unreadable.add(path.basename(abs).replace(/\.ya?ml$/, ''))
        const shownPath = path.relative(process.cwd(), abs)
        const prefix = `${shownPath && !shownPath.startsWith('..') ? shownPath : abs}: `
        report(file, undefined, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message)
        continue
      }
      const other = exercises.get(ex.id)
      if (other) {
        report(
          file,
          keyLine(readText(abs), 'id'),
          `id ${ex.id} is already the id of ${rel(path.join(root, other.source))}`,
        )
        continue
      }
      exercises.set(ex.id, ex)
      const text = readText(abs)
      exerciseFile.set(ex.id, file)
      const solution = grade(ex, { files: ex.solution })
      counts.checks += solution.checks.length
      if (!solution.passed) {
        const failing = solution.checks.filter((c) => !c.passed)
        report(
          file,
          keyLine(text, 'solution'),
          `the solution does not pass: ${failing.map((c) => `${c.name}: ${c.message}`).join('; ')}`,
        )
      }
      const start = grade(ex, {})
      if (start.passed)
        report(
          file,
          keyLine(text, 'files') ?? 1,
          `the starting state already passes every check; the exercise asks nothing`,
        )
      ex.wrong.forEach((w, i) => {
        const r = grade(ex, { files: w.files })
        const messages = r.checks.filter((c) => !c.passed).map((c) => c.message)
        if (r.passed) report(file, keyLine(text, 'wrong'), `wrong[${i}] "${w.name}" passes every check`)
        else if (!messages.some((m) => m.includes(w.message)))
          report(
            file,
            keyLine(text, 'wrong'),
            `wrong[${i}] "${w.name}" fails, but no failing check says "${w.message}" (they say: ${messages.join('; ')})`,
          )
      })
    }

  // ---- where the exercises are placed ----
  for (const [id, list] of placements) {
    const ex = exercises.get(id)
    for (const p of list) {
      if (!ex) {
        if (!unreadable.has(id))
          report(p.file, p.line, `<Exercise id="${id}">: no such exercise in content/scenarios/*/exercises/`)
        continue
      }
      if (ex.lesson !== p.slug)
        report(
          p.file,
          p.line,
          `<Exercise id="${id}">: the exercise names lesson "${ex.lesson}" (${exerciseFile.get(id)}); place it there or change its lesson field`,
        )
    }
    if (ex && list.length > 1)
      for (const p of list.slice(1))
        report(
          p.file,
          p.line,
          `<Exercise id="${id}"> is placed more than once (first at ${list[0]!.file}:${list[0]!.line})`,
        )
  }
  for (const [id, ex] of exercises)
    if (!placements.has(id)) {
      const file = exerciseFile.get(id)!
      report(
        file,
        keyLine(readText(path.join(root, file)), 'lesson'),
        `exercise ${id} is not placed in any lesson: add <Exercise id="${id}" /> to content/lessons/${ex.lesson}.mdx`,
      )
    }

  // ---- the cheat sheet ----
  const sheetPath = path.join(/*turbopackIgnore: true*/ root, CHEATSHEET_FILE)
  let sheet: CheatSheet | null = null
  if (!exists(sheetPath)) report(CHEATSHEET_FILE, undefined, 'file is missing: /cheatsheet is built from it')
  else {
    const parsed = parseCheatSheet(readText(sheetPath))
    for (const p of parsed.problems) report(CHEATSHEET_FILE, p.line, p.message)
    sheet = parsed.sheet
    const sc = sheet.scenario ? scenarios.get(sheet.scenario) : undefined
    if (sheet.scenario && !sc)
      report(
        CHEATSHEET_FILE,
        keyLine(readText(sheetPath), 'scenario'),
        `scenario "${sheet.scenario}" is not a folder of content/scenarios/`,
      )
    for (const recipe of sheet.recipes) {
      if (!recipe.yaml) continue
      counts.yaml_blocks++
      const label = `${CHEATSHEET_FILE}#${recipe.id}`
      const r = checkManifestText(recipe.yaml, label)
      const at = (i: Issue) => recipe.yamlLine + (issueLine(i) ?? 1) - 1
      if (r.kind === 'fragment' || r.kind === 'excerpt') {
        report(
          CHEATSHEET_FILE,
          recipe.yamlLine,
          `recipe ${recipe.id}: the YAML must be whole objects (apiVersion, kind, metadata, spec)`,
        )
        continue
      }
      for (const i of r.issues)
        report(CHEATSHEET_FILE, at(i), `recipe ${recipe.id}: ${i.severity}: ${i.message}`)
      if (r.issues.length) continue
      counts.yaml_blocks_checked++
      if (!sc) continue
      const session = new LabSession({
        files: [
          ...sc.files.map((f) => ({ name: f.name, text: f.text, editable: false })),
          { name: `${recipe.id}.yaml`, text: recipe.yaml, editable: false },
        ],
        cni: sc.cni,
        ...(sc.nodes ? { nodes: sc.nodes } : {}),
        ...(sc.loadBalancer ? { loadBalancer: sc.loadBalancer } : {}),
      })
      for (const i of session.issues.filter((x) => x.severity === 'error'))
        report(CHEATSHEET_FILE, recipe.line, `recipe ${recipe.id} on scenario ${sc.name}: ${i.message}`)
      for (const flow of recipe.verify) {
        const got = evaluateFlow(session.cluster, flow)
        const shown = `${flow.from} → ${flow.to} ${flow.port}`
        if (got.outcome === 'invalid')
          report(CHEATSHEET_FILE, recipe.line, `recipe ${recipe.id}: verify ${shown}: ${got.reason}`)
        else if (got.verdict !== flow.expect)
          report(
            CHEATSHEET_FILE,
            recipe.line,
            `recipe ${recipe.id}: ${shown} is ${got.verdict}, expected ${flow.expect} (${got.reason})`,
          )
      }
    }
  }

  // ---- links: in lessons, in exercises' Markdown (shown in their lesson), on the cheat sheet ----
  const routes = appRoutes(path.join(/*turbopackIgnore: true*/ root, 'app'))
  const recipeIds = new Set(sheet?.recipes.map((r) => r.id))
  const BASE = 'http://course.invalid'
  /** `page` is where the link is shown, e.g. /lessons/basics, for relative links and #anchors. */
  const checkLink = (file: string, line: number | undefined, href: string, page: string) => {
    let url: URL
    try {
      url = new URL(href, `${BASE}${page}`)
    } catch {
      report(file, line, `link "${href}" is not a valid URL`)
      return
    }
    if (url.origin !== BASE) return // another site, mailto:, …
    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname
    const anchor = decodeURIComponent(url.hash.slice(1))
    const say = (why: string) => report(file, line, `link "${href}": ${why}`)
    const lesson = /^\/lessons\/([^/]+)$/.exec(pathname)
    const lab = /^\/labs\/([^/]+)$/.exec(pathname)
    if (lesson) {
      const target = lessons.get(lesson[1]!)
      if (!target) say(`no lesson "${lesson[1]}" (expected content/lessons/${lesson[1]}.mdx)`)
      else if (anchor && target.scan && !target.anchors.has(anchor))
        say(
          `no heading with id "${anchor}" in ${target.file} (ids: ${[...target.anchors].slice(0, 12).join(', ')}${target.anchors.size > 12 ? ', …' : ''})`,
        )
    } else if (lab) {
      if (!scenarios.has(lab[1]!)) say(`no scenario "${lab[1]}" (expected content/scenarios/${lab[1]}/)`)
    } else if (pathname === '/cheatsheet') {
      if (anchor && sheet && !recipeIds.has(anchor))
        say(`no recipe "${anchor}" on the cheat sheet (${[...recipeIds].join(', ')})`)
    } else if (!routes.some((r) => r.test(pathname))) say(`no page at ${pathname}`)
  }
  for (const info of lessons.values())
    for (const link of info.scan?.links ?? [])
      checkLink(info.file, link.line, link.url, `/lessons/${info.slug}`)
  for (const [id, ex] of exercises) {
    const file = exerciseFile.get(id)!
    const text = readText(path.join(/*turbopackIgnore: true*/ root, file))
    const page = `/lessons/${ex.lesson}`
    for (const [field, markdown] of [
      ['task', ex.task],
      ...ex.hints.map((h, i) => [`hints[${i}]`, h]),
    ] as const)
      for (const link of markdownLinks(markdown))
        checkLink(file, keyLine(text, field.replace(/\[\d+\]$/, '')), link.url, page)
  }
  if (sheet) {
    for (const recipe of sheet.recipes)
      for (const markdown of [recipe.use, ...recipe.notes])
        for (const link of markdownLinks(markdown))
          checkLink(CHEATSHEET_FILE, recipe.line, link.url, '/cheatsheet')
  }

  counts.errors = problems.length
  return { problems, counts }
}

// The policy recipes of the cheat sheet (/cheatsheet), kept as data in content/cheatsheet.yaml
// so that the page and the content check read the same text: every recipe's YAML is
// validated by the simulator's loader and, on the sheet's scenario, its `verify` flows must
// get the verdicts written beside them (lib/content/check.ts).
import fs from 'node:fs'
import path from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import type { Node as YamlNode } from 'yaml'

export const CHEATSHEET_FILE = 'content/cheatsheet.yaml'

export interface RecipeFlow {
  from: string
  to: string
  port: string
  expect: 'allowed' | 'dropped'
}

export interface Recipe {
  /** the recipe's anchor on the page: /cheatsheet#<id> */
  id: string
  title: string
  /** one sentence: when to use it */
  use: string
  yaml: string
  notes: string[]
  verify: RecipeFlow[]
  /** line of the recipe in the file, and of the first line of its YAML */
  line: number
  yamlLine: number
}

export interface CheatSheet {
  title: string
  intro: string
  /** the scenario the recipes are verified on (content/scenarios/<name>/) */
  scenario: string
  recipes: Recipe[]
}

export interface SheetProblem {
  line: number
  message: string
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const RECIPE_FIELDS = new Set(['id', 'title', 'use', 'yaml', 'notes', 'verify'])
const FLOW_FIELDS = new Set(['from', 'to', 'port', 'expect'])

/** Reads and checks the sheet's shape; `problems` holds what is wrong, with lines. */
export function parseCheatSheet(text: string): { sheet: CheatSheet; problems: SheetProblem[] } {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true })
  const lineOf = (n: YamlNode | null | undefined) => (n?.range ? lc.linePos(n.range[0]).line : 1)
  const problems: SheetProblem[] = doc.errors.map((e) => ({
    line: e.linePos?.[0].line ?? 1,
    message: `not valid YAML: ${e.message.split('\n')[0]}`,
  }))
  const sheet: CheatSheet = { title: '', intro: '', scenario: '', recipes: [] }
  const root = doc.contents
  if (!isMap(root)) {
    if (!problems.length)
      problems.push({ line: 1, message: 'expected a mapping with title, intro, scenario and recipes' })
    return { sheet, problems }
  }
  const top = (key: string) => root.get(key, true) as YamlNode | undefined
  for (const key of ['title', 'intro', 'scenario'] as const) {
    const v = top(key)
    if (isScalar(v) && typeof v.value === 'string' && v.value.trim()) sheet[key] = v.value.trim()
    else problems.push({ line: lineOf(v ?? root), message: `"${key}" must be a non-empty string` })
  }
  const list = top('recipes')
  if (!isSeq(list) || list.items.length === 0) {
    problems.push({ line: lineOf(list ?? root), message: '"recipes" must be a non-empty list' })
    return { sheet, problems }
  }
  const seen = new Set<string>()
  list.items.forEach((item, i) => {
    const at = `recipes[${i}]`
    if (!isMap(item)) {
      problems.push({ line: lineOf(item as YamlNode), message: `${at} must be a mapping` })
      return
    }
    const line = lineOf(item)
    const field = (key: string) => item.get(key, true) as YamlNode | undefined
    const str = (key: string): string => {
      const v = field(key)
      if (isScalar(v) && typeof v.value === 'string' && v.value.trim()) return v.value
      problems.push({ line: lineOf(v ?? item), message: `${at}.${key} must be a non-empty string` })
      return ''
    }
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!RECIPE_FIELDS.has(key))
        problems.push({ line: lineOf(pair.key as YamlNode), message: `${at}: unknown field "${key}"` })
    }
    const id = str('id')
    if (id && !ID.test(id))
      problems.push({ line, message: `${at}.id "${id}" should be lowercase words joined by "-"` })
    if (id && seen.has(id)) problems.push({ line, message: `${at}.id "${id}" is used twice` })
    seen.add(id)
    const yamlNode = field('yaml')
    const block =
      isScalar(yamlNode) && (yamlNode.type === 'BLOCK_LITERAL' || yamlNode.type === 'BLOCK_FOLDED')
    const notesNode = field('notes')
    const notes: string[] = []
    if (notesNode !== undefined) {
      if (isSeq(notesNode) && notesNode.items.every((n) => isScalar(n) && typeof n.value === 'string'))
        notes.push(...notesNode.items.map((n) => String((n as { value: string }).value)))
      else problems.push({ line: lineOf(notesNode), message: `${at}.notes must be a list of strings` })
    }
    const verifyNode = field('verify')
    const verify: RecipeFlow[] = []
    if (!isSeq(verifyNode) || verifyNode.items.length === 0)
      problems.push({
        line: lineOf(verifyNode ?? item),
        message: `${at}.verify must list the flows that show the recipe works, e.g. { from: app/frontend, to: app/api, port: 8080/TCP, expect: allowed }`,
      })
    else
      verifyNode.items.forEach((f, j) => {
        const v = isMap(f) ? (f.toJSON() as Record<string, unknown>) : null
        const bad =
          !v ||
          Object.keys(v).some((k) => !FLOW_FIELDS.has(k)) ||
          !['from', 'to', 'port'].every((k) => typeof v[k] === 'string') ||
          (v.expect !== 'allowed' && v.expect !== 'dropped')
        if (bad)
          problems.push({
            line: lineOf(f as YamlNode),
            message: `${at}.verify[${j}] needs from, to, port (strings) and expect: allowed or dropped`,
          })
        else verify.push(v as unknown as RecipeFlow)
      })
    sheet.recipes.push({
      id,
      title: str('title'),
      use: str('use'),
      yaml: str('yaml'),
      notes,
      verify,
      line,
      // a block scalar's text starts on the line after its `|`
      yamlLine: lineOf(yamlNode ?? item) + (block ? 1 : 0),
    })
  })
  return { sheet, problems }
}

/** The sheet of the course; throws, naming the file and the lines, when its shape is wrong. */
export function readCheatSheet(root = process.cwd()): CheatSheet {
  const file = path.join(/*turbopackIgnore: true*/ root, CHEATSHEET_FILE)
  const { sheet, problems } = parseCheatSheet(fs.readFileSync(/*turbopackIgnore: true*/ file, 'utf8'))
  if (problems.length)
    throw new Error(problems.map((p) => `${CHEATSHEET_FILE}:${p.line}: ${p.message}`).join('\n'))
  return sheet
}

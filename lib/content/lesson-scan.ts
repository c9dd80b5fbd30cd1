// What the content check reads out of one lesson's MDX: its fenced code blocks, its links,
// and the `<Lab>` and `<Exercise>` elements with their literal attributes. The MDX parser is
// the one the build uses (same syntax extensions as next.config.mjs), so a block or a tag
// is seen exactly as the page will render it.
import { createProcessor } from '@mdx-js/mdx'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'

export interface CodeBlockUse {
  lang: string | null
  /** the words after the language on the fence line, e.g. ["invalid"] */
  meta: string[]
  text: string
  /** line of the opening fence in the .mdx; the block's line n is at `line + n` */
  line: number
}

export interface LinkUse {
  url: string
  line: number
}

/** A literal attribute value: a string, or a JSON-like value from `{…}`; undefined when not literal. */
export type Literal = string | number | boolean | null | Literal[] | { [key: string]: Literal }

export interface ElementUse {
  name: string
  line: number
  /** attributes written as literals (`a="x"`, `a={['x']}`, `a={[{ k: 'v' }]}`) */
  attrs: Record<string, Literal>
  /** attributes written as expressions the check cannot read */
  dynamic: string[]
}

export interface LessonScan {
  code: CodeBlockUse[]
  links: LinkUse[]
  elements: ElementUse[]
}

interface Node {
  type: string
  lang?: string | null
  meta?: string | null
  value?: unknown
  url?: string
  name?: string | null
  children?: Node[]
  attributes?: {
    type: string
    name?: string
    value?: string | null | { type: string; value: string; data?: { estree?: { body: Es[] } } }
  }[]
  position?: { start: { line: number } }
}

interface Es {
  type: string
  value?: unknown
  elements?: (Es | null)[]
  properties?: Es[]
  key?: Es
  name?: string
  computed?: boolean
  kind?: string
  expression?: Es
  argument?: Es
  operator?: string
  quasis?: { value: { cooked?: string | null } }[]
  expressions?: unknown[]
}

let processor: ReturnType<typeof createProcessor> | undefined
let mdProcessor: ReturnType<typeof createProcessor> | undefined

const NOT_LITERAL = Symbol('not literal')

function literal(node: Es | null | undefined): Literal | typeof NOT_LITERAL {
  if (!node) return NOT_LITERAL
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ||
        typeof node.value === 'number' ||
        typeof node.value === 'boolean' ||
        node.value === null
        ? node.value
        : NOT_LITERAL
    case 'TemplateLiteral':
      return node.expressions?.length === 0 && node.quasis?.length === 1
        ? (node.quasis[0]!.value.cooked ?? NOT_LITERAL)
        : NOT_LITERAL
    case 'UnaryExpression': {
      const v = literal(node.argument)
      return node.operator === '-' && typeof v === 'number' ? -v : NOT_LITERAL
    }
    case 'ArrayExpression': {
      const out: Literal[] = []
      for (const el of node.elements ?? []) {
        const v = literal(el)
        if (v === NOT_LITERAL) return NOT_LITERAL
        out.push(v)
      }
      return out
    }
    case 'ObjectExpression': {
      const out: Record<string, Literal> = {}
      for (const p of node.properties ?? []) {
        if (p.type !== 'Property' || p.computed || p.kind !== 'init' || !p.key) return NOT_LITERAL
        const key =
          p.key.type === 'Identifier'
            ? p.key.name
            : p.key.type === 'Literal'
              ? String(p.key.value)
              : undefined
        const v = literal(p.value as Es)
        if (key === undefined || v === NOT_LITERAL) return NOT_LITERAL
        out[key] = v
      }
      return out
    }
    default:
      return NOT_LITERAL
  }
}

/** Parses a lesson (frontmatter allowed); throws when the MDX does not parse. */
export function scanLesson(source: string): LessonScan {
  processor ??= createProcessor({ remarkPlugins: [remarkFrontmatter, remarkGfm] })
  const tree = processor.parse(source) as unknown as Node
  const scan: LessonScan = { code: [], links: [], elements: [] }
  const walk = (node: Node) => {
    const line = node.position?.start.line ?? 0
    if (node.type === 'code') {
      scan.code.push({
        lang: node.lang ?? null,
        meta: (node.meta ?? '').split(/\s+/).filter(Boolean),
        text: String(node.value ?? ''),
        line,
      })
    }
    if ((node.type === 'link' || node.type === 'definition') && typeof node.url === 'string')
      scan.links.push({ url: node.url, line })
    if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name) {
      const el: ElementUse = { name: node.name, line, attrs: {}, dynamic: [] }
      for (const a of node.attributes ?? []) {
        if (a.type !== 'mdxJsxAttribute' || !a.name) continue
        if (a.value === null || a.value === undefined) el.attrs[a.name] = true
        else if (typeof a.value === 'string') el.attrs[a.name] = a.value
        else {
          const stmt = a.value.data?.estree?.body[0]
          const v = stmt?.type === 'ExpressionStatement' ? literal(stmt.expression) : NOT_LITERAL
          if (v === NOT_LITERAL) el.dynamic.push(a.name)
          else el.attrs[a.name] = v
        }
      }
      scan.elements.push(el)
      if (typeof el.attrs.href === 'string') scan.links.push({ url: el.attrs.href, line })
    }
    for (const child of node.children ?? []) walk(child)
  }
  walk(tree)
  return scan
}

/** The links of a Markdown text (an exercise's task or hint, a cheat-sheet note), read as the page renders it. */
export function markdownLinks(markdown: string): LinkUse[] {
  mdProcessor ??= createProcessor({ format: 'md', remarkPlugins: [remarkGfm] })
  const links: LinkUse[] = []
  const walk = (node: Node) => {
    if ((node.type === 'link' || node.type === 'definition') && typeof node.url === 'string')
      links.push({ url: node.url, line: node.position?.start.line ?? 0 })
    for (const child of node.children ?? []) walk(child)
  }
  walk(mdProcessor.parse(markdown) as unknown as Node)
  return links
}

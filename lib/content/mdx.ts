// Reads a lesson's MDX body with the parser the build itself uses (@mdx-js/mdx, with the
// GFM and frontmatter syntax enabled as in next.config.mjs), and extracts what the app needs
// at build time: the headings with the ids rehype-slug will give them, the table of
// contents, the plain text per section (for search) and the `<Lab>` elements.
//
// Ids: rehype-slug runs one github-slugger over every h1–h6 of a document, in document
// order, on the heading's text content (text nodes only, inline code included). Doing the
// same here on the markdown tree gives the same ids, so TOC links always land.
import { createProcessor } from '@mdx-js/mdx'
import GithubSlugger from 'github-slugger'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import { DIAGRAM_NAMES, PACKET_PATH_VARIANTS } from './authoring'
import type { LabUsage, TextSection, TocEntry } from './types'

/** The subset of mdast / mdx nodes this module reads. */
interface MdNode {
  type: string
  value?: unknown
  depth?: number
  name?: string | null
  lang?: string | null
  children?: MdNode[]
  attributes?: MdAttribute[]
  position?: { start: { line: number } }
}

interface MdAttribute {
  type: string
  name?: string
  value?: string | null | { type: string; value: string; data?: { estree?: EsProgram } }
}

interface EsNode {
  type: string
  value?: unknown
  elements?: (EsNode | null)[]
  expression?: EsNode
  quasis?: { value: { cooked?: string | null } }[]
  expressions?: unknown[]
}

interface EsProgram {
  body: EsNode[]
}

export interface HeadingInfo {
  depth: number
  text: string
  id: string
  line: number
}

export interface ParsedBody {
  headings: HeadingInfo[]
  toc: TocEntry[]
  sections: TextSection[]
  labs: LabUsage[]
  /** names of the JSX components the body uses, e.g. Lab, Callout */
  components: string[]
  /** authoring problems: an h1 in the body, skipped heading levels, an unknown diagram */
  problems: string[]
}

let processor: ReturnType<typeof createProcessor> | undefined

function parse(source: string): MdNode {
  processor ??= createProcessor({ remarkPlugins: [remarkFrontmatter, remarkGfm] })
  return processor.parse(source) as unknown as MdNode
}

/** Text content the way hast-util-to-string sees a heading: text and inline code only. */
function headingText(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return String(node.value ?? '')
  return (node.children ?? []).map(headingText).join('')
}

const SKIP = new Set(['yaml', 'toml', 'mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression', 'image', 'html'])
const BLOCK = new Set([
  'paragraph',
  'heading',
  'code',
  'list',
  'listItem',
  'blockquote',
  'table',
  'tableRow',
  'tableCell',
  'mdxJsxFlowElement',
  'thematicBreak',
])
/** Components whose content is not prose (their attributes are data). */
const OPAQUE_COMPONENTS = new Set(['Lab'])
/** String attributes worth indexing, e.g. an Exercise's or Callout's title. */
const TEXT_ATTRIBUTES = new Set(['title', 'label'])

function literalStrings(attr: MdAttribute): string[] | null {
  const v = attr.value
  if (typeof v === 'string') return null
  const program = v && typeof v === 'object' ? v.data?.estree : undefined
  const expr = program?.body[0]?.type === 'ExpressionStatement' ? program.body[0].expression : undefined
  if (!expr || expr.type !== 'ArrayExpression' || !expr.elements) return null
  const out: string[] = []
  for (const el of expr.elements) {
    if (el?.type === 'Literal' && typeof el.value === 'string') out.push(el.value)
    else return null
  }
  return out
}

function stringAttribute(node: MdNode, name: string): string | null {
  const attr = node.attributes?.find((a) => a.type === 'mdxJsxAttribute' && a.name === name)
  return typeof attr?.value === 'string' ? attr.value : null
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** Parses an MDX body (frontmatter allowed) and extracts headings, TOC, text and labs. */
export function parseLessonBody(source: string): ParsedBody {
  const tree = parse(source)
  const slugger = new GithubSlugger()
  const headings: HeadingInfo[] = []
  const labs: LabUsage[] = []
  const components = new Set<string>()
  const tagProblems: string[] = []
  const sections: { id: string | null; heading: string | null; text: string }[] = [
    { id: null, heading: null, text: '' },
  ]
  const emit = (text: string) => {
    sections[sections.length - 1]!.text += text
  }

  const walk = (node: MdNode): void => {
    if (SKIP.has(node.type)) return
    if (node.type === 'heading') {
      const text = headingText(node)
      const id = slugger.slug(text)
      const depth = node.depth ?? 1
      headings.push({ depth, text: collapse(text), id, line: node.position?.start.line ?? 0 })
      if (depth === 2 || depth === 3) sections.push({ id, heading: collapse(text), text: '' })
      else emit(` ${text} `)
      return
    }
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      if (node.name) components.add(node.name)
      if (node.name === 'Lab') {
        const editableAttr = node.attributes?.find(
          (a) => a.type === 'mdxJsxAttribute' && a.name === 'editable',
        )
        labs.push({
          id: stringAttribute(node, 'id'),
          scenario: stringAttribute(node, 'scenario'),
          editable: editableAttr ? literalStrings(editableAttr) : [],
          line: node.position?.start.line ?? 0,
        })
      }
      if (node.name === 'Diagram') {
        const name = stringAttribute(node, 'name')
        if (!name || !(DIAGRAM_NAMES as readonly string[]).includes(name))
          tagProblems.push(
            `line ${node.position?.start.line ?? 0}: <Diagram${name ? ` name="${name}"` : ''}> needs name="…", one of ${DIAGRAM_NAMES.join(', ')}`,
          )
      }
      if (node.name === 'PacketPath') {
        // variant is optional (flannel-vxlan when left out), but a typo must not reach the page.
        const variant = stringAttribute(node, 'variant')
        const given = node.attributes?.some((a) => a.type === 'mdxJsxAttribute' && a.name === 'variant')
        if (given && (!variant || !(PACKET_PATH_VARIANTS as readonly string[]).includes(variant)))
          tagProblems.push(
            `line ${node.position?.start.line ?? 0}: <PacketPath${variant ? ` variant="${variant}"` : ''}> needs variant="…", one of ${PACKET_PATH_VARIANTS.join(', ')}`,
          )
      }
      if (node.name && OPAQUE_COMPONENTS.has(node.name)) return
      for (const attr of node.attributes ?? []) {
        if (attr.type === 'mdxJsxAttribute' && attr.name && TEXT_ATTRIBUTES.has(attr.name)) {
          if (typeof attr.value === 'string') emit(` ${attr.value} `)
        }
      }
    }
    if (node.type === 'text' || node.type === 'inlineCode') {
      emit(String(node.value ?? ''))
      return
    }
    if (node.type === 'break') {
      emit(' ')
      return
    }
    if (node.type === 'code') {
      emit(` ${String(node.value ?? '')} `)
      return
    }
    if (BLOCK.has(node.type)) emit(' ')
    for (const child of node.children ?? []) walk(child)
    if (BLOCK.has(node.type)) emit(' ')
  }
  walk(tree)

  const problems: string[] = []
  let previous = 1
  for (const h of headings) {
    if (h.depth === 1) {
      problems.push(
        `line ${h.line}: "# ${h.text}" is an h1; the page shows the lesson's title as its only h1, so start sections at ##`,
      )
    } else if (h.depth > previous + 1) {
      problems.push(
        `line ${h.line}: heading "${h.text}" jumps from h${previous} to h${h.depth}; use ${'#'.repeat(previous + 1)}`,
      )
    }
    previous = h.depth
  }
  problems.push(...tagProblems)

  return {
    headings,
    toc: headings
      .filter((h): h is HeadingInfo & { depth: 2 | 3 } => h.depth === 2 || h.depth === 3)
      .map((h) => ({ id: h.id, text: h.text, depth: h.depth })),
    sections: sections
      .map((s) => ({ id: s.id, heading: s.heading, text: collapse(s.text) }))
      .filter((s) => s.id !== null || s.text !== ''),
    labs,
    components: [...components].sort(),
    problems,
  }
}

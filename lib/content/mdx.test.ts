import fs from 'node:fs'
import path from 'node:path'
import { compile } from '@mdx-js/mdx'
import rehypeSlug from 'rehype-slug'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import { describe, expect, it } from 'vitest'
import { parseLessonBody } from './mdx'

const LESSONS = path.join(process.cwd(), 'content', 'lessons')

/** The heading ids the real MDX pipeline (rehype-slug, as in next.config.mjs) produces. */
async function compiledHeadingIds(source: string): Promise<{ depth: number; id: string }[]> {
  const js = String(
    await compile(source, { remarkPlugins: [remarkFrontmatter, remarkGfm], rehypePlugins: [rehypeSlug] }),
  )
  return [...js.matchAll(/_components\.h([1-6]), \{\s*id: "([^"]+)"/g)].map((m) => ({
    depth: Number(m[1]),
    id: m[2]!,
  }))
}

describe('parseLessonBody: table of contents', () => {
  it('slugs headings like rehype-slug: inline code kept, markup dropped, duplicates numbered', () => {
    const body = parseLessonBody(
      [
        '---',
        'title: x',
        '---',
        '## Allow rules: `podSelector` and *peers*',
        '### A [link](https://example.com) here',
        '## Summary',
        '#### Deep',
        '## Summary',
      ].join('\n\n'),
    )
    expect(body.toc).toEqual([
      { id: 'allow-rules-podselector-and-peers', text: 'Allow rules: podSelector and peers', depth: 2 },
      { id: 'a-link-here', text: 'A link here', depth: 3 },
      { id: 'summary', text: 'Summary', depth: 2 },
      { id: 'summary-1', text: 'Summary', depth: 2 },
    ])
    // h4 takes part in the numbering but not in the TOC
    expect(body.headings.map((h) => h.id)).toEqual([
      'allow-rules-podselector-and-peers',
      'a-link-here',
      'summary',
      'deep',
      'summary-1',
    ])
  })

  it('ignores # lines inside code blocks and finds headings inside components', () => {
    const body = parseLessonBody(
      '## One\n\n```yaml\n# not a heading\n## nor this\n```\n\n<Exercise title="E">\n\n### Inside\n\n</Exercise>\n',
    )
    expect(body.toc.map((t) => t.id)).toEqual(['one', 'inside'])
  })

  it('gives the same ids as the build for every lesson', async () => {
    const files = fs.readdirSync(LESSONS).filter((f) => f.endsWith('.mdx'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const source = fs.readFileSync(path.join(LESSONS, f), 'utf8')
      const ours = parseLessonBody(source).headings.map((h) => ({ depth: h.depth, id: h.id }))
      expect(ours, f).toEqual(await compiledHeadingIds(source))
    }
  })
})

describe('parseLessonBody: checks', () => {
  it('reports an h1 and skipped heading levels with their line', () => {
    const body = parseLessonBody('# Title\n\n## Fine\n\n#### Too deep\n')
    expect(body.problems).toEqual([
      'line 1: "# Title" is an h1; the page shows the lesson\'s title as its only h1, so start sections at ##',
      'line 5: heading "Too deep" jumps from h2 to h4; use ###',
    ])
  })

  it('accepts h2 → h3 → h2', () => {
    expect(parseLessonBody('## a\n\n### b\n\n## c\n').problems).toEqual([])
  })
})

describe('parseLessonBody: text and labs', () => {
  it('splits readable text by section, without JSX attributes or frontmatter', () => {
    const body = parseLessonBody(
      [
        '---',
        'title: Secret frontmatter',
        '---',
        'Intro with **bold** and `code`.',
        '<Lab id="l1" scenario="s" flows={[{ from: "a", to: "b" }]} />',
        '## First',
        'Some text.',
        '<Callout type="pitfall" title="Watch out">Careful here.</Callout>',
        '{/* a comment */}',
        '## Second',
        '| a | b |\n| - | - |\n| 1 | 2 |',
      ].join('\n\n'),
    )
    expect(body.sections).toEqual([
      { id: null, heading: null, text: 'Intro with bold and code.' },
      { id: 'first', heading: 'First', text: 'Some text. Watch out Careful here.' },
      { id: 'second', heading: 'Second', text: 'a b 1 2' },
    ])
  })

  it('reads literal Lab attributes', () => {
    const body = parseLessonBody(
      'Text\n\n<Lab id="netpol" scenario="netpol-basics" editable={[\'policy.yaml\', \'b.yaml\']} />\n\n<Lab scenario={name} editable={files} />\n',
    )
    expect(body.labs).toEqual([
      { id: 'netpol', scenario: 'netpol-basics', editable: ['policy.yaml', 'b.yaml'], line: 3 },
      { id: null, scenario: null, editable: null, line: 5 },
    ])
    expect(body.components).toEqual(['Lab'])
  })
})

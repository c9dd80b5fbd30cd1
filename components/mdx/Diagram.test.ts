import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { DIAGRAMS } from '@/components/diagrams'
import { DIAGRAM_NAMES, PACKET_PATH_VARIANTS } from '@/lib/content/authoring'
import { CourseError, loadCourse } from '@/lib/content/course'
import { Diagram } from './Diagram'

function render(name: string): string {
  return renderToStaticMarkup(createElement(Diagram, { name: name as never }))
}

describe('<Diagram>', () => {
  it('has a drawing for every name lessons may use, and no other', () => {
    expect(Object.keys(DIAGRAMS).sort()).toEqual([...DIAGRAM_NAMES].sort())
  })

  it.each(DIAGRAM_NAMES)('%s renders an SVG image with a title and a description', (name) => {
    const html = render(name)
    const svg = /<svg [^>]*>/.exec(html)?.[0] ?? ''
    expect(svg).toContain('role="img"')
    const titleId = /aria-labelledby="([^"]+)"/.exec(svg)?.[1]
    const descId = /aria-describedby="([^"]+)"/.exec(svg)?.[1]
    expect(html).toContain(`<title id="${titleId}">${DIAGRAMS[name].title}</title>`)
    const desc = new RegExp(`<desc id="${descId}">([^<]+)</desc>`).exec(html)?.[1] ?? ''
    // a description that says what the picture shows, not a repeat of its title
    expect(desc.length).toBeGreaterThan(DIAGRAMS[name].title.length * 2)
    expect(html).toContain('<figcaption')
  })

  it('styles itself with classes only: no inline style, no event handler (the CSP allows neither)', () => {
    for (const name of DIAGRAM_NAMES) {
      const html = render(name)
      expect(html, name).not.toMatch(/\sstyle=|\son[a-z]+=/i)
      expect(html, name).not.toMatch(/\sfill="(?!none)|\sstroke="/)
    }
  })

  it('gives the markers of two diagrams on one page different ids', () => {
    const html = renderToStaticMarkup(
      createElement('div', null, [
        createElement(Diagram, { key: 1, name: 'veth-pair' }),
        createElement(Diagram, { key: 2, name: 'veth-pair' }),
      ]),
    )
    const ids = [...html.matchAll(/<marker id="([^"]+)"/g)].map((m) => m[1])
    expect(ids).toHaveLength(8)
    expect(new Set(ids).size).toBe(8)
  })

  it('throws on an unknown name when rendered', () => {
    expect(() => render('veth-pairs')).toThrow('<Diagram name="veth-pairs">: name must be one of veth-pair,')
  })
})

/** The problems the course index reports for one lesson with this body, in a scratch course. */
function courseProblems(body: string): readonly string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podnet-mdx-tags-'))
  try {
    const dir = path.join(root, 'content/lessons')
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'chapters.yaml'), '- One\n')
    const fm = 'title: T\nsummary: S\nchapter: One\norder: 1\nduration: 5\nobjectives: [o]'
    fs.writeFileSync(path.join(dir, 'a.mdx'), `---\n${fm}\n---\n\n${body}`)
    try {
      loadCourse({ root })
    } catch (e) {
      expect(e).toBeInstanceOf(CourseError)
      return (e as CourseError).problems
    }
    return []
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
  }
}

describe('an unknown diagram in a lesson', () => {
  it('stops the course index with the file and the line', () => {
    const names = DIAGRAM_NAMES.join(', ')
    expect(
      courseProblems('## One\n\n<Diagram name="veth-pair" />\n\n<Diagram name="typo" />\n\n<Diagram />\n'),
    ).toEqual([
      `content/lessons/a.mdx: line 14: <Diagram name="typo"> needs name="…", one of ${names}`,
      `content/lessons/a.mdx: line 16: <Diagram> needs name="…", one of ${names}`,
    ])
  })
})

describe('an unknown packet path in a lesson', () => {
  it('stops the course index with the file and the line; leaving the variant out is fine', () => {
    expect(
      courseProblems(
        '## One\n\n<PacketPath />\n\n<PacketPath variant="calico" />\n\n<PacketPath variant="weave" />\n',
      ),
    ).toEqual([
      `content/lessons/a.mdx: line 16: <PacketPath variant="weave"> needs variant="…", one of ${PACKET_PATH_VARIANTS.join(', ')}`,
    ])
  })
})

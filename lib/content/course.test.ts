import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CourseError, chapterSlug, getNeighbours, loadCourse } from './course'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A throwaway project root holding the given files. */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podnet-content-'))
  dirs.push(root)
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(root, name)
    fs.mkdirSync(path.dirname(p), { recursive: true })
    fs.writeFileSync(p, text)
  }
  return root
}

function lesson(fm: Record<string, unknown>, body = '## Section\n\nText.\n'): string {
  const base = { title: 'T', summary: 'S', chapter: 'One', order: 1, duration: 10, objectives: ['o'] }
  const all = { ...base, ...fm }
  const yaml = Object.entries(all)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n')
  return `---\n${yaml}\n---\n\n${body}`
}

const CHAPTERS = '- title: One\n  summary: First chapter\n- Two\n- title: Three\n'

function problems(root: string): string[] {
  try {
    loadCourse({ root })
  } catch (e) {
    expect(e).toBeInstanceOf(CourseError)
    return [...(e as CourseError).problems]
  }
  return []
}

describe('loadCourse: ordering', () => {
  it('orders chapters as chapters.yaml lists them and lessons by order', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/a-late.mdx': lesson({ title: 'Late', chapter: 'One', order: 20 }),
      'content/lessons/b-early.mdx': lesson({ title: 'Early', chapter: 'One', order: 2 }),
      'content/lessons/c-two.mdx': lesson({ title: 'Two-1', chapter: 'Two', order: 1 }),
      'content/lessons/d-three.mdx': lesson({ title: 'Three-1', chapter: 'Three', order: 0.5 }),
    })
    const course = loadCourse({ root })
    expect(course.chapters.map((c) => [c.title, c.slug, c.summary, c.lessons.map((l) => l.slug)])).toEqual([
      ['One', 'one', 'First chapter', ['b-early', 'a-late']],
      ['Two', 'two', null, ['c-two']],
      ['Three', 'three', null, ['d-three']],
    ])
    expect(course.lessons.map((l) => l.slug)).toEqual(['b-early', 'a-late', 'c-two', 'd-three'])
    expect(course.lessons[0]).toMatchObject({
      title: 'Early',
      file: 'content/lessons/b-early.mdx',
      hasLab: false,
      toc: [{ id: 'section', text: 'Section', depth: 2 }],
    })
  })

  it('leaves out chapters without lessons', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/x.mdx': lesson({ chapter: 'Two' }),
    })
    expect(loadCourse({ root }).chapters.map((c) => c.title)).toEqual(['Two'])
  })

  it('links each lesson to its neighbours across chapters', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/a.mdx': lesson({ title: 'A', chapter: 'One', order: 1 }),
      'content/lessons/b.mdx': lesson({ title: 'B', chapter: 'Two', order: 1 }),
      'content/lessons/c.mdx': lesson({ title: 'C', chapter: 'Two', order: 2 }),
    })
    const course = loadCourse({ root })
    const n = (slug: string) => {
      const { previous, next } = getNeighbours(course, slug)
      return [previous?.slug ?? null, next?.slug ?? null]
    }
    expect(n('a')).toEqual([null, 'b'])
    expect(n('b')).toEqual(['a', 'c'])
    expect(n('c')).toEqual(['b', null])
    expect(n('nope')).toEqual([null, null])
    // neighbours carry no parsed body
    expect(getNeighbours(course, 'a').next).not.toHaveProperty('toc')
  })
})

describe('loadCourse: problems name their file', () => {
  it('reports a missing frontmatter field with the file', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/ok.mdx': lesson({}),
      'content/lessons/broken.mdx': lesson({ duration: undefined }),
    })
    expect(() => loadCourse({ root })).toThrow(
      /content\/lessons\/broken\.mdx: frontmatter field "duration" is missing/,
    )
    expect(problems(root)).toEqual(['content/lessons/broken.mdx: frontmatter field "duration" is missing'])
  })

  it('collects the problems of every file at once', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/a.mdx': lesson({ chapter: 'Nope' }),
      'content/lessons/b.mdx': lesson({}, '# Big title\n\nText\n'),
      'content/lessons/Bad_Name.mdx': lesson({ order: 2 }),
      'content/lessons/c.mdx': '---\ntitle: [unclosed\n---\n',
    })
    expect(problems(root)).toEqual([
      'content/lessons/Bad_Name.mdx: the file name becomes the URL: use lowercase letters, digits and dashes (e.g. "one-ip-per-pod.mdx")',
      'content/lessons/a.mdx: chapter "Nope" is not listed in chapters.yaml (chapters: "One", "Two", "Three")',
      'content/lessons/b.mdx: line 10: "# Big title" is an h1; the page shows the lesson\'s title as its only h1, so start sections at ##',
      expect.stringMatching(/^content\/lessons\/c\.mdx: frontmatter is not valid YAML/),
    ])
  })

  it('reports two lessons at the same position in a chapter', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/a.mdx': lesson({ order: 3 }),
      'content/lessons/b.mdx': lesson({ order: 3 }),
    })
    expect(problems(root)).toEqual([
      'content/lessons/b.mdx: order 3 is already used in chapter "One" by content/lessons/a.mdx; give each lesson its own position',
    ])
  })

  it('reports a missing or malformed chapters.yaml', () => {
    expect(problems(project({ 'content/lessons/a.mdx': lesson({}) }))[0]).toMatch(
      /^content\/lessons\/chapters\.yaml: file is missing/,
    )
    expect(
      problems(
        project({ 'content/lessons/chapters.yaml': 'title: One\n', 'content/lessons/a.mdx': lesson({}) }),
      )[0],
    ).toMatch(/^content\/lessons\/chapters\.yaml: must be a non-empty list/)
    expect(
      problems(
        project({ 'content/lessons/chapters.yaml': '- One\n- One\n', 'content/lessons/a.mdx': lesson({}) }),
      ),
    ).toEqual(['content/lessons/chapters.yaml: chapter "One" is listed twice'])
  })

  it('reports an empty course', () => {
    expect(problems(project({ 'content/lessons/chapters.yaml': CHAPTERS }))).toEqual([
      'content/lessons: no lessons (*.mdx) found',
    ])
  })

  it('checks <Lab> ids, scenarios and editable files', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/scenarios/demo/app.yaml': 'kind: Namespace\n',
      'content/lessons/a.mdx': lesson(
        { order: 1 },
        [
          '<Lab id="one" scenario="demo" editable={["app.yaml"]} />',
          '<Lab id="two" scenario="missing" />',
          '<Lab id="three" scenario="demo" editable={["policy.yaml"]} />',
          '<Lab scenario="demo" />',
        ].join('\n\n'),
      ),
    })
    expect(problems(root)).toEqual([
      'content/lessons/a.mdx: line 12: <Lab> scenario "missing" does not exist (expected content/scenarios/missing/)',
      'content/lessons/a.mdx: line 14: <Lab> editable file "policy.yaml" is not in content/scenarios/demo/',
      'content/lessons/a.mdx: line 16: <Lab> needs a literal id="…" (the learner\'s work is saved under it)',
    ])
  })

  it('refuses a tag that is not a course component', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/lessons/a.mdx': lesson({ order: 1 }, '<Calout type="note">typo</Calout>\n'),
    })
    expect(problems(root)).toEqual([
      'content/lessons/a.mdx: <Calout> is not a course component (use Lab, Callout, Exercise, Hint, Solution, PacketPath, Diagram)',
    ])
  })

  it('reports a lab id used by two lessons', () => {
    const root = project({
      'content/lessons/chapters.yaml': CHAPTERS,
      'content/scenarios/demo/app.yaml': 'kind: Namespace\n',
      'content/lessons/a.mdx': lesson({ order: 1 }, '<Lab id="one" scenario="demo" />'),
      'content/lessons/b.mdx': lesson({ order: 2 }, '<Lab id="one" scenario="demo" />'),
    })
    expect(problems(root)).toEqual([
      'content/lessons/b.mdx: lab id "one" is already used in content/lessons/a.mdx',
    ])
  })
})

describe('the course in this repository', () => {
  it('loads without problems, with a lab in the NetworkPolicy lesson', () => {
    const course = loadCourse()
    expect(course.lessons.length).toBeGreaterThanOrEqual(3)
    const np = course.lessons.find((l) => l.slug === 'networkpolicy-basics')
    expect(np).toMatchObject({ chapter: 'NetworkPolicy', hasLab: true })
    expect(np!.labs).toEqual([
      expect.objectContaining({ id: 'netpol-basics', scenario: 'netpol-basics', editable: ['policy.yaml'] }),
    ])
    for (const l of course.lessons) expect(l.toc.length, l.slug).toBeGreaterThan(0)
  })
})

describe('chapterSlug', () => {
  it('makes URL-safe ids', () => {
    expect(chapterSlug('Pod networking')).toBe('pod-networking')
    expect(chapterSlug('Services & DNS!')).toBe('services-dns')
    expect(chapterSlug('Réseau')).toBe('reseau')
  })
})

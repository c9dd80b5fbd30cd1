// The content check over the real course (it must find nothing), and over a small course in
// a temporary folder, broken one way at a time, where it must find each kind of problem.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkContent, checkManifestText, formatProblem, formatReport } from './check'
import { parseCheatSheet } from './cheatsheet'
import { scanLesson } from './lesson-scan'

const ROOT = resolve(__dirname, '../..')

describe('the course', () => {
  it('has no content problem', () => {
    const r = checkContent({ root: ROOT })
    expect(r.problems.map(formatProblem)).toEqual([])
    expect(r.counts.errors).toBe(0)
    expect(r.counts.lessons).toBeGreaterThan(0)
    expect(r.counts.exercises).toBeGreaterThan(0)
    expect(r.counts.yaml_blocks_checked).toBeGreaterThan(0)
  })
})

// ---- a small course to break ----

const APP = `apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: demo
  labels:
    app: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: demo
  labels:
    app: client
spec:
  containers:
    - name: shell
      image: busybox:1.36
`

const DENY_WEB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-deny-all
  namespace: demo
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
    - Ingress
`

const indent = (text: string, by: number) =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(by) + l : l))
    .join('\n')

const EXERCISE = `id: mini-deny-web
title: Shut web off
lesson: basics
scenario: mini
task: No pod may reach \`demo/web\`.
hints:
  - Select web and allow nothing.
solution:
  policy.yaml: |
${indent(DENY_WEB, 4)}
checks:
  - kind: reachability
    from: demo/client
    to: demo/web
    port: 80/TCP
    expect: dropped
wrong:
  - name: a policy in the wrong namespace
    files:
      policy.yaml: |
${indent(DENY_WEB.replace('  namespace: demo\n', ''), 8)}
    message: 'demo/client → demo/web:80 should be dropped'
`

const LESSON = `---
title: Basics
summary: The basics.
chapter: One
order: 1
duration: 10
objectives:
  - Deny traffic
---

## Default deny

A whole policy:

\`\`\`yaml
${DENY_WEB}\`\`\`

An excerpt:

\`\`\`yaml
spec:
  podSelector: {}
\`\`\`

A port given as a string is rejected:

\`\`\`yaml invalid
${DENY_WEB.replace('    - Ingress\n', '    - Ingress\n  ingress:\n    - ports:\n        - port: "80"\n')}\`\`\`

See [the lab](/labs/mini), [this section](#default-deny), [the recipes](/cheatsheet#deny) and
[the playground](/playground).

<Callout type="pitfall" title="Not on Flannel">
  Flannel alone stores the policy and enforces nothing.
</Callout>

<Lab
  id="mini"
  scenario="mini"
  editable={['policy.yaml']}
  flows={[{ from: 'demo/client', to: 'demo/web', port: '80/TCP', label: 'client → web' }]}
/>

<Exercise id="mini-deny-web" />
`

const SHEET = `title: Recipes
intro: Some recipes.
scenario: mini
recipes:
  - id: deny
    title: Deny web
    use: Shut web off.
    yaml: |
${indent(DENY_WEB, 6)}
    verify:
      - { from: demo/client, to: demo/web, port: 80/TCP, expect: dropped }
`

type Files = Record<string, string>

const BASE: Files = {
  'content/lessons/chapters.yaml': '- title: One\n',
  'content/lessons/basics.mdx': LESSON,
  'content/scenarios/mini/app.yaml': APP,
  'content/scenarios/mini/policy.yaml': '# your policies\n',
  'content/scenarios/mini/lab.yaml': 'title: Mini\neditable: [policy.yaml]\n',
  'content/scenarios/mini/exercises/mini-deny-web.yaml': EXERCISE,
  'content/cheatsheet.yaml': SHEET,
  'app/page.tsx': '',
  'app/playground/page.tsx': '',
  'app/lessons/[slug]/page.tsx': '',
  'app/labs/[scenario]/page.tsx': '',
  'app/cheatsheet/page.tsx': '',
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function course(changes: Record<string, string | null> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'content-check-'))
  dirs.push(root)
  for (const [name, text] of Object.entries({ ...BASE, ...changes })) {
    if (text === null) continue
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return checkContent({ root })
}

const lines = (r: ReturnType<typeof checkContent>) => r.problems.map(formatProblem)

describe('checkContent on a small course', () => {
  it('finds nothing in the intact course, and counts what it checked', () => {
    const r = course()
    expect(lines(r)).toEqual([])
    expect(r.counts).toEqual({
      chapters: 1,
      lessons: 1,
      labs: 2, // the lesson's <Lab> and the scenario's own page
      exercises: 1,
      checks: 2, // its own, and the one over the scenario's other objects
      yaml_blocks: 4, // three in the lesson, one recipe
      yaml_blocks_checked: 3, // the excerpt only parses
      errors: 0,
    })
  })

  it('reports a manifest the API server would reject, at its line in the lesson', () => {
    const bad = LESSON.replace('    - Ingress\n', '    - ingress\n')
    const r = course({ 'content/lessons/basics.mdx': bad })
    const fence = bad.split('\n').indexOf('```yaml') + 1
    const inner = DENY_WEB.split('\n').indexOf('    - Ingress') + 1
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatchObject({ file: 'content/lessons/basics.mdx', line: fence + inner })
    expect(r.problems[0]!.message).toContain(`yaml block at line ${fence}, its line ${inner}`)
    expect(r.problems[0]!.message).toContain('spec.policyTypes[0]')
    expect(r.counts.errors).toBe(1)
  })

  it('reports YAML that does not parse, and a fragment that does not', () => {
    const r = course({
      'content/lessons/basics.mdx': LESSON.replace('spec:\n  podSelector: {}\n', 'spec:\n  podSelector: {\n'),
    })
    expect(lines(r)).toHaveLength(1)
    expect(lines(r)[0]).toMatch(/^content\/lessons\/basics\.mdx:\d+: yaml block at line \d+/)
    expect(lines(r)[0]).toContain('```yaml invalid')
  })

  it('reports a lesson without a pitfall callout', () => {
    const r = course({
      'content/lessons/basics.mdx': LESSON.replace('<Callout type="pitfall"', '<Callout type="note"'),
    })
    expect(lines(r)).toEqual([
      'content/lessons/basics.mdx: no pitfall: every lesson warns of at least one trap in a <Callout type="pitfall" title="…"> (content/lessons/README.md)',
    ])
  })

  it('reports a block marked invalid that the simulator accepts', () => {
    const r = course({ 'content/lessons/basics.mdx': LESSON.replace('port: "80"', 'port: 80') })
    expect(lines(r)).toEqual([
      expect.stringMatching(/basics\.mdx:\d+: yaml block marked "invalid" is accepted by the simulator/),
    ])
  })

  it('reports broken internal links: lesson, anchor, lab, recipe, page', () => {
    const r = course({
      'content/lessons/basics.mdx': LESSON.replace(
        'See [the lab](/labs/mini)',
        'See [a](/lessons/nope), [b](/lessons/basics#nope), [c](#nope-here), [d](/labs/nope), [e](/cheatsheet#nope), [f](/nowhere), [ok](https://kubernetes.io/docs/), [ok](/lessons/basics#exercise-mini-deny-web)',
      ),
    })
    expect(lines(r).map((l) => l.replace(/^[^:]+:\d+: /, ''))).toEqual([
      'link "/lessons/nope": no lesson "nope" (expected content/lessons/nope.mdx)',
      expect.stringContaining('link "/lessons/basics#nope": no heading with id "nope"'),
      expect.stringContaining('link "#nope-here": no heading with id "nope-here"'),
      'link "/labs/nope": no scenario "nope" (expected content/scenarios/nope/)',
      'link "/cheatsheet#nope": no recipe "nope" on the cheat sheet (deny)',
      'link "/nowhere": no page at /nowhere',
    ])
  })

  it('checks the links of an exercise against its lesson, and of a recipe against the sheet', () => {
    const r = course({
      'content/scenarios/mini/exercises/mini-deny-web.yaml': EXERCISE.replace(
        'task: No pod may reach `demo/web`.',
        'task: No pod may reach `demo/web`; see [above](#default-deny) and [there](/lessons/nope).',
      ).replace('  - Select web and allow nothing.', '  - Select web and allow [nothing](#nothing).'),
      'content/cheatsheet.yaml': SHEET.replace(
        '    use: Shut web off.',
        '    use: Shut web off, as in [the lesson](/lessons/basics#nope).',
      ),
    })
    expect(lines(r)).toEqual([
      'content/scenarios/mini/exercises/mini-deny-web.yaml:5: link "/lessons/nope": no lesson "nope" (expected content/lessons/nope.mdx)',
      expect.stringMatching(
        /^content\/scenarios\/mini\/exercises\/mini-deny-web\.yaml:6: link "#nothing": no heading with id "nothing" in content\/lessons\/basics\.mdx/,
      ),
      expect.stringMatching(
        /^content\/cheatsheet\.yaml:5: link "\/lessons\/basics#nope": no heading with id "nope"/,
      ),
    ])
  })

  it('reports a lab whose editable file is missing, whose flow names no pod, or whose scenario is broken', () => {
    const r = course({
      'content/lessons/basics.mdx': LESSON.replace(
        "editable={['policy.yaml']}",
        "editable={['policies.yaml']}",
      ).replace("from: 'demo/client'", "from: 'demo/ghost'"),
    })
    const labLine = LESSON.split('\n').indexOf('<Lab') + 1
    expect(lines(r)).toContain(
      `content/lessons/basics.mdx:${labLine}: <Lab> editable file "policies.yaml" is not in content/scenarios/mini/`,
    )
    expect(lines(r)).toContainEqual(
      expect.stringMatching(
        /basics\.mdx:\d+: flow 1 \(demo\/ghost → demo\/web 80\/TCP\): demo\/ghost: no such pod/,
      ),
    )

    const broken = course({
      'content/scenarios/mini/app.yaml': APP.replace('containerPort: 80', 'containerPort: 0'),
    })
    expect(lines(broken)).toContainEqual(
      expect.stringMatching(/^content\/scenarios\/mini\/app\.yaml:\d+: error: /),
    )
  })

  it('reports an exercise placed nowhere, placed in another lesson, or unknown', () => {
    const unplaced = course({
      'content/lessons/basics.mdx': LESSON.replace('<Exercise id="mini-deny-web" />\n', ''),
    })
    expect(lines(unplaced)).toEqual([
      'content/scenarios/mini/exercises/mini-deny-web.yaml:3: exercise mini-deny-web is not placed in any lesson: add <Exercise id="mini-deny-web" /> to content/lessons/basics.mdx',
    ])

    const other = LESSON.replace('title: Basics', 'title: Other').replace('order: 1', 'order: 2')
    const elsewhere = course({
      'content/lessons/basics.mdx': LESSON.replace(
        '<Exercise id="mini-deny-web" />\n',
        '<Exercise id="nope" />\n',
      ),
      'content/lessons/other.mdx': other.replace('id="mini"', 'id="mini-2"'),
    })
    expect(lines(elsewhere)).toContainEqual(
      expect.stringMatching(/^content\/lessons\/basics\.mdx:\d+: <Exercise id="nope">: no such exercise/),
    )
    expect(lines(elsewhere)).toContainEqual(
      expect.stringMatching(
        /^content\/lessons\/other\.mdx:\d+: <Exercise id="mini-deny-web">: the exercise names lesson "basics"/,
      ),
    )
  })

  it('reports an exercise whose solution fails or whose starting state already passes', () => {
    const wrongSolution = EXERCISE.replace('      app: web\n', '      app: client\n')
    const r = course({ 'content/scenarios/mini/exercises/mini-deny-web.yaml': wrongSolution })
    expect(lines(r)).toContainEqual(
      expect.stringMatching(/mini-deny-web\.yaml:8: the solution does not pass: demo\/client → demo\/web/),
    )

    const already = course({ 'content/scenarios/mini/policy.yaml': DENY_WEB })
    expect(lines(already)).toContainEqual(
      expect.stringContaining('mini-deny-web.yaml:1: the starting state already passes every check'),
    )
  })

  it('reports a recipe whose YAML is invalid or which does not do what its verify flows say', () => {
    const invalid = course({
      'content/cheatsheet.yaml': SHEET.replace('        - Ingress', '        - ingres'),
    })
    expect(lines(invalid)).toEqual([
      expect.stringMatching(/^content\/cheatsheet\.yaml:19: recipe deny: error: /),
    ])

    const wrong = course({ 'content/cheatsheet.yaml': SHEET.replace('expect: dropped', 'expect: allowed') })
    expect(lines(wrong)).toEqual([
      expect.stringMatching(
        /^content\/cheatsheet\.yaml:5: recipe deny: demo\/client → demo\/web 80\/TCP is dropped, expected allowed/,
      ),
    ])
  })

  it('reports what the build would refuse, such as a frontmatter field missing', () => {
    const r = course({ 'content/lessons/basics.mdx': LESSON.replace('duration: 10\n', '') })
    expect(lines(r)).toEqual(['content/lessons/basics.mdx: frontmatter field "duration" is missing'])
  })

  it('ends the JSON report with the counts, keys in order', () => {
    const r = course({ 'content/lessons/basics.mdx': LESSON.replace('(/playground)', '(/nowhere)') })
    const out = formatReport(r, true).trimEnd().split('\n')
    expect(out[0]).toMatch(/no page at \/nowhere/)
    expect(Object.keys(JSON.parse(out.at(-1)!))).toEqual([
      'chapters',
      'lessons',
      'labs',
      'exercises',
      'checks',
      'yaml_blocks',
      'yaml_blocks_checked',
      'errors',
    ])
    expect(JSON.parse(out.at(-1)!).errors).toBe(1)
  })
})

describe('the worked example of docs/authoring.md', () => {
  it('passes the check, graded exercise included, as written in the guide', () => {
    const doc = readFileSync(join(ROOT, 'docs/authoring.md'), 'utf8')
    const start = doc.indexOf('## Worked example')
    const section = doc.slice(start, doc.indexOf('\n## Cheat sheet', start))
    // Each file of the example is the fenced block after the sentence naming its path.
    const files: Files = {}
    let last = 0
    for (const m of section.matchAll(/^(`{3,})(yaml|mdx)\n([\s\S]*?)^\1$/gm)) {
      const names = [...section.slice(last, m.index).matchAll(/`(content\/[^`]+\.(?:yaml|mdx))`/g)]
      last = m.index + m[0].length
      if (names.length) files[names.at(-1)![1]!] = m[3]!
    }
    expect(Object.keys(files).sort()).toEqual([
      'content/lessons/cafe-orders.mdx',
      'content/scenarios/cafe/app.yaml',
      'content/scenarios/cafe/exercises/cafe-kitchen-from-till.yaml',
      'content/scenarios/cafe/lab.yaml',
      'content/scenarios/cafe/policy.yaml',
    ])
    const root = mkdtempSync(join(tmpdir(), 'content-check-guide-'))
    dirs.push(root)
    const sheet = readFileSync(join(ROOT, 'content/cheatsheet.yaml'), 'utf8')
    const scenario = /^scenario: (\S+)$/m.exec(sheet)![1]!
    cpSync(join(ROOT, 'content/scenarios', scenario), join(root, 'content/scenarios', scenario), {
      recursive: true,
      filter: (src) => !src.includes('/exercises'),
    })
    for (const [name, text] of Object.entries({
      ...files,
      'content/lessons/chapters.yaml': '- title: NetworkPolicy\n',
      'content/cheatsheet.yaml': sheet,
      'app/page.tsx': '',
      'app/cheatsheet/page.tsx': '',
      'app/lessons/[slug]/page.tsx': '',
      'app/labs/[scenario]/page.tsx': '',
    })) {
      mkdirSync(dirname(join(root, name)), { recursive: true })
      writeFileSync(join(root, name), text)
    }
    const r = checkContent({ root })
    expect(r.problems.map(formatProblem)).toEqual([])
    expect(r.counts).toMatchObject({ lessons: 1, exercises: 1, checks: 4, errors: 0 })
  })
})

describe('checkManifestText', () => {
  it("validates a NetworkPolicy excerpt inside a whole policy, at the excerpt's own lines", () => {
    const rule = checkManifestText('ports:\n  - port: "80"\n    protocol: TCP\n', 'x')
    expect(rule.kind).toBe('excerpt')
    expect(rule.issues.map((i) => [i.pos?.line, i.message])).toEqual([
      [
        2,
        expect.stringContaining(
          'spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter',
        ),
      ],
    ])
    const spec = checkManifestText(
      'egress:\n  - to:\n      - podSelector: {}\n        namespaceSelektor: {}\n',
      'x',
    )
    expect(spec.kind).toBe('excerpt')
    expect(spec.issues.map((i) => [i.pos?.line, i.message])).toEqual([
      [4, expect.stringContaining('unknown field "spec.egress[0].to[0].namespaceSelektor"')],
    ])
    expect(checkManifestText('egress:\n  - to:\n      - podSelector: {}\n', 'x')).toMatchObject({
      kind: 'excerpt',
      issues: [],
      objects: 1,
    })
  })

  it('leaves other fragments alone, and tells whole objects and broken YAML apart', () => {
    expect(checkManifestText('spec:\n  type: NodePort\n', 'x')).toMatchObject({
      kind: 'fragment',
      issues: [],
    })
    expect(checkManifestText('cniVersion: 1.0.0\nplugins: []\n', 'x').kind).toBe('fragment')
    expect(checkManifestText('a: [\n', 'x').kind).toBe('syntax')
    expect(checkManifestText('kind: Pod\n', 'x')).toMatchObject({ kind: 'objects', objects: 0 })
  })
})

describe('scanLesson', () => {
  it('reads the fence meta, literal attributes, and links in markdown and href', () => {
    const s = scanLesson(
      '```yaml invalid\na: 1\n```\n\n<Lab id="x" flows={[{ from: `a`, to: "b", port: "-1" }]} cni={pick()} />\n\n[t](/a) <a href="/b">b</a>\n',
    )
    expect(s.code).toEqual([{ lang: 'yaml', meta: ['invalid'], text: 'a: 1', line: 1 }])
    expect(s.elements[0]).toEqual({
      name: 'Lab',
      line: 5,
      attrs: { id: 'x', flows: [{ from: 'a', to: 'b', port: '-1' }] },
      dynamic: ['cni'],
    })
    expect(s.links.map((l) => l.url)).toEqual(['/a', '/b'])
  })
})

describe('parseCheatSheet', () => {
  it('points at the first line of a recipe YAML and names a bad verify flow', () => {
    const { sheet, problems } = parseCheatSheet(SHEET.replace('expect: dropped', 'expect: maybe'))
    const sheetLines = SHEET.split('\n')
    expect(sheetLines[sheet.recipes[0]!.yamlLine - 1]).toBe('      apiVersion: networking.k8s.io/v1')
    expect(problems).toEqual([
      {
        line: sheetLines.findIndex((l) => l.includes('expect: dropped')) + 1,
        message: 'recipes[0].verify[0] needs from, to, port (strings) and expect: allowed or dropped',
      },
    ])
  })
})

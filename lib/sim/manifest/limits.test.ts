import { describe, expect, it } from 'vitest'
import { loadManifests, loadSource, mergeLoads } from './load'
import {
  checkValue,
  lineAtLimit,
  MAX_DEPTH,
  MAX_DOCUMENTS,
  MAX_OBJECTS,
  MAX_TOTAL_BYTES,
  MAX_VALUES,
  utf8Bytes,
} from './limits'
import { parseManifestText } from './parse-yaml'

const errors = (text: string, file = 'x.yaml') =>
  loadManifests([{ file, text }]).issues.filter((i) => i.severity === 'error')

/** `levels` block mappings, one per line: `a:` indented under `a:`. */
const blockNest = (levels: number) =>
  `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i * 2)}a:`).join('\n')} 1\n`

describe('nesting depth', () => {
  it('deep flow nesting ends in a message with its line, not a stack overflow', () => {
    const issues = errors(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: ${'['.repeat(100_000)}`)
    expect(issues.map((i) => [i.code, i.message, i.pos?.line])).toEqual([
      ['too-large', `nesting deeper than ${MAX_DEPTH} levels at line 4 of x.yaml`, 4],
    ])
  })

  it('deep block nesting and compact lists are refused the same way', () => {
    // 500 levels: deep enough to overflow a recursive reader, still under the size limit.
    expect(errors(blockNest(500))[0]!.message).toBe('nesting deeper than 100 levels at line 102 of x.yaml')
    expect(errors(`${'- '.repeat(20_000)}x\n`)[0]!.message).toBe(
      'nesting deeper than 100 levels at line 1 of x.yaml',
    )
    expect(errors(`${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}`)[0]!.message).toMatch(/^nesting deeper/)
  })

  it(`${MAX_DEPTH} levels are read; one more is refused at the line it starts`, () => {
    expect(parseManifestText(blockNest(MAX_DEPTH), 'x.yaml')).toMatchObject({ issues: [], docs: [{}] })
    const r = parseManifestText(blockNest(MAX_DEPTH + 1), 'x.yaml')
    expect(r.docs).toEqual([])
    expect(r.issues.map((i) => i.message)).toEqual(['nesting deeper than 100 levels at line 101 of x.yaml'])
  })

  it('nesting made deep through an alias is refused too', () => {
    const deep60 = `${'['.repeat(60)}1${']'.repeat(60)}`
    const text = `a: &x ${deep60}\nb: ${'['.repeat(60)}*x${']'.repeat(60)}\n`
    const r = parseManifestText(text, 'x.yaml')
    expect(r.issues.map((i) => i.message)).toEqual(['nesting deeper than 100 levels at line 2 of x.yaml'])
  })
})

describe('aliases', () => {
  it('a document that contains itself through an alias is refused, not walked forever', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: &s\n  containers:\n  - name: c\n    image: i\n    env: *s\n'
    const issues = errors(text)
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      [
        'alias-limit',
        'document 1 of x.yaml contains itself: the alias at line 8 points at a node that encloses it',
      ],
    ])
    expect(issues[0]!.pos?.line).toBe(8)
    expect(errors('&a [1, *a]\n')[0]!.code).toBe('alias-limit')
  })

  it('an alias of a large node, repeated, is counted as the copies it stands for', () => {
    // 99 uses of one alias are within the alias limit; 99 copies of 10,103 values are not.
    const big = `[${Array.from({ length: Math.floor(MAX_VALUES / 99) + 1 }, () => '1').join(',')}]`
    const text = `a: &x ${big}\nb:\n${Array.from({ length: 99 }, () => '- *x').join('\n')}\n`
    const issues = errors(text)
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      [
        'too-large',
        `document 1 of x.yaml holds more than ${MAX_VALUES} values (mappings, lists and scalars, each alias counted as a copy); the simulator reads at most ${MAX_VALUES} per document (the count passes ${MAX_VALUES} at line 100)`,
      ],
    ])
    // 10,105 values before the copies, 10,103 in each: the 98th copy, on line 100, passes
    expect(issues[0]!.pos?.line).toBe(100)
  })

  it('nested aliases that multiply (a "billion laughs") stop at the alias limit', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      )
    const issues = errors(lines.join('\n'))
    expect(issues.map((i) => i.code)).toEqual(['alias-limit'])
    // Uses of a0 count 10, of a1 10 × 10: within 100. The first use of a2, on line 4, is 2 × 100.
    expect(issues[0]!.message).toBe(
      'document 1 of x.yaml expands too many YAML aliases (at most 100 are followed; the limit is passed by the alias at line 4): Excessive alias count indicates a resource exhaustion attack',
    )
    expect(issues[0]!.pos?.line).toBe(4)
  })

  it('many uses of one alias stop at the alias limit, at the use that passes it', () => {
    const text = `a: &x 1\nb:\n${Array.from({ length: 150 }, () => '- *x').join('\n')}\n`
    const issues = errors(text)
    expect(issues.map((i) => [i.code, i.pos?.line])).toEqual([['alias-limit', 102]])
    expect(issues[0]!.message).toMatch(/the limit is passed by the alias at line 102\)/)
  })
})

describe('counts and size', () => {
  it(`more than ${MAX_DOCUMENTS} documents in one text are refused`, () => {
    const ns = (i: number) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: n${i}}\n`
    const text = Array.from({ length: MAX_DOCUMENTS + 1 }, (_, i) => ns(i)).join('---\n')
    const issues = errors(text)
    // each document is three lines and a separator; the 10,001st starts at its `---`
    expect(issues.map((i) => [i.message, i.pos?.line])).toEqual([
      [
        'x.yaml holds more than 10000 YAML documents; the simulator reads at most 10000 from one file (document 10001 starts at line 40000)',
        40000,
      ],
    ])
    expect(errors(Array.from({ length: 50 }, (_, i) => ns(i)).join('---\n'))).toEqual([])
  })

  it(`more than ${MAX_OBJECTS} objects, Lists expanded, are refused before any is validated`, () => {
    const items = Array.from({ length: MAX_OBJECTS + 1 }, (_, i) => `- {metadata: {name: n${i}}}`).join('\n')
    const r = loadManifests([
      { file: 'x.yaml', text: `apiVersion: v1\nkind: NamespaceList\nitems:\n${items}\n` },
    ])
    expect(r.objects).toEqual([])
    // items start at line 4: item 20,000 (0-based) is on line 20,004
    expect(r.issues.map((i) => [i.message, i.pos?.line])).toEqual([
      [
        'x.yaml holds more than 20000 Kubernetes objects; the simulator reads at most 20000 at once (the count passes 20000 at line 20004)',
        20004,
      ],
    ])
  })

  it('objects of separately loaded texts count together', () => {
    const half = Array.from({ length: MAX_OBJECTS / 2 + 1 }, (_, i) => `- {metadata: {name: n${i}}}`).join(
      '\n',
    )
    const list = (file: string) =>
      loadSource({ file, text: `apiVersion: v1\nkind: NamespaceList\nitems:\n${half}\n` })
    const r = mergeLoads([list('a.yaml'), list('b.yaml')])
    expect(r.objects).toEqual([])
    // a.yaml has 10,001 objects: b.yaml's 10,000th (0-based 9,999, line 10,003) is one too many
    expect(r.issues.map((i) => [i.message, i.source?.file, i.pos?.line])).toEqual([
      [
        'the 2 manifest files hold more than 20000 Kubernetes objects; the simulator reads at most 20000 at once (the count passes 20000 at line 10003 of b.yaml)',
        'b.yaml',
        10003,
      ],
    ])
  })

  it('a text over the size limit is refused before parsing, and so are texts that are together', () => {
    const big = `a: 1\n# ${'x'.repeat(MAX_TOTAL_BYTES)}`
    expect(errors(big, 'big.yaml').map((i) => [i.message, i.pos?.line])).toEqual([
      [
        `big.yaml is ${MAX_TOTAL_BYTES + 7} bytes; the simulator reads at most 4194304 bytes (4 MiB) of manifests at once (the limit is passed at line 2)`,
        2,
      ],
    ])
    // a line of 699,050 two-byte characters: three of these pass the limit by 11 bytes
    const third = `#\n# ${'é'.repeat(MAX_TOTAL_BYTES / 6)}\n`
    expect(utf8Bytes(third)).toBe(1_398_105)
    const three = [1, 2, 3].map((i) => ({ file: `${i}.yaml`, text: third }))
    expect(loadManifests(three).issues.map((i) => [i.message, i.source?.file, i.pos?.line])).toEqual([
      [
        'the 3 manifest files are 4194315 bytes together; the simulator reads at most 4194304 bytes (4 MiB) of manifests at once (the limit is passed at line 2 of 3.yaml)',
        '3.yaml',
        2,
      ],
    ])
    // A lab loads each file on its own and merges them: the same limit holds.
    expect(mergeLoads(three.map((s) => loadSource(s))).issues.map((i) => i.message)).toEqual([
      'the 3 manifest files are 4194315 bytes together; the simulator reads at most 4194304 bytes (4 MiB) of manifests at once (the limit is passed in 3.yaml)',
    ])
    expect(loadManifests(three.slice(0, 2)).issues).toEqual([])
  })

  it('counts UTF-8 bytes as the share links and the API server do', () => {
    expect(utf8Bytes('aé€😀')).toBe(10)
    expect(utf8Bytes('\ud800')).toBe(3) // a lone surrogate is written as U+FFFD
    // the byte past the limit is found by the same count, on its line
    expect(lineAtLimit('a\n😀\nb', MAX_TOTAL_BYTES - 3)).toBe(2)
    expect(lineAtLimit('a\n😀\nb', MAX_TOTAL_BYTES - 8)).toBeUndefined()
    expect(lineAtLimit('a\n😀\nb', MAX_TOTAL_BYTES - 7)).toBe(3)
  })
})

describe('checkValue', () => {
  it('finds the first problem, with its path', () => {
    const cyclic: Record<string, unknown> = { a: [1, 2] }
    ;(cyclic.a as unknown[]).push({ b: cyclic })
    expect(checkValue(cyclic)).toEqual({ kind: 'cycle', path: ['a', 2, 'b'] })
    // A value shared twice is not a cycle.
    const shared = { x: 1 }
    expect(checkValue({ a: shared, b: [shared] })).toBeUndefined()
    let deep: unknown = 1
    for (let i = 0; i < MAX_DEPTH + 1; i++) deep = [deep]
    expect(checkValue({ k: deep })).toMatchObject({ kind: 'deep' })
    // Values count without aliases too (parsing a million of them is slow, so not from text).
    const rows = Array.from({ length: MAX_VALUES / 10 }, () => [1, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(checkValue({ rows })).toEqual({ kind: 'values', path: ['rows', MAX_VALUES / 10 - 1, 7] })
    expect(checkValue({ rows: rows.slice(1) })).toBeUndefined()
  })
})

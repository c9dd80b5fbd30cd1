import { describe, expect, it } from 'vitest'
import { ContentError, validateFrontmatter } from './frontmatter'

const valid = {
  title: 'NetworkPolicy basics',
  summary: 'Isolate pods.',
  chapter: 'NetworkPolicy',
  order: 1,
  duration: 30,
  objectives: ['Write a default deny'],
}

function problemsOf(data: unknown, file = 'content/lessons/x.mdx'): string[] {
  try {
    validateFrontmatter(data, file)
  } catch (e) {
    expect(e).toBeInstanceOf(ContentError)
    return [...(e as ContentError).problems]
  }
  return []
}

describe('validateFrontmatter', () => {
  it('accepts a complete frontmatter and trims strings', () => {
    expect(validateFrontmatter({ ...valid, title: '  NetworkPolicy basics ' }, 'f.mdx')).toEqual(valid)
  })

  it('names the file and the missing field', () => {
    const { summary: _, ...rest } = valid
    expect(() => validateFrontmatter(rest, 'content/lessons/broken.mdx')).toThrow(
      'content/lessons/broken.mdx: frontmatter field "summary" is missing',
    )
  })

  it('reports every missing field at once', () => {
    expect(problemsOf({ title: 'T', chapter: 'C' })).toEqual([
      'frontmatter field "summary" is missing',
      'frontmatter field "order" is missing',
      'frontmatter field "duration" is missing',
      'frontmatter field "objectives" is missing',
    ])
  })

  it('says so when there is no frontmatter at all', () => {
    expect(problemsOf({})[0]).toMatch(/^frontmatter is missing/)
    expect(problemsOf(undefined)[0]).toMatch(/^frontmatter is missing/)
    expect(problemsOf(['a'])[0]).toMatch(/^frontmatter is missing/)
  })

  it('checks types', () => {
    expect(problemsOf({ ...valid, title: '' })).toEqual([
      'frontmatter field "title" must be a non-empty string',
    ])
    expect(problemsOf({ ...valid, order: 'first' })).toEqual([
      'frontmatter field "order" must be a number (its position in the chapter)',
    ])
    expect(problemsOf({ ...valid, duration: '15 min' })).toEqual([
      'frontmatter field "duration" must be a whole number of minutes, e.g. 15',
    ])
    expect(problemsOf({ ...valid, duration: 0 })).toHaveLength(1)
    expect(problemsOf({ ...valid, objectives: 'one' })).toEqual([
      'frontmatter field "objectives" must be a non-empty list of strings',
    ])
    expect(problemsOf({ ...valid, objectives: [] })).toHaveLength(1)
    expect(problemsOf({ ...valid, objectives: ['a', 3] })).toEqual([
      'frontmatter field "objectives" must hold only non-empty strings',
    ])
  })

  it('rejects unknown fields and suggests the right name', () => {
    const { objectives, ...rest } = valid
    expect(problemsOf({ ...rest, objective: objectives })).toEqual([
      'frontmatter field "objectives" is missing',
      'unknown frontmatter field "objective" (did you mean "objectives"?)',
    ])
    expect(problemsOf({ ...valid, author: 'me' })).toEqual(['unknown frontmatter field "author"'])
  })
})

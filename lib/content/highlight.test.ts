import { describe, expect, it } from 'vitest'
import { highlight } from './highlight'
import type { Token } from './highlight'

const kinds = (tokens: Token[]) => tokens.filter((t) => t.kind).map((t) => [t.kind, t.text])
const text = (tokens: Token[]) => tokens.map((t) => t.text).join('')

describe('highlight', () => {
  it('keeps the text exactly', () => {
    const yaml =
      'apiVersion: v1\nkind: Pod # a comment\nspec:\n  ports:\n    - port: 80\n      name: "http"\n'
    expect(text(highlight(yaml, 'yaml'))).toBe(yaml)
    const sh = '$ kubectl get pods\nNAME   READY\n# note\n'
    expect(text(highlight(sh, 'sh'))).toBe(sh)
  })

  it('marks YAML keys, values and comments', () => {
    expect(
      kinds(highlight('kind: Pod # the kind\n  - port: 80\nname: "web"\nok: true\n---', 'yaml')),
    ).toEqual([
      ['key', 'kind'],
      ['punct', ':'],
      ['comment', '# the kind'],
      ['punct', '- '],
      ['key', 'port'],
      ['punct', ':'],
      ['number', '80'],
      ['key', 'name'],
      ['punct', ':'],
      ['string', '"web"'],
      ['key', 'ok'],
      ['punct', ':'],
      ['literal', 'true'],
      ['punct', '---'],
    ])
  })

  it('does not take a # inside a value for a comment', () => {
    expect(kinds(highlight('url: http://x/#frag', 'yaml'))).toEqual([
      ['key', 'url'],
      ['punct', ':'],
    ])
    expect(kinds(highlight("msg: 'a # b'", 'yaml'))).toContainEqual(['string', "'a # b'"])
  })

  it('marks shell prompts and commands', () => {
    expect(kinds(highlight('$ kubectl get pods\n/ # nslookup web\noutput', 'console'))).toEqual([
      ['prompt', '$ '],
      ['command', 'kubectl get pods'],
      ['prompt', '/ # '],
      ['command', 'nslookup web'],
    ])
  })

  it('leaves other languages plain', () => {
    expect(highlight('NAME  READY', 'text')).toEqual([{ text: 'NAME  READY' }])
    expect(highlight('x', undefined)).toEqual([{ text: 'x' }])
  })
})

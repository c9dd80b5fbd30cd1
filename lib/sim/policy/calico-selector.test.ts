// CAL-SEL: Calico's selector syntax and precedence (tigera/docs calico/_includes/content/_selectors.mdx).
import { describe, expect, it } from 'vitest'
import { calicoMatches, calicoSelectorError, parseCalicoSelector } from './calico-selector'

const m = (sel: string, labels: Record<string, string>) =>
  calicoMatches(parseCalicoSelector(sel).expr, labels)

describe('Calico selectors', () => {
  it('CAL-SEL-01: match operators, with != and not in also matching a missing label', () => {
    const l = { app: 'db', tier: 'data', 'projectcalico.org/namespace': 'app' }
    expect(m("app == 'db'", l)).toBe(true)
    expect(m('app == "web"', l)).toBe(false)
    expect(m("app != 'web'", l)).toBe(true)
    expect(m("role != 'web'", l)).toBe(true)
    expect(m('has(tier)', l)).toBe(true)
    expect(m('!has(canary)', l)).toBe(true)
    expect(m("app in {'db', 'cache'}", l)).toBe(true)
    expect(m("app not in {'db'}", l)).toBe(false)
    expect(m("role not in {'db'}", l)).toBe(true)
    expect(m("tier contains 'at'", l)).toBe(true)
    expect(m("tier starts with 'da'", l)).toBe(true)
    expect(m("tier ends with 'ta'", l)).toBe(true)
    expect(m("projectcalico.org/namespace == 'app'", l)).toBe(true)
    expect(m('all()', {})).toBe(true)
    expect(m('', {})).toBe(true)
    expect(m('!all()', l)).toBe(false)
    // global() selects non-namespaced resources only, never a pod.
    expect(m('global()', l)).toBe(false)
  })

  it('CAL-SEL-02: ! binds tighter than &&, which binds tighter than ||; parentheses group', () => {
    const sel = "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}"
    expect(m(sel, {})).toBe(true)
    expect(m(sel, { 'my-label': 'prod-1', role: 'frontend' })).toBe(true)
    expect(m(sel, { 'my-label': 'prod-1', role: 'db' })).toBe(false)
    expect(m(sel, { 'my-label': 'dev' })).toBe(false)
    expect(m("(a == '1' || b == '1') && c == '1'", { a: '1' })).toBe(false)
    expect(m("a == '1' || b == '1' && c == '1'", { a: '1' })).toBe(true)
  })

  it('CAL-SEL-03: a malformed selector is reported, with where it went wrong', () => {
    expect(calicoSelectorError("app == 'db'")).toBeUndefined()
    expect(calicoSelectorError('app ==')).toBe('expected a quoted value at the end')
    expect(calicoSelectorError("app = 'db'")).toBe('unexpected character "=" at character 5')
    expect(calicoSelectorError("(app == 'db'")).toBe('expected ")" at the end')
    expect(calicoSelectorError("app == 'db")).toBe('unterminated string starting at character 8')
    expect(calicoSelectorError('app')).toBe(
      'expected ==, !=, in, not in, contains, starts with or ends with after "app"',
    )
  })
})

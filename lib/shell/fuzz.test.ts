// Whatever the learner types or pastes, the terminal answers: the shell's reader and the
// shell itself end quickly on any line, never crash, and never let a control character
// through. Pasted text brings what the keyboard does not: CR from Windows line endings,
// no-break and other Unicode spaces from web pages, a byte-order mark at the start.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from './parse'
import { BASE, lab } from './shell.testkit'

// eslint-disable-next-line no-control-regex -- looking for control characters
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/

/** Whitespace that is not a blank to bash, control characters, and the shell's own syntax. */
const ODD = [
  '\r',
  '\v',
  '\f',
  '\0',
  '\x1b',
  '\x07',
  '\b',
  '\x7f',
  '\u0085',
  '\u009b',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2007',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\ud800',
  '😀',
]
const SYNTAX = [
  ' ',
  '\t',
  '\n',
  '|',
  '||',
  '&',
  '&&',
  ';',
  '(',
  ')',
  '<',
  '>',
  '>>',
  '2>&1',
  '&>',
  '1>',
  '<<EOF\n',
  '<<-E\n',
  '\nEOF',
  '$',
  '$?',
  '${',
  '}',
  '$X',
  "$'",
  '\\',
  '\\x',
  '\\0',
  "'",
  '"',
  '`',
  '#',
  '!',
  '=',
  'X=',
  '-',
  '--',
  '1',
  '2',
  'a',
  'é',
]
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD) },
  { weight: 4, arbitrary: fc.constantFrom(...SYNTAX) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
)
const text = (maxLength: number) => fc.array(unit, { maxLength }).map((parts) => parts.join(''))

/** Commands worth reaching with odd arguments: each runs real code past the reader. */
const COMMANDS = [
  '',
  'echo ',
  'echo -e ',
  'cat ',
  'ls ',
  'grep ',
  'grep -E ',
  'head -n ',
  'wc ',
  'sort ',
  'sleep ',
  'export ',
  'history',
  'kubectl ',
  'kubectl get ',
  'kubectl get pods ',
  'kubectl get pod web -o ',
  'kubectl get pod web -o jsonpath=',
  'kubectl describe pod ',
  'kubectl label pod web ',
  'kubectl annotate pod client ',
  'kubectl apply -f - <<EOF\n',
  'kubectl create ',
  'kubectl run t --image=busybox ',
  'kubectl expose pod web ',
  'kubectl scale deploy ',
  'kubectl config set-context --current --namespace=',
  'kubectl exec client -- ',
  'kubectl exec client -- sh -c ',
  'kubectl exec client -- wget -qO- ',
  'kubectl exec web -- curl ',
  'kubectl exec client -- nslookup ',
  'kubectl exec client -- nc -zv ',
  'trace ',
  'trace client ',
]

const SEED = 20240611

describe('the reader ends on any input', () => {
  it('the bug report: CR, a no-break space, U+2028, U+3000 and a leading BOM are word characters', () => {
    for (const line of ['echo a\r', 'echo a\u00a0b', 'echo a\u2028b', 'echo a\u3000b', '\ufeffecho a']) {
      const r = parse(line)
      expect(r.kind).toBe('ok')
    }
  })

  it('parse() returns ok, incomplete or a syntax error for 5,000 generated lines, each quickly', () => {
    fc.assert(
      fc.property(text(40), (line) => {
        const t = performance.now()
        const r = parse(line)
        expect(performance.now() - t).toBeLessThan(500)
        expect(['ok', 'incomplete', 'error']).toContain(r.kind)
        if (r.kind === 'error') expect(r.message).toMatch(/^bash: /)
      }),
      { seed: SEED, numRuns: 5000 },
    )
  })
})

describe('the shell answers any line', () => {
  it('2,000 generated lines after real commands: no crash, no internal error, no raw control character', () => {
    const l = lab(BASE)
    let slowest = 0
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), text(12), fc.boolean(), (command, rest, quoteIt) => {
        const line = command + (quoteIt ? `'${rest.replace(/'/g, '')}'` : rest)
        const t = performance.now()
        const r = l.shell.input(line)
        const done = l.shell.interrupt()
        slowest = Math.max(slowest, performance.now() - t)
        const shown = r.kind === 'done' ? r.output : r.prompt
        expect(shown).not.toMatch(/internal error/)
        expect(shown).not.toMatch(CONTROL)
        expect(l.shell.prompt()).not.toMatch(CONTROL)
        expect(done.kind).toBe('done')
      }),
      { seed: SEED, numRuns: 2000 },
    )
    expect(slowest).toBeLessThan(2000)
  })
})

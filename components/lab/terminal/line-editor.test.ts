import { describe, expect, it } from 'vitest'
import { LineEditor } from './line-editor'
import type { LineAction } from './line-editor'

const submits = (a: LineAction[]) =>
  a.filter((x) => x.kind === 'submit').map((x) => (x as { line: string }).line)

describe('LineEditor', () => {
  it('edits a line with the cursor keys and submits it', () => {
    const e = new LineEditor()
    e.feed('kubectl get po')
    e.feed('\x1b[D\x1b[D\x1b[D') // three left
    e.feed('x')
    expect(e.line).toBe('kubectl getx po')
    e.feed('\x7f')
    expect(submits(e.feed('\r'))).toEqual(['kubectl get po'])
    expect(e.line).toBe('')
  })

  it('walks the history with up and down, keeping the draft', () => {
    const e = new LineEditor()
    e.feed('one\r')
    e.feed('two\r')
    e.feed('dra')
    e.feed('\x1b[A')
    expect(e.line).toBe('two')
    e.feed('\x1b[A')
    expect(e.line).toBe('one')
    e.feed('\x1b[B\x1b[B')
    expect(e.line).toBe('dra')
  })

  it('a pasted block submits one line per line break', () => {
    const e = new LineEditor()
    expect(submits(e.feed('cat <<EOF\r\na: 1\r\nEOF\r\n'))).toEqual(['cat <<EOF', 'a: 1', 'EOF'])
  })

  it('Ctrl-C drops the line and interrupts; Tab asks for completion of the text before the cursor', () => {
    const e = new LineEditor()
    e.feed('kubectl ge')
    expect(e.feed('\t')).toEqual([{ kind: 'complete', line: 'kubectl ge' }])
    const a = e.feed('\x03')
    expect(a.map((x) => x.kind)).toEqual(['write', 'interrupt'])
    expect(e.line).toBe('')
  })

  it('Ctrl-U, Ctrl-W, Home, End and Delete edit as in a shell', () => {
    const e = new LineEditor()
    e.feed('curl -s web')
    e.feed('\x17')
    expect(e.line).toBe('curl -s ')
    e.feed('\x1b[H\x1b[3~')
    expect(e.line).toBe('url -s ')
    e.feed('\x1b[F!')
    expect(e.line).toBe('url -s !')
    e.feed('\x1b[H\x15')
    expect(e.line).toBe('url -s !')
  })

  it('pasted control characters are dropped, never echoed to the terminal', () => {
    const e = new LineEditor()
    e.reset('$ ')
    // Clear screen, red, a window title (OSC … BEL), a C1 CSI (U+009B) and an 8-bit OSC.
    const writes = e
      .feed('echo \x1b[2J\x1b[31mred\x1b]0;evil\x07 \u009b2J \u009d0;t\u0007ok\x00\x1b\\x')
      .filter((a) => a.kind === 'write')
      .map((a) => (a as { data: string }).data)
    expect(e.line).toBe('echo red]0;evil 2J 0;tok\\x')
    // What remains is the editor's own redraw: CR, erase line, cursor moves.
    // eslint-disable-next-line no-control-regex -- looking for control characters
    const controls = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/
    const own = (w: string) => {
      const rest = w.replace('\r\x1b[K', '')
      const move = rest.lastIndexOf('\x1b[')
      return move >= 0 && /^\[\d+D$/.test(rest.slice(move + 1)) ? rest.slice(0, move) : rest
    }
    for (const w of writes) expect(own(w)).not.toMatch(controls)
  })
})

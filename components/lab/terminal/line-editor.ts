// Line editing for the lab terminal, kept apart from xterm so it can be tested: it turns
// the keys xterm reports into redraws of the input line, history, and the actions the
// terminal must take (run a line, complete, interrupt, clear).

export type LineAction =
  | { kind: 'write'; data: string }
  | { kind: 'submit'; line: string }
  | { kind: 'complete'; line: string }
  | { kind: 'interrupt' }
  | { kind: 'clear' }

const CSI = '\x1b['

/**
 * What may go on the line and be echoed. Other control characters in pasted text (C0, DEL,
 * and C1 such as U+009B, which xterm reads as CSI) are dropped: echoed, they would drive
 * the terminal instead of showing as text.
 */
const printable = (ch: string) => ch >= ' ' && ch !== '\x7f' && !(ch >= '\x80' && ch <= '\x9f')

export class LineEditor {
  private buffer = ''
  private cursor = 0
  private history: string[] = []
  /** position while browsing history; history.length means the line being typed */
  private historyIndex = 0
  private draft = ''
  prompt = '$ '

  get line(): string {
    return this.buffer
  }

  /** Puts text on the line (after a completion) and redraws it. */
  replaceLine(text: string): LineAction[] {
    this.buffer = text
    this.cursor = text.length
    return [this.redraw()]
  }

  /** Starts a new, empty line after output. */
  reset(prompt: string): LineAction[] {
    this.prompt = prompt
    this.buffer = ''
    this.cursor = 0
    this.historyIndex = this.history.length
    return [{ kind: 'write', data: prompt }]
  }

  private redraw(): LineAction {
    const back = this.buffer.length - this.cursor
    return { kind: 'write', data: `\r${CSI}K${this.prompt}${this.buffer}${back ? `${CSI}${back}D` : ''}` }
  }

  private insert(text: string): LineAction[] {
    this.buffer = this.buffer.slice(0, this.cursor) + text + this.buffer.slice(this.cursor)
    this.cursor += text.length
    return [this.redraw()]
  }

  private submit(): LineAction[] {
    const line = this.buffer
    if (line.trim() && this.history[this.history.length - 1] !== line) this.history.push(line)
    this.historyIndex = this.history.length
    this.buffer = ''
    this.cursor = 0
    return [
      { kind: 'write', data: '\r\n' },
      { kind: 'submit', line },
    ]
  }

  private browse(delta: number): LineAction[] {
    const next = this.historyIndex + delta
    if (next < 0 || next > this.history.length) return []
    if (this.historyIndex === this.history.length) this.draft = this.buffer
    this.historyIndex = next
    this.buffer = next === this.history.length ? this.draft : this.history[next]!
    this.cursor = this.buffer.length
    return [this.redraw()]
  }

  /** Handles what xterm's onData reports: typed keys, escape sequences or pasted text. */
  feed(data: string): LineAction[] {
    const out: LineAction[] = []
    let i = 0
    while (i < data.length) {
      const rest = data.slice(i)
      // eslint-disable-next-line no-control-regex -- escape sequences are control characters
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(rest)
      if (seq) {
        i += seq[0].length
        switch (seq[1]) {
          case '[D':
          case 'OD':
            if (this.cursor > 0) {
              this.cursor--
              out.push({ kind: 'write', data: `${CSI}D` })
            }
            break
          case '[C':
          case 'OC':
            if (this.cursor < this.buffer.length) {
              this.cursor++
              out.push({ kind: 'write', data: `${CSI}C` })
            }
            break
          case '[A':
          case 'OA':
            out.push(...this.browse(-1))
            break
          case '[B':
          case 'OB':
            out.push(...this.browse(1))
            break
          case '[H':
          case 'OH':
          case '[1~':
            this.cursor = 0
            out.push(this.redraw())
            break
          case '[F':
          case 'OF':
          case '[4~':
            this.cursor = this.buffer.length
            out.push(this.redraw())
            break
          case '[3~':
            if (this.cursor < this.buffer.length) {
              this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1)
              out.push(this.redraw())
            }
            break
        }
        continue
      }
      const ch = data[i]!
      i++
      switch (ch) {
        case '\r':
        case '\n':
          // A pasted CRLF is one line break.
          if (ch === '\r' && data[i] === '\n') i++
          out.push(...this.submit())
          break
        case '\x7f':
        case '\b':
          if (this.cursor > 0) {
            this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor)
            this.cursor--
            out.push(this.redraw())
          }
          break
        case '\t':
          out.push({ kind: 'complete', line: this.buffer.slice(0, this.cursor) })
          break
        case '\x03':
          this.buffer = ''
          this.cursor = 0
          this.historyIndex = this.history.length
          out.push({ kind: 'write', data: '^C\r\n' }, { kind: 'interrupt' })
          break
        case '\x0c':
          out.push({ kind: 'clear' })
          break
        case '\x01':
          this.cursor = 0
          out.push(this.redraw())
          break
        case '\x05':
          this.cursor = this.buffer.length
          out.push(this.redraw())
          break
        case '\x15':
          this.buffer = this.buffer.slice(this.cursor)
          this.cursor = 0
          out.push(this.redraw())
          break
        case '\x17': {
          const before = this.buffer.slice(0, this.cursor).replace(/\S+\s*$/, '')
          this.buffer = before + this.buffer.slice(this.cursor)
          this.cursor = before.length
          out.push(this.redraw())
          break
        }
        default:
          if (printable(ch)) {
            // Insert a run of printable characters at once (typing fast or pasting).
            let run = ch
            while (i < data.length && printable(data[i]!)) run += data[i++]
            out.push(...this.insert(run))
          }
      }
    }
    return out
  }
}

'use client'
// The lab's terminal: xterm with line editing over the simulated shell. xterm touches
// `self` at import time, so it is imported inside the effect, and disposed on unmount so
// React's strict-mode double mount leaves one terminal.
import '@xterm/xterm/css/xterm.css'
import { useEffect, useRef } from 'react'
import type { LabSession } from '@/lib/session/session'
import { Shell } from '@/lib/shell/shell'
import { testHooks } from '../../test-hooks'
import { documentTheme, subscribeTheme } from '../../use-document-theme'
import { LineEditor } from './line-editor'

export interface TerminalHandle {
  /** the visible buffer as text, one line per row (for browser tests) */
  text(): string
  /** types text as if from the keyboard ("\r" submits) */
  type(data: string): void
}

const THEMES = {
  light: { background: '#ffffff', foreground: '#1f2328', cursor: '#1f2328', selectionBackground: '#b6d7ff' },
  dark: { background: '#0d1117', foreground: '#e6edf3', cursor: '#e6edf3', selectionBackground: '#264f78' },
}

const WELCOME = 'Simulated cluster shell. Try: kubectl get pods -o wide, kubectl describe netpol, help\r\n'

export default function LabTerminal({ labId, session }: { labId: string; session: LabSession }) {
  const host = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const el = host.current
    if (!el) return
    let disposed = false
    let cleanup = () => {}
    ;(async () => {
      const [{ Terminal }, { FitAddon }] = await Promise.all([
        import('@xterm/xterm'),
        import('@xterm/addon-fit'),
      ])
      if (disposed) return
      const term = new Terminal({
        convertEol: true,
        cursorBlink: true,
        fontSize: 13,
        rows: 16,
        scrollback: 2000,
        screenReaderMode: false,
        theme: THEMES[documentTheme()],
      })
      const unsubscribeTheme = subscribeTheme(() => {
        term.options.theme = THEMES[documentTheme()]
      })
      const fit = new FitAddon()
      term.loadAddon(fit)
      term.open(el)
      try {
        fit.fit()
      } catch {
        // not laid out yet; the resize observer fits it later
      }
      const shell = new Shell(session)
      const editor = new LineEditor()
      let busy: ReturnType<typeof setTimeout> | undefined
      let typeahead = ''

      const show = (text: string) => {
        if (text) term.write(text.endsWith('\n') ? text : `${text}\n`)
      }
      const prompt = (p = shell.prompt()) => {
        for (const a of editor.reset(p)) if (a.kind === 'write') term.write(a.data)
      }
      const run = (line: string) => {
        const r = shell.input(line)
        if (r.kind === 'more') {
          prompt(r.prompt)
          return
        }
        const finish = () => {
          busy = undefined
          if (r.clear) term.clear()
          show(r.output)
          prompt()
          const pending = typeahead
          typeahead = ''
          if (pending) handle(pending)
        }
        if (r.delayMs && r.delayMs > 0) busy = setTimeout(finish, r.delayMs)
        else finish()
      }
      const handle = (data: string) => {
        if (busy) {
          // A command is "running": Ctrl-C stops it; anything else is typed ahead and read
          // when it finishes, as a real terminal does with a pasted block.
          if (data.includes('\x03')) {
            clearTimeout(busy)
            busy = undefined
            typeahead = ''
            term.write('^C\r\n')
            shell.interrupt()
            prompt()
          } else typeahead += data
          return
        }
        for (const a of editor.feed(data)) {
          switch (a.kind) {
            case 'write':
              term.write(a.data)
              break
            case 'submit':
              run(a.line)
              break
            case 'interrupt':
              shell.interrupt()
              prompt()
              break
            case 'clear':
              term.clear()
              for (const w of editor.replaceLine(editor.line)) if (w.kind === 'write') term.write(w.data)
              break
            case 'complete': {
              const c = shell.complete(a.line)
              if (c.candidates.length > 1 && c.line === a.line) {
                term.write(`\r\n${c.candidates.join('  ')}\r\n`)
              }
              for (const w of editor.replaceLine(c.line)) if (w.kind === 'write') term.write(w.data)
              break
            }
          }
        }
      }

      term.write(WELCOME)
      prompt()
      const sub = term.onData(handle)
      const ro = new ResizeObserver(() => {
        try {
          fit.fit()
        } catch {
          // hidden (narrow layout showing the lesson): nothing to fit
        }
      })
      ro.observe(el)
      const registry = testHooks()
      const hook: TerminalHandle = {
        text: () => {
          const b = term.buffer.active
          const lines: string[] = []
          for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '')
          return lines.join('\n').replace(/\n+$/, '')
        },
        type: handle,
      }
      registry.terminals[labId] = hook
      cleanup = () => {
        unsubscribeTheme()
        sub.dispose()
        ro.disconnect()
        if (busy) clearTimeout(busy)
        if (registry.terminals[labId] === hook) delete registry.terminals[labId]
        term.dispose()
      }
    })()
    return () => {
      disposed = true
      cleanup()
    }
  }, [labId, session])

  return (
    <div
      ref={host}
      className="terminal-host"
      role="region"
      aria-label="Terminal: a simulated shell with kubectl"
    />
  )
}

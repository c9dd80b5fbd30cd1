// Text layout shared by the kubectl printers: Go's text/tabwriter (kubectl's tables and its
// describe output both go through one), apimachinery's HumanDuration for AGE, and the time
// formats kubectl prints.
import { hash32 } from '../sim/util/hash'
import { escapeTerminal } from './terminal-escape'

export interface TabwriterOptions {
  /** minimal width of a column cell, padding included */
  minwidth: number
  /** width of a tab character (only matters for tab padding, which kubectl does not use) */
  tabwidth: number
  /** added to the widest cell of a column */
  padding: number
}

/** `kubectl get` tables: cli-runtime pkg/printers/tabwriter.go (minwidth 6, padding 3). */
export const TABLE_WRITER: TabwriterOptions = { minwidth: 6, tabwidth: 4, padding: 3 }
/** `kubectl describe`: describe.go tabbedString (minwidth 0, tabwidth 8, padding 2). */
export const DESCRIBE_WRITER: TabwriterOptions = { minwidth: 0, tabwidth: 8, padding: 2 }

const width = (s: string) => [...s].length

/**
 * Go's text/tabwriter with the space pad character and no flags: cells are
 * tab-terminated; a column is aligned over each block of consecutive lines that have a
 * cell in it; the text after a line's last tab is not part of any column.
 */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  // Escaped before the columns are measured, as kubectl's printers escape each cell before
  // its tabwriter sees it: `^[` takes two columns where ESC took one.
  const lines = escapeTerminal(text).split('\n')
  // A trailing newline ends the last line rather than starting an empty one.
  const trailing = lines.length > 0 && lines[lines.length - 1] === ''
  if (trailing) lines.pop()
  const cells = lines.map((l) => l.split('\t'))
  const out: string[] = cells.map(() => '')
  const format = (line0: number, line1: number, column: number) => {
    let start = line0
    for (let i = line0; i < line1; i++) {
      if (column >= cells[i]!.length - 1) continue
      // A block of lines that have a cell in this column.
      start = i
      let w = opts.minwidth
      let j = i
      for (; j < line1 && column < cells[j]!.length - 1; j++)
        w = Math.max(w, width(cells[j]![column]!) + opts.padding)
      for (let k = start; k < j; k++) {
        const c = cells[k]![column]!
        out[k] += c + ' '.repeat(Math.max(0, w - width(c)))
      }
      format(start, j, column + 1)
      i = j - 1
    }
  }
  format(0, cells.length, 0)
  const result = cells.map((c, i) => out[i] + c[c.length - 1]!)
  return result.join('\n') + (trailing ? '\n' : '')
}

/** A kubectl table: upper-cased headers, cells joined by tabs, through the table writer. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const text = [headers, ...rows].map((r) => r.join('\t')).join('\n') + '\n'
  return tabwrite(text, TABLE_WRITER)
}

/** apimachinery pkg/util/duration HumanDuration, as kubectl prints AGE. */
export function humanDuration(ms: number): string {
  // Go's int(d.Seconds()) truncates towards zero.
  const seconds = Math.trunc(ms / 1000)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 60 * 2) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365
    const y = Math.floor(hours / 24 / 365)
    return dy === 0 ? `${y}y` : `${y}y${dy}d`
  }
  return `${Math.floor(hours / 24 / 365)}y`
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const p2 = (n: number) => String(n).padStart(2, '0')

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000` (describe's timestamps). */
export function rfc1123z(ms: number): string {
  const d = new Date(ms)
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`
}

/** Go's time.Time.String() in UTC, as `describe networkpolicy` prints `Created on`. */
export function goTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000)
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000 UTC`
}

/** RFC 3339 as the API server stores timestamps (`2024-01-01T00:00:00Z`). */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** HTTP date (`Mon, 01 Jan 2024 00:00:00 GMT`) for response headers. */
export function httpDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString()
}

/** The length of a string in UTF-8 bytes (what Content-Length and wc -c count). */
export function utf8Length(s: string): number {
  let n = 0
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
  }
  return n
}

/** `n` hex digits that depend only on `seed`: the stable stand-in for a random ID or digest. */
export function hexId(seed: string, n: number): string {
  let s = ''
  for (let i = 0; s.length < n; i++) s += hash32(`${i}:${seed}`).toString(16).padStart(8, '0')
  return s.slice(0, n)
}

// Text from manifests and from the learner must not drive the learner's terminal: an
// annotation holding `ESC[2J` would clear the screen, `ESC]0;…BEL` retitle the window
// (kubectl had this as CVE-2021-25743, kubernetes/kubernetes#101695). Everything the lab's
// terminal prints passes through `escapeTerminal` once, at the shell's boundary.
//
// ESC and CR come out as kubectl writes them in describe and in tables (cli-runtime
// pkg/printers/terminal.go: `^[` and `\r`), so the output matches a real cluster's. kubectl
// leaves the other control characters raw, but xterm would act on them too (BEL, the C1
// CSI and OSC introducers U+009B and U+009D, …), so they are written the way `-o yaml`
// writes them in a double-quoted string: `\a`, `\b`, `\v`, `\f`, `\0`, else `\xNN`.
// Newline and tab are layout, and stay.

const NAMED: Readonly<Record<string, string>> = {
  '\x1b': '^[',
  '\r': '\\r',
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\v': '\\v',
  '\f': '\\f',
}

// C0 without tab and newline, DEL, C1.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g

export function escapeTerminal(text: string): string {
  return text.replace(
    CONTROL,
    (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  )
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ansiCQuote, needsAnsiC, printablePrefix, readAnsiC } from './ansi-c'

describe("$'…' as bash writes it", () => {
  it('names the usual control characters and writes the others as octal UTF-8 bytes', () => {
    expect(ansiCQuote('kubectl\r')).toBe("$'kubectl\\r'")
    expect(ansiCQuote("\x1b]0;t\x07 \t\n\b\f\v\\'")).toBe("$'\\E]0;t\\a \\t\\n\\b\\f\\v\\\\\\''")
    expect(ansiCQuote('\0\x7f\u009b\u2028é')).toBe("$'\\000\\177\\302\\233\\342\\200\\250é'")
  })

  it('quotes only names holding a character bash will not print', () => {
    expect(['a\r', 'a\t', '\u0085', '\u2029'].map(needsAnsiC)).toEqual([true, true, true, true])
    expect(['kubectl', 'a\u00a0b', '\ufeffx', '漢字', '😀'].map(needsAnsiC)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
    expect(printablePrefix('notes\x1b]0;t')).toBe('notes')
    expect(printablePrefix('notes')).toBe('notes')
  })

  it('reads back what it writes, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        const q = ansiCQuote(s)
        expect(readAnsiC(q, 2)).toEqual({ value: s, end: q.length })
      }),
      { seed: 7, numRuns: 2000 },
    )
  })
})

import { describe, expect, it } from 'vitest'
import { csvCell, dashboardCsv } from './dashboard'

describe('CSV', () => {
  it('defuses spreadsheet formulas in every cell that starts with = + - @ tab or CR', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${lead}HYPERLINK("http://evil")`)
      expect(cell.replace(/^"/, '')).toMatch(/^'/)
    }
    expect(csvCell('=1+1')).toBe(`"'=1+1"`)
    expect(csvCell('plain')).toBe('plain')
  })

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
  })

  it('writes one row per learner and exercise', () => {
    const csv = dashboardCsv({
      exercises: [{ id: 'e1', title: 'E, one', lesson: 'l' }],
      learners: [
        {
          id: 'u1',
          displayName: '=cmd|" /C calc"!A0',
          joinedAt: 0,
          lastActivity: null,
          cells: {
            e1: {
              status: 'attempted',
              attempts: 3,
              hints: 1,
              solutionShown: true,
              passedInBrowser: false,
              lastAt: 1000,
            },
          },
        },
      ],
      stuck: [],
    })
    const [, row] = csv.split('\r\n')
    expect(row).toBe(
      `"'=cmd|"" /C calc""!A0",u1,1970-01-01T00:00:00.000Z,e1,"E, one",attempted,3,1,yes,no,1970-01-01T00:00:01.000Z`,
    )
  })
})

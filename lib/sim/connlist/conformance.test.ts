// Conformance with np-guard/netpol-analyzer: `connlist` over every test of the peer suite
// in ../shared/peer-suites/netpol-analyzer must print exactly the analyzer's `list` text.
// The suite lives beside the project, not in it: without it these tests are skipped.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runNetpol } from '../../cli/netpol'

const SUITE = resolve(__dirname, '../../../../shared/peer-suites/netpol-analyzer')
const present = existsSync(SUITE)

/**
 * Cases this project deliberately answers differently, with the reason. Empty: every
 * case of the suite is expected to match exactly.
 */
const DELIBERATE_DIFFERENCES: Record<string, string> = {}

interface Case {
  name: string
  dir: string
  expected: string
  derived: boolean
}

function cases(): Case[] {
  if (!present) return []
  const out: Case[] = []
  for (const name of readdirSync(SUITE).sort()) {
    const dir = join(SUITE, name)
    const golden = join(dir, `${name}_connlist_output.txt`)
    if (existsSync(golden)) out.push({ name, dir, expected: readFileSync(golden, 'utf8'), derived: false })
  }
  const derivedRoot = join(SUITE, '_exposure_derived')
  if (existsSync(derivedRoot)) {
    for (const name of readdirSync(derivedRoot).sort()) {
      const dir = join(derivedRoot, name)
      const golden = join(dir, `${name}_connlist_section_DERIVED_from_exposure_output.txt`)
      if (existsSync(golden)) out.push({ name, dir, expected: readFileSync(golden, 'utf8'), derived: true })
    }
  }
  return out
}

// The analyzer's own harness compares after removing line breaks; we compare the lines.
const lines = (text: string) => text.split(/\r?\n/).filter((l) => l !== '')

const all = cases()

describe.skipIf(!present)('netpol-analyzer conformance (connlist)', () => {
  it('finds the 42 golden and 54 derived cases of the suite', () => {
    expect(all.filter((c) => !c.derived)).toHaveLength(42)
    expect(all.filter((c) => c.derived)).toHaveLength(54)
  })

  for (const c of all) {
    const why = DELIBERATE_DIFFERENCES[c.name]
    it.skipIf(!!why)(`${c.derived ? 'exposure/' : ''}${c.name}`, () => {
      const r = runNetpol(['connlist', c.dir])
      expect(r.stderr.split('\n').filter((l) => l.includes(': error: '))).toEqual([])
      expect(r.code).toBe(0)
      expect(lines(r.stdout)).toEqual(lines(c.expected))
    })
  }
})

if (!present) {
  describe('netpol-analyzer conformance (connlist)', () => {
    it.skip(`skipped: the peer suite is not at ${SUITE}`, () => {})
  })
}

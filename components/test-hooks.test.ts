import { afterEach, describe, expect, it } from 'vitest'
import { testHooks } from './test-hooks'

// Terminals and exercises register from separate components in any mount order; whichever
// comes first, the other's map must be there.
describe('testHooks', () => {
  const g = globalThis as { window?: unknown }
  afterEach(() => {
    delete g.window
  })

  it('gives the terminals map to a page where an exercise registered first', () => {
    g.window = {}
    testHooks().exercises['x'] = { result: () => null, grade: () => ({ passed: true, checks: [] }) as never }
    const { terminals } = testHooks()
    terminals['lab'] = { text: () => '', type: () => {} }
    expect(Object.keys(testHooks().terminals)).toEqual(['lab'])
    expect(Object.keys(testHooks().exercises)).toEqual(['x'])
  })

  it('fills in a map missing from an object created before this module', () => {
    g.window = { __podnet: { exercises: {} } }
    expect(testHooks().terminals).toEqual({})
  })
})

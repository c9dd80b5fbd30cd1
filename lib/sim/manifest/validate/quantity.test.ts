import { describe, it, expect } from 'vitest'
import { compareQuantity, milliValue, parseQuantity, quantityString } from './quantity'

const canonical = (s: string | number) => quantityString(parseQuantity(s)!)

describe('resource quantities', () => {
  it('prints the canonical form', () => {
    expect(canonical('500m')).toBe('500m')
    expect(canonical('0.5')).toBe('500m')
    expect(canonical('1000m')).toBe('1')
    expect(canonical('1000')).toBe('1k')
    expect(canonical('1500')).toBe('1500')
    expect(canonical('1024Mi')).toBe('1Gi')
    expect(canonical('1536Mi')).toBe('1536Mi')
    expect(canonical('0.5Gi')).toBe('512Mi')
    expect(canonical('1e3')).toBe('1e3')
    expect(canonical(2)).toBe('2')
    expect(canonical('-1')).toBe('-1')
  })

  it('compares values across suffixes', () => {
    expect(compareQuantity(parseQuantity('1Gi')!, parseQuantity('1G')!)).toBe(1)
    expect(compareQuantity(parseQuantity('100m')!, parseQuantity('0.1')!)).toBe(0)
    expect(milliValue(parseQuantity('1.5')!)).toBe(1500n)
  })

  it('rejects what the decoder would reject', () => {
    for (const bad of ['', 'abc', '1Kb', '1.2.3', '--1']) expect(parseQuantity(bad), bad).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { safeNext } from './api'

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    for (const path of ['/instructor', '/instructor/cohorts/1?tab=grid#x', '/join/abcd', '/a/b//c', '/a\\b'])
      expect(safeNext(path), path).toBe(path)
  })

  it('refuses anything a browser could read as another site, or that is not a path', () => {
    for (const bad of [
      '//evil.com',
      '/\\evil.com',
      '/\\/evil.com',
      '\\\\evil.com',
      'https://evil.com',
      'javascript:alert(1)',
      'evil.com',
      '/',
      '',
      // Browsers drop tabs and newlines from URLs: these are //evil.com.
      '/\t/evil.com',
      '/\n/evil.com',
      '/\r\\evil.com',
      '/ok\u0000',
      '/ok\u007f',
    ])
      expect(safeNext(bad, '/home'), JSON.stringify(bad)).toBe('/home')
    expect(safeNext(null, '/instructor')).toBe('/instructor')
  })
})

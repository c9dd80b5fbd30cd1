// The proxy applies the headers to real requests, and reads the TLS setting per request.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { NextRequest } from 'next/server'
import { proxy } from '../../proxy'

afterEach(() => {
  vi.unstubAllEnvs()
})

const headersFor = (path: string) => proxy(new NextRequest(`http://127.0.0.1:3000${path}`)).headers

describe('proxy', () => {
  it.each(['1', 'true', 'on'])(
    'PODNET_HTTPS=%s: HSTS and upgrade-insecure-requests on every response',
    (v) => {
      vi.stubEnv('PODNET_HTTPS', v)
      for (const path of ['/', '/playground', '/_next/static/chunks/app.js', '/api/progress']) {
        const h = headersFor(path)
        expect(h.get('strict-transport-security')).toMatch(/^max-age=31536000/)
        expect(h.get('content-security-policy')).toMatch(/(^|; )upgrade-insecure-requests($|;)/)
      }
    },
  )

  it.each([undefined, '', '0', 'false', 'no'])('PODNET_HTTPS=%s: neither', (v) => {
    vi.stubEnv('PODNET_HTTPS', v)
    for (const path of ['/', '/playground', '/_next/static/chunks/app.js']) {
      const h = headersFor(path)
      expect(h.get('strict-transport-security')).toBeNull()
      expect(h.get('content-security-policy')).not.toContain('upgrade-insecure-requests')
      // The rest of the baseline holds either way.
      expect(h.get('x-content-type-options')).toBe('nosniff')
      expect(h.get('permissions-policy')).toContain('clipboard-read=()')
    }
  })
})

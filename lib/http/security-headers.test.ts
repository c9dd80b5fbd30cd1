import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, inlineScripts, isOn, securityHeaders } from './security-headers'

const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name!, values]
    }),
  )

describe('security headers', () => {
  it('the CSP holds the baseline directives and never allows eval or inline scripts', () => {
    const csp = directives(contentSecurityPolicy({ scriptHashes: ['sha256-abc='], nonce: 'n0nce' }))
    expect(csp.get('default-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'self'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(csp.get('form-action')).toEqual(["'self'"])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('worker-src')).toEqual(["'self'"])
    expect(csp.get('script-src')).toEqual(["'self'", "'sha256-abc='", "'nonce-n0nce'"])
    expect(csp.has('upgrade-insecure-requests')).toBe(false)
  })

  it('only the development server gets eval; TLS adds HSTS and upgrade-insecure-requests', () => {
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval')
    expect(contentSecurityPolicy({ dev: true })).toContain("'unsafe-eval'")
    const plain = new Map(securityHeaders())
    expect(plain.has('Strict-Transport-Security')).toBe(false)
    const tls = new Map(securityHeaders({ https: true }))
    expect(tls.get('Strict-Transport-Security')).toMatch(/^max-age=\d{8,}/)
    expect(tls.get('Content-Security-Policy')).toContain('upgrade-insecure-requests')
  })

  it('sends the other headers the baseline asks for', () => {
    const h = new Map(securityHeaders())
    expect(h.get('X-Content-Type-Options')).toBe('nosniff')
    expect(h.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin')
    expect(h.get('Cross-Origin-Opener-Policy')).toBe('same-origin')
    expect(h.get('Permissions-Policy')).toMatch(/(^|, )camera=\(\)/)
    expect(h.get('Permissions-Policy')).toMatch(/microphone=\(\)/)
    expect(h.get('Permissions-Policy')).toMatch(/geolocation=\(\)/)
  })

  it('the clipboard may be written (the Copy buttons) but not read', () => {
    const policy = new Map(securityHeaders()).get('Permissions-Policy')!.split(', ')
    expect(policy).toContain('clipboard-read=()')
    expect(policy).toContain('clipboard-write=(self)')
    expect(policy.filter((p) => p.startsWith('clipboard-read'))).toHaveLength(1)
  })

  it('the TLS setting turns on HSTS and upgrade-insecure-requests together, and off together', () => {
    for (const https of [true, false]) {
      const h = new Map(securityHeaders({ https, scriptHashes: ['sha256-abc='], nonce: 'n' }))
      const csp = directives(h.get('Content-Security-Policy')!)
      expect(h.has('Strict-Transport-Security')).toBe(https)
      expect(csp.has('upgrade-insecure-requests')).toBe(https)
      if (https) expect(h.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains')
    }
    expect(new Map(securityHeaders()).has('Strict-Transport-Security')).toBe(false)
  })

  it('finds inline scripts exactly as written, and skips scripts with a src', () => {
    const html =
      '<head><script>a()</script><script src="/x.js" async=""></script><script id="_R_">b("</")</script>' +
      '<SCRIPT type="module">\n c()\n</SCRIPT ></head><div data-src="y"><script data-src="z">d()</script>'
    expect(inlineScripts(html)).toEqual(['a()', 'b("</")', '\n c()\n', 'd()'])
  })

  it('reads yes-like settings', () => {
    expect(['1', 'true', 'YES', ' on '].map(isOn)).toEqual([true, true, true, true])
    expect(['', '0', 'false', 'no', undefined].map(isOn)).toEqual([false, false, false, false, false])
  })
})

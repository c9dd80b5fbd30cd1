import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ipblockExcept } from './ipblock-except'
import type { DiagramDef } from './kit'
import { serviceDnsKinds } from './service-dns-kinds'

// The facts two drawings show, checked against the lessons that embed them (ports-and-ipblock,
// externalname-headless-and-affinity). Title, description and CSP rules for every registered
// diagram are checked in components/mdx/Diagram.test.ts.

const ids = { arrow: 'a', ok: 'o', deny: 'd', muted: 'm' }

/** The text lines of a drawing, in document order. */
function texts(d: DiagramDef): string[] {
  const html = renderToStaticMarkup(createElement('svg', null, d.draw(ids)))
  expect(html).not.toMatch(/\sstyle=|\son[a-z]+=|\sfill="(?!none)|\sstroke="/)
  return [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#x27;/g, "'"))
}

describe.each([ipblockExcept, serviceDnsKinds])('$title', (d) => {
  it('describes the picture in more words than its title', () => {
    expect(d.description.length).toBeGreaterThan(d.title.length * 2)
  })
})

describe('ipblock-except', () => {
  const t = texts(ipblockExcept)
  it('shows the rule, the admitted half and the excepted half', () => {
    expect(t).toContain('          cidr: 203.0.113.0/24')
    expect(t).toContain('            - 203.0.113.128/25')
    expect(t).toContain('203.0.113.0 – .127')
    expect(t).toContain('203.0.113.128 – .255')
  })
  it('lets in an address of the lower half only', () => {
    expect(t[t.indexOf('203.0.113.10') + 1]).toBe('✓ let in')
    expect(t[t.indexOf('203.0.113.200') + 1]).toBe('✕ dropped')
    expect(t[t.indexOf('198.51.100.7') + 1]).toBe('✕ dropped')
  })
  it('compares the source after SNAT, the node’s address', () => {
    expect(t).toContain('SNAT source → 192.168.56.11')
    expect(t).toContain('sees 192.168.56.11')
  })
})

describe('service-dns-kinds', () => {
  const t = texts(serviceDnsKinds)
  const answer = (name: string) => t.slice(t.indexOf(name) + 1, t.indexOf(name) + 5)
  it('answers a ClusterIP name with one A record, the virtual IP', () => {
    expect(answer('api.app.svc.cluster.local.').filter((l) => /^\s*A\s/.test(l))).toEqual([
      '  A     10.98.180.48',
    ])
  })
  it('answers a headless name with one A record per ready pod', () => {
    expect(answer('api-pods.app.svc.cluster.local.').filter((l) => /^\s*A\s/.test(l))).toEqual([
      '  A     192.168.93.1',
      '  A     192.168.139.65',
    ])
  })
  it('answers an ExternalName with a CNAME to the outside name, and proxies nothing', () => {
    expect(answer('partner-db.app.svc.cluster.local.')[0]).toBe('  CNAME db.partner.example.com.')
    expect(t.filter((l) => l === 'no proxy')).toHaveLength(2)
    expect(t).toContain('kube-proxy DNATs')
  })
})

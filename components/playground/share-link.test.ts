import { describe, expect, it } from 'vitest'
import { decodeFragment, encodeWorkspace, fromBase64Url, plainLink, toBase64Url } from './share-link'
import type { Workspace } from './share-link'

const ws: Workspace = {
  files: [{ name: 'app.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: dév}\n' }],
  cni: 'cilium',
  view: 'matrix',
  port: '53/UDP',
}

describe('share links', () => {
  it('a share link round-trips the workspace, compressed', async () => {
    const big = { ...ws, files: [{ name: 'a.yaml', text: 'x: 1\n'.repeat(5000) }] }
    const fragment = await encodeWorkspace(big)
    expect(fragment.length).toBeLessThan(1000)
    expect(await decodeFragment(`#${fragment}`)).toEqual({ workspace: big })
  })

  it('reads the plain #yaml= form other tools build', async () => {
    const link = plainLink('http://127.0.0.1/playground', ws.files[0]!.text, {
      cni: 'calico',
      view: 'matrix',
      port: '80/TCP',
    })
    const hash = link.slice(link.indexOf('#'))
    expect(hash).toMatch(/^#yaml=[A-Za-z0-9_-]+&cni=calico&view=matrix&port=80\/TCP$/)
    expect(await decodeFragment(hash)).toEqual({
      workspace: {
        files: [{ name: 'manifests.yaml', text: ws.files[0]!.text }],
        cni: 'calico',
        view: 'matrix',
        port: '80/TCP',
      },
    })
  })

  it('falls back to defaults for unknown settings and reports unreadable links', async () => {
    const hash = `#yaml=${toBase64Url(new TextEncoder().encode('a: 1'))}&cni=nope&view=weird`
    const r = await decodeFragment(hash)
    expect(r && 'workspace' in r && r.workspace).toMatchObject({
      cni: 'calico',
      view: 'cluster',
      port: '80/TCP',
    })
    expect(await decodeFragment('#w=!!!')).toMatchObject({ error: expect.stringMatching(/readable/) })
    expect(await decodeFragment('#w=AAAA')).toMatchObject({ error: expect.any(String) })
    expect(await decodeFragment('#yaml=_w')).toMatchObject({ error: expect.any(String) })
    expect(await decodeFragment('')).toBeUndefined()
    expect(await decodeFragment('#section-2')).toBeUndefined()
  })

  it('base64url is URL-safe and reversible', () => {
    const bytes = new Uint8Array([251, 255, 190, 0, 1])
    const s = toBase64Url(bytes)
    expect(s).not.toMatch(/[+/=]/)
    expect([...fromBase64Url(s)]).toEqual([...bytes])
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib'
import {
  decodeFragment,
  encodeWorkspace,
  fromBase64Url,
  INFLATE_SLICE,
  inflateLimited,
  MAX_WORKSPACE_JSON_BYTES,
  plainLink,
  toBase64Url,
} from './share-link'
import type { Workspace } from './share-link'
import { MAX_TOTAL_BYTES } from '@/lib/sim/manifest/limits'

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

  it("holds the files to the simulator's own size limit, counted in UTF-8 bytes", async () => {
    // Two-byte characters and newlines: the JSON is well over MAX_TOTAL_BYTES but within
    // what a workspace at the limit may take, so the files' own size decides.
    const line = `${'é'.repeat(63)}\n` // 127 bytes
    const at = (bytes: number) => ({
      ...ws,
      files: [{ name: 'a.yaml', text: line.repeat(Math.floor(bytes / 127)) + 'x'.repeat(bytes % 127) }],
    })
    const fits = at(MAX_TOTAL_BYTES)
    expect(await decodeFragment(`#${await encodeWorkspace(fits)}`)).toEqual({ workspace: fits })
    expect(await decodeFragment(`#${await encodeWorkspace(at(MAX_TOTAL_BYTES + 1))}`)).toEqual({
      error: 'This link does not hold a readable workspace (the shared workspace is too large).',
    })
    // Split over files, the bytes count together, as the loader counts them.
    const half = line.repeat(Math.ceil(MAX_TOTAL_BYTES / 2 / 127))
    const two = {
      ...ws,
      files: [
        { name: 'a.yaml', text: half },
        { name: 'b.yaml', text: half },
      ],
    }
    expect(await decodeFragment(`#${await encodeWorkspace(two)}`)).toMatchObject({ error: /too large/ })
  })

  it('refuses a 1000:1 decompression bomb with the "too large" message', async () => {
    const inflated = 64 * 1024 * 1024
    const bomb = deflateRawSync(Buffer.alloc(inflated, 0x20), { level: 9 })
    expect(bomb.length * 1000).toBeLessThan(inflated)
    expect(await decodeFragment(`#w=${toBase64Url(new Uint8Array(bomb))}`)).toEqual({
      error: 'This link does not hold a readable workspace (the shared workspace is too large).',
    })
  })

  it('stops reading an endless compressed stream once the output passes the limit', async () => {
    // Sync-flushed segments without a final block chain into a valid deflate stream that
    // never ends: inflating it all would never finish, so this only passes if reading stops.
    const segment = new Uint8Array(
      deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH }),
    )
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(segment.slice())
      },
    })
    await expect(inflateLimited(endless, MAX_WORKSPACE_JSON_BYTES)).rejects.toThrow('too large')
  })

  it('reads up to the limit and stops one byte past it', async () => {
    const exact = new Uint8Array(MAX_WORKSPACE_JSON_BYTES).fill(0x61)
    const packed = new Uint8Array(deflateRawSync(exact))
    expect((await inflateLimited(packed, MAX_WORKSPACE_JSON_BYTES)).length).toBe(MAX_WORKSPACE_JSON_BYTES)
    await expect(inflateLimited(packed, MAX_WORKSPACE_JSON_BYTES - 1)).rejects.toThrow('too large')
  })

  it('reports a truncated share link as cut short, not as a crash', async () => {
    const fragment = await encodeWorkspace({
      ...ws,
      files: [{ name: 'a.yaml', text: 'kind: Pod\n'.repeat(400) }],
    })
    const bytes = fromBase64Url(fragment.slice(2))
    const cut = toBase64Url(bytes.subarray(0, Math.floor(bytes.length / 2)))
    expect(await decodeFragment(`#w=${cut}`)).toEqual({
      error: 'This link does not hold a readable workspace (the link is cut short or damaged).',
    })
  })

  it('reads a truncated stream as cut short, and an empty one as empty', async () => {
    const packed = new Uint8Array(deflateRawSync(Buffer.from('x'.repeat(10_000) + 'y'.repeat(5000))))
    await expect(inflateLimited(packed.subarray(0, packed.length - 3), 1e6)).rejects.toThrow('cut short')
    expect((await inflateLimited(new Uint8Array(deflateRawSync(Buffer.alloc(0))), 10)).length).toBe(0)
  })

  it('base64url is URL-safe and reversible', () => {
    const bytes = new Uint8Array([251, 255, 190, 0, 1])
    const s = toBase64Url(bytes)
    expect(s).not.toMatch(/[+/=]/)
    expect([...fromBase64Url(s)]).toEqual([...bytes])
  })
})

/** A 64 MiB run of spaces, deflated about 1000:1. */
const BOMB = new Uint8Array(deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }))

describe('share links: the inflater is fed in slices', () => {
  const Real = globalThis.DecompressionStream
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('no write to the inflater is larger than a slice, and it is not fed the whole link', async () => {
    const writes: number[] = []
    // The platform's inflater, with a look at each write it is given.
    class Recording {
      readonly readable: ReadableStream<Uint8Array>
      readonly writable: WritableStream<BufferSource>
      constructor(format: CompressionFormat) {
        const real = new Real(format)
        const writer = real.writable.getWriter()
        this.readable = real.readable
        this.writable = new WritableStream<BufferSource>({
          write(chunk) {
            writes.push(chunk.byteLength)
            return writer.write(chunk)
          },
          close: () => writer.close(),
          abort: (reason) => writer.abort(reason),
        })
      }
    }
    vi.stubGlobal('DecompressionStream', Recording)
    let readWhenStopped = 0
    const inflating = inflateLimited(BOMB, MAX_WORKSPACE_JSON_BYTES).finally(() => {
      readWhenStopped = writes.reduce((a, b) => a + b, 0)
    })
    await expect(inflating).rejects.toThrow('too large')
    expect(writes.length).toBeGreaterThan(1)
    expect(Math.max(...writes)).toBeLessThanOrEqual(INFLATE_SLICE)
    // Node's inflater takes some input ahead (it pauses its output by itself), but not all.
    expect(readWhenStopped).toBeLessThan(BOMB.length / 2)
  })

  it('an inflater that turns each whole chunk into output at once (as Chromium does) stops about a slice past the limit', async () => {
    // Node's inflater pauses between output chunks by itself, so it cannot show the harm;
    // this one, like Chromium's, produces all the output of a write before yielding any.
    let produced = 0
    let fed = 0
    class WholeChunk {
      readonly readable: ReadableStream<Uint8Array>
      readonly writable: WritableStream<BufferSource>
      constructor() {
        let input = Buffer.alloc(0)
        const t = new TransformStream<BufferSource, Uint8Array>({
          transform(chunk, controller) {
            const bytes = ArrayBuffer.isView(chunk)
              ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
              : new Uint8Array(chunk)
            fed += bytes.length
            input = Buffer.concat([input, bytes])
            const all = inflateRawSync(input, { finishFlush: constants.Z_SYNC_FLUSH })
            if (all.length > produced) controller.enqueue(new Uint8Array(all.subarray(produced)))
            produced = all.length
          },
        })
        this.readable = t.readable
        this.writable = t.writable
      }
    }
    vi.stubGlobal('DecompressionStream', WholeChunk)
    await expect(inflateLimited(BOMB, MAX_WORKSPACE_JSON_BYTES)).rejects.toThrow('too large')
    // Deflate's best ratio is about 1032:1: one slice's worth.
    expect(produced).toBeGreaterThan(MAX_WORKSPACE_JSON_BYTES)
    expect(produced).toBeLessThanOrEqual(MAX_WORKSPACE_JSON_BYTES + 1032 * INFLATE_SLICE)
    expect(fed).toBeLessThanOrEqual(Math.ceil(produced / 1000) + INFLATE_SLICE)
  })
})

// Playground workspaces in a URL. Two forms:
//   #w=<base64url of the deflated JSON workspace>            (the app's share links)
//   #yaml=<base64url of UTF-8 manifests>&cni=calico&view=matrix&port=80/TCP
//                                                             (plain links other tools can build)
// Everything stays in the fragment, so it never reaches a server.
import { isCniName } from '@/lib/sim/cni/profiles'
import type { CniName } from '@/lib/sim/cni/profiles'
import { MAX_TOTAL_BYTES, utf8Bytes } from '@/lib/sim/manifest/limits'

export type PlaygroundView = 'cluster' | 'matrix'
export const VIEWS: readonly PlaygroundView[] = ['cluster', 'matrix']

export interface Workspace {
  files: { name: string; text: string }[]
  cni: CniName
  view: PlaygroundView
  port: string
}

/** Fragments above this size are refused rather than decompressed into a huge workspace. */
export const MAX_FRAGMENT = 2_000_000
/**
 * The most JSON a `#w=` link may inflate to. Deflate packs repeated bytes about 1000:1, so
 * a fragment well under MAX_FRAGMENT could otherwise inflate to gigabytes: decompression
 * stops as soon as it passes this. It follows from the simulator's own size limit: JSON at
 * most doubles the bytes of any text YAML can hold (a newline, quote, tab or backslash
 * becomes two bytes), plus room for file names and settings. The files themselves are then
 * held to MAX_TOTAL_BYTES, as the loader holds them.
 */
export const MAX_WORKSPACE_JSON_BYTES = 2 * MAX_TOTAL_BYTES + 64 * 1024
const TOO_LARGE = 'the shared workspace is too large'

export function toBase64Url(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new Error('not base64url')
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const out = new Response(
    new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw')),
  )
  return new Uint8Array(await out.arrayBuffer())
}

/**
 * Compressed bytes handed to the inflater at a time. Chromium's inflater turns a whole
 * input chunk into output before it yields any: fed a link in one piece, a bomb inflates
 * to its full size (a gigabyte and more) before the size check sees a byte. Deflate packs at
 * most about 1032:1, so a slice this size can put about a megabyte past the limit.
 */
export const INFLATE_SLICE = 1024

/**
 * The input in slices of at most `size` bytes, read only when the inflater asks for more:
 * with no queue of its own (highWaterMark 0), nothing is fed ahead of the inflater.
 */
function sliced(input: Uint8Array | ReadableStream<Uint8Array>, size: number): ReadableStream<Uint8Array> {
  const reader = input instanceof Uint8Array ? undefined : input.getReader()
  let pending = input instanceof Uint8Array ? input : new Uint8Array(0)
  let at = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (at >= pending.length) {
          const next = reader ? await reader.read() : undefined
          if (!next || next.done) {
            controller.close()
            return
          }
          pending = next.value
          at = 0
        }
        const end = Math.min(at + size, pending.length)
        // A copy: the inflater may keep or transfer what it is given.
        controller.enqueue(pending.slice(at, end))
        at = end
      },
      cancel(reason) {
        return reader?.cancel(reason)
      },
    },
    { highWaterMark: 0 },
  )
}

/**
 * Inflates a share link's bytes slice by slice (see INFLATE_SLICE), giving up as soon as
 * the output passes `limit`, so a small link cannot make the page allocate without end.
 */
export async function inflateLimited(
  input: Uint8Array | ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array> {
  const source = sliced(input, INFLATE_SLICE) as ReadableStream<BufferSource>
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>
      try {
        next = await reader.read()
      } catch {
        // The platform's messages differ between browsers; say what it means for a link.
        throw new Error('the link is cut short or damaged')
      }
      if (next.done) break
      total += next.value.length
      if (total > limit) throw new Error(TOO_LARGE)
      chunks.push(next.value)
    }
  } finally {
    // Stops the decompressor when we leave early; a finished stream ignores it.
    reader.cancel().catch(() => undefined)
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

export async function encodeWorkspace(ws: Workspace): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(ws))
  return `w=${toBase64Url(await deflate(json))}`
}

function normalise(raw: Partial<Workspace>): Workspace {
  const files = Array.isArray(raw.files)
    ? raw.files
        .filter((f) => f && typeof f.name === 'string' && typeof f.text === 'string')
        .map((f) => ({ name: f.name.slice(0, 100), text: f.text }))
    : []
  if (files.reduce((n, f) => n + utf8Bytes(f.text), 0) > MAX_TOTAL_BYTES) throw new Error(TOO_LARGE)
  return {
    files,
    cni: typeof raw.cni === 'string' && isCniName(raw.cni) ? raw.cni : 'calico',
    view: VIEWS.includes(raw.view as PlaygroundView) ? (raw.view as PlaygroundView) : 'cluster',
    port: typeof raw.port === 'string' && raw.port ? raw.port : '80/TCP',
  }
}

export type DecodeResult = { workspace: Workspace } | { error: string } | undefined

/** Reads a location hash (with or without `#`); undefined when it holds no workspace. */
export async function decodeFragment(hash: string): Promise<DecodeResult> {
  const fragment = hash.replace(/^#/, '')
  if (!fragment) return undefined
  if (fragment.length > MAX_FRAGMENT) return { error: 'The link is too long to open.' }
  const params = new URLSearchParams(fragment)
  try {
    const w = params.get('w')
    if (w) {
      const bytes = await inflateLimited(fromBase64Url(w), MAX_WORKSPACE_JSON_BYTES)
      return { workspace: normalise(JSON.parse(new TextDecoder().decode(bytes)) as Partial<Workspace>) }
    }
    const yaml = params.get('yaml')
    if (yaml !== null) {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(yaml))
      return {
        workspace: normalise({
          files: [{ name: 'manifests.yaml', text }],
          cni: (params.get('cni') ?? undefined) as CniName,
          view: (params.get('view') ?? undefined) as PlaygroundView,
          port: params.get('port') ?? undefined,
        }),
      }
    }
  } catch (e) {
    return { error: `This link does not hold a readable workspace (${(e as Error).message}).` }
  }
  return undefined
}

/** A plain link to the playground for given manifests, as docs and other tools build it. */
export function plainLink(
  base: string,
  manifests: string,
  opts: { cni?: CniName; view?: PlaygroundView; port?: string } = {},
): string {
  const parts = [`yaml=${toBase64Url(new TextEncoder().encode(manifests))}`]
  if (opts.cni) parts.push(`cni=${opts.cni}`)
  if (opts.view) parts.push(`view=${opts.view}`)
  if (opts.port) parts.push(`port=${opts.port}`)
  return `${base}#${parts.join('&')}`
}

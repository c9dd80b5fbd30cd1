// Playground workspaces in a URL. Two forms:
//   #w=<base64url of the deflated JSON workspace>            (the app's share links)
//   #yaml=<base64url of UTF-8 manifests>&cni=calico&view=matrix&port=80/TCP
//                                                             (plain links other tools can build)
// Everything stays in the fragment, so it never reaches a server.
import { isCniName } from '@/lib/sim/cni/profiles'
import type { CniName } from '@/lib/sim/cni/profiles'

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
const MAX_WORKSPACE_CHARS = 4 * 1024 * 1024

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

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream))
  return new Uint8Array(await out.arrayBuffer())
}

export async function encodeWorkspace(ws: Workspace): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(ws))
  return `w=${toBase64Url(await pipe(json, new CompressionStream('deflate-raw')))}`
}

function normalise(raw: Partial<Workspace>): Workspace {
  const files = Array.isArray(raw.files)
    ? raw.files
        .filter((f) => f && typeof f.name === 'string' && typeof f.text === 'string')
        .map((f) => ({ name: f.name.slice(0, 100), text: f.text }))
    : []
  if (files.reduce((n, f) => n + f.text.length, 0) > MAX_WORKSPACE_CHARS)
    throw new Error('the shared workspace is too large')
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
      const bytes = await pipe(fromBase64Url(w), new DecompressionStream('deflate-raw'))
      if (bytes.length > MAX_WORKSPACE_CHARS) throw new Error('the shared workspace is too large')
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

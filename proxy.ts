// Security headers on every response: pages, static files and the JSON APIs alike (the
// policy and why it looks the way it does: lib/http/security-headers.ts; for self-hosters
// behind a reverse proxy: README, "Security headers").
//
// Inline scripts are allowed by hash for pages prerendered at build time, so lessons stay
// static: the first request for such a page reads its HTML file from the build and hashes
// its inline scripts (re-read when the file changes). Pages rendered per request are
// covered by a nonce, which Next.js reads from the request's CSP header and puts on its
// scripts. The theme script in <head> is the same on every page and always allowed.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { NextResponse } from 'next/server'
import type { NextRequest } from 'next/server'
import { THEME_SCRIPT } from '@/components/course/theme'
import { inlineScripts, isOn, securityHeaders } from '@/lib/http/security-headers'

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`
const THEME_HASH = sha256(THEME_SCRIPT)

function distDir(): string {
  // The standalone server records the build's config (distDir included) in this variable;
  // `next start` runs from the project, where next.config.mjs reads NEXT_DIST_DIR too.
  try {
    const config = JSON.parse(process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ?? '{}') as { distDir?: unknown }
    if (typeof config.distDir === 'string' && config.distDir) return config.distDir
  } catch {
    // not a standalone server
  }
  return process.env.NEXT_DIST_DIR || '.next'
}

const APP_DIR = join(process.cwd(), distDir(), 'server', 'app')
const cache = new Map<string, { mtime: number; hashes: string[] }>()

/** Hashes of the inline scripts in a prerendered page, or undefined when there is none. */
function prerenderedHashes(route: string): string[] | undefined {
  const file = join(APP_DIR, `${route}.html`)
  let mtime: number
  try {
    mtime = statSync(file).mtimeMs
  } catch {
    return undefined
  }
  const hit = cache.get(route)
  if (hit && hit.mtime === mtime) return hit.hashes
  let html: string
  try {
    html = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const hashes = [...new Set(inlineScripts(html).map(sha256))]
  cache.set(route, { mtime, hashes })
  return hashes
}

/** The prerendered file a page path maps to: `/` is `index`, `/a/b/` is `a/b`. */
function routeOf(pathname: string): string | undefined {
  if (!/^\/[A-Za-z0-9_.~/-]*$/.test(pathname) || pathname.split('/').some((s) => s === '..' || s === '.'))
    return undefined
  const route = pathname.replace(/\/+$/, '').slice(1)
  return route || 'index'
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl
  const https = isOn(process.env.PODNET_HTTPS)
  const dev = process.env.NODE_ENV === 'development'
  const isAsset = pathname.startsWith('/_next/')
  const scriptHashes = [THEME_HASH]
  let nonce: string | undefined
  if (!isAsset) {
    const route = routeOf(pathname)
    const own = route ? prerenderedHashes(route) : undefined
    // A path with no page of its own is answered by the prerendered 404 page (or by a page
    // rendered now, which the nonce covers).
    scriptHashes.push(...(own ?? prerenderedHashes('_not-found') ?? []))
    if (!own) nonce = randomBytes(16).toString('base64')
  }
  const headers = securityHeaders({ scriptHashes: [...new Set(scriptHashes)], nonce, https, dev })

  let response: NextResponse
  if (nonce) {
    const forwarded = new Headers(request.headers)
    forwarded.set('Content-Security-Policy', headers.find(([k]) => k === 'Content-Security-Policy')![1])
    response = NextResponse.next({ request: { headers: forwarded } })
  } else {
    response = NextResponse.next()
  }
  for (const [name, value] of headers) response.headers.set(name, value)
  return response
}

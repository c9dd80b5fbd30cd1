// The security headers of every response, in one place (proxy.ts applies them). Kept free
// of Next.js and Node so the policy can be unit-tested and read on its own.
//
// Script policy: no 'unsafe-inline' and no 'unsafe-eval'. Next.js puts its page data in
// inline <script> tags. Pages rendered at build time (every lesson, lab and the playground)
// keep their static rendering: the proxy reads each prerendered HTML file once and allows
// exactly its inline scripts by SHA-256 hash. Pages rendered per request get a fresh nonce,
// which Next.js adds to its own scripts. External scripts must come from this origin.
//
// Style policy: 'unsafe-inline' stays in style-src, a deliberate trade-off. Monaco and
// xterm create <style> elements at run time without a nonce (Monaco's createStyleSheet,
// xterm's DOM renderer) and set style attributes on thousands of nodes; React's `style`
// props are style attributes too. Inline CSS cannot run script; with img-src, font-src and
// connect-src limited to this origin it cannot send data elsewhere either.

export interface PolicyOptions {
  /** 'sha256-…' sources of the inline scripts the page may run */
  scriptHashes?: readonly string[]
  /** a per-request nonce for pages rendered on demand */
  nonce?: string
  /** served over TLS: ask browsers to upgrade any http: subresource */
  https?: boolean
  /** `next dev` only: React's development build needs eval for its error overlays */
  dev?: boolean
}

export function contentSecurityPolicy(opts: PolicyOptions = {}): string {
  const script = ["'self'", ...(opts.scriptHashes ?? []).map((h) => `'${h}'`)]
  if (opts.nonce) script.push(`'nonce-${opts.nonce}'`)
  if (opts.dev) script.push("'unsafe-eval'")
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', ...script],
    ['style-src', "'self'", "'unsafe-inline'"],
    // Monaco's and monaco-yaml's workers are module workers loaded from this origin.
    ['worker-src', "'self'"],
    ['connect-src', "'self'"],
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'", 'data:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ]
  if (opts.https) directives.push(['upgrade-insecure-requests'])
  return directives.map((d) => d.join(' ')).join('; ')
}

/**
 * Powerful features the course never uses. Clipboard writes stay for the Copy buttons (the
 * playground's share link, a cohort's join link); nothing reads the clipboard, and pasting
 * into the editor or the terminal is a paste event, which needs no permission.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'idle-detection=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'picture-in-picture=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'clipboard-read=()',
  'clipboard-write=(self)',
].join(', ')

/** HSTS for a year, sent only when the site says it is served over TLS (PODNET_HTTPS=1). */
export const HSTS = 'max-age=31536000; includeSubDomains'

/** The headers every response carries, CSP included. */
export function securityHeaders(opts: PolicyOptions = {}): [string, string][] {
  const headers: [string, string][] = [
    ['Content-Security-Policy', contentSecurityPolicy(opts)],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Permissions-Policy', PERMISSIONS_POLICY],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    // For browsers older than CSP's frame-ancestors.
    ['X-Frame-Options', 'DENY'],
  ]
  if (opts.https) headers.push(['Strict-Transport-Security', HSTS])
  return headers
}

/** Whether a setting's value means "yes" (PODNET_HTTPS=1, true, yes, on). */
export function isOn(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value?.trim() ?? '')
}

/**
 * The text of every inline classic or module script in an HTML document, exactly as the
 * browser hashes it. React escapes `</script` inside the scripts it writes, so the first
 * closing tag ends each one.
 */
export function inlineScripts(html: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1] ?? ''
    if (/\ssrc\s*=/i.test(attrs)) continue
    out.push(m[2] ?? '')
  }
  return out
}

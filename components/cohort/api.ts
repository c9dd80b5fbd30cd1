// The browser's side of the cohort API: JSON in and out, the session's CSRF token on every
// state change (read once from GET /api/session and kept in memory, never in storage).
export interface SessionUser {
  id: string
  displayName: string
  email: string | null
  role: 'admin' | 'instructor' | 'learner'
}

export interface SessionInfo {
  user: SessionUser | null
  csrfToken: string | null
  oidc: { name: string } | null
  /** sign-in links by email: only where the server can mail them */
  magicLinks: boolean
  setupNeeded: boolean
}

export interface ApiResult<T> {
  ok: boolean
  status: number
  body: T
  /** the server's error message, for the page to show */
  error?: string
}

let csrf: string | null = null
let session: Promise<SessionInfo | null> | undefined

export function loadSession(force = false): Promise<SessionInfo | null> {
  if (!session || force)
    session = fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' })
      .then(async (r) => {
        if (!r.ok) return null
        const s = (await r.json()) as SessionInfo
        csrf = s.csrfToken
        return s
      })
      .catch(() => null)
  return session
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  if (method !== 'GET' && csrf === null) await loadSession()
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf
  let r: Response
  try {
    r = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    return { ok: false, status: 0, body: undefined as T, error: 'the server cannot be reached' }
  }
  const text = await r.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = undefined
  }
  if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) {
    // A sign-in rotated the session: take its token, forget the cached session.
    csrf = (parsed as { csrfToken: string | null }).csrfToken
    session = undefined
  }
  const error = r.ok
    ? undefined
    : ((parsed as { error?: string } | undefined)?.error ?? `request failed (${r.status})`)
  return { ok: r.ok, status: r.status, body: parsed as T, error }
}

const hasControl = (v: string) => {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}

/**
 * `?next=/path` targets stay on this site: one `/` followed by a character that is neither
 * `/` nor `\` (browsers read `/\evil.com` as `//evil.com`, another site), and no control
 * characters (browsers drop tabs and newlines, so `/<tab>/evil.com` is `//evil.com` too).
 */
export function safeNext(value: string | null, fallback = '/'): string {
  return value && /^\/[^/\\]/.test(value) && !hasControl(value) ? value : fallback
}

'use client'
// Signing in: email and password, a magic link by email where the server can mail one, or
// the organisation's OIDC provider when one is configured. A link arrives as
// `/login#magic=…` (mailed, or an instructor's sign-in link from an admin).
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { api, loadSession, safeNext } from './api'
import type { SessionInfo } from './api'
import s from './cohort.module.css'

function destination(user: { role: string }) {
  const next = new URLSearchParams(window.location.search).get('next')
  return safeNext(next, user.role === 'learner' ? '/' : '/instructor')
}

export function LoginForm() {
  const [info, setInfo] = useState<SessionInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void loadSession().then(setInfo)
    const magic = new URLSearchParams(window.location.hash.slice(1)).get('magic')
    if (!magic) return
    history.replaceState(null, '', window.location.pathname + window.location.search)
    void api<{ user: { role: string } }>('POST', '/api/magic-links/redeem', { token: magic }).then((r) => {
      if (r.ok) window.location.assign(destination(r.body.user))
      else setError(r.error ?? 'this link does not work')
    })
  }, [])

  async function login(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    setBusy(true)
    const r = await api<{ user: { role: string } }>('POST', '/api/login', {
      email: f.get('email'),
      password: f.get('password'),
    })
    setBusy(false)
    if (r.ok) window.location.assign(destination(r.body.user))
    else setError(r.error ?? 'sign-in failed')
  }

  async function magicLink(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const r = await api('POST', '/api/magic-links', { email: f.get('email') })
    if (r.ok) setNotice('If an account has this email, a sign-in link is on its way.')
    else setError(r.error ?? 'could not send a link')
  }

  return (
    <main id="main" tabIndex={-1} className={`${s.page} ${s.narrow}`}>
      <h1>Sign in</h1>
      {info?.user && (
        <p className={s.ok}>
          Signed in as {info.user.displayName}.{' '}
          <button
            className={s.secondary}
            onClick={() => api('POST', '/api/logout').then(() => window.location.reload())}
          >
            Sign out
          </button>
        </p>
      )}
      {info?.oidc && (
        <p>
          <a
            className="button-primary"
            href={`/api/oidc/start?returnTo=${encodeURIComponent(
              safeNext(
                typeof window === 'undefined'
                  ? null
                  : new URLSearchParams(window.location.search).get('next'),
                '/',
              ),
            )}`}
          >
            Sign in with {info.oidc.name}
          </a>
        </p>
      )}
      <form className={s.form} onSubmit={login} aria-label="Sign in with a password">
        <label className={s.field}>
          Email
          <input name="email" type="email" required autoComplete="username" />
        </label>
        <label className={s.field}>
          Password
          <input name="password" type="password" required autoComplete="current-password" />
        </label>
        <button className={s.button} disabled={busy}>
          Sign in
        </button>
      </form>
      {error && (
        <p role="alert" className={s.error}>
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className={s.ok}>
          {notice}
        </p>
      )}
      {info?.magicLinks && (
        <details className={s.details}>
          <summary>Email me a sign-in link instead</summary>
          <form className={s.form} onSubmit={magicLink}>
            <label className={s.field}>
              Email
              <input name="email" type="email" required autoComplete="email" />
            </label>
            <button className={s.secondary}>Send the link</button>
          </form>
        </details>
      )}
    </main>
  )
}

'use client'
// The first instructor's account, from the one-time setup link the server printed
// (`/setup#token=…`: the token stays in the fragment, out of every server log).
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { api } from './api'
import s from './cohort.module.css'

export function SetupForm() {
  const [token, setToken] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const t = new URLSearchParams(window.location.hash.slice(1)).get('token')
    // Read once, then drop it from the address bar and the history.
    setToken(t)
    if (t) history.replaceState(null, '', window.location.pathname)
  }, [])

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    setBusy(true)
    const r = await api('POST', '/api/setup', {
      token,
      displayName: f.get('displayName'),
      email: f.get('email'),
      password: f.get('password'),
    })
    setBusy(false)
    if (r.ok) window.location.assign('/instructor')
    else setError(r.error ?? 'setup failed')
  }

  return (
    <main id="main" tabIndex={-1} className={`${s.page} ${s.narrow}`}>
      <h1>Set up Podnet Lab</h1>
      {token === null ? (
        <p className={s.hint}>
          Open the setup link the server printed when it started (it is also in{' '}
          <code>DATA_DIR/setup-url.txt</code>).
        </p>
      ) : (
        <form className={s.form} onSubmit={submit}>
          <p className={s.hint}>Create the first instructor account. It can add other instructors later.</p>
          <label className={s.field}>
            Your name
            <input name="displayName" required maxLength={60} autoComplete="name" />
          </label>
          <label className={s.field}>
            Email
            <input name="email" type="email" required autoComplete="email" />
          </label>
          <label className={s.field}>
            Password (at least 12 characters)
            <input name="password" type="password" required minLength={12} autoComplete="new-password" />
          </label>
          {error && (
            <p role="alert" className={s.error}>
              {error}
            </p>
          )}
          <button className={s.button} disabled={busy}>
            Create the account
          </button>
        </form>
      )}
    </main>
  )
}

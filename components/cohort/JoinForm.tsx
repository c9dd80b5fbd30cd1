'use client'
// One click into a cohort: a display name is enough. An email and password (or a magic
// link later) let the learner come back from another device. Lessons already completed in
// this browser are sent along.
import { useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { api, loadSession } from './api'
import type { SessionInfo } from './api'
import { currentCohort } from './cohort-submit'
import { localProgress } from './local-progress'
import s from './cohort.module.css'

export function JoinForm({ code }: { code: string }) {
  const [link, setLink] = useState<{ title: string; member: boolean } | null>(null)
  const [info, setInfo] = useState<SessionInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [joined, setJoined] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void loadSession().then(setInfo)
    void api<{ title: string; member: boolean }>('GET', `/api/join/${encodeURIComponent(code)}`).then((r) =>
      r.ok ? setLink(r.body) : setError(r.error ?? 'this join link does not work'),
    )
  }, [code])

  async function join(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const body: Record<string, unknown> = {}
    const name = String(f.get('displayName') ?? '').trim()
    if (name) body.displayName = name
    const email = String(f.get('email') ?? '').trim()
    if (email) body.email = email
    const password = String(f.get('password') ?? '')
    if (password) body.password = password
    const progress = localProgress()
    if (progress) body.progress = progress
    setBusy(true)
    const r = await api<{ cohort: { title: string } }>('POST', `/api/join/${encodeURIComponent(code)}`, body)
    setBusy(false)
    if (!r.ok) return setError(r.error ?? 'could not join')
    setError(null)
    await currentCohort(true)
    setJoined(r.body.cohort.title)
  }

  return (
    <main id="main" tabIndex={-1} className={`${s.page} ${s.narrow}`}>
      <h1>Join a cohort</h1>
      {joined ? (
        <>
          <p role="status" className={s.ok}>
            You joined “{joined}”. Your checks now reach your instructor.
          </p>
          <a className="button-primary" href="/">
            Go to the course
          </a>
        </>
      ) : link ? (
        <form className={s.form} onSubmit={join}>
          <p>
            You are joining <strong>{link.title}</strong>.
          </p>
          {info?.user ? (
            <p className={s.hint}>You join as {info.user.displayName}.</p>
          ) : (
            <>
              {info?.oidc && (
                <p>
                  <a
                    className="button-primary"
                    href={`/api/oidc/start?returnTo=${encodeURIComponent(`/join/${code}`)}`}
                  >
                    Sign in with {info.oidc.name}
                  </a>{' '}
                  <span className={s.hint}>or join with just a name:</span>
                </p>
              )}
              <label className={s.field}>
                Display name (what your instructor sees)
                <input name="displayName" required maxLength={60} autoComplete="nickname" />
              </label>
              <details className={s.details}>
                <summary>Optional: sign in from other devices later</summary>
                <label className={s.field}>
                  Email
                  <input name="email" type="email" autoComplete="email" />
                </label>
                <label className={s.field}>
                  Password (at least 12 characters)
                  <input name="password" type="password" minLength={12} autoComplete="new-password" />
                </label>
              </details>
            </>
          )}
          <button className={s.button} disabled={busy}>
            {link.member ? 'You are in: continue' : 'Join'}
          </button>
        </form>
      ) : null}
      {error && (
        <p role="alert" className={s.error}>
          {error}
        </p>
      )}
    </main>
  )
}

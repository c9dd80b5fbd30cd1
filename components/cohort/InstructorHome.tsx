'use client'
// An instructor's cohorts, creating one (with an optional expiry and use limit for its
// join link), and, for an admin, adding instructors.
import { useCallback, useEffect, useState } from 'react'
import type { FormEvent } from 'react'
import { api, loadSession } from './api'
import type { SessionInfo } from './api'
import s from './cohort.module.css'

interface CohortSummary {
  id: string
  title: string
  open: boolean
  expiresAt: string | null
  createdAt: string
}

const isoOrNull = (v: FormDataEntryValue | null) => (v ? new Date(String(v)).toISOString() : undefined)

export function InstructorHome() {
  const [info, setInfo] = useState<SessionInfo | null | undefined>(undefined)
  const [cohorts, setCohorts] = useState<CohortSummary[]>([])
  const [error, setError] = useState<string | null>(null)
  const [invite, setInvite] = useState<string | null>(null)

  const refresh = useCallback(async () => {
    const r = await api<{ cohorts: CohortSummary[] }>('GET', '/api/cohorts')
    if (r.ok) setCohorts(r.body.cohorts)
    else setError(r.error ?? 'could not load cohorts')
  }, [])

  useEffect(() => {
    void loadSession().then((i) => {
      setInfo(i)
      if (i?.user && i.user.role !== 'learner') void refresh()
    })
  }, [refresh])

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const max = f.get('joinMaxUses')
    const r = await api<{ id: string }>('POST', '/api/cohorts', {
      title: f.get('title'),
      joinExpiresAt: isoOrNull(f.get('joinExpiresAt')),
      joinMaxUses: max ? Number(max) : undefined,
    })
    if (r.ok) window.location.assign(`/instructor/cohorts/${r.body.id}`)
    else setError(r.error ?? 'could not create the cohort')
  }

  async function addInstructor(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const r = await api<{ signInUrl: string }>('POST', '/api/instructors', {
      email: f.get('email'),
      displayName: f.get('displayName'),
    })
    if (r.ok) setInvite(r.body.signInUrl)
    else setError(r.error ?? 'could not add the instructor')
  }

  if (info === undefined) return <main id="main" className={s.page} />
  if (!info?.user || info.user.role === 'learner')
    return (
      <main id="main" tabIndex={-1} className={s.page}>
        <h1>Instructors</h1>
        <p>
          <a href="/login?next=/instructor">Sign in</a> with an instructor account to manage cohorts.
        </p>
      </main>
    )

  return (
    <main id="main" tabIndex={-1} className={s.page}>
      <h1>Your cohorts</h1>
      {error && (
        <p role="alert" className={s.error}>
          {error}
        </p>
      )}
      <ul className={s.list}>
        {cohorts.map((c) => (
          <li key={c.id} className={s.card}>
            <a href={`/instructor/cohorts/${c.id}`}>{c.title}</a>{' '}
            <span className={s.hint}>{c.open ? 'open' : 'closed'}</span>
          </li>
        ))}
        {cohorts.length === 0 && <li className={s.hint}>No cohort yet.</li>}
      </ul>
      <h2>New cohort</h2>
      <form className={s.form} onSubmit={create} aria-label="New cohort">
        <label className={s.field}>
          Title
          <input name="title" required maxLength={120} />
        </label>
        <label className={s.field}>
          Join link expires (optional)
          <input name="joinExpiresAt" type="datetime-local" />
        </label>
        <label className={s.field}>
          Join link can be used at most (optional)
          <input name="joinMaxUses" type="number" min={1} />
        </label>
        <button className={s.button}>Create cohort</button>
      </form>
      {info.user.role === 'admin' && (
        <>
          <h2>Add an instructor</h2>
          <form className={s.form} onSubmit={addInstructor} aria-label="Add an instructor">
            <label className={s.field}>
              Name
              <input name="displayName" required maxLength={60} />
            </label>
            <label className={s.field}>
              Email
              <input name="email" type="email" required />
            </label>
            <button className={s.secondary}>Add instructor</button>
          </form>
          {invite && (
            <p className={s.ok}>
              Pass this one-time sign-in link on (valid 7 days): <span className={s.code}>{invite}</span>
            </p>
          )}
        </>
      )}
    </main>
  )
}

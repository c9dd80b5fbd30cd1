'use client'
// The instructor's live view of a cohort: learners × exercises, refreshed every few
// seconds (polling works the same behind any number of replicas), where the cohort is
// stuck, a learner's attempts with their files and the grader's messages, the settings,
// and the CSV export. Everything learners typed is rendered as text, never as HTML.
import { useCallback, useEffect, useState } from 'react'
import { api } from './api'
import s from './cohort.module.css'

const POLL_MS = 3000

interface Cell {
  status: 'passed' | 'attempted' | 'not-started'
  attempts: number
  hints: number
  solutionShown: boolean
  passedInBrowser: boolean
  lastAt: string | null
}
interface Dashboard {
  cohort: { id: string; title: string; open: boolean }
  exercises: { id: string; title: string; lesson: string }[]
  learners: {
    id: string
    displayName: string
    joinedAt: string
    lastActivity: string | null
    cells: Record<string, Cell>
  }[]
  stuck: {
    exerciseId: string
    title: string
    attempts: number
    failed: number
    failureRate: number
    learnersAttempted: number
    learnersPassed: number
    commonFailingCheck: { name: string; count: number } | null
  }[]
  generatedAt: string
}
interface Detail {
  title: string
  open: boolean
  expiresAt: string | null
  joinUrl?: string
  joinExpiresAt?: string | null
  joinMaxUses?: number | null
  joinUses?: number
}
interface Attempt {
  id: string
  exerciseId: string
  passed: boolean
  checks: { name: string; passed: boolean; message: string }[]
  issues?: { text: string }[]
  createdAt: string
  workspace: { files?: Record<string, string>; applied?: Record<string, string> }
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—')
const LABEL: Record<Cell['status'], string> = {
  passed: 'passed',
  attempted: 'attempted',
  'not-started': 'not started',
}
const CLASS: Record<Cell['status'], string | undefined> = {
  passed: s.passed,
  attempted: s.attempted,
  'not-started': s.notStarted,
}

function toLocalInput(iso: string | null | undefined) {
  if (!iso) return ''
  const d = new Date(iso)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}

export function CohortDashboard({ cohortId }: { cohortId: string }) {
  const [dash, setDash] = useState<Dashboard | null>(null)
  const [detail, setDetail] = useState<Detail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [learner, setLearner] = useState<{ id: string; name: string; attempts: Attempt[] } | null>(null)

  const base = `/api/cohorts/${encodeURIComponent(cohortId)}`
  const refresh = useCallback(async () => {
    const r = await api<Dashboard>('GET', `${base}/dashboard`)
    if (r.ok) {
      setDash(r.body)
      setError(null)
    } else setError(r.error ?? 'could not load the dashboard')
  }, [base])
  const loadDetail = useCallback(async () => {
    const r = await api<Detail>('GET', base)
    if (r.ok) setDetail(r.body)
  }, [base])

  useEffect(() => {
    void refresh()
    void loadDetail()
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh()
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [refresh, loadDetail])

  async function showLearner(id: string, name: string) {
    const r = await api<{ attempts: Attempt[] }>('GET', `${base}/learners/${id}/attempts`)
    if (r.ok) setLearner({ id, name, attempts: r.body.attempts })
    else setError(r.error ?? 'could not load the attempts')
  }

  async function removeLearner(id: string, name: string) {
    if (!window.confirm(`Remove ${name} from this cohort and erase their attempts and events?`)) return
    const r = await api('DELETE', `${base}/learners/${id}`)
    if (!r.ok) return setError(r.error ?? 'could not remove the learner')
    setLearner(null)
    void refresh()
  }

  async function update(patch: Record<string, unknown>) {
    const r = await api<Detail>('PATCH', base, patch)
    if (r.ok) setDetail(r.body)
    else setError(r.error ?? 'could not save')
    void refresh()
  }

  async function rotate() {
    const r = await api<Detail>('POST', `${base}/join-code`)
    if (r.ok) setDetail(r.body)
  }

  return (
    <main id="main" tabIndex={-1} className={s.page}>
      <p>
        <a href="/instructor">← All cohorts</a>
      </p>
      <h1>{dash?.cohort.title ?? detail?.title ?? 'Cohort'}</h1>
      {error && (
        <p role="alert" className={s.error}>
          {error}
        </p>
      )}
      {detail?.joinUrl && (
        <section aria-labelledby="join-title" className={s.card}>
          <h2 id="join-title">Join link</h2>
          <p className={s.code} data-testid="join-url">
            {detail.joinUrl}
          </p>
          <p className={s.hint}>
            Used {detail.joinUses ?? 0}
            {detail.joinMaxUses ? ` of ${detail.joinMaxUses}` : ''} times
            {detail.joinExpiresAt ? `, works until ${when(detail.joinExpiresAt)}` : ''}.
          </p>
          <div className={s.toolbar}>
            <button
              className={s.secondary}
              onClick={() => void navigator.clipboard?.writeText(detail.joinUrl!)}
            >
              Copy
            </button>
            <button className={s.secondary} onClick={rotate}>
              New link (the old one stops working)
            </button>
          </div>
        </section>
      )}

      <div className={s.toolbar}>
        <a className={s.secondary} href={`${base}/export.csv`} download>
          Export CSV
        </a>
        {detail && (
          <>
            <button className={s.secondary} onClick={() => update({ open: !detail.open })}>
              {detail.open ? 'Close the cohort' : 'Reopen the cohort'}
            </button>
            <label className={s.field}>
              Closes at
              <input
                type="datetime-local"
                defaultValue={toLocalInput(detail.expiresAt)}
                onBlur={(e) =>
                  update({ expiresAt: e.target.value ? new Date(e.target.value).toISOString() : null })
                }
              />
            </label>
          </>
        )}
        <span className={s.hint} role="status">
          {detail ? (detail.open ? 'Open' : 'Closed') : ''} · updated{' '}
          {dash ? new Date(dash.generatedAt).toLocaleTimeString() : '…'}
        </span>
      </div>

      <h2>Progress</h2>
      <div className={s.tableWrap} tabIndex={0} aria-label="Learners and exercises">
        <table className={s.grid} data-testid="progress-grid">
          <thead>
            <tr>
              <th scope="col">Learner</th>
              <th scope="col">Last activity</th>
              {dash?.exercises.map((e) => (
                <th key={e.id} scope="col" title={e.id}>
                  {e.title}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {dash?.learners.map((l) => (
              <tr key={l.id} data-learner={l.id}>
                <th scope="row">
                  <button className={s.secondary} onClick={() => showLearner(l.id, l.displayName)}>
                    {l.displayName}
                  </button>
                </th>
                <td>{when(l.lastActivity)}</td>
                {dash.exercises.map((e) => {
                  const c = l.cells[e.id]!
                  return (
                    <td key={e.id} className={CLASS[c.status]} data-exercise={e.id} data-status={c.status}>
                      {LABEL[c.status]}
                      {c.attempts > 0 && <span className={s.hint}> · {c.attempts} tries</span>}
                      {c.hints > 0 && <span className={s.hint}> · {c.hints} hints</span>}
                      {c.solutionShown && <span className={s.hint}> · solution seen</span>}
                      {c.passedInBrowser && c.status !== 'passed' && (
                        <span className={s.hint}>
                          {' '}
                          · passed in the browser before joining (not graded here)
                        </span>
                      )}
                    </td>
                  )
                })}
                <td>
                  <button className={s.secondary} onClick={() => removeLearner(l.id, l.displayName)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dash && dash.learners.length === 0 && (
        <p className={s.hint}>Nobody has joined yet: share the join link.</p>
      )}

      <h2>Where the cohort is stuck</h2>
      {dash && dash.stuck.length === 0 && <p className={s.hint}>No attempts yet.</p>}
      <ol className={s.list}>
        {dash?.stuck.map((x) => (
          <li key={x.exerciseId} className={s.card}>
            <strong>{x.title}</strong>: {Math.round(x.failureRate * 100)}% of {x.attempts} attempts failed;{' '}
            {x.learnersPassed} of {x.learnersAttempted} learners passed.
            {x.commonFailingCheck && (
              <>
                {' '}
                Most often failing: “{x.commonFailingCheck.name}” ({x.commonFailingCheck.count}×).
              </>
            )}
          </li>
        ))}
      </ol>

      {learner && (
        <section aria-labelledby="attempts-title">
          <h2 id="attempts-title">Attempts of {learner.name}</h2>
          <button className={s.secondary} onClick={() => setLearner(null)}>
            Close
          </button>
          {learner.attempts.length === 0 && <p className={s.hint}>No attempts yet.</p>}
          {learner.attempts.map((a) => (
            <article key={a.id} className={s.card}>
              <h3>
                {a.exerciseId}: {a.passed ? 'passed' : 'failed'}{' '}
                <span className={s.hint}>{when(a.createdAt)}</span>
              </h3>
              <ul>
                {a.checks.map((c, i) => (
                  <li key={i}>
                    {c.passed ? '✓' : '✗'} {c.name}: {c.message}
                  </li>
                ))}
                {a.issues?.map((issue, i) => (
                  <li key={`i${i}`}>{issue.text}</li>
                ))}
              </ul>
              {Object.entries(a.workspace.files ?? {}).map(([name, text]) => (
                <details key={name}>
                  <summary>{name}</summary>
                  <pre className={s.yaml}>{text}</pre>
                </details>
              ))}
              {Object.entries(a.workspace.applied ?? {}).map(([key, text]) => (
                <details key={key}>
                  <summary>applied from the terminal: {key}</summary>
                  <pre className={s.yaml}>{text}</pre>
                </details>
              ))}
            </article>
          ))}
        </section>
      )}
    </main>
  )
}

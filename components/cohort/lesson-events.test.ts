// Lesson events reach the cohort's log only for a learner in a cohort, and a failing server
// never surfaces in the course.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toggleCompleted } from '@/components/course/CompleteButton'
import { currentCohort } from './cohort-submit'
import { lessonOpened, reportLessonEvent } from './lesson-events'

interface Call {
  method: string
  url: string
  body?: unknown
}

/** A stand-in for the cohort server: GET /api/session and /api/me/cohorts, POST events. */
function server(opts: { user: boolean; cohorts: { id: string; open: boolean }[]; events?: number }) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined })
      const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status })
      if (url === '/api/session')
        return json(200, {
          user: opts.user ? { id: 'u', displayName: 'L', email: null, role: 'learner' } : null,
          csrfToken: opts.user ? 'csrf' : null,
          oidc: null,
          magicLinks: false,
          setupNeeded: false,
        })
      if (url === '/api/me/cohorts')
        return json(200, { cohorts: opts.cohorts.map((c) => ({ ...c, title: 'T', expiresAt: null })) })
      if (url.endsWith('/events')) return json(opts.events ?? 201, { id: 'e', at: '2026-01-01T00:00:00Z' })
      return json(404, { error: 'no such API operation' })
    }),
  )
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('lesson events', () => {
  it('go to the learner’s cohort: opened and completed, with the lesson’s slug', async () => {
    const calls = server({ user: true, cohorts: [{ id: 'c-1', open: true }] })
    await currentCohort(true)
    await reportLessonEvent('opened-lesson', 'one-ip-per-pod')
    await reportLessonEvent('completed-lesson', 'one-ip-per-pod')
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts).toEqual([
      {
        method: 'POST',
        url: '/api/cohorts/c-1/events',
        body: { kind: 'opened-lesson', subject: 'one-ip-per-pod' },
      },
      {
        method: 'POST',
        url: '/api/cohorts/c-1/events',
        body: { kind: 'completed-lesson', subject: 'one-ip-per-pod' },
      },
    ])
  })

  it('are sent by the lesson page: opened once it is up, completed when marked (not unmarked)', async () => {
    const calls = server({ user: true, cohorts: [{ id: 'c-1', open: true }] })
    await currentCohort(true)
    vi.useFakeTimers()
    try {
      // A page left at once reports nothing.
      lessonOpened('gone-at-once')()
      const stop = lessonOpened('one-ip-per-pod')
      await vi.advanceTimersByTimeAsync(1000)
      stop()
    } finally {
      vi.useRealTimers()
    }
    toggleCompleted('one-ip-per-pod', false)
    toggleCompleted('one-ip-per-pod', true)
    await vi.waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2))
    await new Promise((r) => setTimeout(r, 50))
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { kind: 'opened-lesson', subject: 'one-ip-per-pod' },
      { kind: 'completed-lesson', subject: 'one-ip-per-pod' },
    ])
  })

  it('are not sent outside a cohort, signed in or not', async () => {
    for (const opts of [
      { user: false, cohorts: [] },
      { user: true, cohorts: [] },
      { user: true, cohorts: [{ id: 'c', open: false }] },
    ]) {
      const calls = server(opts)
      await currentCohort(true)
      await reportLessonEvent('opened-lesson', 'one-ip-per-pod')
      expect(
        calls.filter((c) => c.method === 'POST'),
        JSON.stringify(opts),
      ).toEqual([])
    }
  })

  it('stay quiet when the server refuses or cannot be reached', async () => {
    server({ user: true, cohorts: [{ id: 'c-1', open: true }], events: 500 })
    await currentCohort(true)
    await expect(reportLessonEvent('completed-lesson', 'x')).resolves.toBeUndefined()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('offline'))),
    )
    await currentCohort(true)
    await expect(reportLessonEvent('opened-lesson', 'x')).resolves.toBeUndefined()
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('not json', { status: 200 })),
    )
    await currentCohort(true)
    await expect(reportLessonEvent('opened-lesson', 'x')).resolves.toBeUndefined()
  })
})

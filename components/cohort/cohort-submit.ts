// The hook for the exercise UI: when the learner belongs to a cohort, send each check to
// the server (which grades it again and keeps it) and report hints and solutions. Without
// a cohort these do nothing and the course works from local progress alone.
'use client'
import { useEffect, useState } from 'react'
import { api, loadSession } from './api'

export interface CohortRef {
  id: string
  title: string
  open: boolean
}

export interface CohortVerdict {
  id: string
  passed: boolean
  checks: { name: string; passed: boolean; message: string }[]
  createdAt: string
}

/** The workspace of an exercise, as lib/grading's Workspace. */
export type CohortWorkspace = {
  cni?: string
  files?: Record<string, string>
  applied?: Record<string, string>
  deleted?: string[]
  labels?: Record<string, Record<string, string | null>>
  annotations?: Record<string, Record<string, string | null>>
}

let current: Promise<CohortRef | null> | undefined

/** The cohort this browser's account submits to: the most recently joined open one. */
export function currentCohort(force = false): Promise<CohortRef | null> {
  if (!current || force)
    current = loadSession(force).then(async (s) => {
      if (!s?.user) return null
      const r = await api<{ cohorts: CohortRef[] }>('GET', '/api/me/cohorts')
      return (r.ok && r.body.cohorts.find((c) => c.open)) || null
    })
  return current
}

/**
 * Submits an exercise's workspace to the learner's cohort. Resolves to the server's verdict
 * (the one that counts), or null when the learner is in no cohort or the server refused.
 */
export async function submitToCohort(
  exerciseId: string,
  workspace: CohortWorkspace,
): Promise<CohortVerdict | null> {
  const cohort = await currentCohort()
  if (!cohort) return null
  const r = await api<CohortVerdict>('POST', `/api/cohorts/${cohort.id}/submissions`, {
    exerciseId,
    workspace,
  })
  return r.ok ? r.body : null
}

export type CohortEventKind = 'opened-lesson' | 'completed-lesson' | 'hint-used' | 'solution-shown'

/** Records a learner's step in the cohort's event log (nothing happens outside a cohort). */
export async function recordCohortEvent(kind: CohortEventKind, subject: string): Promise<void> {
  const cohort = await currentCohort()
  if (cohort) await api('POST', `/api/cohorts/${cohort.id}/events`, { kind, subject })
}

/** The learner's cohort for display (null while loading or outside a cohort). */
export function useCurrentCohort(): CohortRef | null {
  const [cohort, setCohort] = useState<CohortRef | null>(null)
  useEffect(() => {
    let live = true
    void currentCohort().then((c) => live && setCohort(c))
    return () => {
      live = false
    }
  }, [])
  return cohort
}

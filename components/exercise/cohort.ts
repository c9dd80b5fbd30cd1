'use client'
// The cohort hooks, called without waiting and never failing the exercise: outside a
// cohort (or with the server away) the course works from local progress alone.
import { recordCohortEvent, submitToCohort } from '@/components/cohort/cohort-submit'
import type { CohortEventKind, CohortVerdict, CohortWorkspace } from '@/components/cohort/cohort-submit'

export function cohortEvent(kind: CohortEventKind, subject: string): void {
  recordCohortEvent(kind, subject).catch(() => {})
}

export async function cohortSubmit(id: string, workspace: CohortWorkspace): Promise<CohortVerdict | null> {
  try {
    return await submitToCohort(id, workspace)
  } catch {
    return null
  }
}

import type { Metadata } from 'next'
import { CohortDashboard } from '@/components/cohort/CohortDashboard'

export const metadata: Metadata = { title: 'Cohort dashboard', robots: { index: false } }

export default async function CohortPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  return <CohortDashboard cohortId={id} />
}

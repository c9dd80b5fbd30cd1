import type { Metadata } from 'next'
import { InstructorHome } from '@/components/cohort/InstructorHome'

export const metadata: Metadata = { title: 'Cohorts', robots: { index: false } }

export default function InstructorPage() {
  return <InstructorHome />
}

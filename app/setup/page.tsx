import type { Metadata } from 'next'
import { SetupForm } from '@/components/cohort/SetupForm'

export const metadata: Metadata = { title: 'Set up', robots: { index: false } }

export default function SetupPage() {
  return <SetupForm />
}

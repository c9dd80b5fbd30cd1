import type { Metadata } from 'next'
import { JoinForm } from '@/components/cohort/JoinForm'

export const metadata: Metadata = { title: 'Join a cohort', robots: { index: false } }

export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params
  return <JoinForm code={code} />
}

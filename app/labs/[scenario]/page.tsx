// Every scenario as a lab of its own, full width: for practice outside a lesson and for
// authors checking a scenario they are writing.
import type { Metadata } from 'next'
import { labConfig } from '@/components/lab/Lab'
import { LabIsland } from '@/components/lab/LabIsland'
import { listScenarios } from '@/lib/scenarios/scenarios'
import '../../wide-page.css'

export const dynamicParams = false

export function generateStaticParams() {
  return listScenarios().map((scenario) => ({ scenario }))
}

export async function generateMetadata({
  params,
}: {
  params: Promise<{ scenario: string }>
}): Promise<Metadata> {
  const { scenario } = await params
  return { title: `Lab: ${labConfig({ id: scenario, scenario }).title}` }
}

export default async function LabPage({ params }: { params: Promise<{ scenario: string }> }) {
  const { scenario } = await params
  const config = labConfig({ id: `scenario-${scenario}`, scenario })
  return (
    <main id="main" className="wide-page lab-page">
      <header className="lesson-header">
        <p className="lesson-chapter">Lab</p>
        <h1 id="lab-page-title">{config.title}</h1>
        {config.description ? <p className="wide-page-intro">{config.description}</p> : null}
      </header>
      {/* The page's heading names the lab: the island repeats neither title nor description. */}
      <LabIsland config={config} labelledBy="lab-page-title" />
    </main>
  )
}

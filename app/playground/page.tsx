// The playground: your own manifests in the simulator, no lesson around them.
import type { Metadata } from 'next'
import { Playground } from '@/components/playground/Playground'
import { listScenarios, readScenario } from '@/lib/scenarios/scenarios'
import '../wide-page.css'

export const metadata: Metadata = {
  title: 'Playground',
  description:
    'Paste or upload Kubernetes manifests and see which traffic their NetworkPolicies allow, and why.',
}

export default function PlaygroundPage() {
  const scenarios = listScenarios().map((name) => {
    const s = readScenario(name)
    return { name, title: s.title, cni: s.cni, files: s.files.map((f) => ({ name: f.name, text: f.text })) }
  })
  return (
    <main id="main" className="wide-page playground-page">
      <header className="lesson-header">
        <p className="lesson-chapter">Your own manifests</p>
        <h1>Playground</h1>
        <p className="wide-page-intro">
          Paste or upload your own manifests, or start from a course scenario. Choose a CNI and see the
          cluster, the connectivity matrix and the reason behind every verdict. The share link keeps
          everything in the link itself.
        </p>
      </header>
      <Playground scenarios={scenarios} />
    </main>
  )
}

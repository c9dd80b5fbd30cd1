'use client'
// The running lab: one live session shared by the cluster view, the editor, the terminal
// and the traffic panel. Loaded only when the lab is near the screen.
import './lab.css'
import dynamic from 'next/dynamic'
import { useMemo, useState } from 'react'
import { evaluateFlows } from '@/lib/session/flows'
import type { FlowSpec } from '@/lib/session/flows'
import { CNI_NAMES, CNI_PROFILES, isCniName } from '@/lib/sim/cni/profiles'
import { ClusterView } from './ClusterView'
import type { LabConfig, Panel } from './config'
import { TrafficPanel } from './TrafficPanel'
import { useFrameEdits } from './use-frame-edits'
import { useLabSession } from './use-lab-session'

const PolicyEditor = dynamic(() => import('./editor/PolicyEditor'), {
  ssr: false,
  loading: () => <p className="lab-loading">Loading the editor…</p>,
})
const LabTerminal = dynamic(() => import('./terminal/LabTerminal'), {
  ssr: false,
  loading: () => <p className="lab-loading">Loading the terminal…</p>,
})

const PANEL_TITLE: Record<Panel, string> = {
  cluster: 'Cluster',
  editor: 'Policy editor',
  terminal: 'Terminal',
  traffic: 'Traffic',
}

export default function LabRuntime({ config }: { config: LabConfig }) {
  const { session, version, canRestore, reset, restorePrevious } = useLabSession(config)
  const [probes, setProbes] = useState<FlowSpec[]>([])
  const cluster = session.cluster

  const onEdit = useFrameEdits(session)

  const watched = useMemo(
    () => evaluateFlows(cluster, config.flows),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cluster, config.flows, version],
  )
  const probed = useMemo(
    () => evaluateFlows(cluster, probes),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cluster, probes, version],
  )
  const editable = session.files.filter((f) => f.editable)
  const issues = session.issues
  const errorCount = issues.filter(
    (i) => i.severity === 'error' && editable.some((f) => f.name === i.source?.file),
  ).length

  const panel = (p: Panel) => {
    switch (p) {
      case 'cluster':
        return (
          <ClusterView
            cluster={cluster}
            flows={[...watched, ...probed]}
            onProbe={(f) => setProbes((ps) => [...ps, f])}
          />
        )
      case 'editor':
        return <PolicyEditor labId={config.id} files={editable} issues={issues} onChange={onEdit} />
      case 'terminal':
        return <LabTerminal labId={config.id} session={session} />
      case 'traffic':
        return (
          <TrafficPanel
            cluster={cluster}
            watched={watched}
            probes={probed}
            onRemoveProbe={(i) => setProbes((ps) => ps.filter((_, j) => j !== i))}
          />
        )
    }
  }

  return (
    <div className="lab-runtime" data-lab-ready="true">
      <div className="lab-toolbar">
        <label>
          CNI{' '}
          <select
            value={session.cni}
            onChange={(e) => {
              if (isCniName(e.target.value)) session.setCni(e.target.value)
            }}
          >
            {CNI_NAMES.map((n) => (
              <option key={n} value={n}>
                {CNI_PROFILES[n].displayName}
              </option>
            ))}
          </select>
        </label>
        <span className="lab-cni-summary">{CNI_PROFILES[session.cni].summary}</span>
        <span className="lab-toolbar-spacer" />
        {errorCount ? (
          <span className="lab-errors" role="status">
            <span aria-hidden="true">✖</span> {errorCount} error{errorCount === 1 ? '' : 's'} in your files
          </span>
        ) : null}
        <button type="button" className="button secondary" onClick={reset}>
          Reset
        </button>
        {canRestore ? (
          <button type="button" className="button secondary" onClick={restorePrevious}>
            Restore previous attempt
          </button>
        ) : null}
      </div>
      <div className="lab-panels">
        {config.panels.map((p) => (
          <section key={p} className={`lab-panel lab-panel-${p}`} aria-label={PANEL_TITLE[p]}>
            <h3 className="panel-title">{PANEL_TITLE[p]}</h3>
            {panel(p)}
          </section>
        ))}
      </div>
    </div>
  )
}

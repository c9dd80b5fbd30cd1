'use client'
// The running lab: one live session shared by the cluster view, the editor, the terminal
// and the traffic panel. Loaded only when the lab is near the screen.
import './lab.css'
import dynamic from 'next/dynamic'
import { useEffect, useMemo } from 'react'
import { evaluateFlows } from '@/lib/session/flows'
import { CNI_PROFILES } from '@/lib/sim/cni/profiles'
import { ClusterView } from './ClusterView'
import { CniSelect } from './CniSelect'
import type { LabConfig, Panel } from './config'
import { publishLab } from './lab-registry'
import { TrafficPanel } from './TrafficPanel'
import { useFrameEdits } from './use-frame-edits'
import { useLabSession } from './use-lab-session'
import { useProbes } from './use-probes'

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
  const { session, version, canRestore, reset, restorePrevious, replace } = useLabSession(config)
  // Others on the page (an exercise's checks) reach this lab's session through the registry.
  useEffect(() => publishLab(config.id, { session, replace }), [config.id, session, replace])
  // A change gives the session a new cluster object, so the cluster keys the memos below.
  const cluster = session.cluster
  const onEdit = useFrameEdits(session)
  const { probes, add: addProbe, remove: removeProbe } = useProbes(cluster)
  const watched = useMemo(() => evaluateFlows(cluster, config.flows), [cluster, config.flows])
  const drawn = useMemo(() => [...watched, ...probes.map((p) => p.flow)], [watched, probes])
  const { editable, issues, errorCount } = useMemo(() => {
    const editable = session.files.filter((f) => f.editable)
    const issues = editable.flatMap((f) => session.issuesOf(f.name))
    return { editable, issues, errorCount: issues.filter((i) => i.severity === 'error').length }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the session is mutable; its version says when it changed
  }, [session, version])

  const panel = (p: Panel) => {
    switch (p) {
      case 'cluster':
        return <ClusterView cluster={cluster} flows={drawn} onProbe={addProbe} />
      case 'editor':
        return <PolicyEditor labId={config.id} files={editable} issues={issues} onChange={onEdit} />
      case 'terminal':
        return <LabTerminal labId={config.id} session={session} />
      case 'traffic':
        return (
          <TrafficPanel cluster={cluster} watched={watched} probes={probes} onRemoveProbe={removeProbe} />
        )
    }
  }

  return (
    <div className="lab-runtime" data-lab-ready="true">
      <div className="lab-toolbar">
        <label>
          CNI <CniSelect session={session} />
        </label>
        <span className="lab-cni-summary">{CNI_PROFILES[session.cni].summary}</span>
        <span className="lab-toolbar-spacer" />
        {/* Kept on the page so screen readers announce when errors appear. */}
        <span className="lab-errors" role="status">
          {errorCount ? (
            <>
              <span aria-hidden="true">✖</span> {errorCount} error{errorCount === 1 ? '' : 's'} in your files
            </>
          ) : null}
        </span>
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

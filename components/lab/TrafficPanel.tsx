'use client'
// The flows the lab watches and the ones probed, each with its verdict and reason; the
// whole connectivity matrix for a port on demand.
import { useState } from 'react'
import type { FlowResult } from '@/lib/session/flows'
import type { Probe } from './use-probes'
import type { Cluster } from '@/lib/sim/model/types'
import { FlowRow } from './FlowRow'
import { MatrixView } from './MatrixView'

export function TrafficPanel({
  cluster,
  watched,
  probes,
  onRemoveProbe,
}: {
  cluster: Cluster
  watched: FlowResult[]
  probes: Probe[]
  onRemoveProbe: (id: number) => void
}) {
  const [matrix, setMatrix] = useState(false)
  const allowed = watched.filter((f) => f.verdict === 'allowed').length
  return (
    <div className="traffic">
      {watched.length ? (
        <>
          <h3 className="panel-subtitle">
            Watched flows{' '}
            <span className="muted">
              ({allowed} of {watched.length} allowed)
            </span>
          </h3>
          <ul className="flows" aria-live="polite">
            {watched.map((f, i) => (
              // Watched flows come from the lab's fixed list: their position is their identity.
              <FlowRow key={i} flow={f} />
            ))}
          </ul>
        </>
      ) : null}
      <h3 className="panel-subtitle">Probes</h3>
      {probes.length ? (
        <ul className="flows">
          {probes.map((p) => (
            <FlowRow key={p.id} flow={p.flow} onRemove={() => onRemoveProbe(p.id)} />
          ))}
        </ul>
      ) : (
        <p className="muted">Pick a source and a destination in the cluster view to probe a connection.</p>
      )}
      <button
        type="button"
        className="button secondary"
        aria-expanded={matrix}
        onClick={() => setMatrix((m) => !m)}
      >
        {matrix ? 'Hide the full matrix' : 'Show the full matrix'}
      </button>
      {matrix ? <MatrixView cluster={cluster} /> : null}
    </div>
  )
}

'use client'
// One flow: its ends, port and verdict (icon and words, never colour alone), with the
// engine's explanation one click away. Carries the test contract's data attributes.
import { useId, useState } from 'react'
import type { FlowResult } from '@/lib/session/flows'
import { FlowExplain } from './FlowExplain'

export function VerdictMark({ verdict }: { verdict: 'allowed' | 'dropped' }) {
  return verdict === 'allowed' ? (
    <span className="verdict verdict-allowed">
      <span aria-hidden="true">✔</span> allowed
    </span>
  ) : (
    <span className="verdict verdict-dropped">
      <span aria-hidden="true">✖</span> dropped
    </span>
  )
}

export function FlowRow({ flow, onRemove }: { flow: FlowResult; onRemove?: () => void }) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  return (
    <li
      className="flow"
      data-testid="flow"
      data-from={flow.from}
      data-to={flow.to}
      data-port={flow.port}
      data-verdict={flow.verdict}
      data-outcome={flow.outcome}
    >
      <div className="flow-line">
        <button
          type="button"
          className="flow-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          <VerdictMark verdict={flow.verdict} />
          <span className="flow-ends">
            {flow.spec.label ? <strong>{flow.spec.label}: </strong> : null}
            {flow.from} → {flow.to} <span className="flow-port">{flow.port}</span>
          </span>
        </button>
        {onRemove ? (
          <button
            type="button"
            className="lab-icon-button"
            aria-label={`Remove probe ${flow.from} to ${flow.to}`}
            onClick={onRemove}
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
      <p className="flow-reason">{flow.reason}</p>
      {open ? (
        <div id={panelId} className="flow-explain">
          {flow.result ? <FlowExplain result={flow.result} /> : <p>{flow.reason}</p>}
        </div>
      ) : null}
    </li>
  )
}

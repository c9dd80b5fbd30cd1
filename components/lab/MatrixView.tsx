'use client'
// The connectivity matrix for one port: every source pod (rows) against every
// destination (columns), each cell a flow of the test contract, explained on click.
import { useId, useMemo, useState } from 'react'
import { connectivityMatrix } from '@/lib/sim/matrix/matrix'
import type { Cluster } from '@/lib/sim/model/types'
import { parsePortSpec, portLabel } from '@/lib/session/targets'
import type { Traffic } from '@/lib/sim/policy/evaluate'
import { SYSTEM_NAMESPACES } from '@/lib/sim/cluster/builtins'

const MAX_PEERS = 60
const EXTERNAL = '203.0.113.10'

export function MatrixView({
  cluster,
  initialPort = '80/TCP',
  onPortChange,
}: {
  cluster: Cluster
  initialPort?: string
  /** told each valid port typed, so a share link can keep it */
  onPortChange?: (port: string) => void
}) {
  const [portText, setPortText] = useState(initialPort)
  const [selected, setSelected] = useState<[number, number] | undefined>()
  const id = useId()
  let error: string | undefined
  let traffic: Traffic = { protocol: 'TCP', port: 80 }
  try {
    const p = parsePortSpec(portText)
    traffic = p.protocol === 'ICMP' ? { protocol: 'ICMP' } : { protocol: p.protocol ?? 'TCP', port: p.port! }
  } catch (e) {
    error = (e as Error).message
  }
  const matrix = useMemo(
    () => connectivityMatrix(cluster, { ...traffic, externals: [EXTERNAL] }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cluster, traffic.protocol, traffic.port],
  )
  const shown = matrix.peers
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.kind === 'external' || !SYSTEM_NAMESPACES.has(p.pod.namespace))
  const peers = shown.slice(0, MAX_PEERS)
  const port = portLabel(traffic)
  const explained = selected ? matrix.explain(selected[0], selected[1]) : undefined
  const short = (label: string) => label.replace(/^[^/]+\//, '')

  return (
    <div className="matrix">
      <div className="matrix-controls">
        <label htmlFor={`${id}-port`}>Port</label>
        <input
          id={`${id}-port`}
          value={portText}
          onChange={(e) => {
            setPortText(e.target.value)
            try {
              onPortChange?.(portLabel(parsePortSpec(e.target.value)))
            } catch {
              // not a port yet: the field says why
            }
          }}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-err` : undefined}
          size={9}
          spellCheck={false}
        />
        {error ? (
          <span id={`${id}-err`} className="error-text">
            {error}
          </span>
        ) : null}
      </div>
      {shown.length > MAX_PEERS ? (
        <p className="muted">
          Showing the first {MAX_PEERS} of {shown.length} peers.
        </p>
      ) : null}
      <div className="matrix-scroll" tabIndex={0} role="region" aria-label={`Matrix on ${port}`}>
        <table className="matrix-table">
          <caption>Who can open a connection to whom on {port} (rows: source, columns: destination)</caption>
          <thead>
            <tr>
              <th scope="col">From \ To</th>
              {peers.map(({ p }) => (
                <th key={p.label} scope="col" title={p.label}>
                  {short(p.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {peers.map(({ p: src, i: s }) => (
              <tr key={src.label}>
                <th scope="row" title={src.label}>
                  {short(src.label)}
                </th>
                {peers.map(({ p: dst, i: d }) => {
                  if (src.kind === 'external' && dst.kind === 'external')
                    return <td key={dst.label} className="matrix-na" />
                  const verdict = matrix.allowed(s, d) ? 'allowed' : 'dropped'
                  return (
                    <td key={dst.label}>
                      <button
                        type="button"
                        className={`matrix-cell matrix-${verdict}`}
                        data-testid="flow"
                        data-from={src.label}
                        data-to={dst.label}
                        data-port={port}
                        data-verdict={verdict}
                        aria-label={`${src.label} to ${dst.label}: ${verdict}`}
                        aria-pressed={selected?.[0] === s && selected?.[1] === d}
                        onClick={() => setSelected([s, d])}
                      >
                        <span aria-hidden="true">{verdict === 'allowed' ? '✔' : '✖'}</span>
                      </button>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {explained && selected ? (
        <div className="matrix-explain" aria-live="polite">
          <p>
            <strong>
              {matrix.peers[selected[0]]!.label} → {matrix.peers[selected[1]]!.label} on {port}:{' '}
              {explained.allowed ? 'allowed' : 'dropped'}
            </strong>
          </p>
          <ul>
            {explained.egress ? (
              <li>Egress: {explained.egress.text}</li>
            ) : (
              <li>Egress: outside the cluster, no policy applies</li>
            )}
            {explained.ingress ? (
              <li>Ingress: {explained.ingress.text}</li>
            ) : (
              <li>Ingress: outside the cluster, no policy applies</li>
            )}
          </ul>
        </div>
      ) : null}
    </div>
  )
}

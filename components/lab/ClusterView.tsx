'use client'
// The cluster at a glance: nodes with their pods (name, labels, IP) and the Services, and
// a form to probe a connection between any two of them.
import { memo, useCallback, useId, useState } from 'react'
import type { FlowResult } from '@/lib/session/flows'
import type { Cluster, Pod } from '@/lib/sim/model/types'
import { formatLabels } from '@/lib/sim/policy/selector'
import type { FlowSpec } from './config'
import { FlowArrows } from './FlowArrows'
import { SYSTEM_NAMESPACES } from '@/lib/sim/cluster/builtins'

type Pick = (role: 'from' | 'to', pod: Pod) => void

// An edit gives every pod a new object but rarely changes what its card shows: the cards
// of a 30-pod lab are drawn again only when their own text does.
const PodCard = memo(PodCardView, (a, b) => a.onPick === b.onPick && samePodCard(a.pod, b.pod))

function samePodCard(a: Pod, b: Pod): boolean {
  if (a === b) return true
  if (a.id !== b.id || a.ip !== b.ip || a.hostNetwork !== b.hostNetwork) return false
  return formatLabels(a.labels) === formatLabels(b.labels)
}

function PodCardView({ pod, onPick }: { pod: Pod; onPick: Pick }) {
  return (
    <li className="pod" data-pod={pod.id}>
      <div className="pod-name">
        {pod.namespace}/{pod.name}
      </div>
      <div className="pod-ip">
        {pod.ip || '<none>'}
        {pod.hostNetwork ? ' (host network)' : ''}
      </div>
      <div className="pod-labels">{formatLabels(pod.labels)}</div>
      <div className="pod-actions">
        <button
          type="button"
          className="chip-button"
          aria-label={`Probe from ${pod.id}`}
          onClick={() => onPick('from', pod)}
        >
          from
        </button>
        <button
          type="button"
          className="chip-button"
          aria-label={`Probe to ${pod.id}`}
          onClick={() => onPick('to', pod)}
        >
          to
        </button>
      </div>
    </li>
  )
}

export function ClusterView({
  cluster,
  onProbe,
  flows = [],
}: {
  cluster: Cluster
  onProbe: (flow: FlowSpec) => void
  /** flows to draw between the pods */
  flows?: FlowResult[]
}) {
  const [showSystem, setShowSystem] = useState(false)
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [port, setPort] = useState('80/TCP')
  const ids = useId()
  const pods = cluster.pods.filter((p) => showSystem || !SYSTEM_NAMESPACES.has(p.namespace))
  const services = cluster.services.filter((s) => showSystem || !SYSTEM_NAMESPACES.has(s.namespace))
  // The To list also holds Services, so its pod entries carry a `pod/` prefix.
  const pick = useCallback<Pick>(
    (role, pod) => (role === 'from' ? setFrom(pod.id) : setTo(`pod/${pod.id}`)),
    [],
  )
  // What moves the cards on the page: the arrows measure them again only when it changes.
  const layoutKey = [
    cluster.nodes.map((n) => n.name).join(' '),
    ...pods.map((p) => `${p.id} ${p.nodeName} ${p.ip} ${p.hostNetwork} ${formatLabels(p.labels)}`),
  ].join('\n')

  return (
    <div className="cluster-view">
      <div className="cluster-meta">
        <span>
          {cluster.cni.displayName}:{' '}
          {cluster.cni.policy.enforcesNetworkPolicy
            ? 'enforces NetworkPolicy'
            : 'does not enforce NetworkPolicy'}
        </span>
        <label className="inline-check">
          <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} />{' '}
          Show system pods
        </label>
      </div>
      <div className="nodes-frame">
        <ul className="nodes" aria-label="Nodes">
          {cluster.nodes.map((n) => {
            const here = pods.filter((p) => p.nodeName === n.name)
            return (
              <li key={n.name} className="node">
                <div className="node-head">
                  <span className="node-name">{n.name}</span>
                  <span className="node-ip">
                    {n.ip} · pods {n.podRanges.join(', ')}
                  </span>
                </div>
                {here.length ? (
                  <ul className="pods" aria-label={`Pods on ${n.name}`}>
                    {here.map((p) => (
                      <PodCard key={p.id} pod={p} onPick={pick} />
                    ))}
                  </ul>
                ) : (
                  <p className="muted">No pods</p>
                )}
              </li>
            )
          })}
        </ul>
        <FlowArrows flows={flows} layoutKey={layoutKey} />
      </div>
      {flows.length ? (
        <p className="flow-legend muted">
          Arrows: <span aria-hidden="true">✔</span> solid, allowed; <span aria-hidden="true">✖</span> dashed,
          dropped. Every flow is listed with its reason in the traffic panel.
        </p>
      ) : null}
      {services.length ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Services (scrolls sideways)">
          <table className="services">
            <caption>Services</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Cluster IP</th>
                <th scope="col">Ports</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td>{s.type}</td>
                  <td>{s.clusterIP ?? '<none>'}</td>
                  <td>
                    {s.ports
                      .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol}`)
                      .join(', ') || '<none>'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form
        className="probe-form"
        aria-label="Probe a connection"
        onSubmit={(e) => {
          e.preventDefault()
          if (from && to) onProbe({ from, to, port: port.trim() || '80/TCP' })
        }}
      >
        <label htmlFor={`${ids}-from`}>From</label>
        <select id={`${ids}-from`} value={from} onChange={(e) => setFrom(e.target.value)} required>
          <option value="">Choose a pod…</option>
          {pods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id}
            </option>
          ))}
          {cluster.nodes.map((n) => (
            <option key={n.name} value={`node/${n.name}`}>
              node/{n.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-to`}>To</label>
        <select id={`${ids}-to`} value={to} onChange={(e) => setTo(e.target.value)} required>
          <option value="">Choose a pod or Service…</option>
          <optgroup label="Pods">
            {pods.map((p) => (
              <option key={p.id} value={`pod/${p.id}`}>
                {p.id}
              </option>
            ))}
          </optgroup>
          <optgroup label="Services">
            {services.map((s) => (
              <option key={s.id} value={`svc/${s.id}`}>
                {s.id}
              </option>
            ))}
          </optgroup>
        </select>
        <label htmlFor={`${ids}-port`}>Port</label>
        <input
          id={`${ids}-port`}
          value={port}
          onChange={(e) => setPort(e.target.value)}
          size={9}
          spellCheck={false}
        />
        <button type="submit" className="button">
          Probe
        </button>
      </form>
    </div>
  )
}

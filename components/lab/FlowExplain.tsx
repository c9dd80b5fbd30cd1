// The engine's trace of one connection, step by step.
import type { SimResult } from '@/lib/sim/simulate/simulate'

const STEP: Record<string, string> = {
  dns: 'DNS',
  dnat: 'DNAT',
  snat: 'SNAT',
  'egress-policy': 'Egress policy',
  'ingress-policy': 'Ingress policy',
  'l7-policy': 'HTTP policy',
  route: 'Route',
  encap: 'Encapsulate',
  decap: 'Decapsulate',
  deliver: 'Deliver',
  reject: 'Reject',
  drop: 'Drop',
  reply: 'Reply',
}

const OUTCOME: Record<SimResult['outcome'], string> = {
  connected: 'Connected',
  'timed-out': 'Dropped: the client times out',
  refused: 'Refused: connection refused',
  'no-such-host': 'No such host',
  'no-route': 'No route to host',
  invalid: 'Cannot simulate',
}

export function FlowExplain({ result }: { result: SimResult }) {
  return (
    <div className="trace">
      <p className="trace-outcome">
        <strong>{OUTCOME[result.outcome]}.</strong> {result.reason}
      </p>
      {result.backend ? (
        <p className="trace-backend">
          Backend: {result.backend.label}
          {result.backend.port ? ` (${result.backend.ip}:${result.backend.port})` : ''}
        </p>
      ) : null}
      <ol className="trace-steps">
        {result.trace.map((s, i) => (
          <li key={i} className={s.ok ? 'trace-step' : 'trace-step trace-step-stop'}>
            <span className="trace-kind">
              <span aria-hidden="true">{s.ok ? '✔' : '✖'}</span> {STEP[s.kind] ?? s.kind}
              {s.node ? <span className="trace-node"> on {s.node}</span> : null}
            </span>
            <span className="trace-title">{s.title}</span>
            {s.details.length ? (
              <ul className="trace-details">
                {s.details.map((d, j) => (
                  <li key={j}>{d}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {result.hops.length ? (
        <p className="trace-hops">Hops: {result.hops.map((h) => `${h.ip} (${h.label})`).join(' → ')}</p>
      ) : null}
    </div>
  )
}

// A simulated connection written out for a person: the outcome, then every step in order.
import type { SimResult } from './simulate'

const OUTCOME: Record<SimResult['outcome'], string> = {
  connected: 'CONNECTED',
  'timed-out': 'DROPPED (the client times out)',
  refused: 'REFUSED (connection refused)',
  'no-such-host': 'NO SUCH HOST',
  'no-route': 'NO ROUTE TO HOST',
  invalid: 'INVALID REQUEST',
}

const KIND_LABEL: Record<string, string> = {
  dns: 'DNS',
  dnat: 'DNAT',
  snat: 'SNAT',
  'egress-policy': 'EGRESS',
  'ingress-policy': 'INGRESS',
  'l7-policy': 'HTTP',
  route: 'ROUTE',
  encap: 'ENCAP',
  decap: 'DECAP',
  deliver: 'DELIVER',
  reject: 'REJECT',
  drop: 'DROP',
  reply: 'REPLY',
}

export function formatSimResult(r: SimResult, cniName?: string): string {
  const lines: string[] = []
  const from = r.from.ip
    ? `${r.from.label} (${r.from.ip}${r.from.node ? `, node ${r.from.node}` : ''})`
    : r.from.label
  const port = r.to.protocol === 'ICMP' ? 'ICMP' : `${r.to.port}/${r.to.protocol}`
  const to = `${r.to.label}${r.to.ip && r.to.ip !== r.to.label ? ` (${r.to.ip})` : ''} ${port}`
  lines.push(`From:    ${from}`)
  lines.push(`To:      ${to}`)
  if (r.backend)
    lines.push(`Backend: ${r.backend.label}${r.backend.port ? ` ${r.backend.ip}:${r.backend.port}` : ''}`)
  if (cniName) lines.push(`CNI:     ${cniName}`)
  lines.push(`Result:  ${OUTCOME[r.outcome]}`)
  lines.push(`Why:     ${r.reason}`)
  if (r.trace.length) {
    lines.push('', 'Trace:')
    r.trace.forEach((s, i) => {
      const mark = s.ok ? 'ok' : 'XX'
      lines.push(
        `  ${String(i + 1).padStart(2)}. [${mark}] ${(KIND_LABEL[s.kind] ?? s.kind).padEnd(7)} ${s.node ? `(${s.node}) ` : ''}${s.title}`,
      )
      for (const d of s.details) lines.push(`                 ${d}`)
    })
  }
  if (r.hops.length) lines.push('', `Hops:    ${r.hops.map((h) => `${h.ip} (${h.label})`).join(' → ')}`)
  return `${lines.join('\n')}\n`
}

// For tests that pin what an exercise means: compare the flows of two clusters (the start
// and a solution) against a rule that says which flows the task changes and how.
import { expect } from 'vitest'
import { flowTable, probesFor } from '../grading/flows'
import type { Probe } from '../grading/flows'
import type { MatrixPeer } from '../sim/matrix/matrix'
import type { Cluster } from '../sim/model/types'

export const OUTSIDE = '203.0.113.10'

/** What a flow is meant to be after the task; undefined: as it was (everything else unchanged). */
export type Rule = (src: MatrixPeer, dst: MatrixPeer, probe: Probe) => boolean | undefined

export const is = (p: MatrixPeer, label: string) => p.label === label
export const ns = (p: MatrixPeer) => (p.kind === 'pod' ? p.pod.namespace : undefined)
export const port = (p: Probe) => `${p.port}/${p.protocol}`

/**
 * Every flow whose verdict in `after` is not what `rule` says (or, where it says nothing, the
 * verdict in `before`), over every pod pair, an outside address, every container port and
 * the `extra` ports, which nothing needs to listen on: an answer that opens more ports than
 * the task allows differs there.
 */
export function deviations(before: Cluster, after: Cluster, rule: Rule, extra: readonly string[]): string[] {
  const probes = probesFor([before, after], extra)
  const start = flowTable(before, probes, [OUTSIDE])
  const end = flowTable(after, probes, [OUTSIDE])
  expect(end.labels).toEqual(start.labels)
  const out: string[] = []
  probes.forEach((probe, k) => {
    const a = start.matrices[k]!
    const b = end.matrices[k]!
    a.peers.forEach((src, s) =>
      a.peers.forEach((dst, d) => {
        if (s === d || (src.kind === 'external' && dst.kind === 'external')) return
        const want = rule(src, dst, probe) ?? a.allowed(s, d)
        const got = b.allowed(s, d)
        if (got !== want)
          out.push(
            `${src.label} → ${dst.label}:${port(probe)} is ${got ? 'allowed' : 'dropped'}, meant ${want ? 'allowed' : 'dropped'}`,
          )
      }),
    )
  })
  return out
}

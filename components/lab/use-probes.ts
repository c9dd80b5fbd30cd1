'use client'
// Connections the learner probes from the cluster view, each simulated against the cluster
// as it is now, with an id so rows keep their open explanation when others are removed.
import { useCallback, useMemo, useRef, useState } from 'react'
import { evaluateFlows } from '@/lib/session/flows'
import type { FlowResult, FlowSpec } from '@/lib/session/flows'
import type { Cluster } from '@/lib/sim/model/types'

export interface Probe {
  id: number
  flow: FlowResult
}

export function useProbes(cluster: Cluster) {
  const [specs, setSpecs] = useState<{ id: number; spec: FlowSpec }[]>([])
  const next = useRef(0)
  const probes: Probe[] = useMemo(() => {
    const flows = evaluateFlows(
      cluster,
      specs.map((s) => s.spec),
    )
    return specs.map((s, i) => ({ id: s.id, flow: flows[i]! }))
  }, [cluster, specs])
  const add = useCallback((spec: FlowSpec) => setSpecs((ps) => [...ps, { id: next.current++, spec }]), [])
  const remove = useCallback((id: number) => setSpecs((ps) => ps.filter((p) => p.id !== id)), [])
  const clear = useCallback(() => setSpecs([]), [])
  return { probes, add, remove, clear }
}

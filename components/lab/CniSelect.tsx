'use client'
// The CNI profile a lab or the playground simulates.
import { CNI_NAMES, CNI_PROFILES, isCniName } from '@/lib/sim/cni/profiles'
import type { LabSession } from '@/lib/session/session'

export function CniSelect({ session, id }: { session: LabSession; id?: string }) {
  return (
    <select
      id={id}
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
  )
}

// Policy objects of the kinds beyond NetworkPolicy, placed in the cluster according to the
// CNI profile (PolicyBehaviour.extensions): enforced, stored without effect, or refused
// because the cluster has no definition of the kind.
import type { CniProfile, ExtensionKind } from '../cni/profiles'
import { EXTENSION_KINDS } from '../cni/profiles'
import type { Issue } from '../manifest/issues'
import type { KubeObject } from '../manifest/load'
import type {
  CiliumNetworkPolicy,
  ClusterNetworkPolicy,
  GlobalNetworkPolicy,
  InertPolicy,
} from '../model/types'
import { httpRegex } from '../policy/tiers'
import {
  normalizeCiliumNetworkPolicy,
  normalizeClusterNetworkPolicy,
  normalizeGlobalNetworkPolicy,
} from '../policy/normalize-extensions'
import { byCodeUnit } from '../util/json'

export interface PlacedExtensions {
  clusterPolicies: ClusterNetworkPolicy[]
  calicoPolicies: GlobalNetworkPolicy[]
  ciliumPolicies: CiliumNetworkPolicy[]
  inertPolicies: InertPolicy[]
}

const isExtension = (kind: string): kind is ExtensionKind =>
  (EXTENSION_KINDS as readonly string[]).includes(kind)

const idOf = (o: KubeObject) => (o.namespace ? `${o.namespace}/${o.name}` : o.name)

/** kubectl's answer when the API server does not know the kind (a CRD that is not installed). */
export function noMatchesMessage(
  o: Pick<KubeObject, 'kind' | 'apiVersion' | 'name' | 'namespace'>,
  file: string,
): string {
  return `error: resource mapping not found for name: "${o.name}" namespace: "${o.namespace ?? ''}" from "${file}": no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`
}

/** Whether the cluster's API server serves this kind at all. */
export function kindServed(cni: CniProfile, kind: string): boolean {
  return !isExtension(kind) || cni.policy.extensions[kind].support !== 'absent'
}

/**
 * The rules the agent refuses although the API server stored them: Cilium compiles the
 * HTTP rules' regular expressions and rejects the whole policy when one does not compile.
 */
function ciliumRejection(p: CiliumNetworkPolicy): string | undefined {
  for (const key of ['ingress', 'egress'] as const)
    for (const rule of p[key])
      for (const pr of rule.toPorts)
        for (const h of pr.http ?? [])
          for (const field of ['method', 'path', 'host'] as const) {
            const re = h[field]
            if (re && !httpRegex(re))
              return `${p.path}.${key}[${rule.index}].toPorts[${pr.index}].rules.http[${h.index}].${field}: ${JSON.stringify(re)} is not a valid regular expression for Envoy (RE2)`
          }
  return undefined
}

export function placeExtensions(
  objects: readonly KubeObject[],
  cni: CniProfile,
  issues: Issue[],
): PlacedExtensions {
  const out: PlacedExtensions = {
    clusterPolicies: [],
    calicoPolicies: [],
    ciliumPolicies: [],
    inertPolicies: [],
  }
  for (const o of objects) {
    if (!isExtension(o.kind)) continue
    const support = cni.policy.extensions[o.kind]
    if (support.support === 'absent') {
      issues.push({
        severity: 'error',
        code: 'unknown-kind',
        message: noMatchesMessage(o, o.source.file),
        summary: `no matches for kind "${o.kind}" in version "${o.apiVersion}": ${support.note}`,
        kind: o.kind,
        name: o.name,
        namespace: o.namespace,
        source: o.source,
        pos: o.locate(['kind']) ?? o.source.pos,
      })
      continue
    }
    if (support.support === 'ignored') {
      out.inertPolicies.push({ kind: o.kind, id: idOf(o), why: support.note, source: o.source })
      continue
    }
    if (o.kind === 'ClusterNetworkPolicy') out.clusterPolicies.push(normalizeClusterNetworkPolicy(o))
    else if (o.kind === 'GlobalNetworkPolicy') out.calicoPolicies.push(normalizeGlobalNetworkPolicy(o))
    else {
      const rules = normalizeCiliumNetworkPolicy(o)
      const rejected = rules.map(ciliumRejection).find((x) => x !== undefined)
      if (rejected) {
        issues.push({
          severity: 'warning',
          code: 'invalid',
          message: `cilium-agent does not import CiliumNetworkPolicy "${idOf(o)}": ${rejected}`,
          summary: `cilium-agent refuses this policy: ${rejected}`,
          kind: o.kind,
          name: o.name,
          namespace: o.namespace,
          source: o.source,
          pos: o.source.pos,
        })
        out.inertPolicies.push({
          kind: o.kind,
          id: idOf(o),
          why: `cilium-agent refused it (${rejected})`,
          source: o.source,
        })
        continue
      }
      out.ciliumPolicies.push(...rules)
    }
  }
  out.clusterPolicies.sort((a, b) => byCodeUnit(a.name, b.name))
  out.calicoPolicies.sort((a, b) => byCodeUnit(a.name, b.name))
  out.ciliumPolicies.sort((a, b) => byCodeUnit(a.id, b.id))
  return out
}

// A NetworkPolicy's spec as the API server returns it. The object is decoded into the Go
// types of k8s.io/api networking/v1 and stored as protobuf, so what comes back follows those
// types: fields they do not have are dropped, and a list or map tagged `omitempty` is left
// out when it is empty, whether the manifest wrote `egress: []`, `from: []` or nothing.
// (`ingress,omitempty`, `egress,omitempty`, `ports,omitempty`, `from,omitempty`,
// `to,omitempty`, `except,omitempty`; LabelSelector's `matchLabels,omitempty`,
// `matchExpressions,omitempty`, `values,omitempty`.) `podSelector` is a struct, not a
// pointer, so the spec always has one, `{}` at least. The API server also defaults
// policyTypes (NP-04) and each port's protocol (NP-17).
import type { JsonMap } from '../sim/util/json'
import { isObject, list, obj } from '../sim/util/json'

/** Keeps the listed keys that are present (not undefined) and not empty lists or maps. */
function compact(entries: [string, unknown][]): JsonMap {
  const out: JsonMap = {}
  for (const [k, v] of entries) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v) && !v.length) continue
    if (isObject(v) && !Object.keys(v).length && k !== 'podSelector' && k !== 'namespaceSelector') continue
    out[k] = v
  }
  return out
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined

function selector(v: unknown): JsonMap {
  const s = obj(v)
  const labels = isObject(s.matchLabels) ? s.matchLabels : undefined
  return compact([
    [
      'matchExpressions',
      list(s.matchExpressions).map((e) =>
        compact([
          ['key', e.key],
          ['operator', e.operator],
          ['values', strings(e.values)],
        ]),
      ),
    ],
    ['matchLabels', labels && Object.keys(labels).length ? { ...labels } : undefined],
  ])
}

function peer(v: JsonMap): JsonMap {
  const ip = isObject(v.ipBlock) ? v.ipBlock : undefined
  return compact([
    [
      'ipBlock',
      ip
        ? compact([
            ['cidr', ip.cidr],
            ['except', strings(ip.except)],
          ])
        : undefined,
    ],
    // A peer's selectors are pointers: present-but-empty (`{}`, every pod) stays.
    ['namespaceSelector', isObject(v.namespaceSelector) ? selector(v.namespaceSelector) : undefined],
    ['podSelector', isObject(v.podSelector) ? selector(v.podSelector) : undefined],
  ])
}

function port(v: JsonMap): JsonMap {
  return compact([
    ['endPort', v.endPort],
    ['port', v.port],
    ['protocol', typeof v.protocol === 'string' ? v.protocol : 'TCP'],
  ])
}

function rule(v: JsonMap, peers: 'from' | 'to'): JsonMap {
  return compact([
    [peers, list(v[peers]).map(peer)],
    ['ports', list(v.ports).map(port)],
  ])
}

/** The spec the API server stores for `spec`, with the policy types it defaulted. */
export function storedPolicySpec(spec: unknown, policyTypes: readonly string[]): JsonMap {
  const s = obj(spec)
  return compact([
    ['egress', list(s.egress).map((r) => rule(r, 'to'))],
    ['ingress', list(s.ingress).map((r) => rule(r, 'from'))],
    ['podSelector', selector(s.podSelector)],
    ['policyTypes', [...policyTypes]],
  ])
}

// A JSON Schema (draft-07) of every kind the simulator reads, derived from the same field
// tree as strict decoding, for the lab editor's validation and completion. Unknown fields
// are flagged (additionalProperties: false) exactly where the API server would refuse them.
import { ALL_KINDS as SUPPORTED_KINDS, ALL_SCHEMA_TYPES as SCHEMA_TYPES } from './kinds'

export type JsonSchema = Record<string, unknown>

// The OpenAPI models do not carry enums; these are the values the API server accepts.
const ENUMS: Record<string, Record<string, string[]>> = {
  V1NetworkPolicyPort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1ServicePort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1ContainerPort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  DiscoveryV1EndpointPort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1LabelSelectorRequirement: { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
  V1ServiceSpec: {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    sessionAffinity: ['None', 'ClientIP'],
  },
  V1EndpointSlice: { addressType: ['IPv4', 'IPv6', 'FQDN'] },
  V1PodSpec: {
    dnsPolicy: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
    restartPolicy: ['Always', 'OnFailure', 'Never'],
  },
  // The CRDs' enums (network-policy-api v0.2.0; Calico's and Cilium's references).
  V1alpha2ClusterNetworkPolicySpec: { tier: ['Admin', 'Baseline'] },
  V1alpha2ClusterNetworkPolicyIngressRule: { action: ['Accept', 'Deny', 'Pass'] },
  V1alpha2ClusterNetworkPolicyEgressRule: { action: ['Accept', 'Deny', 'Pass'] },
  V3Rule: { action: ['Allow', 'Deny', 'Log', 'Pass'] },
  V2PortProtocol: { protocol: ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6', 'VRRP', 'IGMP', 'ANY'] },
}
const CILIUM_ENTITIES = [
  'all',
  'world',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'ingress',
  'init',
  'health',
  'unmanaged',
]
const ITEM_ENUMS: Record<string, Record<string, string[]>> = {
  V1NetworkPolicySpec: { policyTypes: ['Ingress', 'Egress'] },
  V3GlobalNetworkPolicySpec: { types: ['Ingress', 'Egress'] },
  V2IngressRule: { fromEntities: CILIUM_ENTITIES },
  V2IngressDenyRule: { fromEntities: CILIUM_ENTITIES },
  V2EgressRule: { toEntities: CILIUM_ENTITIES },
  V2EgressDenyRule: { toEntities: CILIUM_ENTITIES },
}

// Fields whose OpenAPI documentation the generated models leave out, worded from the API reference.
const EXTRA_DOCS: Record<string, Record<string, string>> = {
  V1NetworkPolicySpec: {
    podSelector:
      'Selects the pods in this namespace the policy applies to. An empty selector ({}) selects every pod in the namespace.',
  },
  V1NetworkPolicyPeer: {
    podSelector:
      "Selects pods: in the policy's namespace, or, together with namespaceSelector, in the namespaces it selects.",
    namespaceSelector:
      'Selects namespaces by their labels (every namespace has kubernetes.io/metadata.name). With podSelector in the same element the two are ANDed.',
    ipBlock: 'A CIDR range (with optional exceptions), meant for addresses outside the cluster.',
  },
  V1NetworkPolicyPort: {
    port: 'A port number or a named container port of the destination pod (the targetPort, never the Service port).',
  },
  V1NetworkPolicyIngressRule: {
    from: 'Sources this rule admits; missing or empty means every source. Elements are ORed.',
  },
  V1NetworkPolicyEgressRule: {
    to: 'Destinations this rule admits; missing or empty means every destination. Elements are ORed.',
  },
  V1alpha2ClusterNetworkPolicySpec: {
    tier: 'Admin: evaluated before NetworkPolicies, which cannot override it. Baseline: after them, for what they leave open.',
    priority: '0 to 1000; a lower number is evaluated first within the tier.',
    subject: 'The pods the policy applies to: exactly one of namespaces or pods.',
  },
  V1alpha2ClusterNetworkPolicyIngressRule: {
    action: 'Accept or Deny: final. Pass: skip the rest of this tier and go on to the next one.',
    from: 'Sources; at least one. Each peer sets exactly one of namespaces or pods.',
  },
  V1alpha2ClusterNetworkPolicyEgressRule: {
    action: 'Accept or Deny: final. Pass: skip the rest of this tier and go on to the next one.',
    to: 'Destinations; at least one. Each peer sets exactly one of namespaces, pods, nodes, networks or domainNames.',
  },
  V3GlobalNetworkPolicySpec: {
    order:
      'Lower first. Kubernetes NetworkPolicies count as order 1000; a policy without order comes after every ordered one.',
    selector:
      "The endpoints the policy applies to, in Calico's selector syntax: app == 'db' && !has(canary). Empty: all().",
    types: 'Ingress, Egress or both; by default from the rules present.',
  },
  V3Rule: {
    action: 'Allow and Deny are final; Pass goes on to the next tier; Log logs and goes on to the next rule.',
  },
  V2Rule: {
    endpointSelector: "The pods of the policy's namespace it applies to.",
  },
  V2PortRuleHTTP: {
    method: 'An extended regular expression matched against the whole method, e.g. GET.',
    path: 'An extended regular expression matched against the whole path, e.g. /public or /api/.*.',
  },
}

function typeSchema(t: string, defs: Set<string>): JsonSchema {
  if (t.startsWith('[]')) return { type: 'array', items: typeSchema(t.slice(2), defs) }
  if (t.startsWith('map[')) return { type: 'object', additionalProperties: typeSchema(t.slice(4, -1), defs) }
  switch (t) {
    case 'string':
    case 'date':
      return { type: 'string' }
    case 'integer':
      return { type: 'integer' }
    case 'number':
      return { type: 'number' }
    case 'boolean':
      return { type: 'boolean' }
    case 'int-or-string':
      return { type: ['integer', 'string'] }
    case 'quantity':
      return { type: ['string', 'number'] }
    case 'any':
      return {}
    default:
      defs.add(t)
      return { $ref: `#/definitions/${t}` }
  }
}

/**
 * The schema of a manifest document of any supported kind. `descriptions` (model → field
 * → text) adds hover text; leave it out for a smaller schema.
 */
export function manifestJsonSchema(descriptions: Record<string, Record<string, string>> = {}): JsonSchema {
  const defs = new Set<string>()
  const definitions: Record<string, JsonSchema> = {}
  const kinds = Object.entries(SUPPORTED_KINDS)
  const branches = kinds.map(([kind, spec]) => ({
    if: { properties: { kind: { const: kind } }, required: ['kind'] },
    then: { $ref: `#/definitions/${spec.model}` },
  }))
  for (const [, spec] of kinds) defs.add(spec.model)
  const done = new Set<string>()
  while (defs.size > done.size) {
    for (const model of [...defs]) {
      if (done.has(model)) continue
      done.add(model)
      const fields = SCHEMA_TYPES[model] ?? {}
      const properties: Record<string, JsonSchema> = {}
      const required: string[] = []
      for (const [name, f] of Object.entries(fields)) {
        const s = typeSchema(f.t, defs)
        const en = ENUMS[model]?.[name]
        if (en) s.enum = en
        const itemEnum = ITEM_ENUMS[model]?.[name]
        if (itemEnum) s.items = { type: 'string', enum: itemEnum }
        const doc = EXTRA_DOCS[model]?.[name] ?? descriptions[model]?.[name]
        if (doc) s.description = doc
        properties[name] = s
        if (f.r) required.push(name)
      }
      const kind = kinds.find(([, k]) => k.model === model)
      if (kind) {
        properties.kind = { ...properties.kind, const: kind[0] }
        properties.apiVersion = { ...properties.apiVersion, enum: kind[1].apiVersions }
        required.push('apiVersion', 'kind')
      }
      definitions[model] = {
        type: 'object',
        properties,
        additionalProperties: false,
        ...(required.length ? { required } : {}),
      }
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Kubernetes manifest (the kinds the lab simulates)',
    type: 'object',
    properties: {
      kind: { type: 'string', enum: [...kinds.map(([k]) => k), 'List'] },
      apiVersion: { type: 'string' },
    },
    required: ['apiVersion', 'kind'],
    allOf: branches,
    definitions,
  }
}

// ClusterNetworkPolicy, Calico GlobalNetworkPolicy and CiliumNetworkPolicy objects (already
// validated) in the form the evaluator and the matrix use, with the defaults their API
// servers and agents apply.
import type { KubeObject } from '../manifest/load'
import type {
  CalicoEntityRule,
  CalicoPort,
  CalicoProtocol,
  CalicoRule,
  CiliumHttpRule,
  CiliumNetworkPolicy,
  CiliumPortRule,
  CiliumRule,
  ClusterNetworkPolicy,
  CnpNamespacedPods,
  CnpPeer,
  CnpPort,
  CnpRule,
  GlobalNetworkPolicy,
  LabelSelector,
  Protocol,
} from '../model/types'
import { parseCalicoSelector } from './calico-selector'
import { parseSelector } from './selector'
import { list, obj } from '../util/json'
import type { JsonMap } from '../util/json'

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []

// ---- ClusterNetworkPolicy

function cnpPods(raw: unknown): CnpNamespacedPods {
  const p = obj(raw)
  return { namespaceSelector: parseSelector(p.namespaceSelector), podSelector: parseSelector(p.podSelector) }
}

function cnpPeer(raw: JsonMap): CnpPeer | undefined {
  if (raw.namespaces != null) return { kind: 'namespaces', namespaces: parseSelector(raw.namespaces) }
  if (raw.pods != null) return { kind: 'pods', pods: cnpPods(raw.pods) }
  if (raw.nodes != null) return { kind: 'nodes', nodes: parseSelector(raw.nodes) }
  if (raw.networks != null) return { kind: 'networks', networks: strings(raw.networks) }
  if (raw.domainNames != null) return { kind: 'domainNames', domainNames: strings(raw.domainNames) }
  return undefined
}

function cnpPorts(raw: unknown): CnpPort[] {
  const out: CnpPort[] = []
  for (const p of list(raw)) {
    if (typeof p.destinationNamedPort === 'string') {
      out.push({ namedPort: p.destinationNamedPort })
      continue
    }
    for (const [key, protocol] of [
      ['tcp', 'TCP'],
      ['udp', 'UDP'],
      ['sctp', 'SCTP'],
    ] as const) {
      if (p[key] == null) continue
      const dest = obj(obj(p[key]).destinationPort)
      const range = obj(dest.range)
      if (typeof dest.number === 'number') out.push({ protocol, first: dest.number, last: dest.number })
      else if (typeof range.start === 'number' && typeof range.end === 'number')
        out.push({ protocol, first: range.start, last: range.end })
      else out.push({ protocol })
    }
  }
  return out
}

function cnpRules(raw: unknown, peersKey: 'from' | 'to'): CnpRule[] {
  return list(raw).map((r, index) => {
    const rule: CnpRule = {
      index,
      action: r.action as CnpRule['action'],
      peers: list(r[peersKey])
        .map(cnpPeer)
        .filter((p): p is CnpPeer => p !== undefined),
      ports: cnpPorts(r.protocols),
    }
    if (typeof r.name === 'string' && r.name) rule.name = r.name
    return rule
  })
}

export function normalizeClusterNetworkPolicy(o: KubeObject): ClusterNetworkPolicy {
  const spec = obj(o.raw.spec)
  const subject = obj(spec.subject)
  return {
    name: o.name,
    tier: spec.tier as ClusterNetworkPolicy['tier'],
    priority: typeof spec.priority === 'number' ? spec.priority : 0,
    subject:
      subject.pods != null
        ? { pods: cnpPods(subject.pods) }
        : { namespaces: parseSelector(subject.namespaces) },
    ingress: cnpRules(spec.ingress, 'from'),
    egress: cnpRules(spec.egress, 'to'),
    source: o.source,
  }
}

// ---- Calico GlobalNetworkPolicy

const PROTOCOL_NUMBERS: Record<number, CalicoProtocol> = {
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  58: 'ICMPv6',
  132: 'SCTP',
  136: 'UDPLite',
}

function calicoProtocol(v: unknown): CalicoProtocol | undefined {
  if (typeof v === 'number') return PROTOCOL_NUMBERS[v] ?? v
  if (typeof v === 'string' && v) return /^\d+$/.test(v) ? calicoProtocol(Number(v)) : (v as CalicoProtocol)
  return undefined
}

function calicoPorts(raw: unknown): CalicoPort[] {
  const out: CalicoPort[] = []
  for (const p of Array.isArray(raw) ? raw : []) {
    if (typeof p === 'number') out.push({ first: p, last: p })
    else if (typeof p === 'string') {
      const range = /^(\d+):(\d+)$/.exec(p)
      if (range) out.push({ first: Number(range[1]), last: Number(range[2]) })
      else if (/^\d+$/.test(p)) out.push({ first: Number(p), last: Number(p) })
      else out.push({ name: p })
    }
  }
  return out
}

function entityRule(raw: unknown, unmodelled: string[], where: string): CalicoEntityRule {
  const e = obj(raw)
  const sel = (k: string) => (typeof e[k] === 'string' ? parseCalicoSelector(e[k]) : undefined)
  const rule: CalicoEntityRule = {
    nets: strings(e.nets),
    notNets: strings(e.notNets),
    ports: calicoPorts(e.ports),
    notPorts: calicoPorts(e.notPorts),
  }
  const selector = sel('selector')
  if (selector) rule.selector = selector
  const notSelector = sel('notSelector')
  if (notSelector) rule.notSelector = notSelector
  const namespaceSelector = sel('namespaceSelector')
  if (namespaceSelector) rule.namespaceSelector = namespaceSelector
  // The lab's clients use no fixed source port, so a source port match is not simulated.
  if (where === 'source' && (rule.ports.length || rule.notPorts.length)) unmodelled.push('source.ports')
  if (e.services != null) unmodelled.push(`${where}.services`)
  if (e.serviceAccounts != null) unmodelled.push(`${where}.serviceAccounts`)
  return rule
}

function calicoRules(raw: unknown): CalicoRule[] {
  return list(raw).map((r, index) => {
    const unmodelled: string[] = []
    const rule: CalicoRule = {
      index,
      action: r.action as CalicoRule['action'],
      source: entityRule(r.source, unmodelled, 'source'),
      destination: entityRule(r.destination, unmodelled, 'destination'),
      unmodelled,
    }
    const protocol = calicoProtocol(r.protocol)
    if (protocol !== undefined) rule.protocol = protocol
    const notProtocol = calicoProtocol(r.notProtocol)
    if (notProtocol !== undefined) rule.notProtocol = notProtocol
    // The lab's traffic is IPv4, TCP/UDP/SCTP/ICMP without ICMP types, and carries no HTTP
    // for Calico to match (its http match needs Istio's application layer policy).
    for (const k of ['http', 'icmp', 'notICMP']) if (r[k] != null) unmodelled.push(k)
    if (r.ipVersion === 6) unmodelled.push('ipVersion 6')
    return rule
  })
}

export function normalizeGlobalNetworkPolicy(o: KubeObject): GlobalNetworkPolicy {
  const spec = obj(o.raw.spec)
  const ingress = calicoRules(spec.ingress)
  const egress = calicoRules(spec.egress)
  let types = strings(spec.types) as ('Ingress' | 'Egress')[]
  // Calico's defaulting when `types` is empty: Ingress unless only egress rules are present.
  if (!types.length) {
    const hasIn = list(spec.ingress).length > 0
    const hasOut = list(spec.egress).length > 0
    types = hasOut && !hasIn ? ['Egress'] : hasOut ? ['Ingress', 'Egress'] : ['Ingress']
  }
  const policy: GlobalNetworkPolicy = {
    name: o.name,
    selector: parseCalicoSelector(typeof spec.selector === 'string' ? spec.selector : ''),
    types: [...new Set(types)],
    ingress,
    egress,
    hostEndpointsOnly: spec.doNotTrack === true || spec.preDNAT === true,
    source: o.source,
  }
  if (typeof spec.order === 'number') policy.order = spec.order
  if (typeof spec.namespaceSelector === 'string' && spec.namespaceSelector.trim())
    policy.namespaceSelector = parseCalicoSelector(spec.namespaceSelector)
  return policy
}

// ---- CiliumNetworkPolicy

/** Cilium's label source prefixes: `k8s:app` and `any:app` both mean the pod label `app`. */
export function ciliumKey(key: string): string {
  return key.replace(/^(k8s|any):/, '')
}

const NAMESPACE_KEY = 'io.kubernetes.pod.namespace'

function ciliumSelector(raw: unknown): LabelSelector {
  const s = parseSelector(raw)
  return {
    matchLabels: Object.fromEntries(Object.entries(s.matchLabels).map(([k, v]) => [ciliumKey(k), v])),
    matchExpressions: s.matchExpressions.map((e) => ({ ...e, key: ciliumKey(e.key) })),
  }
}

/**
 * In a namespaced CiliumNetworkPolicy, a selector that names no namespace applies within
 * the policy's own namespace (cilium/cilium#14580: "an empty EndpointSelector will select
 * all endpoints in the CiliumNetworkPolicy namespace").
 */
function inNamespace(sel: LabelSelector, namespace: string): LabelSelector {
  const names = NAMESPACE_KEY in sel.matchLabels || sel.matchExpressions.some((e) => e.key === NAMESPACE_KEY)
  return names ? sel : { ...sel, matchLabels: { ...sel.matchLabels, [NAMESPACE_KEY]: namespace } }
}

function ciliumHttp(raw: unknown): CiliumHttpRule[] {
  return list(raw).map((h, index) => {
    const rule: CiliumHttpRule = { index, headers: strings(h.headers) }
    if (typeof h.method === 'string' && h.method) rule.method = h.method
    if (typeof h.path === 'string' && h.path) rule.path = h.path
    if (typeof h.host === 'string' && h.host) rule.host = h.host
    return rule
  })
}

function ciliumPorts(raw: unknown): CiliumPortRule[] {
  return list(raw).map((r, index) => {
    const rule: CiliumPortRule = {
      index,
      ports: list(r.ports).map((p) => {
        const protocol = (
          typeof p.protocol === 'string' ? p.protocol : 'ANY'
        ) as CiliumPortRule['ports'][0]['protocol']
        const out: CiliumPortRule['ports'][0] = { protocol }
        const port = typeof p.port === 'string' ? p.port : typeof p.port === 'number' ? String(p.port) : ''
        if (/^\d+$/.test(port)) {
          if (Number(port) > 0) out.port = Number(port)
        } else if (port) out.name = port
        if (typeof p.endPort === 'number' && p.endPort > 0) out.endPort = p.endPort
        return out
      }),
    }
    const rules = obj(r.rules)
    if (rules.http != null) rule.http = ciliumHttp(rules.http)
    const other = ['dns', 'kafka', 'l7proto', 'l7'].filter((k) => rules[k] != null)
    if (other.length) rule.otherL7 = other.join(', ')
    return rule
  })
}

const UNMODELLED_RULE_FIELDS = [
  'fromRequires',
  'toRequires',
  'fromGroups',
  'toGroups',
  'toServices',
  'toFQDNs',
  'fromNodes',
  'toNodes',
  'icmps',
  'authentication',
]

function ciliumRules(raw: unknown, dir: 'from' | 'to', namespace: string): CiliumRule[] {
  return list(raw).map((r, index) => {
    const endpoints = r[`${dir}Endpoints`]
    const entities = r[`${dir}Entities`]
    const cidr = r[`${dir}CIDR`]
    const cidrSet = r[`${dir}CIDRSet`]
    const rule: CiliumRule = {
      index,
      endpoints: list(endpoints).map((s) => inNamespace(ciliumSelector(s), namespace)),
      entities: strings(entities),
      cidrs: [
        ...strings(cidr).map((c) => ({ cidr: c, except: [] })),
        ...list(cidrSet)
          .filter((c) => typeof c.cidr === 'string')
          .map((c) => ({ cidr: String(c.cidr), except: strings(c.except) })),
      ],
      hasL3: [
        endpoints,
        entities,
        cidr,
        cidrSet,
        r[`${dir}Nodes`],
        r[`${dir}Groups`],
        r.toFQDNs,
        r.toServices,
      ].some((v) => Array.isArray(v) && v.length > 0),
      toPorts: ciliumPorts(r.toPorts),
      unmodelled: UNMODELLED_RULE_FIELDS.filter(
        (k) => r[k] != null && !(Array.isArray(r[k]) && !r[k].length),
      ),
    }
    return rule
  })
}

function ciliumRule(o: KubeObject, raw: JsonMap, path: string, id: string): CiliumNetworkPolicy {
  const namespace = o.namespace!
  const deny = obj(raw.enableDefaultDeny)
  // A direction's section, even empty, puts the endpoints into default deny for it, unless
  // enableDefaultDeny says otherwise (docs.cilium.io, policy language: "Ingress/Egress
  // Default Deny"; api.Rule.EnableDefaultDeny).
  const has = (k: string) => Object.prototype.hasOwnProperty.call(raw, k)
  return {
    id,
    namespace,
    name: o.name,
    path,
    endpointSelector: inNamespace(ciliumSelector(raw.endpointSelector), namespace),
    ingress: ciliumRules(raw.ingress, 'from', namespace),
    egress: ciliumRules(raw.egress, 'to', namespace),
    ingressDeny: ciliumRules(raw.ingressDeny, 'from', namespace),
    egressDeny: ciliumRules(raw.egressDeny, 'to', namespace),
    defaultDeny: {
      ingress: typeof deny.ingress === 'boolean' ? deny.ingress : has('ingress') || has('ingressDeny'),
      egress: typeof deny.egress === 'boolean' ? deny.egress : has('egress') || has('egressDeny'),
    },
    source: o.source,
  }
}

/** One entry per rule: `spec`, then each of `specs`. Rules with a nodeSelector (host policies) are left out. */
export function normalizeCiliumNetworkPolicy(o: KubeObject): CiliumNetworkPolicy[] {
  const out: CiliumNetworkPolicy[] = []
  const base = `${o.namespace}/${o.name}`
  const spec = o.raw.spec
  if (spec && typeof spec === 'object' && !Array.isArray(spec) && (spec as JsonMap).nodeSelector == null)
    out.push(ciliumRule(o, spec as JsonMap, 'spec', base))
  list(o.raw.specs).forEach((r, i) => {
    if (r.nodeSelector == null) out.push(ciliumRule(o, r, `specs[${i}]`, `${base}#specs[${i}]`))
  })
  return out
}

export function isProtocol(p: unknown): p is Protocol {
  return p === 'TCP' || p === 'UDP' || p === 'SCTP'
}

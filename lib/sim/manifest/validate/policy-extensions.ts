// Validation of the policy kinds beyond NetworkPolicy, as the API server that serves each
// one checks it on create:
//
// - ClusterNetworkPolicy and CiliumNetworkPolicy are custom resources: the API server
//   checks them against the CRD's OpenAPI schema (enums, minimum and maximum, min/max
//   items and properties, CEL rules) and words errors as kube-openapi does, e.g.
//   `spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000`.
//   The ClusterNetworkPolicy rules are those of network-policy-api v0.2.0
//   (apis/v1alpha2/clusternetworkpolicy_types.go); label keys in a CRD are not checked.
// - GlobalNetworkPolicy is served by the Calico API server, whose validator checks
//   selectors, actions, protocols, ports and nets. The checks follow Calico's reference
//   tables; the wording is the lab's, in the API server's `field: Invalid value` form.
import type { FieldError } from './field-error'
import { invalid, required, tooLong, tooMany, unsupported } from './field-error'
import { isValidCIDR, parseCIDRSloppy } from './cidr'
import { validateObjectMeta } from './metadata'
import { isValidPortName, nameIsDNSSubdomain } from './names'
import type { JsonObject, Path } from './util'
import { asList, asObject, asString, isObject } from './util'
import { calicoSelectorError } from '../../policy/calico-selector'
import { fieldPath } from '../structural'

// ---- kube-openapi's wording for schema violations

const bodyInvalid = (path: Path, value: unknown, what: string): FieldError =>
  invalid(path, value, `${fieldPath(path)} in body ${what}`)

function itemsBetween(list: unknown, path: Path, min: number, max: number): FieldError[] {
  if (!Array.isArray(list)) return []
  if (list.length < min) return [bodyInvalid(path, list.length, `should have at least ${min} items`)]
  if (list.length > max) return [tooMany(path, list.length, max)]
  return []
}

/** MinProperties=1, MaxProperties=1: exactly one field set. */
function exactlyOne(v: unknown, path: Path): FieldError[] {
  if (!isObject(v)) return []
  const n = Object.keys(v).filter((k) => v[k] !== null && v[k] !== undefined).length
  if (n < 1) return [bodyInvalid(path, n, 'should have at least 1 properties')]
  if (n > 1) return [tooMany(path, n, 1)]
  return []
}

function intBetween(v: unknown, path: Path, min: number, max: number): FieldError[] {
  if (typeof v !== 'number') return []
  if (v < min) return [bodyInvalid(path, v, `should be greater than or equal to ${min}`)]
  if (v > max) return [bodyInvalid(path, v, `should be less than or equal to ${max}`)]
  return []
}

function oneOfValues(v: unknown, path: Path, values: string[]): FieldError[] {
  return typeof v === 'string' && !values.includes(v) ? [unsupported(path, v, values)] : []
}

/** A CEL rule of the CRD that failed: the value is shown as its type. */
const celFailed = (path: Path, type: string, message: string): FieldError => invalid(path, type, message)

// ---- ClusterNetworkPolicy (network-policy-api v0.2.0)

function validateCnpPort(port: unknown, path: Path): FieldError[] {
  const p = asObject(port)
  if (!p) return []
  const errs = exactlyOne(p, path)
  errs.push(...intBetween(p.number, [...path, 'number'], 1, 65535))
  const range = asObject(p.range)
  if (range) {
    if (range.start === undefined) errs.push(required([...path, 'range', 'start']))
    if (range.end === undefined) errs.push(required([...path, 'range', 'end']))
    errs.push(...intBetween(range.start, [...path, 'range', 'start'], 1, 65535))
    errs.push(...intBetween(range.end, [...path, 'range', 'end'], 1, 65535))
    if (typeof range.start === 'number' && typeof range.end === 'number' && !(range.start < range.end))
      errs.push(celFailed([...path, 'range'], 'object', 'Start port must be less than End port'))
  }
  return errs
}

function validateCnpProtocols(list: unknown, path: Path): FieldError[] {
  const errs = itemsBetween(list, path, 1, 25)
  asList(list).forEach((item, i) => {
    const p = asObject(item)
    const at = [...path, i]
    errs.push(...exactlyOne(p, at))
    for (const proto of ['tcp', 'udp', 'sctp']) {
      const x = asObject(p?.[proto])
      if (!x) continue
      errs.push(...exactlyOne(x, [...at, proto]))
      errs.push(...validateCnpPort(x.destinationPort, [...at, proto, 'destinationPort']))
    }
  })
  return errs
}

function validateCnpPods(v: unknown, path: Path): FieldError[] {
  const p = asObject(v)
  if (!p) return []
  return p.podSelector === undefined || p.podSelector === null ? [required([...path, 'podSelector'])] : []
}

function validateCnpPeers(list: unknown, path: Path, egress: boolean): FieldError[] {
  if (list === undefined || list === null) return [required(path)]
  const errs = itemsBetween(list, path, 1, 25)
  asList(list).forEach((item, i) => {
    const p = asObject(item)
    const at = [...path, i]
    errs.push(...exactlyOne(p, at))
    errs.push(...validateCnpPods(p?.pods, [...at, 'pods']))
    if (!egress) return
    const networks = p?.networks
    errs.push(...itemsBetween(networks, [...at, 'networks'], 1, 25))
    asList(networks).forEach((n, j) => {
      if (!parseCIDRSloppy(asString(n)))
        errs.push(celFailed([...at, 'networks', j], 'string', 'Invalid CIDR format provided'))
    })
    errs.push(...itemsBetween(p?.domainNames, [...at, 'domainNames'], 1, 25))
    asList(p?.domainNames).forEach((n, j) => {
      if (
        !/^(\*\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/.test(
          asString(n),
        )
      )
        errs.push(
          bodyInvalid(
            [...at, 'domainNames', j],
            asString(n),
            "should match '^(\\*\\.)?([a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-Z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$'",
          ),
        )
    })
  })
  return errs
}

function validateCnpRules(list: unknown, path: Path, egress: boolean): FieldError[] {
  const errs = itemsBetween(list, path, 0, 25)
  asList(list).forEach((item, i) => {
    const r = asObject(item) ?? {}
    const at = [...path, i]
    if (typeof r.name === 'string' && r.name.length > 100) errs.push(tooLong([...at, 'name'], 100))
    if (r.action === undefined || r.action === null) errs.push(required([...at, 'action']))
    errs.push(...oneOfValues(r.action, [...at, 'action'], ['Accept', 'Deny', 'Pass']))
    const peersKey = egress ? 'to' : 'from'
    errs.push(...validateCnpPeers(r[peersKey], [...at, peersKey], egress))
    if (r.protocols !== undefined && r.protocols !== null)
      errs.push(...validateCnpProtocols(r.protocols, [...at, 'protocols']))
    if (
      egress &&
      asList(r.to).some((p) => {
        const x = asObject(p)
        return !!x && (x.networks != null || x.nodes != null || x.domainNames != null)
      }) &&
      asList(r.protocols).some((p) => typeof asObject(p)?.destinationNamedPort === 'string')
    )
      errs.push(
        celFailed(
          at,
          'object',
          'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
        ),
      )
  })
  return errs
}

export function validateClusterNetworkPolicy(o: JsonObject): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain })
  const spec = asObject(o.spec)
  if (!spec) return [...errs, required(['spec'])]
  if (spec.tier === undefined || spec.tier === null) errs.push(required(['spec', 'tier']))
  errs.push(...oneOfValues(spec.tier, ['spec', 'tier'], ['Admin', 'Baseline']))
  if (spec.priority === undefined || spec.priority === null) errs.push(required(['spec', 'priority']))
  errs.push(...intBetween(spec.priority, ['spec', 'priority'], 0, 1000))
  if (spec.subject === undefined || spec.subject === null) errs.push(required(['spec', 'subject']))
  else {
    errs.push(...exactlyOne(spec.subject, ['spec', 'subject']))
    errs.push(...validateCnpPods(asObject(spec.subject)?.pods, ['spec', 'subject', 'pods']))
  }
  errs.push(...validateCnpRules(spec.ingress, ['spec', 'ingress'], false))
  errs.push(...validateCnpRules(spec.egress, ['spec', 'egress'], true))
  return errs
}

// ---- Calico GlobalNetworkPolicy

const CALICO_ACTIONS = ['Allow', 'Deny', 'Log', 'Pass']
const CALICO_PROTOCOLS = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite']
const PORT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP', 'UDPLite', 6, 17, 132, 136])

function validateCalicoSelector(v: unknown, path: Path): FieldError[] {
  if (typeof v !== 'string') return []
  const err = calicoSelectorError(v)
  return err ? [invalid(path, v, `invalid selector: ${err}`)] : []
}

function validateCalicoProtocol(v: unknown, path: Path): FieldError[] {
  if (v === undefined || v === null) return []
  if (typeof v === 'number')
    return Number.isInteger(v) && v >= 1 && v <= 255 ? [] : [invalid(path, v, 'must be between 1 and 255')]
  return oneOfValues(v, path, CALICO_PROTOCOLS)
}

function validateCalicoPorts(list: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(list).forEach((p, i) => {
    const at = [...path, i]
    if (typeof p === 'number') {
      if (!Number.isInteger(p) || p < 0 || p > 65535) errs.push(invalid(at, p, 'must be between 0 and 65535'))
      return
    }
    const text = asString(p)
    const range = /^(\d+):(\d+)$/.exec(text)
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])]
      if (a > 65535 || b > 65535 || a > b)
        errs.push(invalid(at, text, 'a port range start:end needs 0 <= start <= end <= 65535'))
      return
    }
    if (/^\d+$/.test(text)) {
      if (Number(text) > 65535) errs.push(invalid(at, text, 'must be between 0 and 65535'))
      return
    }
    for (const msg of isValidPortName(text)) errs.push(invalid(at, text, msg))
  })
  return errs
}

function validateEntityRule(v: unknown, path: Path, protocol: unknown): FieldError[] {
  const e = asObject(v)
  if (!e) return []
  const errs: FieldError[] = []
  for (const k of ['selector', 'notSelector', 'namespaceSelector'])
    errs.push(...validateCalicoSelector(e[k], [...path, k]))
  for (const k of ['nets', 'notNets'])
    asList(e[k]).forEach((n, i) => errs.push(...isValidCIDR([...path, k, i], asString(n))))
  for (const k of ['ports', 'notPorts']) {
    const ports = asList(e[k])
    if (!ports.length) continue
    // Calico matches ports only for the port-based protocols, so it refuses them elsewhere.
    if (!PORT_PROTOCOLS.has(protocol as string))
      errs.push(
        invalid([...path, k], ports, 'ports can only be used with protocol TCP, UDP, SCTP or UDPLite'),
      )
    errs.push(...validateCalicoPorts(e[k], [...path, k]))
  }
  return errs
}

function validateCalicoRules(list: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(list).forEach((item, i) => {
    const r = asObject(item) ?? {}
    const at = [...path, i]
    if (r.action === undefined || r.action === null || r.action === '') errs.push(required([...at, 'action']))
    errs.push(...oneOfValues(r.action, [...at, 'action'], CALICO_ACTIONS))
    errs.push(...validateCalicoProtocol(r.protocol, [...at, 'protocol']))
    errs.push(...validateCalicoProtocol(r.notProtocol, [...at, 'notProtocol']))
    if (r.ipVersion !== undefined && r.ipVersion !== null && r.ipVersion !== 4 && r.ipVersion !== 6)
      errs.push(unsupported([...at, 'ipVersion'], r.ipVersion, ['4', '6']))
    errs.push(...validateEntityRule(r.source, [...at, 'source'], r.protocol))
    errs.push(...validateEntityRule(r.destination, [...at, 'destination'], r.protocol))
  })
  return errs
}

export function validateGlobalNetworkPolicy(o: JsonObject): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain })
  const spec = asObject(o.spec) ?? {}
  if (typeof spec.tier === 'string' && spec.tier !== '' && spec.tier !== 'default')
    errs.push(
      invalid(
        ['spec', 'tier'],
        spec.tier,
        'the lab models only the default tier (where Kubernetes NetworkPolicies live); leave tier out',
      ),
    )
  for (const k of ['selector', 'namespaceSelector', 'serviceAccountSelector'])
    errs.push(...validateCalicoSelector(spec[k], ['spec', k]))
  const seen = new Set<string>()
  asList(spec.types).forEach((t, i) => {
    errs.push(...oneOfValues(t, ['spec', 'types', i], ['Ingress', 'Egress']))
    if (seen.has(asString(t))) errs.push({ path: ['spec', 'types', i], type: 'Duplicate value', value: t })
    seen.add(asString(t))
  })
  if ((spec.doNotTrack === true || spec.preDNAT === true) && spec.applyOnForward !== true)
    errs.push(
      invalid(
        ['spec', 'applyOnForward'],
        spec.applyOnForward ?? false,
        'must be true if doNotTrack or preDNAT is true',
      ),
    )
  if (spec.doNotTrack === true && spec.preDNAT === true)
    errs.push(invalid(['spec', 'preDNAT'], true, 'doNotTrack and preDNAT cannot both be true'))
  errs.push(...validateCalicoRules(spec.ingress, ['spec', 'ingress']))
  errs.push(...validateCalicoRules(spec.egress, ['spec', 'egress']))
  return errs
}

// ---- CiliumNetworkPolicy (cilium.io/v2 CRD)

const CILIUM_PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6', 'VRRP', 'IGMP', 'ANY']
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
// The CRD's pattern for a port: a number up to 65535, or a port name.
const CILIUM_PORT =
  /^(?:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*)$/

function validateCiliumPorts(list: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = []
  asList(list).forEach((item, i) => {
    const r = asObject(item) ?? {}
    asList(r.ports).forEach((p, j) => {
      const x = asObject(p) ?? {}
      const at = [...path, i, 'ports', j]
      if (typeof x.port === 'string' && !CILIUM_PORT.test(x.port))
        errs.push(bodyInvalid([...at, 'port'], x.port, 'should match a port number (0-65535) or a port name'))
      errs.push(...oneOfValues(x.protocol, [...at, 'protocol'], CILIUM_PROTOCOLS))
      errs.push(...intBetween(x.endPort, [...at, 'endPort'], 0, 65535))
    })
  })
  return errs
}

function validateCiliumRules(list: unknown, path: Path, peerPrefix: 'from' | 'to'): FieldError[] {
  const errs: FieldError[] = []
  asList(list).forEach((item, i) => {
    const r = asObject(item) ?? {}
    const at = [...path, i]
    asList(r[`${peerPrefix}Entities`]).forEach((e, j) =>
      errs.push(...oneOfValues(e, [...at, `${peerPrefix}Entities`, j], CILIUM_ENTITIES)),
    )
    asList(r[`${peerPrefix}CIDR`]).forEach((c, j) =>
      errs.push(...isValidCIDR([...at, `${peerPrefix}CIDR`, j], asString(c))),
    )
    asList(r[`${peerPrefix}CIDRSet`]).forEach((c, j) => {
      const set = asObject(c) ?? {}
      if (typeof set.cidr === 'string')
        errs.push(...isValidCIDR([...at, `${peerPrefix}CIDRSet`, j, 'cidr'], set.cidr))
      asList(set.except).forEach((x, k) =>
        errs.push(...isValidCIDR([...at, `${peerPrefix}CIDRSet`, j, 'except', k], asString(x))),
      )
    })
    errs.push(...validateCiliumPorts(r.toPorts, [...at, 'toPorts']))
  })
  return errs
}

function validateCiliumRule(v: unknown, path: Path): FieldError[] {
  const rule = asObject(v)
  if (!rule) return []
  const errs: FieldError[] = []
  const selectors = ['endpointSelector', 'nodeSelector'].filter(
    (k) => rule[k] !== undefined && rule[k] !== null,
  )
  if (!selectors.length)
    errs.push(required([...path, 'endpointSelector'], 'a rule needs an endpointSelector'))
  if (selectors.length > 1) errs.push(tooMany(path, selectors.length, 1))
  errs.push(...validateCiliumRules(rule.ingress, [...path, 'ingress'], 'from'))
  errs.push(...validateCiliumRules(rule.ingressDeny, [...path, 'ingressDeny'], 'from'))
  errs.push(...validateCiliumRules(rule.egress, [...path, 'egress'], 'to'))
  errs.push(...validateCiliumRules(rule.egressDeny, [...path, 'egressDeny'], 'to'))
  return errs
}

export function validateCiliumNetworkPolicy(o: JsonObject): FieldError[] {
  const errs = validateObjectMeta(o.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  if (o.spec === undefined && o.specs === undefined)
    errs.push(required(['spec'], 'a CiliumNetworkPolicy needs spec or specs'))
  errs.push(...validateCiliumRule(o.spec, ['spec']))
  asList(o.specs).forEach((r, i) => errs.push(...validateCiliumRule(r, ['specs', i])))
  return errs
}

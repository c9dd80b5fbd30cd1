// NetworkPolicy (networking.k8s.io/v1): pkg/apis/networking/validation ValidateNetworkPolicy
// with create-time options, and the CIDR warnings the registry strategy attaches.
import type { FieldError, FieldWarning } from './field-error'
import { forbidden, invalid, required, unsupported } from './field-error'
import { cidrContains, cidrWarnings, isValidCIDR, parseCIDRSloppy } from './cidr'
import { goStringSlice, rawInvalid } from './go-value'
import { validateLabelSelector } from './labels'
import { validateObjectMeta } from './metadata'
import { eachInvalid, isValidPortName, isValidPortNum, nameIsDNSSubdomain } from './names'
import type { JsonObject, Path } from './util'
import { asList, asNumber, asObject, asString, asStringList } from './util'

const PROTOCOLS = ['TCP', 'UDP', 'SCTP']

export function validateNetworkPolicyPort(port: unknown, path: Path): FieldError[] {
  const p = asObject(port) ?? {}
  const errs: FieldError[] = []
  const protocol = p.protocol
  if (typeof protocol === 'string' && !PROTOCOLS.includes(protocol))
    errs.push(unsupported([...path, 'protocol'], protocol, PROTOCOLS))
  const endPort = asNumber(p.endPort)
  const value = p.port
  if (typeof value === 'number') {
    errs.push(...eachInvalid([...path, 'port'], value, isValidPortNum(value)))
    if (endPort !== undefined) {
      // Upstream reports `port`'s value here (it passes port.Port.IntVal), not endPort's.
      if (endPort < value)
        errs.push(invalid([...path, 'endPort'], value, 'must be greater than or equal to `port`'))
      errs.push(...eachInvalid([...path, 'endPort'], endPort, isValidPortNum(endPort)))
    }
  } else if (typeof value === 'string') {
    if (endPort !== undefined)
      errs.push(invalid([...path, 'endPort'], endPort, 'may not be specified when `port` is non-numeric'))
    errs.push(...eachInvalid([...path, 'port'], value, isValidPortName(value)))
  } else if (endPort !== undefined) {
    errs.push(invalid([...path, 'endPort'], endPort, 'may not be specified when `port` is not specified'))
  }
  return errs
}

export function validateIPBlock(ipBlock: JsonObject, path: Path): FieldError[] {
  const cidr = asString(ipBlock.cidr)
  if (!cidr) return [required([...path, 'cidr'], '')]
  const errs = isValidCIDR([...path, 'cidr'], cidr)
  const net = parseCIDRSloppy(cidr)
  if (!net) return errs
  asStringList(ipBlock.except).forEach((except, i) => {
    const exceptPath = [...path, 'except', i]
    errs.push(...isValidCIDR(exceptPath, except))
    const ex = parseCIDRSloppy(except)
    if (!ex) return
    if (!cidrContains(net, ex.network) || net.ones >= ex.ones)
      errs.push(invalid(exceptPath, except, 'must be a strict subset of `cidr`'))
  })
  return errs
}

export function validateNetworkPolicyPeer(peer: unknown, path: Path): FieldError[] {
  const p = asObject(peer) ?? {}
  const errs: FieldError[] = []
  let peers = 0
  if (asObject(p.podSelector)) {
    peers++
    errs.push(...validateLabelSelector(p.podSelector, [...path, 'podSelector']))
  }
  if (asObject(p.namespaceSelector)) {
    peers++
    errs.push(...validateLabelSelector(p.namespaceSelector, [...path, 'namespaceSelector']))
  }
  const ipBlock = asObject(p.ipBlock)
  if (ipBlock) {
    peers++
    errs.push(...validateIPBlock(ipBlock, [...path, 'ipBlock']))
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'))
  else if (peers > 1 && ipBlock) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'))
  return errs
}

type Direction = { rules: 'ingress' | 'egress'; peers: 'from' | 'to' }
const DIRECTIONS: Direction[] = [
  { rules: 'ingress', peers: 'from' },
  { rules: 'egress', peers: 'to' },
]

export function validateNetworkPolicySpec(spec: unknown, path: Path): FieldError[] {
  const s = asObject(spec) ?? {}
  // podSelector is a struct, not a pointer: it is always validated, even when omitted
  const errs = validateLabelSelector(s.podSelector ?? {}, [...path, 'podSelector'])
  for (const d of DIRECTIONS) {
    asList(s[d.rules]).forEach((rule, i) => {
      const r = asObject(rule) ?? {}
      const rulePath = [...path, d.rules, i]
      asList(r.ports).forEach((port, j) =>
        errs.push(...validateNetworkPolicyPort(port, [...rulePath, 'ports', j])),
      )
      asList(r[d.peers]).forEach((peer, j) =>
        errs.push(...validateNetworkPolicyPeer(peer, [...rulePath, d.peers, j])),
      )
    })
  }
  const policyTypes = asList(s.policyTypes)
  if (policyTypes.length > 2) {
    errs.push(
      rawInvalid(
        [...path, 'policyTypes'],
        goStringSlice(s.policyTypes, '[]networking.PolicyType'),
        'may not specify more than two policyTypes',
      ),
    )
    return errs
  }
  policyTypes.forEach((t, i) => {
    const value = asString(t)
    if (value !== 'Ingress' && value !== 'Egress')
      errs.push(unsupported([...path, 'policyTypes', i], value, ['Ingress', 'Egress']))
  })
  return errs
}

export function validateNetworkPolicy(np: JsonObject): FieldError[] {
  return [
    ...validateObjectMeta(np.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain }),
    ...validateNetworkPolicySpec(np.spec, ['spec']),
  ]
}

/** Warnings for ipBlock values that are accepted but ambiguous or non-canonical. */
export function networkPolicyWarnings(np: JsonObject): FieldWarning[] {
  const spec = asObject(np.spec) ?? {}
  const warnings: FieldWarning[] = []
  for (const d of DIRECTIONS) {
    asList(spec[d.rules]).forEach((rule, i) => {
      asList(asObject(rule)?.[d.peers]).forEach((peer, j) => {
        const ipBlock = asObject(asObject(peer)?.ipBlock)
        if (!ipBlock) return
        const path = ['spec', d.rules, i, d.peers, j, 'ipBlock']
        warnings.push(...cidrWarnings([...path, 'cidr'], asString(ipBlock.cidr)))
        asStringList(ipBlock.except).forEach((except, k) =>
          warnings.push(...cidrWarnings([...path, 'except', k], except)),
        )
      })
    })
  }
  return warnings
}

// EndpointSlice (discovery.k8s.io/v1): pkg/apis/discovery/validation ValidateEndpointSlice.
import type { FieldError } from './field-error'
import { duplicate, required, tooMany, unsupported } from './field-error'
import {
  isFullyQualifiedDomainName,
  isQualifiedName,
  isValidLabelValue,
  eachInvalid,
  isDNS1123Label,
  nameIsDNSSubdomain,
} from './names'
import { isValidIPv4Address, isValidIPv6Address, validateEndpointIP } from './ip'
import { validateLabels } from './labels'
import { validateObjectMeta } from './metadata'
import type { JsonObject, Path } from './util'
import { asList, asObject, asOptString, asString, goSorted } from './util'

const ADDRESS_TYPES = goSorted(['IPv4', 'IPv6', 'FQDN'])
const PORT_PROTOCOLS = goSorted(['TCP', 'UDP', 'SCTP'])
const MAX_ADDRESSES = 100
const MAX_ENDPOINTS = 1000
const MAX_PORTS = 20000
const MAX_TOPOLOGY_LABELS = 16
const MAX_ZONE_HINTS = 8

function validateEndpoints(endpoints: unknown, addressType: string, path: Path): FieldError[] {
  const list = asList(endpoints)
  if (list.length > MAX_ENDPOINTS) return [tooMany(path, list.length, MAX_ENDPOINTS)]
  const errs: FieldError[] = []
  list.forEach((item, i) => {
    const ep = asObject(item) ?? {}
    const idx = [...path, i]
    const addressPath = [...idx, 'addresses']
    const addresses = asList(ep.addresses).map(asString)
    if (addresses.length === 0) errs.push(required(addressPath, 'must contain at least 1 address'))
    else if (addresses.length > MAX_ADDRESSES)
      errs.push(tooMany(addressPath, addresses.length, MAX_ADDRESSES))
    addresses.forEach((address, j) => {
      const p = [...addressPath, j]
      switch (addressType) {
        case 'IPv4':
          errs.push(...isValidIPv4Address(p, address), ...validateEndpointIP(address, p))
          break
        case 'IPv6':
          errs.push(...isValidIPv6Address(p, address), ...validateEndpointIP(address, p))
          break
        case 'FQDN':
          errs.push(...isFullyQualifiedDomainName(p, address))
          break
      }
    })
    const nodeName = asOptString(ep.nodeName)
    if (nodeName !== undefined)
      errs.push(...eachInvalid([...idx, 'nodeName'], nodeName, nameIsDNSSubdomain(nodeName, false)))
    const topologyPath = [...idx, 'deprecatedTopology']
    const topology = asObject(ep.deprecatedTopology) ?? {}
    const topologyCount = Object.keys(topology).length
    if (topologyCount > MAX_TOPOLOGY_LABELS)
      errs.push(tooMany(topologyPath, topologyCount, MAX_TOPOLOGY_LABELS))
    errs.push(...validateLabels(ep.deprecatedTopology, topologyPath))
    const hostname = asOptString(ep.hostname)
    if (hostname !== undefined)
      errs.push(...eachInvalid([...idx, 'hostname'], hostname, isDNS1123Label(hostname)))
    const hints = asObject(ep.hints)
    if (hints) {
      const fzPath = [...idx, 'hints', 'forZones']
      const zones = asList(hints.forZones)
      if (zones.length > MAX_ZONE_HINTS) {
        errs.push(tooMany(fzPath, zones.length, MAX_ZONE_HINTS))
        return
      }
      const seen = new Set<string>()
      zones.forEach((z, k) => {
        const name = asString(asObject(z)?.name)
        const zp = [...fzPath, k, 'name']
        if (seen.has(name)) errs.push(duplicate(zp, name))
        else seen.add(name)
        errs.push(...eachInvalid(zp, name, isValidLabelValue(name)))
      })
    }
  })
  return errs
}

function validatePorts(ports: unknown, path: Path): FieldError[] {
  const list = asList(ports)
  if (list.length > MAX_PORTS) return [tooMany(path, list.length, MAX_PORTS)]
  const errs: FieldError[] = []
  const names = new Set<string>()
  list.forEach((item, i) => {
    const port = asObject(item) ?? {}
    const idx = [...path, i]
    const name = asString(port.name)
    if (name) errs.push(...eachInvalid([...idx, 'name'], name, isDNS1123Label(name)))
    if (names.has(name)) errs.push(duplicate([...idx, 'name'], name))
    else names.add(name)
    const protocol = asOptString(port.protocol)
    if (protocol === undefined) errs.push(required([...idx, 'protocol'], ''))
    else if (!PORT_PROTOCOLS.includes(protocol))
      errs.push(unsupported([...idx, 'protocol'], protocol, PORT_PROTOCOLS))
    const appProtocol = asOptString(port.appProtocol)
    if (appProtocol !== undefined)
      errs.push(...eachInvalid([...idx, 'appProtocol'], appProtocol, isQualifiedName(appProtocol)))
  })
  return errs
}

/** ValidateEndpointSlice on a defaulted EndpointSlice. */
export function validateEndpointSlice(eps: JsonObject): FieldError[] {
  const errs = validateObjectMeta(eps.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  const addressType = asString(eps.addressType)
  if (!addressType) errs.push(required(['addressType'], ''))
  else if (!ADDRESS_TYPES.includes(addressType))
    errs.push(unsupported(['addressType'], addressType, ADDRESS_TYPES))
  errs.push(...validateEndpoints(eps.endpoints, addressType, ['endpoints']))
  errs.push(...validatePorts(eps.ports, ['ports']))
  return errs
}

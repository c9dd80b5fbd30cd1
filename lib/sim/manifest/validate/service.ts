// Service: pkg/apis/core/validation ValidateService on create, the clusterIPs pre-check the
// REST storage runs before allocating (its errors are the only ones returned), and the
// warnings of pkg/api/service. Range and allocation checks (a clusterIP outside the service
// CIDR, a nodePort outside 30000-32767, ports already taken) belong to the allocator.
import type { FieldError, FieldWarning } from './field-error'
import { duplicate, forbidden, invalid, required, unsupported } from './field-error'
import { goIntOrString, goQuote, rawDuplicate } from './go-value'
import { isValidCIDR, cidrWarnings } from './cidr'
import { ipWarnings, isValidIP, parseIPSloppy, to4, validateEndpointIP } from './ip'
import { validateLabels } from './labels'
import { validateObjectMeta } from './metadata'
import {
  eachInvalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
} from './names'
import type { JsonObject, Path } from './util'
import { asList, asNumber, asObject, asOptString, asString, asStringList, goSorted } from './util'

const SERVICE_TYPES = goSorted(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])
const PORT_PROTOCOLS = goSorted(['TCP', 'UDP', 'SCTP'])
const IP_FAMILIES = ['IPv4', 'IPv6']
const IP_FAMILY_POLICIES = goSorted(['SingleStack', 'PreferDualStack', 'RequireDualStack'])
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400

/** spec.clusterIPs after the registry copies a lone clusterIP into it (normalizeClusterIPs). */
function clusterIPsOf(spec: JsonObject): string[] | undefined {
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) return asStringList(spec.clusterIPs)
  const clusterIP = asString(spec.clusterIP)
  return clusterIP ? [clusterIP] : undefined
}

function isHeadless(spec: JsonObject): boolean {
  const ips = clusterIPsOf(spec)
  return ips?.length === 1 && ips[0] === 'None'
}

const isIPv6String = (s: string): boolean => {
  const ip = parseIPSloppy(s)
  return !!ip && !to4(ip)
}

/** ValidateServiceClusterIPsRelatedFields. */
export function validateClusterIPsRelatedFields(spec: JsonObject): FieldError[] {
  if (spec.type === 'ExternalName') return []
  const errs: FieldError[] = []
  let hasInvalidIPs = false
  const clusterIPsPath = ['spec', 'clusterIPs']
  const clusterIP = asString(spec.clusterIP)
  const clusterIPs = clusterIPsOf(spec) ?? []
  const clusterIPsValue =
    Array.isArray(spec.clusterIPs) && spec.clusterIPs.length ? spec.clusterIPs : clusterIPs
  if (clusterIP) {
    if (clusterIPs[0] !== clusterIP)
      errs.push(invalid(clusterIPsPath, clusterIPsValue, 'first value must match `clusterIP`'))
  } else if (clusterIPs.length) {
    errs.push(invalid(clusterIPsPath, clusterIPsValue, 'must be empty when `clusterIP` is not specified'))
  }
  const seen = new Set<string>()
  asStringList(spec.ipFamilies).forEach((family, i) => {
    if (!IP_FAMILIES.includes(family)) errs.push(unsupported(['spec', 'ipFamilies', i], family, IP_FAMILIES))
    if (seen.has(family)) errs.push(duplicate(['spec', 'ipFamilies', i], family))
    seen.add(family)
  })
  const policy = asOptString(spec.ipFamilyPolicy)
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy))
    errs.push(unsupported(['spec', 'ipFamilyPolicy'], policy, IP_FAMILY_POLICIES))
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true
        errs.push(invalid(clusterIPsPath, clusterIPsValue, "'None' must be the first and only value"))
      }
      return
    }
    const ipErrs = isValidIP([...clusterIPsPath, i], ip)
    if (ipErrs.length) hasInvalidIPs = true
    errs.push(...ipErrs)
  })
  if (clusterIPs.length > 2)
    errs.push(invalid(clusterIPsPath, clusterIPsValue, 'may only hold up to 2 values'))
  if (hasInvalidIPs) return errs
  if (clusterIPs.length > 1) {
    // netutils.IsDualStackIPStrings: at least one address of each family
    const families = new Set(clusterIPs.map((ip) => (isIPv6String(ip) ? 6 : 4)))
    if (!(families.has(4) && families.has(6)))
      errs.push(
        invalid(clusterIPsPath, clusterIPsValue, 'may specify no more than one IP for each IP family'),
      )
  }
  const families = asStringList(spec.ipFamilies)
  if (!isHeadless(spec) && families.length) {
    clusterIPs.forEach((ip, i) => {
      if (i >= families.length) return
      if (families[i] === 'IPv4' && isIPv6String(ip))
        errs.push(
          invalid([...clusterIPsPath, i], ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        )
      if (families[i] === 'IPv6' && !isIPv6String(ip))
        errs.push(
          invalid([...clusterIPsPath, i], ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        )
    })
  }
  return errs
}

function validateServicePort(
  port: JsonObject,
  requireName: boolean,
  names: Set<string>,
  path: Path,
): FieldError[] {
  const errs: FieldError[] = []
  const name = asString(port.name)
  if (requireName && !name) errs.push(required([...path, 'name'], ''))
  else if (name) {
    errs.push(...eachInvalid([...path, 'name'], name, isDNS1123Label(name)))
    if (names.has(name)) errs.push(duplicate([...path, 'name'], name))
    else names.add(name)
  }
  const number = asNumber(port.port) ?? 0
  errs.push(...eachInvalid([...path, 'port'], number, isValidPortNum(number)))
  const protocol = asString(port.protocol)
  if (!protocol) errs.push(required([...path, 'protocol'], ''))
  else if (!PORT_PROTOCOLS.includes(protocol))
    errs.push(unsupported([...path, 'protocol'], protocol, PORT_PROTOCOLS))
  const target = port.targetPort
  if (typeof target === 'string')
    errs.push(...eachInvalid([...path, 'targetPort'], target, isValidPortName(target)))
  else {
    const n = typeof target === 'number' ? target : 0
    errs.push(...eachInvalid([...path, 'targetPort'], n, isValidPortNum(n)))
  }
  const appProtocol = asOptString(port.appProtocol)
  if (appProtocol !== undefined)
    errs.push(...eachInvalid([...path, 'appProtocol'], appProtocol, isQualifiedName(appProtocol)))
  return errs
}

/** %#v of the (protocol, port) key the duplicate-port check reports. */
function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${goIntOrString(0)}, NodePort:0}`
}

function validateServiceSpec(spec: JsonObject): FieldError[] {
  const errs: FieldError[] = []
  const specPath = ['spec']
  const type = asString(spec.type)
  const ports = asList(spec.ports).map((p) => asObject(p) ?? {})
  const headless = isHeadless(spec)
  const clusterIPs = clusterIPsOf(spec)

  if (ports.length === 0 && !headless && type !== 'ExternalName')
    errs.push(required([...specPath, 'ports'], ''))
  if (type === 'LoadBalancer' && headless)
    errs.push(
      invalid([...specPath, 'clusterIPs', 0], 'None', "may not be set to 'None' for LoadBalancer services"),
    )
  if (type === 'NodePort' && headless)
    errs.push(
      invalid([...specPath, 'clusterIPs', 0], 'None', "may not be set to 'None' for NodePort services"),
    )
  if (type === 'ExternalName') {
    if (clusterIPs?.length)
      errs.push(forbidden([...specPath, 'clusterIPs'], 'may not be set for ExternalName services'))
    if (asList(spec.ipFamilies).length)
      errs.push(forbidden([...specPath, 'ipFamilies'], 'may not be set for ExternalName services'))
    if (spec.ipFamilyPolicy != null)
      errs.push(forbidden([...specPath, 'ipFamilyPolicy'], 'may not be set for ExternalName services'))
    const cname = asString(spec.externalName).replace(/\.$/, '')
    if (cname) errs.push(...eachInvalid([...specPath, 'externalName'], cname, isDNS1123Subdomain(cname)))
    else errs.push(required([...specPath, 'externalName'], ''))
  }

  const names = new Set<string>()
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, [...specPath, 'ports', i])),
  )

  if (spec.selector != null) errs.push(...validateLabels(spec.selector, [...specPath, 'selector']))

  const affinity = asString(spec.sessionAffinity)
  if (!affinity) errs.push(required([...specPath, 'sessionAffinity'], ''))
  else if (affinity !== 'ClientIP' && affinity !== 'None')
    errs.push(unsupported([...specPath, 'sessionAffinity'], affinity, ['ClientIP', 'None']))
  const affinityPath = [...specPath, 'sessionAffinityConfig']
  if (affinity === 'ClientIP') {
    const cfg = asObject(spec.sessionAffinityConfig)
    const clientIP = asObject(cfg?.clientIP)
    const timeout = asNumber(clientIP?.timeoutSeconds)
    if (!cfg) errs.push(required(affinityPath, 'when session affinity type is ClientIP'))
    else if (!clientIP)
      errs.push(required([...affinityPath, 'clientIP'], 'when session affinity type is ClientIP'))
    else if (timeout === undefined)
      errs.push(
        required([...affinityPath, 'clientIP', 'timeoutSeconds'], 'when session affinity type is ClientIP'),
      )
    else if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS)
      errs.push(
        invalid(
          [...affinityPath, 'clientIP', 'timeoutSeconds'],
          timeout,
          `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
        ),
      )
  } else if (affinity === 'None' && spec.sessionAffinityConfig != null) {
    errs.push(forbidden(affinityPath, 'must not be set when session affinity is None'))
  }

  errs.push(...validateClusterIPsRelatedFields(spec))

  asStringList(spec.externalIPs).forEach((ip, i) => {
    const ipPath = [...specPath, 'externalIPs', i]
    const ipErrs = isValidIP(ipPath, ip)
    errs.push(...(ipErrs.length ? ipErrs : validateEndpointIP(ip, ipPath)))
  })

  if (!type) errs.push(required([...specPath, 'type'], ''))
  else if (!SERVICE_TYPES.includes(type)) errs.push(unsupported([...specPath, 'type'], type, SERVICE_TYPES))

  if (type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (asNumber(p.nodePort))
        errs.push(
          forbidden([...specPath, 'ports', i, 'nodePort'], "may not be used when `type` is 'ClusterIP'"),
        )
    })
  }

  const nodePorts = new Set<string>()
  ports.forEach((p, i) => {
    const nodePort = asNumber(p.nodePort) ?? 0
    if (!nodePort) return
    const key = `${asString(p.protocol)}/${nodePort}`
    if (nodePorts.has(key)) errs.push(duplicate([...specPath, 'ports', i, 'nodePort'], nodePort))
    nodePorts.add(key)
  })

  const portKeys = new Set<string>()
  ports.forEach((p, i) => {
    const protocol = asString(p.protocol)
    const number = asNumber(p.port) ?? 0
    const key = `${protocol}/${number}`
    if (portKeys.has(key))
      errs.push(rawDuplicate([...specPath, 'ports', i], goServicePortKey(protocol, number)))
    portKeys.add(key)
  })

  const sourceRanges = asStringList(spec.loadBalancerSourceRanges)
  if (sourceRanges.length) {
    const rangesPath = [...specPath, 'LoadBalancerSourceRanges']
    if (type !== 'LoadBalancer')
      errs.push(forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'"))
    sourceRanges.forEach((r, i) => errs.push(...isValidCIDR([...rangesPath, i], r.trim())))
  }

  if (spec.allocateLoadBalancerNodePorts != null && type !== 'LoadBalancer')
    errs.push(
      forbidden(
        [...specPath, 'allocateLoadBalancerNodePorts'],
        "may only be used when `type` is 'LoadBalancer'",
      ),
    )
  if (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts == null)
    errs.push(required(['allocateLoadBalancerNodePorts'], ''))

  const lbClass = asOptString(spec.loadBalancerClass)
  if (lbClass !== undefined) {
    if (type === 'LoadBalancer')
      errs.push(...eachInvalid([...specPath, 'loadBalancerClass'], lbClass, isQualifiedName(lbClass)))
    else
      errs.push(
        forbidden([...specPath, 'loadBalancerClass'], "may only be used when `type` is 'LoadBalancer'"),
      )
  }

  // external traffic policy
  const externallyAccessible =
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && asList(spec.externalIPs).length > 0)
  const etp = asString(spec.externalTrafficPolicy)
  if (!externallyAccessible) {
    if (etp)
      errs.push(
        invalid(
          [...specPath, 'externalTrafficPolicy'],
          etp,
          'may only be set for externally-accessible services',
        ),
      )
  } else if (!etp) errs.push(required([...specPath, 'externalTrafficPolicy'], ''))
  else if (etp !== 'Cluster' && etp !== 'Local')
    errs.push(unsupported([...specPath, 'externalTrafficPolicy'], etp, ['Cluster', 'Local']))
  const healthCheckNodePort = asNumber(spec.healthCheckNodePort) ?? 0
  const needsHealthCheck = type === 'LoadBalancer' && etp === 'Local'
  if (!needsHealthCheck && healthCheckNodePort !== 0)
    errs.push(
      invalid(
        [...specPath, 'healthCheckNodePort'],
        healthCheckNodePort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    )
  if (needsHealthCheck && healthCheckNodePort !== 0)
    errs.push(
      ...eachInvalid(
        [...specPath, 'healthCheckNodePort'],
        healthCheckNodePort,
        isValidPortNum(healthCheckNodePort),
      ),
    )

  // internal traffic policy
  const itp = asOptString(spec.internalTrafficPolicy)
  if (itp === undefined) {
    if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP')
      errs.push(required([...specPath, 'internalTrafficPolicy'], ''))
  } else if (itp !== 'Cluster' && itp !== 'Local') {
    errs.push(unsupported([...specPath, 'internalTrafficPolicy'], itp, ['Cluster', 'Local']))
  }

  const trafficDistribution = asOptString(spec.trafficDistribution)
  if (trafficDistribution !== undefined && trafficDistribution !== 'PreferClose')
    errs.push(unsupported([...specPath, 'trafficDistribution'], trafficDistribution, ['PreferClose']))
  return errs
}

/**
 * Validates a (defaulted) Service on create. When the clusterIP fields are inconsistent the
 * REST storage stops before allocation and reports only those errors.
 */
export function validateService(svc: JsonObject): FieldError[] {
  const spec = asObject(svc.spec) ?? {}
  const early = validateClusterIPsRelatedFields(spec)
  if (early.length) return early
  return [
    ...validateObjectMeta(svc.metadata, { namespaced: true, nameFn: nameIsDNS1035Label }),
    ...validateServiceSpec(spec),
  ]
}

/** GetWarningsForService (pkg/api/service/warnings.go). */
export function serviceWarnings(svc: JsonObject): FieldWarning[] {
  const spec = asObject(svc.spec) ?? {}
  const warnings: FieldWarning[] = []
  const clusterIP = asString(spec.clusterIP)
  const type = asString(spec.type)
  if (clusterIP && clusterIP !== 'None') {
    ;(clusterIPsOf(spec) ?? []).forEach((ip, i) =>
      warnings.push(...ipWarnings(['spec', 'clusterIPs', i], ip)),
    )
  }
  if (type === 'ClusterIP' && clusterIP === 'None') {
    if (asString(spec.loadBalancerIP))
      warnings.push({
        path: ['spec', 'loadBalancerIP'],
        message: 'spec.loadBalancerIP is ignored for headless services',
      })
    if (asList(spec.externalIPs).length)
      warnings.push({
        path: ['spec', 'externalIPs'],
        message: 'spec.externalIPs is ignored for headless services',
      })
    if (asString(spec.sessionAffinity) !== 'None')
      warnings.push({
        path: ['spec', 'sessionAffinity'],
        message: 'spec.SessionAffinity is ignored for headless services',
      })
  }
  asStringList(spec.externalIPs).forEach((ip, i) =>
    warnings.push(...ipWarnings(['spec', 'externalIPs', i], ip)),
  )
  const lbIP = asString(spec.loadBalancerIP)
  if (lbIP) warnings.push(...ipWarnings(['spec', 'loadBalancerIP'], lbIP))
  asStringList(spec.loadBalancerSourceRanges).forEach((cidr, i) =>
    warnings.push(...cidrWarnings(['spec', 'loadBalancerSourceRanges', i], cidr)),
  )
  if (type === 'ExternalName' && asList(spec.externalIPs).length)
    warnings.push({
      path: ['spec', 'externalIPs'],
      message: 'spec.externalIPs is ignored when spec.type is "ExternalName"',
    })
  if (type !== 'ExternalName' && asString(spec.externalName))
    warnings.push({
      path: ['spec', 'externalName'],
      message: 'spec.externalName is ignored when spec.type is not "ExternalName"',
    })
  return warnings
}

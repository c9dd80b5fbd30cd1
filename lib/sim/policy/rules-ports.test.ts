// Fidelity §1c, NP-17 … NP-21: what a `ports` entry admits.
import { describe, expect, it } from 'vitest'
import { cniProfile } from '../cni/profiles'
import type { CniProfile } from '../cni/profiles'
import { ConnSet } from '../net/conn-set'
import { simulate } from '../simulate/simulate'
import { policyPortConns } from './evaluate'
import {
  build,
  docs,
  egress,
  egressConns,
  ingress,
  ingressConns,
  matchedRefs,
  ns,
  peer,
  podYaml,
} from './rules.testkit'

/** Fields of the API-server validation errors (HTTP 422) found while building. */
const invalidFields = (c: ReturnType<typeof build>) =>
  c.issues.filter((i) => i.code === 'invalid' && i.severity === 'error').map((i) => i.field)

const world = [
  ns('prod'),
  podYaml('prod/web', { app: 'web' }, { node: 'worker-1', ports: [80] }),
  podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
]

/** A policy on prod/web admitting anyone on `ports` (a YAML flow list). */
const webPorts = (ports: string, name = 'web-ports') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: prod}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - ports: ${ports}`

describe('1c. Ports', () => {
  // ---- NP-17 -------------------------------------------------------------------------------

  it('NP-17: protocol defaults to TCP', () => {
    const c = build(docs(...world, webPorts('[{port: 53}]')))
    expect(c.policies[0]!.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 53 }])
    expect(ingress(c, 'prod/web', 'prod/client', 53, 'TCP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/client', 53, 'UDP').allowed).toBe(false)
    expect(ingress(c, 'prod/web', 'prod/client', 53, 'SCTP').allowed).toBe(false)
    expect(ingressConns(c, 'prod/web', 'prod/client').toString()).toBe('TCP 53')
  })

  it('NP-17: UDP and SCTP entries admit only their own protocol', () => {
    const c = build(docs(...world, webPorts('[{port: 53, protocol: UDP}, {port: 3868, protocol: SCTP}]')))
    expect(ingress(c, 'prod/web', 'prod/client', 53, 'UDP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/client', 53, 'TCP').allowed).toBe(false)
    expect(ingress(c, 'prod/web', 'prod/client', 3868, 'SCTP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/client', 3868, 'TCP').allowed).toBe(false)
    expect(ingressConns(c, 'prod/web', 'prod/client').toString()).toBe('SCTP 3868,UDP 53')
  })

  it('NP-17: an entry with a protocol and no port admits every port of that protocol only', () => {
    const c = build(docs(...world, webPorts('[{protocol: UDP}]')))
    expect(c.policies[0]!.ingress[0]!.ports).toEqual([{ protocol: 'UDP' }])
    expect(ingress(c, 'prod/web', 'prod/client', 1, 'UDP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/client', 65535, 'UDP').allowed).toBe(true)
    expect(ingress(c, 'prod/web', 'prod/client', 80, 'TCP').allowed).toBe(false)
    expect(ingressConns(c, 'prod/web', 'prod/client').equals(ConnSet.of('UDP'))).toBe(true)
  })

  it('NP-17: SCTP entries are enforced only by a CNI that supports SCTP (profile sctpSupported), both ways', () => {
    const yaml = docs(...world, webPorts('[{port: 3868, protocol: SCTP}, {port: 80}]'))
    const on = build(yaml, 'calico')
    expect(on.cni.policy.sctpSupported).toBe(true)
    expect(ingress(on, 'prod/web', 'prod/client', 3868, 'SCTP').allowed).toBe(true)
    const off = build(yaml, cniProfile('calico', { policy: { sctpSupported: false } }))
    const v = ingress(off, 'prod/web', 'prod/client', 3868, 'SCTP')
    expect(v.allowed).toBe(false)
    expect(v.misses[0]!.detail).toBe(
      '3868/SCTP is not among its ports (3868/SCTP, 80/TCP; Calico does not enforce SCTP rules, so SCTP entries admit nothing)',
    )
    // the TCP entry of the same rule still works
    expect(ingress(off, 'prod/web', 'prod/client', 80, 'TCP').allowed).toBe(true)
    expect(ingressConns(off, 'prod/web', 'prod/client').toString()).toBe('TCP 80')
  })

  it('NP-17: protocol values are case-sensitive: "tcp" is rejected (422) and the policy is not stored', () => {
    const c = build(docs(...world, webPorts('[{port: 80, protocol: tcp}]')), 'calico', { allowErrors: true })
    expect(invalidFields(c)).toEqual(['spec.ingress[0].ports[0].protocol'])
    expect(c.issues[0]!.message).toBe(
      'The NetworkPolicy "web-ports" is invalid: spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
    )
    expect(c.policies).toEqual([])
  })

  // ---- NP-18 -------------------------------------------------------------------------------

  it('NP-18: an unquoted port is a number, a name is a string', () => {
    const c = build(docs(...world, webPorts('[{port: 80}, {port: http}]')))
    expect(c.policies[0]!.ingress[0]!.ports).toEqual([
      { protocol: 'TCP', port: 80 },
      { protocol: 'TCP', port: 'http' },
    ])
  })

  it('NP-18: a quoted "80" is a port name, and no container port is named 80', () => {
    const c = build(docs(...world))
    const web = peer(c, 'prod/web')
    const b = c.cni.policy
    expect(policyPortConns({ protocol: 'TCP', port: '80' }, web, b).isEmpty()).toBe(true)
    expect(policyPortConns({ protocol: 'TCP', port: 80 }, web, b).equals(ConnSet.of('TCP', 80, 80))).toBe(
      true,
    )
  })

  it('NP-18: a quoted "80" is rejected as an invalid port name at spec.ingress[0].ports[0].port (422)', () => {
    const c = build(docs(...world, webPorts('[{port: "80"}]')), 'calico', { allowErrors: true })
    expect(invalidFields(c)).toEqual(['spec.ingress[0].ports[0].port'])
    expect(c.issues[0]!.message).toContain('spec.ingress[0].ports[0].port: Invalid value: "80"')
    expect(c.issues[0]!.message).toContain('must contain at least one letter (a-z)')
    // rejected, so never stored: web stays open
    expect(c.policies).toEqual([])
    expect(ingress(c, 'prod/web', 'prod/client', 80).reason).toBe('not-isolated')
  })

  it.each([
    ['70000', 'must be between 1 and 65535, inclusive'],
    ['http_web', 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['averyveryverylongname', 'must be no more than 15 characters'],
    ['-http', 'must not begin or end with a hyphen'],
    ['ht--tp', 'must not contain consecutive hyphens'],
  ])('NP-18: port %s is rejected (422)', (port, detail) => {
    const c = build(docs(...world, webPorts(`[{port: ${port}}]`)), 'calico', { allowErrors: true })
    expect(invalidFields(c)).toEqual(['spec.ingress[0].ports[0].port'])
    expect(c.issues[0]!.message).toContain(detail)
    expect(c.policies).toEqual([])
  })

  // ---- NP-19 -------------------------------------------------------------------------------

  const named = [
    ns('prod'),
    podYaml(
      'prod/web-a',
      { app: 'web' },
      { node: 'worker-1', ports: [{ name: 'http', containerPort: 8080 }] },
    ),
    podYaml(
      'prod/web-b',
      { app: 'web' },
      { node: 'worker-1', ports: [{ name: 'http', containerPort: 9090 }] },
    ),
    podYaml(
      'prod/web-c',
      { app: 'web' },
      { node: 'worker-1', ports: [{ name: 'web', containerPort: 8080 }] },
    ),
    podYaml(
      'prod/dns',
      { app: 'web' },
      { node: 'worker-1', ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }] },
    ),
    podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
  ]

  it("NP-19: an ingress named port resolves on the selected pod's own container ports", () => {
    const c = build(docs(...named, webPorts('[{port: http}]')))
    expect(ingress(c, 'prod/web-a', 'prod/client', 8080).allowed).toBe(true)
    expect(ingress(c, 'prod/web-a', 'prod/client', 9090).allowed).toBe(false)
    expect(ingress(c, 'prod/web-b', 'prod/client', 9090).allowed).toBe(true)
    expect(ingress(c, 'prod/web-b', 'prod/client', 8080).allowed).toBe(false)
    expect(ingressConns(c, 'prod/web-a', 'prod/client').toString()).toBe('TCP 8080')
    expect(ingressConns(c, 'prod/web-b', 'prod/client').toString()).toBe('TCP 9090')
    // a pod without a port of that name never matches
    const v = ingress(c, 'prod/web-c', 'prod/client', 8080)
    expect(v.allowed).toBe(false)
    expect(v.misses[0]!.detail).toBe(
      '8080/TCP is not among its ports (http/TCP, named ports resolved on prod/web-c)',
    )
    expect(ingressConns(c, 'prod/web-c', 'prod/client').isEmpty()).toBe(true)
  })

  it('NP-19: the name must match with the same protocol', () => {
    const tcp = build(docs(...named, webPorts('[{port: dns}]')))
    expect(ingressConns(tcp, 'prod/dns', 'prod/client').isEmpty()).toBe(true)
    const udp = build(docs(...named, webPorts('[{port: dns, protocol: UDP}]')))
    expect(ingress(udp, 'prod/dns', 'prod/client', 5353, 'UDP').allowed).toBe(true)
    expect(ingressConns(udp, 'prod/dns', 'prod/client').toString()).toBe('UDP 5353')
  })

  const clientOut = (rule: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: prod}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
${rule}`

  it('NP-19: an egress named port resolves on the peer (destination) pod', () => {
    const c = build(
      docs(
        ...named,
        clientOut('  - to: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: http}]'),
      ),
    )
    expect(egress(c, 'prod/client', 'prod/web-a', 8080).allowed).toBe(true)
    expect(egress(c, 'prod/client', 'prod/web-a', 9090).allowed).toBe(false)
    expect(egress(c, 'prod/client', 'prod/web-b', 9090).allowed).toBe(true)
    expect(egressConns(c, 'prod/client', 'prod/web-b').toString()).toBe('TCP 9090')
    expect(egressConns(c, 'prod/client', 'prod/web-c').isEmpty()).toBe(true)
    expect(matchedRefs(egress(c, 'prod/client', 'prod/web-a', 8080))).toEqual([
      'prod/client-out spec.egress[0]',
    ])
  })

  it('NP-19: a named port towards an ipBlock or outside address has nothing to resolve and never matches', () => {
    const c = build(
      docs(...named, clientOut('  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: http}]')),
    )
    expect(egress(c, 'prod/client', { ip: '203.0.113.9' }, 8080).allowed).toBe(false)
    expect(egressConns(c, 'prod/client', { ip: '203.0.113.9' }).isEmpty()).toBe(true)
    expect(egressConns(c, 'prod/client', { node: 'worker-1' }).isEmpty()).toBe(true)
  })

  it('NP-19: a named port with an empty `to` resolves on pod destinations only (k8s#99256)', () => {
    const c = build(docs(...named, clientOut('  - ports: [{port: http}]')))
    expect(egress(c, 'prod/client', 'prod/web-a', 8080).allowed).toBe(true)
    expect(egress(c, 'prod/client', 'prod/web-b', 9090).allowed).toBe(true)
    expect(egress(c, 'prod/client', { ip: '203.0.113.9' }, 8080).allowed).toBe(false)
  })

  // ---- NP-20 -------------------------------------------------------------------------------

  const rangeYaml = docs(...world, webPorts('[{port: 32000, endPort: 32768}]'))
  const inRange = (c: ReturnType<typeof build>) =>
    [31999, 32000, 32001, 32768, 32769].filter((p) => ingress(c, 'prod/web', 'prod/client', p).allowed)

  it.each(['calico', 'cilium', 'canal'] as const)(
    'NP-20: endPort makes an inclusive range port..endPort (%s)',
    (cni) => {
      const c = build(rangeYaml, cni)
      expect(c.cni.policy.endPortSupported).toBe(true)
      expect(inRange(c)).toEqual([32000, 32001, 32768])
      expect(ingressConns(c, 'prod/web', 'prod/client').toString()).toBe('TCP 32000-32768')
    },
  )

  it('NP-20: weave-npc never reads endPort, so on Weave Net the range admits only its first port', () => {
    const c = build(rangeYaml, 'weave')
    expect(c.cni.policy.endPortSupported).toBe(false)
    expect(inRange(c)).toEqual([32000])
    expect(ingress(c, 'prod/web', 'prod/client', 32001).misses[0]!.detail).toBe(
      '32001/TCP is not among its ports (32000-32768/TCP; Weave Net ignores endPort, so a range admits only its first port)',
    )
  })

  it('NP-20: a CNI without endPort support applies only port (profile endPortSupported), both ways', () => {
    const without: CniProfile = cniProfile('calico', { policy: { endPortSupported: false } })
    const c = build(rangeYaml, without)
    expect(inRange(c)).toEqual([32000])
    expect(ingressConns(c, 'prod/web', 'prod/client').toString()).toBe('TCP 32000')
    const back = build(rangeYaml, cniProfile('calico', { policy: { endPortSupported: true } }))
    expect(inRange(back)).toEqual([32000, 32001, 32768])
  })

  it.each([
    [
      '{endPort: 32768}',
      'spec.ingress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is not specified',
    ],
    [
      '{port: 80, endPort: 79}', // upstream shows port's value (port.Port.IntVal), not endPort's
      'spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
    ],
    [
      '{port: http, endPort: 90}',
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
    ],
  ])('NP-20: endPort needs a numeric port no greater than it: %s is rejected (422)', (entry, message) => {
    const c = build(docs(...world, webPorts(`[${entry}]`)), 'calico', { allowErrors: true })
    expect(invalidFields(c)).toEqual(['spec.ingress[0].ports[0].endPort'])
    expect(c.issues[0]!.message).toBe(`The NetworkPolicy "web-ports" is invalid: ${message}`)
    expect(c.policies).toEqual([])
  })

  it('NP-20: endPort applies to egress ranges too', () => {
    const c = build(docs(...world, clientOut('  - ports: [{port: 8000, endPort: 8100, protocol: UDP}]')))
    expect(egress(c, 'prod/client', { ip: '203.0.113.9' }, 8100, 'UDP').allowed).toBe(true)
    expect(egress(c, 'prod/client', { ip: '203.0.113.9' }, 8101, 'UDP').allowed).toBe(false)
    expect(egressConns(c, 'prod/client', { ip: '203.0.113.9' }).toString()).toBe('UDP 8000-8100')
  })

  // ---- NP-21 -------------------------------------------------------------------------------

  const svcWorld = (policyPorts: string) =>
    docs(
      ns('prod'),
      podYaml(
        'prod/web',
        { app: 'web' },
        { node: 'worker-1', ports: [{ name: 'http', containerPort: 8080 }] },
      ),
      podYaml('prod/client', { app: 'client' }, { node: 'worker-2' }),
      `apiVersion: v1
kind: Service
metadata: {name: web, namespace: prod}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]`,
      webPorts(policyPorts, 'web-in'),
    )

  it('NP-21: policy ports are the pod (targetPort) ports, never the Service port', () => {
    const call = (ports: string) =>
      simulate(build(svcWorld(ports)), {
        from: { pod: 'prod/client' },
        to: { service: 'prod/web' },
        port: 80,
      })
    const servicePort = call('[{port: 80}]')
    expect(servicePort.outcome).toBe('timed-out')
    expect(servicePort.backend?.port).toBe(8080)
    expect(servicePort.ingress?.misses[0]!.detail).toBe('8080/TCP is not among its ports (80/TCP)')
    const targetPort = call('[{port: 8080}]')
    expect(targetPort.outcome).toBe('connected')
    expect(matchedRefs(targetPort.ingress!)).toEqual(['prod/web-in spec.ingress[0]'])
    // the container port's name works as well
    expect(call('[{port: http}]').outcome).toBe('connected')
  })
})

// Validation of the policy kinds beyond NetworkPolicy, located in their files: the CRD
// schema of network-policy-api v0.2.0 (CNP-07), Calico's validator (CAL-08) and Cilium's
// CRD (CIL-07). Each problem is reported at its file and line, as an editor marks it.
import { describe, expect, it } from 'vitest'
import { formatIssue } from '../issues'
import { loadManifests } from '../load'
import { manifestJsonSchema } from '../json-schema'

const load = (text: string) =>
  loadManifests([{ file: 'policy.yaml', text }])
    .issues.filter((i) => i.severity === 'error')
    .map(formatIssue)

describe('ClusterNetworkPolicy validation', () => {
  it('CNP-07: a valid policy of each tier loads', () => {
    const r = loadManifests([
      {
        file: 'cnp.yaml',
        text: `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-partner}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {matchLabels: {team: shop}}}
  ingress:
  - name: deny-partner
    action: Deny
    from: [{namespaces: {matchLabels: {team: partner}}}]
  egress:
  - action: Accept
    to: [{networks: [10.0.0.0/8]}, {nodes: {}}]
    protocols: [{tcp: {destinationPort: {range: {start: 1000, end: 2000}}}}, {udp: {destinationPort: {number: 53}}}]`,
      },
    ])
    expect(r.issues).toEqual([])
    expect(r.objects[0]).toMatchObject({ kind: 'ClusterNetworkPolicy', name: 'deny-partner' })
    expect(r.objects[0]!.namespace).toBeUndefined()
  })

  it('CNP-07: the CRD schema, in kube-openapi words, at the offending line', () => {
    const errs = load(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: bad}
spec:
  tier: Cluster
  priority: 1001
  subject: {namespaces: {}, pods: {podSelector: {}}}
  ingress:
  - action: Allow
    from: []
    protocols: [{tcp: {destinationPort: {range: {start: 9000, end: 80}}}}]`)
    expect(errs).toEqual([
      'policy.yaml:5:9: error: The ClusterNetworkPolicy "bad" is invalid: spec.tier: Unsupported value: "Cluster": supported values: "Admin", "Baseline"',
      'policy.yaml:6:13: error: The ClusterNetworkPolicy "bad" is invalid: spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000',
      'policy.yaml:7:12: error: The ClusterNetworkPolicy "bad" is invalid: spec.subject: Too many: 2: must have at most 1 items',
      'policy.yaml:9:13: error: The ClusterNetworkPolicy "bad" is invalid: spec.ingress[0].action: Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass"',
      'policy.yaml:10:11: error: The ClusterNetworkPolicy "bad" is invalid: spec.ingress[0].from: Invalid value: 0: spec.ingress[0].from in body should have at least 1 items',
      'policy.yaml:11:49: error: The ClusterNetworkPolicy "bad" is invalid: spec.ingress[0].protocols[0].tcp.destinationPort.range: Invalid value: "object": Start port must be less than End port',
    ])
  })

  it('CNP-07: a value of the wrong type gets the CRD wording; an unknown field the strict decoding error', () => {
    expect(
      load(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: typed}
spec: {tier: Admin, priority: "10", subject: {namespaces: {}}}`),
    ).toEqual([
      'policy.yaml:4:31: error: The ClusterNetworkPolicy "typed" is invalid: spec.priority: Invalid value: "string": spec.priority in body must be of type integer: "string"',
    ])
    expect(
      load(`apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: misplaced}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{namespaces: {}}]
    ports: [{port: 80}]`),
    ).toEqual([
      'policy.yaml:11:5: error: Error from server (BadRequest): error when creating "policy.yaml": ClusterNetworkPolicy in version "v1alpha2" cannot be handled as a ClusterNetworkPolicy: strict decoding error: unknown field "spec.ingress[0].ports"',
    ])
  })

  it('CNP-07: the old v1alpha1 kinds and other versions are refused as kubectl refuses them', () => {
    expect(
      load(`apiVersion: policy.networking.k8s.io/v1beta1
kind: ClusterNetworkPolicy
metadata: {name: x}
spec: {tier: Admin, priority: 1, subject: {namespaces: {}}}`)[0],
    ).toMatch(/no matches for kind "ClusterNetworkPolicy" in version "policy.networking.k8s.io\/v1beta1"/)
  })
})

describe('Calico GlobalNetworkPolicy validation', () => {
  it('CAL-08: selectors, actions, ports without a port protocol and nets, each at its line', () => {
    expect(
      load(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: bad}
spec:
  order: 100
  selector: app = 'db'
  types: [Ingress, Sideways]
  ingress:
  - action: Reject
    source: {nets: [10.0.0.0/33]}
    destination: {ports: [80]}`),
    ).toEqual([
      `policy.yaml:6:13: error: The GlobalNetworkPolicy "bad" is invalid: spec.selector: Invalid value: "app = 'db'": invalid selector: unexpected character "=" at character 5`,
      'policy.yaml:7:20: error: The GlobalNetworkPolicy "bad" is invalid: spec.types[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
      'policy.yaml:9:13: error: The GlobalNetworkPolicy "bad" is invalid: spec.ingress[0].action: Unsupported value: "Reject": supported values: "Allow", "Deny", "Log", "Pass"',
      'policy.yaml:10:21: error: The GlobalNetworkPolicy "bad" is invalid: spec.ingress[0].source.nets[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      'policy.yaml:11:26: error: The GlobalNetworkPolicy "bad" is invalid: spec.ingress[0].destination.ports: Invalid value: []interface {}{80}: ports can only be used with protocol TCP, UDP, SCTP or UDPLite',
    ])
  })
})

describe('CiliumNetworkPolicy validation', () => {
  it('CIL-07: the CRD checks ports, protocols and entities; the lesson examples load', () => {
    expect(
      load(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: bad, namespace: app}
spec:
  endpointSelector: {}
  ingress:
  - fromEntities: [galaxy]
    toPorts: [{ports: [{port: 'eighty!', protocol: HTTP}]}]`),
    ).toEqual([
      'policy.yaml:7:20: error: The CiliumNetworkPolicy "bad" is invalid: spec.ingress[0].fromEntities[0]: Unsupported value: "galaxy": supported values: "all", "world", "cluster", "host", "remote-node", "kube-apiserver", "ingress", "init", "health", "unmanaged"',
      'policy.yaml:8:31: error: The CiliumNetworkPolicy "bad" is invalid: spec.ingress[0].toPorts[0].ports[0].port: Invalid value: "eighty!": spec.ingress[0].toPorts[0].ports[0].port in body should match a port number (0-65535) or a port name',
      'policy.yaml:8:52: error: The CiliumNetworkPolicy "bad" is invalid: spec.ingress[0].toPorts[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "TCP", "UDP", "SCTP", "ICMP", "ICMPv6", "VRRP", "IGMP", "ANY"',
    ])
    expect(
      load(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-to-github, namespace: app}
spec:
  endpointSelector: {matchLabels: {app: api}}
  egress:
  - toEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': kube-system, 'k8s:k8s-app': kube-dns}}]
    toPorts: [{ports: [{port: '53', protocol: ANY}], rules: {dns: [{matchPattern: '*'}]}}]
  - toFQDNs: [{matchName: api.github.com}]
    toPorts: [{ports: [{port: '443', protocol: TCP}]}]`),
    ).toEqual([])
  })
})

describe('the editor schema', () => {
  it('covers the new kinds with their enums (CNP-07, CAL-08, CIL-07)', () => {
    const schema = manifestJsonSchema() as {
      properties: { kind: { enum: string[] } }
      definitions: Record<
        string,
        { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean }
      >
    }
    expect(schema.properties.kind.enum).toEqual(
      expect.arrayContaining(['ClusterNetworkPolicy', 'GlobalNetworkPolicy', 'CiliumNetworkPolicy']),
    )
    expect(schema.definitions.V1alpha2ClusterNetworkPolicy!.properties.apiVersion!.enum).toEqual([
      'policy.networking.k8s.io/v1alpha2',
    ])
    expect(schema.definitions.V1alpha2ClusterNetworkPolicySpec!.properties.tier!.enum).toEqual([
      'Admin',
      'Baseline',
    ])
    expect(schema.definitions.V3Rule!.properties.action!.enum).toEqual(['Allow', 'Deny', 'Log', 'Pass'])
    expect(schema.definitions.V2PortRuleHTTP!.additionalProperties).toBe(false)
    expect(schema.definitions.V3GlobalNetworkPolicySpec!.properties.types!.items).toEqual({
      type: 'string',
      enum: ['Ingress', 'Egress'],
    })
  })
})

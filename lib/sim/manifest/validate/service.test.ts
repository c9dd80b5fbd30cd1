import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'

const service = (spec: Record<string, unknown>, name = 'web') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec,
})
const errors = (spec: Record<string, unknown>, name?: string) =>
  validateObject('Service', service(spec, name)).errors.map(formatFieldError)
const warnings = (spec: Record<string, unknown>) =>
  validateObject('Service', service(spec)).warnings.map((w) => w.message)

describe('Service validation', () => {
  it('accepts a realistic multi-port Service', () => {
    const svc = service({
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP', appProtocol: 'http' },
      ],
    })
    expect(validateObject('Service', svc)).toEqual({ errors: [], warnings: [] })
  })

  it('accepts NodePort and LoadBalancer Services with policies', () => {
    expect(
      errors({ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }], externalTrafficPolicy: 'Local' }),
    ).toEqual([])
    expect(
      errors({
        type: 'LoadBalancer',
        ports: [{ port: 443 }],
        loadBalancerSourceRanges: ['203.0.113.0/24'],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      }),
    ).toEqual([])
  })

  it('SV-01 the name must be a DNS-1035 label', () => {
    expect(errors({ ports: [{ port: 80 }] }, '1web')).toEqual([
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ])
  })

  it('SV-02 service ports: required, named when several, unique, in range', () => {
    expect(errors({ selector: { app: 'web' } })).toEqual(['spec.ports: Required value'])
    expect(errors({ ports: [{ name: 'http', port: 80 }, { port: 443 }] })).toEqual([
      'spec.ports[1].name: Required value',
    ])
    expect(
      errors({
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 8080 },
        ],
      }),
    ).toEqual(['spec.ports[1].name: Duplicate value: "http"'])
    expect(errors({ ports: [{ port: 70000, targetPort: 8080 }] })).toEqual([
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ])
    expect(
      errors({
        ports: [
          { name: 'a', port: 80 },
          { name: 'b', port: 80 },
        ],
      }),
    ).toEqual([
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ])
  })

  it('SV-02 service ports: protocol, targetPort and name formats', () => {
    expect(errors({ ports: [{ port: 80, protocol: 'HTTP' }] })).toEqual([
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ])
    expect(errors({ ports: [{ port: 80, targetPort: 'web_port' }] })).toEqual([
      'spec.ports[0].targetPort: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
    expect(errors({ ports: [{ port: 80, targetPort: 0x10000 }] })).toEqual([
      'spec.ports[0].targetPort: Invalid value: 65536: must be between 1 and 65535, inclusive',
    ])
    expect(errors({ ports: [{ port: 80, name: 'HTTP' }] })).toEqual([
      "spec.ports[0].name: Invalid value: \"HTTP\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
  })

  it('SV-12 type must be one of the supported types', () => {
    expect(errors({ type: 'Internal', ports: [{ port: 80 }] })).toEqual([
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ])
  })

  it('SV-13 ExternalName needs an externalName and no clusterIP', () => {
    expect(errors({ type: 'ExternalName' })).toEqual(['spec.externalName: Required value'])
    expect(errors({ type: 'ExternalName', externalName: 'db.example.com.', clusterIP: '' })).toEqual([])
    expect(errors({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.10' })).toEqual(
      ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
    )
    expect(errors({ type: 'ExternalName', externalName: 'db_host' })).toEqual([
      "spec.externalName: Invalid value: \"db_host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })

  it('SV-14 headless Services: ports optional, not for NodePort or LoadBalancer', () => {
    expect(errors({ clusterIP: 'None', selector: { app: 'db' } })).toEqual([])
    expect(errors({ clusterIP: 'None' })).toEqual([])
    expect(errors({ clusterIP: 'None', type: 'NodePort', ports: [{ port: 80 }] })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    ])
    expect(errors({ clusterIP: 'None', type: 'LoadBalancer', ports: [{ port: 80 }] })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
    ])
  })

  it('SV-14 headless Services warn about ignored fields', () => {
    expect(warnings({ clusterIP: 'None', ports: [{ port: 80 }], externalIPs: ['203.0.113.7'] })).toEqual([
      'spec.externalIPs is ignored for headless services',
    ])
  })

  it('clusterIP must be an IP, "None" or empty (range checks belong to the allocator)', () => {
    expect(errors({ clusterIP: '10.96.0.300', ports: [{ port: 80 }] })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
    expect(errors({ clusterIP: '192.168.1.1', ports: [{ port: 80 }] })).toEqual([])
    expect(errors({ clusterIP: '', ports: [{ port: 80 }] })).toEqual([])
  })

  it('an inconsistent clusterIP stops validation before anything else (the allocator pre-check)', () => {
    expect(errors({ clusterIP: 'not-an-ip' }, 'Bad_Name')).toEqual([
      'spec.clusterIPs[0]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
    expect(errors({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.11'], ports: [{ port: 80 }] })).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`',
    ])
  })

  it('SV-09 nodePort only for NodePort and LoadBalancer Services', () => {
    expect(errors({ ports: [{ port: 80, nodePort: 30080 }] })).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ])
    expect(
      errors({
        type: 'NodePort',
        ports: [
          { name: 'a', port: 80, nodePort: 30080 },
          { name: 'b', port: 81, nodePort: 30080 },
        ],
      }),
    ).toEqual(['spec.ports[1].nodePort: Duplicate value: 30080'])
    // outside 30000-32767 is the allocator's business, not validation's
    expect(errors({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })).toEqual([])
  })

  it('externalTrafficPolicy only for externally-accessible Services', () => {
    expect(errors({ ports: [{ port: 80 }], externalTrafficPolicy: 'Local' })).toEqual([
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    ])
    expect(errors({ type: 'NodePort', ports: [{ port: 80 }], externalTrafficPolicy: 'Global' })).toEqual([
      'spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"',
    ])
    expect(
      errors({ ports: [{ port: 80 }], externalIPs: ['203.0.113.7'], externalTrafficPolicy: 'Local' }),
    ).toEqual([])
  })

  it('internalTrafficPolicy and session affinity values', () => {
    expect(errors({ ports: [{ port: 80 }], internalTrafficPolicy: 'Node' })).toEqual([
      'spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"',
    ])
    expect(errors({ ports: [{ port: 80 }], sessionAffinity: 'Sticky' })).toEqual([
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
    ])
    expect(
      errors({
        ports: [{ port: 80 }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } },
      }),
    ).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
    ])
    expect(
      errors({
        ports: [{ port: 80 }],
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
      }),
    ).toEqual([
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    ])
  })

  it('externalIPs must be usable addresses', () => {
    expect(errors({ ports: [{ port: 80 }], externalIPs: ['127.0.0.1', 'nope'] })).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'spec.externalIPs[1]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
  })

  it('LoadBalancer-only fields', () => {
    expect(
      errors({
        ports: [{ port: 80 }],
        loadBalancerSourceRanges: ['10.0.0.0/8'],
        allocateLoadBalancerNodePorts: false,
      }),
    ).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
      "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ])
    expect(
      errors({ type: 'LoadBalancer', ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0/8'] }),
    ).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ])
  })

  it('warns about non-canonical addresses and ignored fields', () => {
    expect(warnings({ ports: [{ port: 80 }], clusterIP: 'fd00::0001' })).toEqual([
      'spec.clusterIPs[0]: IPv6 address "fd00::0001" should be in RFC 5952 canonical format ("fd00::1")',
    ])
    expect(warnings({ ports: [{ port: 80 }], clusterIP: '10.096.0.10' })).toEqual([
      'spec.clusterIPs[0]: non-standard IP address "10.096.0.10" will be considered invalid in a future Kubernetes release: use "10.96.0.10"',
    ])
    expect(warnings({ ports: [{ port: 80 }], externalName: 'db.example.com' })).toEqual([
      'spec.externalName is ignored when spec.type is not "ExternalName"',
    ])
    expect(
      warnings({ type: 'LoadBalancer', ports: [{ port: 80 }], loadBalancerSourceRanges: ['10.0.0.1/8'] }),
    ).toEqual([
      'spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
    ])
  })
})

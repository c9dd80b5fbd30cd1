import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'

const slice = (body: Record<string, unknown>) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-abc12', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  ...body,
})
const errors = (body: Record<string, unknown>) =>
  validateObject('EndpointSlice', slice(body)).errors.map(formatFieldError)

describe('EndpointSlice validation', () => {
  it('accepts a realistic EndpointSlice', () => {
    const eps = slice({
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: ['10.244.1.5'],
          conditions: { ready: true },
          nodeName: 'node-1',
          zone: 'a',
          targetRef: { kind: 'Pod', name: 'web-1' },
        },
        { addresses: ['10.244.2.7'], conditions: { ready: false }, hostname: 'web-2' },
      ],
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9090 },
      ],
    })
    expect(validateObject('EndpointSlice', eps)).toEqual({ errors: [], warnings: [] })
  })

  it('addressType is required and must be IPv4, IPv6 or FQDN', () => {
    expect(errors({})).toEqual(['addressType: Required value'])
    expect(errors({ addressType: 'IP' })).toEqual([
      'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"',
    ])
  })

  it('every endpoint has 1 to 100 addresses of the slice type', () => {
    expect(errors({ addressType: 'IPv4', endpoints: [{ addresses: [] }] })).toEqual([
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ])
    const many = Array.from({ length: 101 }, (_, i) => `10.0.${i >> 8}.${(i & 255) + 1}`)
    expect(errors({ addressType: 'IPv4', endpoints: [{ addresses: many }] })).toEqual([
      'endpoints[0].addresses: Too many: 101: must have at most 100 items',
    ])
    expect(
      errors({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1', '127.0.0.1', 'fe80::1'] }] }),
    ).toEqual([
      'endpoints[0].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'endpoints[0].addresses[2]: Invalid value: "fe80::1": must be a valid IPv4 address',
      'endpoints[0].addresses[2]: Invalid value: "fe80::1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ])
    expect(errors({ addressType: 'IPv6', endpoints: [{ addresses: ['10.0.0.1', '2001:db8::1'] }] })).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be a valid IPv6 address',
    ])
    expect(
      errors({ addressType: 'FQDN', endpoints: [{ addresses: ['db.example.com', 'localhost'] }] }),
    ).toEqual([
      'endpoints[0].addresses[1]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
    ])
  })

  it('ports: names unique DNS labels, known protocols', () => {
    expect(
      errors({
        addressType: 'IPv4',
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 81 },
          { name: 'HTTPS', protocol: 'QUIC' },
        ],
      }),
    ).toEqual([
      'ports[1].name: Duplicate value: "http"',
      "ports[2].name: Invalid value: \"HTTPS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      'ports[2].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"',
    ])
  })
})

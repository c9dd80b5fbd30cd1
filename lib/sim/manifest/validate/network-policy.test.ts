import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'

function policy(spec: Record<string, unknown>) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', namespace: 'default' },
    spec: { podSelector: {}, ...spec },
  }
}
const fromPeer = (peer: unknown) => policy({ ingress: [{ from: [peer] }] })
const withPorts = (...ports: unknown[]) => policy({ ingress: [{ ports }] })
const errors = (obj: Record<string, unknown>) =>
  validateObject('NetworkPolicy', obj).errors.map(formatFieldError)

describe('NetworkPolicy validation', () => {
  it('accepts a realistic policy without errors or warnings', () => {
    const np = policy({
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { app: 'api' } } },
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              podSelector: {},
            },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.0/24'] } },
          ],
          ports: [{ protocol: 'TCP', port: 5432 }, { port: 'metrics' }, { port: 30000, endPort: 32767 }],
        },
      ],
      egress: [{ to: [{ ipBlock: { cidr: '2001:db8::/64' } }], ports: [{ protocol: 'UDP', port: 53 }] }],
    })
    expect(validateObject('NetworkPolicy', np)).toEqual({ errors: [], warnings: [] })
  })

  it('does not reject valid but pointless policies (selecting no pods, no rules)', () => {
    const np = policy({
      podSelector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      ingress: [],
    })
    expect(errors(np)).toEqual([])
  })

  it('NP-14 ipBlock: an invalid CIDR', () => {
    expect(errors(fromPeer({ ipBlock: { cidr: '10.0.0.0/33' } }))).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ])
    expect(errors(fromPeer({ ipBlock: { cidr: '10.0.0/24' } }))).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0/24": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ])
  })

  it('NP-14 ipBlock: host bits set are accepted with the ambiguity warning on the cidr field', () => {
    const result = validateObject('NetworkPolicy', fromPeer({ ipBlock: { cidr: '10.0.0.1/24' } }))
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([
      {
        path: ['spec', 'ingress', 0, 'from', 0, 'ipBlock', 'cidr'],
        message:
          'spec.ingress[0].from[0].ipBlock.cidr: CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)',
      },
    ])
    expect(result.warnings[0]!.message).toContain(
      'CIDR value "10.0.0.1/24" is ambiguous in this context (should be "10.0.0.0/24" or "10.0.0.1/32"?)',
    )
  })

  it('NP-14 ipBlock: warnings for except entries and egress peers too', () => {
    const np = policy({
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.2.3/16'] } }] }],
    })
    expect(validateObject('NetworkPolicy', np).warnings.map((w) => w.message)).toEqual([
      'spec.egress[0].to[0].ipBlock.except[0]: CIDR value "10.1.2.3/16" is ambiguous in this context (should be "10.1.0.0/16" or "10.1.2.3/32"?)',
    ])
  })

  it('NP-14 ipBlock: a missing cidr', () => {
    expect(errors(fromPeer({ ipBlock: {} }))).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: Required value',
    ])
    expect(errors(fromPeer({ ipBlock: { except: ['10.0.0.0/24'] } }))).toEqual([
      'spec.ingress[0].from[0].ipBlock.cidr: Required value',
    ])
  })

  it('NP-14 ipBlock: except entries must be strict subsets of cidr', () => {
    expect(
      errors(
        fromPeer({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24', '10.0.0.0/16', '10.0.5.0/24'] } }),
      ),
    ).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
    ])
    expect(errors(fromPeer({ ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.0.0/33'] } }))).toEqual([
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ])
  })

  it('NP-14 ipBlock: may not be combined with another peer', () => {
    expect(errors(fromPeer({ ipBlock: { cidr: '10.0.0.0/16' }, podSelector: {} }))).toEqual([
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
    ])
  })

  it('a peer must select something', () => {
    expect(errors(fromPeer({}))).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer'])
    expect(errors(policy({ egress: [{ to: [{ podSelector: null }] }] }))).toEqual([
      'spec.egress[0].to[0]: Required value: must specify a peer',
    ])
  })

  it('NP-20 endPort: needs a numeric port no greater than itself', () => {
    expect(errors(withPorts({ endPort: 32768 }))).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 32768: may not be specified when `port` is not specified',
    ])
    expect(errors(withPorts({ port: 80, endPort: 79 }))).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`',
    ])
    // The value shown is `port`'s, as upstream passes port.Port.IntVal.
    expect(errors(withPorts({ port: 443 }, { port: 80, endPort: 79 }))).toEqual([
      'spec.ingress[0].ports[1].endPort: Invalid value: 80: must be greater than or equal to `port`',
    ])
    expect(errors(withPorts({ port: 'http', endPort: 90 }))).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
    ])
    expect(errors(withPorts({ port: 80, endPort: 70000 }))).toEqual([
      'spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ])
  })

  it('NP-18 port names and numbers', () => {
    expect(errors(withPorts({ port: 70000 }))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ])
    expect(errors(withPorts({ port: 'http_web' }))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
    expect(errors(withPorts({ port: '80' }))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "80": must contain at least one letter (a-z)',
    ])
    expect(errors(withPorts({ port: 'very_long_port_name' }))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "very_long_port_name": must be no more than 15 characters',
      'spec.ingress[0].ports[0].port: Invalid value: "very_long_port_name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
    expect(errors(withPorts({ port: '-web--' }))).toEqual([
      'spec.ingress[0].ports[0].port: Invalid value: "-web--": must not contain consecutive hyphens',
      'spec.ingress[0].ports[0].port: Invalid value: "-web--": must not begin or end with a hyphen',
    ])
  })

  it('NP-17 protocol: only TCP, UDP and SCTP (case-sensitive)', () => {
    expect(errors(withPorts({ protocol: 'tcp', port: 80 }))).toEqual([
      'spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"',
    ])
    expect(errors(withPorts({ protocol: 'SCTP', port: 80 }))).toEqual([])
  })

  it('NP-04 policyTypes: Ingress and Egress only, at most two', () => {
    expect(errors(policy({ policyTypes: ['ingress'] }))).toEqual([
      'spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"',
    ])
    expect(errors(policy({ policyTypes: ['Ingress', 'Egress', 'Ingress'] }))).toEqual([
      'spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes',
    ])
  })

  it('NP-13 selectors: operators and their values', () => {
    const np = policy({
      podSelector: {
        matchExpressions: [
          { key: 'tier', operator: 'In' },
          { key: 'tier', operator: 'NotIn', values: [] },
          { key: 'env', operator: 'Exists', values: ['prod'] },
          { key: 'env', operator: 'Equals', values: ['prod'] },
        ],
      },
    })
    expect(errors(np)).toEqual([
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.podSelector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.podSelector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.podSelector.matchExpressions[3].operator: Invalid value: "Equals": not a valid selector operator',
    ])
  })

  it('NP-13 selectors: label values in matchLabels and matchExpressions', () => {
    const labelValueError =
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    expect(errors(fromPeer({ podSelector: { matchLabels: { app: 'my app' } } }))).toEqual([
      `spec.ingress[0].from[0].podSelector.matchLabels: Invalid value: "my app": ${labelValueError}`,
    ])
    expect(
      errors(
        fromPeer({
          namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'my app'] }] },
        }),
      ),
    ).toEqual([
      `spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values[1]: Invalid value: "my app": ${labelValueError}`,
    ])
  })

  it('NP-13 selectors: label keys are qualified names', () => {
    expect(errors(policy({ podSelector: { matchLabels: { 'Example.com/app': 'x' } } }))).toEqual([
      "spec.podSelector.matchLabels: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })

  it('validates the name as a DNS subdomain', () => {
    const np = { ...policy({}), metadata: { name: 'Bad_Name', namespace: 'default' } }
    expect(errors(np)).toEqual([
      "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })

  it('returns no warnings when the policy is rejected', () => {
    const np = policy({ ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.1/24' } }], ports: [{ port: 0 }] }] })
    expect(validateObject('NetworkPolicy', np).warnings).toEqual([])
  })
})

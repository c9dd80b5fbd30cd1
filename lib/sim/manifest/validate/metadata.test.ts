import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'

const errors = (kind: string, obj: Record<string, unknown>) =>
  validateObject(kind, obj).errors.map(formatFieldError)
const cm = (metadata: Record<string, unknown>) => ({
  metadata,
  spec: { podSelector: {} },
})

describe('object metadata', () => {
  it('a name (or generateName) is required', () => {
    expect(errors('NetworkPolicy', cm({ namespace: 'default' }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ])
  })

  it('generateName is checked as a prefix, the namespace as a DNS label', () => {
    expect(
      errors('NetworkPolicy', cm({ generateName: 'np-', name: 'np-x7k2p', namespace: 'default' })),
    ).toEqual([])
    expect(
      errors('NetworkPolicy', cm({ generateName: 'NP-', name: 'np-x7k2p', namespace: 'Team.A' })),
    ).toEqual([
      "metadata.generateName: Invalid value: \"NP-\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      "metadata.namespace: Invalid value: \"Team.A\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
  })

  it('labels, annotations and finalizers', () => {
    const meta = {
      name: 'np',
      namespace: 'default',
      labels: { 'app/name/x': 'web' },
      annotations: { 'not a key': 'x' },
      finalizers: ['cleanup', 'example.com/cleanup'],
    }
    expect(errors('NetworkPolicy', cm(meta))).toEqual([
      "metadata.labels: Invalid value: \"app/name/x\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      "metadata.annotations: Invalid value: \"not a key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ])
  })
})

describe('Namespace validation', () => {
  it('the name is a DNS label; a namespace field is ignored', () => {
    expect(errors('Namespace', { metadata: { name: 'team-a', namespace: 'default' } })).toEqual([])
    expect(errors('Namespace', { metadata: { name: 'team.a' } })).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ])
    expect(errors('Namespace', { metadata: {} })).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ])
  })

  it('spec.finalizers must be standard or qualified', () => {
    expect(
      errors('Namespace', { metadata: { name: 'a' }, spec: { finalizers: ['kubernetes', 'custom'] } }),
    ).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ])
  })
})

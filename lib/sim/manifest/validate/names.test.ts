import { describe, it, expect } from 'vitest'
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNSSubdomain,
} from './names'

describe('name formats (k8s.io/apimachinery/pkg/util/validation)', () => {
  it('IsDNS1123Label', () => {
    expect(isDNS1123Label('my-name')).toEqual([])
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots'])
    expect(isDNS1123Label('x'.repeat(64))).toEqual(['must be no more than 63 characters'])
    expect(isDNS1123Label('-a')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
  })

  it('IsDNS1123Subdomain and IsDNS1035Label', () => {
    expect(isDNS1123Subdomain('a.example.com')).toEqual([])
    expect(isDNS1123Subdomain('x'.repeat(254))).toEqual(['must be no more than 253 characters'])
    expect(isDNS1035Label('web')).toEqual([])
    expect(isDNS1035Label('9web')).toHaveLength(1)
  })

  it('IsQualifiedName', () => {
    expect(isQualifiedName('app.kubernetes.io/name')).toEqual([])
    expect(isQualifiedName('/name')).toEqual(['prefix part must be non-empty'])
    expect(isQualifiedName('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ])
    expect(isQualifiedName('x'.repeat(64))).toEqual(['name part must be no more than 63 characters'])
  })

  it('IsValidLabelValue', () => {
    expect(isValidLabelValue('')).toEqual([])
    expect(isValidLabelValue('v1.2_3-x')).toEqual([])
    expect(isValidLabelValue('-x')).toHaveLength(1)
  })

  it('IsValidPortNum and IsValidPortName', () => {
    expect(isValidPortNum(1)).toEqual([])
    expect(isValidPortNum(65536)).toEqual(['must be between 1 and 65535, inclusive'])
    expect(isValidPortName('http')).toEqual([])
    expect(isValidPortName('Http_Port-Name-Long')).toEqual([
      'must be no more than 15 characters',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
  })

  it('generateName prefixes may end in a dash', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([])
    expect(nameIsDNSSubdomain('web-', false)).toHaveLength(1)
  })
})

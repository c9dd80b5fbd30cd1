import { describe, it, expect } from 'vitest'
import { cidrContains, cidrString, getWarningsForCIDR, isValidCIDR, parseCIDRSloppy } from './cidr'
import { getWarningsForIP, ipString, isValidIP, parseIPSloppy, validateEndpointIP } from './ip'
import { formatFieldError } from './field-error'

const path = ['spec', 'cidr']

describe('IP parsing (netutils.ParseIPSloppy, net.IP.String)', () => {
  it('parses IPv4 (leading zeros allowed) and IPv6', () => {
    expect(ipString(parseIPSloppy('010.001.2.3')!)).toBe('10.1.2.3')
    expect(ipString(parseIPSloppy('2001:DB8:0:0:0:0:0:1')!)).toBe('2001:db8::1')
    expect(ipString(parseIPSloppy('::ffff:1.2.3.4')!)).toBe('1.2.3.4')
    expect(ipString(parseIPSloppy('1:0:0:1:0:0:0:1')!)).toBe('1:0:0:1::1')
    for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4.5', '1::2::3', 'fe80::1%eth0', '', 'abc'])
      expect(parseIPSloppy(bad), bad).toBeNull()
  })

  it('IsValidIP and endpoint IP rules', () => {
    expect(isValidIP(path, '10.0.0.1')).toEqual([])
    expect(isValidIP(path, '10.0.0').map(formatFieldError)).toEqual([
      'spec.cidr: Invalid value: "10.0.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
    expect(validateEndpointIP('0.0.0.0', path).map(formatFieldError)).toEqual([
      'spec.cidr: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    ])
    expect(validateEndpointIP('224.0.0.5', path).map(formatFieldError)).toEqual([
      'spec.cidr: Invalid value: "224.0.0.5": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ])
  })

  it('IP warnings', () => {
    expect(getWarningsForIP(path, '10.0.0.1')).toEqual([])
    expect(getWarningsForIP(path, '::ffff:10.0.0.1')).toEqual([
      'spec.cidr: non-standard IP address "::ffff:10.0.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"',
    ])
  })
})

describe('CIDR parsing and warnings', () => {
  it('parses as Go 1.16 ParseCIDR does', () => {
    expect(cidrString(parseCIDRSloppy('10.1.2.3/8')!)).toBe('10.0.0.0/8')
    expect(cidrString(parseCIDRSloppy('2001:db8::1/64')!)).toBe('2001:db8::/64')
    expect(cidrString(parseCIDRSloppy('10.0.0.0/0')!)).toBe('0.0.0.0/0')
    for (const bad of ['10.0.0.0/33', '10.0.0/24', '10.0.0.0', '10.0.0.0/', '10.0.0.0/x', '::/129'])
      expect(parseCIDRSloppy(bad), bad).toBeNull()
    expect(isValidCIDR(path, '10.0.0.0/008')).toEqual([])
  })

  it('Contains', () => {
    const net = parseCIDRSloppy('10.0.0.0/16')!
    expect(cidrContains(net, parseCIDRSloppy('10.0.128.0/24')!.network)).toBe(true)
    expect(cidrContains(net, parseCIDRSloppy('10.1.0.0/24')!.network)).toBe(false)
    expect(cidrContains(net, parseCIDRSloppy('::/0')!.network)).toBe(false)
  })

  it('GetWarningsForCIDR', () => {
    expect(getWarningsForCIDR(path, '10.0.0.0/24')).toEqual([])
    expect(getWarningsForCIDR(path, '2001:db8::1/64')).toEqual([
      'spec.cidr: CIDR value "2001:db8::1/64" is ambiguous in this context (should be "2001:db8::/64" or "2001:db8::1/128"?)',
    ])
    expect(getWarningsForCIDR(path, '010.0.0.0/8')).toEqual([
      'spec.cidr: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
    ])
    expect(getWarningsForCIDR(path, '2001:DB8::/64')).toEqual([
      'spec.cidr: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")',
    ])
  })
})

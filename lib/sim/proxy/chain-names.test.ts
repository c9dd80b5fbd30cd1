import { describe, expect, it } from 'vitest'
import { endpointChain, serviceChain, servicePortName } from './chain-names'

describe('SV-05: kube-proxy chain names', () => {
  it('match the chain every cluster has for the kubernetes Service', () => {
    // `iptables-save` on any kubeadm cluster: KUBE-SVC-NPX46M4PTMTKRN6Y for default/kubernetes:https
    expect(serviceChain(servicePortName('default', 'kubernetes', 'https'), 'TCP')).toBe(
      'KUBE-SVC-NPX46M4PTMTKRN6Y',
    )
  })

  it('are KUBE-SVC- or KUBE-SEP- and 16 base32 characters, distinct per port and endpoint', () => {
    const port = servicePortName('app', 'api', 'http')
    expect(serviceChain(port, 'TCP')).toMatch(/^KUBE-SVC-[A-Z2-7]{16}$/)
    expect(serviceChain(port, 'TCP')).not.toBe(serviceChain(port, 'UDP'))
    expect(serviceChain(servicePortName('app', 'api', undefined), 'TCP')).not.toBe(serviceChain(port, 'TCP'))
    expect(endpointChain(port, 'TCP', '10.244.1.5:8080')).toMatch(/^KUBE-SEP-[A-Z2-7]{16}$/)
    expect(endpointChain(port, 'TCP', '10.244.1.5:8080')).not.toBe(
      endpointChain(port, 'TCP', '10.244.2.5:8080'),
    )
  })
})

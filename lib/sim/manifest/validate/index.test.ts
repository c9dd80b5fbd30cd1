import { describe, it, expect } from 'vitest'
import { validateObject } from './index'

describe('validateObject', () => {
  it('ignores kinds it does not model', () => {
    expect(validateObject('ConfigMap', { metadata: {} })).toEqual({ errors: [], warnings: [] })
  })

  it('does not modify its input while defaulting', () => {
    const pod = {
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'a', image: 'x' }] },
    }
    const before = JSON.stringify(pod)
    expect(validateObject('Pod', pod).errors).toEqual([])
    expect(JSON.stringify(pod)).toBe(before)
  })

  it('tolerates missing and null fields everywhere', () => {
    for (const kind of [
      'Namespace',
      'Pod',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'ReplicationController',
      'Job',
      'CronJob',
      'Service',
      'EndpointSlice',
      'NetworkPolicy',
    ]) {
      expect(() => validateObject(kind, {}), kind).not.toThrow()
      expect(() => validateObject(kind, { metadata: null, spec: null }), kind).not.toThrow()
      expect(validateObject(kind, {}).errors.length, kind).toBeGreaterThan(0)
    }
  })

  it('returns warnings only for objects that pass validation', () => {
    const svc = (name: string) => ({
      metadata: { name, namespace: 'default' },
      spec: { ports: [{ port: 80 }], externalName: 'ignored.example.com' },
    })
    expect(validateObject('Service', svc('web')).warnings).toHaveLength(1)
    expect(validateObject('Service', svc('Web')).warnings).toEqual([])
  })
})

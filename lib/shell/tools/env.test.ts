// The container's environment.
import { describe, expect, it } from 'vitest'
import { open } from './tools.testkit'

describe('env and printenv', () => {
  it('the Service variables (SV-15) and the hostname', () => {
    const l = open()
    const env = l.run('kubectl exec client -- env')
    expect(env).toContain('WEB_SERVICE_HOST=10.96.45.12\nWEB_SERVICE_PORT=80\n')
    expect(env).toContain('HOSTNAME=client\n')
  })

  it('a Service created after the pod is not in its environment', () => {
    const l = open()
    l.clock.now += 60_000
    l.run('kubectl create service clusterip late --tcp=80:80')
    expect(l.run('kubectl exec client -- printenv LATE_SERVICE_HOST')).toBe(
      'command terminated with exit code 1\n',
    )
  })
})

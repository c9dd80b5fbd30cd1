// Terminal connections through a Service take its ready endpoints in turn.
import { describe, expect, it } from 'vitest'
import { simulate } from '../../sim/simulate/simulate'
import { lab } from '../shell.testkit'

const echo = (name: string, node: string, image = 'traefik/whoami') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: echo}}
spec: {nodeName: ${node}, containers: [{name: e, image: ${image}, ports: [{containerPort: 80}]}]}
`
const CLIENT = `---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec: {nodeName: worker-2, containers: [{name: c, image: nicolaka/netshoot}]}
`
const service = (name: string, extra = '') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: echo}, ports: [{port: 80}]${extra}}
`
const TWO = echo('echo-a', 'worker-1') + echo('echo-b', 'worker-2') + CLIENT + service('echo')

const hostname = (text: string) => /^Hostname: (\S+)$/m.exec(text)?.[1]

describe('SV-05: repeated terminal connections to a Service reach each ready endpoint', () => {
  it('two curls in a row reach both pods, the third the first again', () => {
    const l = lab(TWO)
    const seen = [1, 2, 3].map(() => hostname(l.run('kubectl exec client -- curl -s http://echo')))
    expect(new Set(seen.slice(0, 2))).toEqual(new Set(['echo-a', 'echo-b']))
    expect(seen[2]).toBe(seen[0])
  })

  it('wget, nc and curl share the turn; the body of an unknown image is its pod name', () => {
    const l = lab(
      echo('one', 'worker-1', 'example/app') +
        echo('two', 'worker-2', 'example/app') +
        CLIENT +
        service('app'),
    )
    const a = l.run('kubectl exec client -- wget -qO- http://app')
    expect(l.run('kubectl exec client -- nc -z -v -w 2 app 80')).toContain('succeeded')
    const b = l.run('kubectl exec client -- curl -s app')
    expect([a, b]).toEqual(['one\n', 'one\n'])
    expect(l.run('kubectl exec client -- curl -s app')).toBe('two\n')
  })

  it('each Service has its own turn, and so does each terminal', () => {
    const l = lab(TWO + service('other'))
    const first = hostname(l.run('kubectl exec client -- curl -s http://echo'))
    expect(hostname(l.run('kubectl exec client -- curl -s http://other'))).toBe(first)
    const fresh = lab(TWO)
    expect(hostname(fresh.run('kubectl exec client -- curl -s http://echo'))).toBe(first)
  })

  it('trace explains the endpoint each turn reaches', () => {
    const l = lab(TWO)
    const dnat = (text: string) => /^.*DNAT .*$/m.exec(text)?.[0] ?? ''
    const t1 = l.run('trace client svc/echo 80/TCP')
    const t2 = l.run('trace client svc/echo 80/TCP')
    expect(dnat(t1)).toMatch(/→ [\d.]+:80 \(default\/echo-a\)/)
    expect(dnat(t2)).toMatch(/→ [\d.]+:80 \(default\/echo-b\)/)
    expect(t1).toContain('the lab takes them in turn, so this connection goes to endpoint 1 of 2')
    expect(t2).toContain('endpoint 2 of 2')
  })

  it('SV-07: sessionAffinity ClientIP keeps every connection on one endpoint', () => {
    const l = lab(
      echo('echo-a', 'worker-1') +
        echo('echo-b', 'worker-2') +
        CLIENT +
        service('sticky', ', sessionAffinity: ClientIP'),
    )
    const seen = new Set([1, 2, 3, 4].map(() => hostname(l.run('kubectl exec client -- curl -s sticky'))))
    expect(seen.size).toBe(1)
  })

  it('the simulator without a turn still picks by seed, as the flow views and the grader call it', () => {
    const l = lab(TWO)
    const cluster = l.session.cluster
    const req = { from: { pod: 'default/client' }, to: { service: 'default/echo' }, port: 80, seed: 's1' }
    const again = simulate(cluster, req)
    expect(simulate(cluster, req).backend).toEqual(again.backend)
    expect(again.trace.some((s) => s.details.some((d) => d.includes('in turn')))).toBe(false)
    expect(simulate(cluster, { ...req, turn: 1 }).backend?.label).not.toBe(
      simulate(cluster, { ...req, turn: 0 }).backend?.label,
    )
  })
})

// nslookup: busybox's (busybox, alpine) and bind's (netshoot).
import { describe, expect, it } from 'vitest'
import { netshoot, noDns, open } from './tools.testkit'

describe('busybox nslookup', () => {
  it('busybox nslookup of a full name: server, answer, the empty AAAA answer', () => {
    expect(open().result('kubectl exec client -- nslookup web.default.svc.cluster.local')).toMatchObject({
      output: `Server:\t\t10.96.0.10
Address:\t10.96.0.10:53

Name:\tweb.default.svc.cluster.local
Address: 10.96.45.12

*** Can't find web.default.svc.cluster.local: No answer

`,
      exitCode: 0,
    })
  })

  it('busybox nslookup: NXDOMAIN for a dotted short name (no search list), exit 1', () => {
    expect(open().run('kubectl exec client -- nslookup kubernetes.default')).toBe(`Server:\t\t10.96.0.10
Address:\t10.96.0.10:53

** server can't find kubernetes.default: NXDOMAIN

** server can't find kubernetes.default: NXDOMAIN

command terminated with exit code 1
`)
  })

  it('DNS blocked: no servers could be reached', () => {
    expect(noDns().result('kubectl exec client -- nslookup web')).toMatchObject({
      output: ';; connection timed out; no servers could be reached\n\ncommand terminated with exit code 1\n',
      exitCode: 1,
    })
  })

  it('a reverse lookup', () => {
    expect(open().run('kubectl exec client -- nslookup 10.96.0.10')).toBe(`Server:\t\t10.96.0.10
Address:\t10.96.0.10:53

10.0.96.10.in-addr.arpa\tname = kube-dns.kube-system.svc.cluster.local

`)
  })
})

describe('netshoot ships bind nslookup', () => {
  it('nslookup uses the search list and answers like bind', () => {
    const l = netshoot()
    expect(l.run('kubectl exec tmp-shell -- nslookup web')).toBe(`Server:\t\t10.96.0.10
Address:\t10.96.0.10#53

Name:\tweb.default.svc.cluster.local
Address: 10.96.45.12

`)
    expect(l.result('kubectl exec tmp-shell -- nslookup nope')).toMatchObject({
      output: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nope: NXDOMAIN\n\ncommand terminated with exit code 1\n`,
      exitCode: 1,
    })
  })
})

// bind dig.
import { describe, expect, it } from 'vitest'
import * as kit from './tools.testkit'

// dig comes with bind's tools: netshoot has them, busybox does not.
const open = () => kit.open('nicolaka/netshoot')
const noDns = () => kit.noDns('nicolaka/netshoot')

describe('dig', () => {
  it('dig: the answer section in dig columns; +short; -x; NXDOMAIN with the SOA', () => {
    const l = open()
    const text = l
      .run('kubectl exec client -- dig web.default.svc.cluster.local')
      .replace(/id: \d+/, 'id: 1')
      .replace(/WHEN: .*/, 'WHEN: x')
    expect(text).toBe(`
; <<>> DiG 9.18.30 <<>> web.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; QUESTION SECTION:
;web.default.svc.cluster.local.\tIN\tA

;; ANSWER SECTION:
web.default.svc.cluster.local. 30 IN\tA\t10.96.45.12

;; Query time: 0 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: x
;; MSG SIZE  rcvd: 74

`)
    expect(l.run('kubectl exec client -- dig +short web.default.svc.cluster.local')).toBe('10.96.45.12\n')
    expect(l.run('kubectl exec client -- dig +short +search web')).toBe('10.96.45.12\n')
    expect(l.run('kubectl exec client -- dig -x 10.96.45.12 +short')).toBe('web.default.svc.cluster.local.\n')
    // SRV records exist for named ports only (DN-03): the kube-dns Service has them.
    expect(
      l.run('kubectl exec client -- dig SRV _dns._udp.kube-dns.kube-system.svc.cluster.local +short'),
    ).toBe('0 100 53 kube-dns.kube-system.svc.cluster.local.\n')
    const nx = l.run('kubectl exec client -- dig nope.default.svc.cluster.local')
    expect(nx).toContain('status: NXDOMAIN')
    expect(nx).toContain(
      ';; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1704067200 7200 1800 86400 30\n',
    )
    expect(noDns().result('kubectl exec client -- dig +short web')).toMatchObject({ exitCode: 9 })
  })
})

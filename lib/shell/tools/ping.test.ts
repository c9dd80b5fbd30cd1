// busybox ping.
import { describe, expect, it } from 'vitest'
import { open } from './tools.testkit'

describe('ping', () => {
  it('ping a pod: replies with the TTL after two routers (Calico, cross-node)', () => {
    const l = open()
    const ip = l.ip('web')
    const text = l.run(`kubectl exec client -- ping -c 2 ${ip}`)
    expect(text).toMatch(
      new RegExp(
        `^PING ${ip} \\(${ip}\\): 56 data bytes\\n64 bytes from ${ip}: seq=0 ttl=62 time=\\d\\.\\d{3} ms\\n64 bytes from ${ip}: seq=1 ttl=62 time=\\d\\.\\d{3} ms\\n\\n--- ${ip} ping statistics ---\\n2 packets transmitted, 2 packets received, 0% packet loss\\nround-trip min/avg/max = [\\d./]+ ms\\n$`,
      ),
    )
  })

  it('ping a ClusterIP: nothing answers in iptables mode (SV-06), exit 1', () => {
    expect(open().result('kubectl exec client -- ping -c 3 web')).toMatchObject({
      output:
        'PING web (10.96.45.12): 56 data bytes\n\n--- web ping statistics ---\n3 packets transmitted, 0 packets received, 100% packet loss\ncommand terminated with exit code 1\n',
      exitCode: 1,
    })
    expect(open().run('kubectl exec client -- ping -c 1 nope')).toBe(
      "ping: bad address 'nope'\ncommand terminated with exit code 1\n",
    )
  })
})

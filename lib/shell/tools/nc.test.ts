// nc: busybox's and netcat-openbsd's (netshoot) wording for the same outcomes.
import { describe, expect, it } from 'vitest'
import { denied, DENY_WEB, netshoot, open } from './tools.testkit'

describe('busybox nc', () => {
  it('open, timed out, refused (silent with one -v), bad address', () => {
    expect(open().result('kubectl exec client -- nc -zv -w 2 web 80')).toMatchObject({
      output: 'web (10.96.45.12:80) open\n',
      exitCode: 0,
    })
    expect(denied().result('kubectl exec client -- nc -v -w 2 web 80')).toMatchObject({
      output: 'nc: web (10.96.45.12:80): Operation timed out\ncommand terminated with exit code 1\n',
      exitCode: 1,
      delayMs: 2000,
    })
    expect(open().run('kubectl exec client -- nc -zv -w 2 web-broken 80')).toBe(
      'command terminated with exit code 1\n',
    )
    expect(open().run('kubectl exec client -- nc -zvv -w 2 web-broken 80')).toBe(
      'nc: web-broken (10.96.12.34:80): Connection refused\ncommand terminated with exit code 1\n',
    )
    expect(open().run('kubectl exec client -- nc -zv nope 80')).toBe(
      "nc: bad address 'nope'\ncommand terminated with exit code 1\n",
    )
  })

  it('UDP cannot tell a drop from a listener', () => {
    expect(denied().run('kubectl exec client -- nc -zvu -w 1 web 80')).toBe('web (10.96.45.12:80) open\n')
  })
})

describe('netshoot ships netcat-openbsd', () => {
  it('nc -zv: succeeded, timed out, refused', () => {
    expect(netshoot().run('kubectl exec tmp-shell -- nc -zv web 80')).toBe(
      'Connection to web (10.96.45.12) 80 port [tcp/http] succeeded!\n',
    )
    expect(netshoot(DENY_WEB).run('kubectl exec tmp-shell -- nc -zv -w 2 web 80')).toBe(
      'nc: connect to web (10.96.45.12) port 80 (tcp) timed out: Operation now in progress\ncommand terminated with exit code 1\n',
    )
    expect(netshoot().run('kubectl exec tmp-shell -- nc -zv web-broken 80')).toBe(
      'nc: connect to web-broken (10.96.12.34) port 80 (tcp) failed: Connection refused\ncommand terminated with exit code 1\n',
    )
  })
})

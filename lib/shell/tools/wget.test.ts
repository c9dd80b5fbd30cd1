// busybox wget for each outcome of the connection. Wording from course-facts §1.7.
import { describe, expect, it } from 'vitest'
import { NGINX_INDEX } from '../http'
import { denied, noDns, open } from './tools.testkit'

describe('busybox wget', () => {
  it('connected: -qO- prints the body; without -q it says where it connects', () => {
    const l = open()
    expect(l.run('kubectl exec client -- wget -qO- http://web')).toBe(NGINX_INDEX)
    expect(l.run('kubectl exec client -- wget --spider http://web')).toBe(
      'Connecting to web (10.96.45.12:80)\nremote file exists\n',
    )
  })

  it('without -q it reports writing to stdout, with its progress bar', () => {
    const lines = open().run('kubectl exec client -- wget -O- http://web').split('\n')
    expect(lines.slice(0, 3)).toEqual([
      'Connecting to web (10.96.45.12:80)',
      'writing to stdout',
      '<!DOCTYPE html>',
    ])
    expect(lines.slice(-3)).toEqual([
      '-                    100% |********************************|   615  0:00:00 ETA',
      'written to stdout',
      '',
    ])
  })

  it('timed out with -T: download timed out (recipe 01), exit 1', () => {
    const l = denied()
    expect(l.result('kubectl exec client -- wget -qO- --timeout=2 http://web')).toEqual({
      kind: 'done',
      output: 'wget: download timed out\ncommand terminated with exit code 1\n',
      exitCode: 1,
      delayMs: 2000,
    })
    expect(l.run('kubectl exec client -- wget -O- -T 1 http://web:80')).toBe(
      'Connecting to web:80 (10.96.45.12:80)\nwget: download timed out\ncommand terminated with exit code 1\n',
    )
    expect(l.run('kubectl exec client -- wget -qO- web')).toBe(
      "wget: can't connect to remote host (10.96.45.12): Connection timed out\ncommand terminated with exit code 1\n",
    )
  })

  it('refused, and a name that does not resolve (bad address, with :port only when written)', () => {
    expect(open().run('kubectl exec client -- wget -qO- web-broken')).toBe(
      "wget: can't connect to remote host (10.96.12.34): Connection refused\ncommand terminated with exit code 1\n",
    )
    const l = noDns()
    expect(l.run('kubectl exec client -- wget -qO- --timeout 1 http://web:80/')).toBe(
      "wget: bad address 'web:80'\ncommand terminated with exit code 1\n",
    )
    expect(l.run('kubectl exec client -- wget -qO- http://web')).toBe(
      "wget: bad address 'web'\ncommand terminated with exit code 1\n",
    )
  })

  it('an HTTP error', () => {
    expect(open().run('kubectl exec client -- wget -qO- web/missing')).toBe(
      'wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n',
    )
  })
})

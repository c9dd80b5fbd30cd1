// curl for each outcome the simulator can give: connected, timed out (a policy drop),
// refused (a Service without endpoints), no such host (NXDOMAIN, or DNS blocked by an
// egress policy), no route. Wording from course-facts §1.7.
import { describe, expect, it } from 'vitest'
import { NGINX_INDEX } from '../http'
import * as kit from './tools.testkit'

// curlimages/curl: alpine with curl 8.11.
const open = () => kit.open('curlimages/curl')
const denied = () => kit.denied('curlimages/curl')
const noDns = () => kit.noDns('curlimages/curl')

describe('curl', () => {
  it('connected: the body, exit 0', () => {
    const r = open().result('kubectl exec client -- curl -s http://web')
    expect(r).toMatchObject({ output: NGINX_INDEX, exitCode: 0 })
    expect(r.kind === 'done' && r.delayMs! <= 50).toBe(true)
  })

  it('-I: the response headers', () => {
    expect(open().run('kubectl exec client -- curl -I web')).toBe(`HTTP/1.1 200 OK
Server: nginx/1.27.3
Date: Mon, 01 Jan 2024 00:00:00 GMT
Content-Type: text/html
Content-Length: 615
Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT
Connection: keep-alive
ETag: "6745ef54-267"
Accept-Ranges: bytes

`)
  })

  it('timed out: exit 28, the connect-phase message with the timeout given, after a capped wait', () => {
    const l = denied()
    expect(l.result('kubectl exec client -- curl -m 2 web')).toEqual({
      kind: 'done',
      output:
        'curl: (28) Connection timed out after 2001 milliseconds\ncommand terminated with exit code 28\n',
      exitCode: 28,
      delayMs: 2000,
    })
    expect(l.run('kubectl exec client -- curl -I --connect-timeout 5 web')).toBe(
      'curl: (28) Connection timed out after 5001 milliseconds\ncommand terminated with exit code 28\n',
    )
    expect(l.run('kubectl exec client -- curl web')).toMatch(
      /^curl: \(28\) Failed to connect to web port 80 after 13\d{4} ms: Could not connect to server\n/,
    )
  })

  it('-s hides the error, -sS shows it; the exit code stays', () => {
    const l = denied()
    expect(l.result('kubectl exec client -- curl -s -m 2 web')).toMatchObject({
      output: 'command terminated with exit code 28\n',
      exitCode: 28,
    })
    expect(l.run('kubectl exec client -- curl -sS -m 2 web')).toBe(
      'curl: (28) Connection timed out after 2001 milliseconds\ncommand terminated with exit code 28\n',
    )
  })

  it('refused (no endpoints: kube-proxy rejects): exit 7 at once', () => {
    const r = open().result('kubectl exec client -- curl web-broken')
    expect(r).toMatchObject({ exitCode: 7 })
    expect(r.kind === 'done' && r.output).toMatch(
      /^curl: \(7\) Failed to connect to web-broken port 80 after [0-3] ms: Could not connect to server\ncommand terminated with exit code 7\n$/,
    )
    expect(r.kind === 'done' && (r.delayMs ?? 0) < 10).toBe(true)
  })

  it('no such host: exit 6; DNS blocked shows as Resolving timed out when curl gives up first', () => {
    expect(open().result('kubectl exec client -- curl http://nope')).toMatchObject({
      output: 'curl: (6) Could not resolve host: nope\ncommand terminated with exit code 6\n',
      exitCode: 6,
    })
    const l = noDns()
    expect(l.run('kubectl exec client -- curl --connect-timeout 5 web')).toBe(
      'curl: (28) Resolving timed out after 5000 milliseconds\ncommand terminated with exit code 28\n',
    )
    expect(l.result('kubectl exec client -- curl web')).toMatchObject({
      output: 'curl: (6) Could not resolve host: web\ncommand terminated with exit code 6\n',
      exitCode: 6,
      delayMs: 2000,
    })
  })

  it('no route: exit 7 after the ARP wait', () => {
    // An address in the cluster's pod network that no pod has: nothing answers ARP.
    const r = open().result('kubectl exec client -- curl http://10.244.99.99')
    expect(r).toMatchObject({ exitCode: 7, delayMs: 2000 })
    expect(r.kind === 'done' && r.output).toMatch(
      /^curl: \(7\) Failed to connect to 10\.244\.99\.99 port 80 after 3\d{3} ms/,
    )
  })

  it('-w with -o /dev/null, -v, and usage errors', () => {
    const l = open()
    expect(l.run("kubectl exec client -- curl -s -o /dev/null -w '%{http_code}\\n' web")).toBe('200\n')
    expect(l.run("kubectl exec client -- curl -s -o /dev/null -w '%{http_code}' web-broken")).toBe(
      '000command terminated with exit code 7\n',
    )
    const v = l.run('kubectl exec client -- curl -sv web/x')
    expect(v.split('\n').slice(0, 12).join('\n')).toBe(`* Host web:80 was resolved.
* IPv6: (none)
* IPv4: 10.96.45.12
*   Trying 10.96.45.12:80...
* Connected to web (10.96.45.12) port 80
* using HTTP/1.x
> GET /x HTTP/1.1
> Host: web
> User-Agent: curl/8.11.0
> Accept: */*
> 
* Request completely sent off`)
    expect(v).toContain('< HTTP/1.1 404 Not Found\n')
    expect(l.run('kubectl exec client -- curl')).toBe(
      "curl: try 'curl --help' or 'curl --manual' for more information\ncommand terminated with exit code 2\n",
    )
    expect(l.run('kubectl exec client -- curl --bogus web')).toBe(
      "curl: option --bogus: is unknown\ncurl: try 'curl --help' for more information\ncommand terminated with exit code 2\n",
    )
  })

  it('https to the API server needs -k, then gets the anonymous 403', () => {
    const l = open()
    expect(l.run('kubectl exec client -- curl https://kubernetes')).toMatch(
      /^curl: \(60\) SSL certificate problem: unable to get local issuer certificate\nMore details here:/,
    )
    expect(l.run('kubectl exec client -- curl -sk https://kubernetes.default')).toContain(
      '"reason": "Forbidden",\n',
    )
  })
})

// The tools inside a pod, for each outcome the simulator can give: connected, timed out
// (a policy drop), refused (a Service without endpoints), no such host (NXDOMAIN, or DNS
// blocked by an egress policy), no route. Wording from course-facts §1.7.
import { describe, expect, it } from 'vitest'
import { NGINX_INDEX } from './http'
import { BASE, lab } from './shell.testkit'

const DENY_WEB = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-deny-all}
spec: {podSelector: {matchLabels: {app: web}}, ingress: []}
`
const DENY_CLIENT_EGRESS = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-deny-egress}
spec: {podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], egress: []}
`

const open = () => lab()
const denied = () => lab(BASE + DENY_WEB)
const noDns = () => lab(BASE + DENY_CLIENT_EGRESS)

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

describe('nslookup and dig', () => {
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

describe('ping and traceroute', () => {
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

  it('traceroute shows the hops of the path', () => {
    const l = open()
    const ip = l.ip('web')
    const text = l.run(`kubectl exec client -- traceroute -n ${ip}`)
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toBe(`traceroute to ${ip} (${ip}), 30 hops max, 46 byte packets`)
    // Calico: the source node routes, IP-in-IP to the destination node's tunl0, then the pod.
    const tunl0 = l.session.cluster.nodes.find((n) => n.name === 'worker-1')!.gatewayIp
    expect(lines.slice(1).map((x) => x.replace(/ {2}[\d.]+ ms/g, ''))).toEqual([
      ' 1  172.18.0.4',
      ` 2  ${tunl0}`,
      ` 3  ${ip}`,
    ])
  })
})

describe('files and environment in the pod', () => {
  it('/etc/resolv.conf, hostname, the Service variables (SV-15)', () => {
    const l = open()
    expect(l.run('kubectl exec client -- cat /etc/resolv.conf')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    )
    expect(l.run('kubectl exec client -- hostname')).toBe('client\n')
    const env = l.run('kubectl exec client -- env')
    expect(env).toContain('WEB_SERVICE_HOST=10.96.45.12\nWEB_SERVICE_PORT=80\n')
    expect(env).toContain('HOSTNAME=client\n')
    expect(l.run('kubectl exec client -- cat /nope')).toBe(
      "cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n",
    )
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

describe('netshoot ships bind nslookup and netcat-openbsd', () => {
  const shell = `---
apiVersion: v1
kind: Pod
metadata: {name: tmp-shell, labels: {run: tmp-shell}}
spec: {nodeName: worker-2, containers: [{name: tmp-shell, image: nicolaka/netshoot}]}
`
  it('nslookup uses the search list and answers like bind', () => {
    const l = lab(BASE + shell)
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

  it('nc -zv: succeeded, timed out, refused', () => {
    expect(lab(BASE + shell).run('kubectl exec tmp-shell -- nc -zv web 80')).toBe(
      'Connection to web (10.96.45.12) 80 port [tcp/http] succeeded!\n',
    )
    expect(lab(BASE + shell + DENY_WEB).run('kubectl exec tmp-shell -- nc -zv -w 2 web 80')).toBe(
      'nc: connect to web (10.96.45.12) port 80 (tcp) timed out: Operation now in progress\ncommand terminated with exit code 1\n',
    )
    expect(lab(BASE + shell).run('kubectl exec tmp-shell -- nc -zv web-broken 80')).toBe(
      'nc: connect to web-broken (10.96.12.34) port 80 (tcp) failed: Connection refused\ncommand terminated with exit code 1\n',
    )
  })
})

// Which tools each image has, and what a missing one looks like from kubectl exec, kubectl
// run and the pod's own shell.
import { describe, expect, it } from 'vitest'
import { imageHas, imageProfile } from './images'
import { BASE, lab } from './shell.testkit'

const missingExec = (cmd: string) =>
  new RegExp(
    `^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in \\$PATH: unknown\\n$`,
  )

describe('image families', () => {
  it('reads the repository past registry, tag and digest', () => {
    expect(imageProfile('docker.io/library/busybox:1.36').family).toBe('busybox')
    expect(imageProfile('localhost:5000/busybox').family).toBe('busybox')
    expect(imageProfile('busybox@sha256:0123abcd').family).toBe('busybox')
    expect(imageProfile('curlimages/curl:8.11.0').family).toBe('curlimages/curl')
    expect(imageProfile('registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3').family).toBe('dnsutils')
    expect(imageProfile('registry.k8s.io/coredns/coredns:v1.11.3').family).toBe('coredns')
    expect(imageProfile('NGINX:1.27').family).toBe('nginx')
  })

  it('nginx: debian with curl; its alpine tag adds curl to busybox; alpine-slim has no curl', () => {
    expect(imageHas('nginx:1.27', 'curl')).toBe(true)
    expect(imageHas('nginx:1.27', 'wget')).toBe(false)
    expect(imageHas('nginx:1.27', 'bash')).toBe(true)
    expect(imageProfile('nginx').sh).toBe('dash')
    expect(imageHas('nginx:1.27-alpine', 'curl')).toBe(true)
    expect(imageHas('nginx:1.27-alpine', 'wget')).toBe(true)
    expect(imageHas('nginx:alpine-slim', 'curl')).toBe(false)
    expect(imageHas('nginx:alpine-slim', 'bash')).toBe(false)
  })

  it('busybox and alpine: the busybox applets, no curl, dig or bash', () => {
    for (const image of ['busybox', 'alpine:3.20', 'redis:7-alpine']) {
      for (const t of ['wget', 'nc', 'nslookup', 'ping', 'traceroute', 'ip', 'sh', 'ash', 'grep'])
        expect(imageHas(image, t), `${image} ${t}`).toBe(true)
      for (const t of ['curl', 'dig', 'bash']) expect(imageHas(image, t), `${image} ${t}`).toBe(false)
    }
  })

  it('debian-based images have no network tools; coredns has no shell; netshoot has everything', () => {
    for (const image of ['debian:bookworm', 'ubuntu', 'postgres:16', 'redis'])
      for (const t of ['curl', 'wget', 'nc', 'ping', 'nslookup', 'ip'])
        expect(imageHas(image, t), `${image} ${t}`).toBe(false)
    expect(imageHas('coredns/coredns', 'sh')).toBe(false)
    expect(imageHas('coredns/coredns', 'echo')).toBe(false)
    for (const t of ['curl', 'wget', 'nc', 'nslookup', 'dig', 'ping', 'traceroute', 'ip', 'bash'])
      expect(imageHas('nicolaka/netshoot:v0.13', t)).toBe(true)
    expect(imageProfile('nicolaka/netshoot')).toMatchObject({ nc: 'openbsd', dns: 'bind' })
  })

  it('an image the lab does not know offers every tool', () => {
    expect(imageHas('registry.example/cart:1.0', 'curl')).toBe(true)
    expect(imageHas('registry.example/cart:1.0', 'wget')).toBe(true)
  })
})

describe('a tool the image lacks', () => {
  it('kubectl exec: containerd cannot start it, kubectl prints the InternalError and exits 1', () => {
    const l = lab()
    const r = l.result('kubectl exec client -- curl -s http://web')
    expect(r).toMatchObject({ exitCode: 1 })
    expect(r.kind === 'done' && r.output).toMatch(missingExec('curl'))
    expect(l.run('kubectl exec client -- /usr/bin/dig web')).toMatch(missingExec('/usr/bin/dig'))
    // wget and nc are busybox applets.
    expect(l.run('kubectl exec client -- nc -zv -w 2 web 80')).toBe('web (10.96.45.12:80) open\n')
  })

  it("busybox's shell: `sh: curl: not found`, exit 127, in a session and in sh -c", () => {
    const l = lab()
    l.run('kubectl exec -it client -- sh')
    expect(l.shell.prompt()).toBe('/ # ')
    expect(l.result('curl web')).toMatchObject({ output: 'sh: curl: not found\n', exitCode: 127 })
    expect(l.run('exit')).toBe('command terminated with exit code 127\n')
    expect(l.result('kubectl exec client -- sh -c "curl web"')).toMatchObject({
      output: 'sh: curl: not found\ncommand terminated with exit code 127\n',
      exitCode: 127,
    })
  })

  it("nginx: dash numbers its lines, bash says `command not found`; curl 7.88's wording", () => {
    const l = lab()
    l.run('kubectl exec -it web -- sh')
    expect(l.shell.prompt()).toBe('# ')
    expect(l.run('wget -qO- http://web')).toBe('sh: 1: wget: not found\n')
    expect(l.run('nc -zv web 80')).toBe('sh: 2: nc: not found\n')
    l.run('exit')
    l.run('kubectl exec -it web -- bash')
    expect(l.shell.prompt()).toBe('root@web:/# ')
    expect(l.result('ping -c 1 web')).toMatchObject({
      output: 'bash: ping: command not found\n',
      exitCode: 127,
    })
    l.run('exit')
    expect(l.run('kubectl exec web -- bash -c "ping web"')).toBe(
      'bash: line 1: ping: command not found\ncommand terminated with exit code 127\n',
    )
    expect(l.run('kubectl exec web -- /bin/sh -c "wget web"')).toBe(
      '/bin/sh: 1: wget: not found\ncommand terminated with exit code 127\n',
    )
    // bookworm's curl 7.88.1 says "Couldn't connect to server" (8.9 and later: "Could not").
    expect(l.run('kubectl exec web -- curl web-broken')).toMatch(
      /^curl: \(7\) Failed to connect to web-broken port 80 after [0-3] ms: Couldn't connect to server\n/,
    )
  })

  it('kubectl run with a missing command: the container never starts (StartError, 128)', () => {
    const l = lab()
    expect(
      l.result('kubectl run t --rm -i --restart=Never --image=busybox -- curl -s http://web'),
    ).toMatchObject({
      output:
        'pod "t" deleted\npod default/t terminated (StartError)\nfailed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "curl": executable file not found in $PATH: unknown\n',
      exitCode: 128,
    })
    expect(
      l.run('kubectl run c --rm -i --restart=Never --image=curlimages/curl -- curl -s http://web'),
    ).toContain('<title>Welcome to nginx!</title>')
  })

  it('completion inside a pod offers only what its image has', () => {
    const l = lab()
    l.run('kubectl exec -it client -- sh')
    expect(l.shell.complete('c').candidates).toEqual(['cat', 'cd', 'clear'])
    l.run('exit')
    l.run('kubectl exec -it web -- sh')
    expect(l.shell.complete('c').candidates).toEqual(['cat', 'cd', 'clear', 'curl'])
    expect(l.shell.complete('w').candidates).toEqual(['wc'])
  })

  it('coredns has no shell to enter', () => {
    const l = lab()
    const r = l.result('kubectl exec -it -n kube-system deploy/coredns -- sh')
    expect(r).toMatchObject({ exitCode: 1 })
    expect(r.kind === 'done' && r.output).toMatch(missingExec('sh'))
    expect(l.shell.prompt()).toBe('$ ')
  })

  it('the User-Agent an echo server sees is the tool and version that asked', () => {
    const echo = `---
apiVersion: v1
kind: Pod
metadata: {name: who, labels: {app: who}}
spec: {nodeName: worker-1, containers: [{name: who, image: traefik/whoami}]}
`
    const l = lab(BASE + echo)
    const ip = l.ip('who')
    expect(l.run(`kubectl exec web -- curl -s http://${ip}`)).toContain('User-Agent: curl/7.88.1\n')
    expect(l.run(`kubectl exec client -- wget -qO- http://${ip}`)).toContain('User-Agent: Wget\n')
  })
})

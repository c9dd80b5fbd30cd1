import { describe, expect, it } from 'vitest'
import { BASE, lab } from './shell.testkit'

describe('the terminal', () => {
  it('prompts with $ and runs nothing on an empty line', () => {
    const l = lab()
    expect(l.shell.prompt()).toBe('$ ')
    expect(l.result('')).toEqual({ kind: 'done', output: '', exitCode: 0 })
    expect(l.shell.history).toEqual([])
  })

  it('unknown commands: bash wording, exit 127, and a hint for the pod tools', () => {
    const l = lab()
    expect(l.result('foo')).toEqual({ kind: 'done', output: 'bash: foo: command not found\n', exitCode: 127 })
    expect(l.run('curl web')).toBe(
      'bash: curl: command not found\n(curl runs inside a pod here: kubectl exec -it POD -- sh, or kubectl run tmp --rm -it --image=curlimages/curl -- sh)\n',
    )
  })

  it('pasted CR and Unicode spaces are part of the word, as in bash; bash quotes names it cannot print', () => {
    const l = lab()
    // A line copied from a file with Windows line endings.
    expect(l.result('foo\r')).toEqual({
      kind: 'done',
      output: "bash: $'foo\\r': command not found\n",
      exitCode: 127,
    })
    expect(l.run('kubectl get pods\r')).toBe('error: the server doesn\'t have a resource type "pods\\r"\n')
    expect(l.run('echo a\r')).toBe('a\\r\n')
    expect(l.run('echo a\u3000b')).toBe('a\u3000b\n')
    expect(l.run("kubectl exec web -- bash -c 'foo\r'")).toBe(
      "bash: line 1: $'foo\\r': command not found\ncommand terminated with exit code 127\n",
    )
  })

  it('a command holding a no-break space or a byte-order mark: what bash says, and why', () => {
    const l = lab()
    const hint = (cp: string) =>
      `(the command holds U+${cp}, which looks like a space or like nothing but is part of the word to the shell; text copied from a web page often brings it: type the spaces again)\n`
    expect(l.result('kubectl\u00a0get pods')).toEqual({
      kind: 'done',
      output: `bash: kubectl\u00a0get: command not found\n${hint('00A0')}`,
      exitCode: 127,
    })
    expect(l.run('\ufeffkubectl get pods')).toBe(`bash: \ufeffkubectl: command not found\n${hint('FEFF')}`)
    expect(l.run("kubectl exec client -- sh -c 'nc\u00a0-z web 80'")).toBe(
      `sh: nc\u00a0-z: not found\n${hint('00A0')}command terminated with exit code 127\n`,
    )
  })

  it('echo $? gives the last exit code; && and || follow it', () => {
    const l = lab()
    l.run('kubectl get pod nope')
    expect(l.run('echo $?')).toBe('1\n')
    expect(l.run('false && echo no || echo yes')).toBe('yes\n')
    expect(l.run('true && echo ok; echo $?')).toBe('ok\n0\n')
  })

  it('pipes stdout to grep, head and wc; stderr is not piped', () => {
    const l = lab()
    expect(l.run('kubectl get pods | grep web')).toMatch(/^web {6}1\/1 {5}Running {3}0 {10}12m\n$/)
    expect(l.run('kubectl get pods | head -n 1')).toBe('NAME     READY   STATUS    RESTARTS   AGE\n')
    expect(l.run('kubectl get pods --no-headers | wc -l')).toBe('2\n')
    expect(l.result('kubectl get pod nope | grep x')).toEqual({
      kind: 'done',
      output: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    })
    expect(l.run('kubectl get pod nope 2>/dev/null; echo $?')).toBe('1\n')
    expect(l.run('kubectl get pod nope 2>&1 | grep -c NotFound')).toBe('1\n')
  })

  it('refuses to write files, variables expand', () => {
    const l = lab()
    expect(l.result('kubectl get pods > out.txt')).toMatchObject({ exitCode: 1 })
    expect(l.run('POD=client')).toBe('')
    expect(l.run('echo "pod: $POD"')).toBe('pod: client\n')
  })

  it('syntax errors exit 2 and are remembered in history', () => {
    const l = lab()
    expect(l.result('| grep x')).toEqual({
      kind: 'done',
      output: "bash: syntax error near unexpected token `|'\n",
      exitCode: 2,
    })
    expect(l.shell.history).toEqual(['| grep x'])
  })

  it('history lists what was typed, multi-line commands whole', () => {
    const l = lab()
    l.run('kubectl get pods')
    l.lines("echo 'a", "b'")
    expect(l.run('history')).toBe("    1  kubectl get pods\n    2  echo 'a\nb'\n    3  history\n")
    expect(l.shell.history).toEqual(['kubectl get pods', "echo 'a\nb'", 'history'])
  })

  it('clear, help and exit at the top', () => {
    const l = lab()
    expect(l.result('clear')).toEqual({ kind: 'done', output: '', exitCode: 0, clear: true })
    expect(l.run('help')).toContain('kubectl get pods|svc|endpoints')
    expect(l.run('exit')).toBe(
      "exit: this is the lab's terminal; there is no session to log out of. To leave a pod's shell, use exit inside it.\n",
    )
  })

  it('ls and cat show the lab files', () => {
    const l = lab(BASE, { files: [{ name: 'policy.yaml', text: 'kind: X\n' }] })
    expect(l.run('ls')).toBe('scenario.yaml\npolicy.yaml\n')
    expect(l.run('cat policy.yaml')).toBe('kind: X\n')
    expect(l.run('cat nope.yaml')).toBe('cat: nope.yaml: No such file or directory\n')
  })

  it('interrupt drops pending input and sets $? to 130', () => {
    const l = lab()
    expect(l.result('kubectl apply -f - <<EOF')).toEqual({ kind: 'more', prompt: '> ' })
    expect(l.shell.interrupt()).toEqual({ kind: 'done', output: '^C\n', exitCode: 130 })
    expect(l.run('echo $?')).toBe('130\n')
    expect(l.result('EOF')).toMatchObject({ output: 'bash: EOF: command not found\n' })
  })

  it('a trailing backslash continues the line', () => {
    const l = lab()
    expect(l.result('kubectl get pod web \\')).toEqual({ kind: 'more', prompt: '> ' })
    expect(l.result('  --no-headers')).toMatchObject({
      output: 'web    1/1   Running   0     12m\n'.replace('web    ', 'web   '),
    })
  })
})

describe('a shell inside a pod', () => {
  it('kubectl exec -it … -- sh enters it; exit leaves; the last failure becomes the exit code', () => {
    const l = lab(
      BASE +
        '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {matchLabels: {app: web}}}\n',
    )
    expect(l.result('kubectl exec -it client -- sh')).toEqual({ kind: 'done', output: '', exitCode: 0 })
    expect(l.shell.prompt()).toBe('/ # ')
    expect(l.result('wget -qO- -T 2 web')).toMatchObject({
      output: 'wget: download timed out\n',
      exitCode: 1,
      delayMs: 2000,
    })
    expect(l.run('echo $?')).toBe('1\n')
    expect(l.run('kubectl get pods')).toBe('sh: kubectl: not found\n')
    expect(l.run('foo')).toBe('sh: foo: not found\n')
    expect(l.run('hostname')).toBe('client\n')
    expect(l.run('echo $WEB_SERVICE_PORT')).toBe('80\n')
    expect(l.run('wget -qO- web-broken; exit')).toBe(
      "wget: can't connect to remote host (10.96.12.34): Connection refused\ncommand terminated with exit code 1\n",
    )
    expect(l.shell.prompt()).toBe('$ ')
    expect(l.run('echo $?')).toBe('1\n')
  })

  it('kubectl run --rm -it: the prompt hint, the pod, and its deletion on exit', () => {
    const l = lab()
    expect(
      l.result('kubectl run --rm --restart=Never --image=alpine -i -t --labels="app=foo" test -- ash'),
    ).toEqual({
      kind: 'done',
      output: "If you don't see a command prompt, try pressing enter.\n",
      exitCode: 0,
      delayMs: 1000,
    })
    expect(l.shell.prompt()).toBe('/ # ')
    expect(l.session.cluster.pods.find((p) => p.name === 'test')!.labels).toEqual({ app: 'foo' })
    expect(l.run('wget -qO- http://web | head -n 4')).toBe(
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n',
    )
    expect(l.result('exit 3')).toEqual({
      kind: 'done',
      output: 'pod "test" deleted\npod default/test terminated (Error)\n',
      exitCode: 3,
    })
    expect(l.session.cluster.pods.some((p) => p.name === 'test')).toBe(false)
  })

  it('kubectl run -it without --rm leaves the pod and says how to attach', () => {
    const l = lab()
    l.run('kubectl run box -it --image=busybox')
    expect(l.run('exit')).toBe(
      "Session ended, resume using 'kubectl attach box -c box -i -t' command when the pod is running\n",
    )
    expect(l.run('kubectl get pod box --no-headers')).toBe('box   1/1   Running   0     0s\n')
  })

  it('kubectl run --rm -i with a command prints its output, deletes the pod and keeps the exit code', () => {
    const l = lab()
    expect(
      l.result(
        'kubectl run t --rm -i --restart=Never --image=busybox -- wget -qO- --timeout=1 http://web-broken',
      ),
    ).toEqual({
      kind: 'done',
      output: `wget: can't connect to remote host (10.96.12.34): Connection refused\npod "t" deleted\npod default/t terminated (Error)\n`,
      exitCode: 1,
      delayMs: 1000,
    })
  })

  it('exec runs a command without a shell; sh -c runs a script; bash is missing on busybox', () => {
    const l = lab()
    expect(l.result('kubectl exec client -- sh -c "echo $HOSTNAME; exit 4"')).toMatchObject({
      output: '\ncommand terminated with exit code 4\n',
      exitCode: 4,
    })
    expect(
      l.run(
        "kubectl exec client -- sh -c 'echo $HOSTNAME; nslookup nope.default.svc.cluster.local >/dev/null || echo nx'",
      ),
    ).toBe('client\nnx\n')
    // containerd cannot start the exec: kubectl prints the InternalError and exits 1 (not
    // dockershim's `command terminated with exit code 126`).
    const missing = (cmd: string) =>
      new RegExp(
        `^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in \\$PATH: unknown\\n$`,
      )
    const bogus = l.result('kubectl exec client -- bogus')
    expect(bogus).toMatchObject({ exitCode: 1 })
    expect(bogus.kind === 'done' && bogus.output).toMatch(missing('bogus'))
    const bash = l.result('kubectl exec -it client -- bash')
    expect(bash).toMatchObject({ exitCode: 1 })
    expect(bash.kind === 'done' && bash.output).toMatch(missing('bash'))
    expect(l.shell.prompt()).toBe('$ ')
  })

  it('exec errors: no command, the old form, a missing pod or container, deploy/ and svc/ targets', () => {
    const l = lab()
    expect(l.run('kubectl exec client')).toBe(
      "error: you must specify at least one command for the container\nSee 'kubectl exec --help' for usage.\n",
    )
    expect(l.run('kubectl exec client hostname')).toBe(
      "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
    )
    expect(l.run('kubectl exec nope -- hostname')).toBe(
      'Error from server (NotFound): pods "nope" not found\n',
    )
    expect(l.run('kubectl exec client -c x -- hostname')).toBe(
      'Error from server (BadRequest): container x is not valid for pod client\n',
    )
    expect(l.run('kubectl exec svc/web -- hostname')).toBe('web\n')
    // coredns's image is a static binary without even a hostname command.
    expect(l.run('kubectl exec -n kube-system deploy/coredns -- hostname')).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "hostname": executable file not found in \$PATH: unknown\n$/,
    )
  })

  it('a pod that disappears ends its shell', () => {
    const l = lab()
    l.run('kubectl exec -it client -- sh')
    l.session.remove('Pod', 'default', 'client')
    expect(l.result('hostname')).toMatchObject({ exitCode: 137 })
    expect(l.shell.prompt()).toBe('$ ')
  })

  it('curl into a pipe shows the progress meter on stderr', () => {
    const l = lab(BASE.replace('image: busybox', 'image: curlimages/curl'))
    const out = l.run('kubectl exec client -- sh -c "curl http://web | grep title"')
    expect(out).toBe(
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
        '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
        '100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k\n' +
        '<title>Welcome to nginx!</title>\n',
    )
  })
})

describe('trace', () => {
  it("prints the simulator's steps for one connection", () => {
    const l = lab()
    const text = l.run('trace default/client web 80/TCP')
    expect(text.split('\n').slice(0, 6)).toEqual([
      `From:    default/client (${l.ip('client')}, node worker-2)`,
      'To:      web (10.96.45.12) 80/TCP',
      `Backend: default/web ${l.ip('web')}:80`,
      'CNI:     Calico',
      'Result:  CONNECTED',
      'Why:     connected to default/web on 80/TCP: ingress no policy selects default/web for Ingress, so all ingress is allowed',
    ])
    expect(text).toContain('[ok] DNAT    (worker-2) DNAT 10.96.45.12:80')
  })

  it('names a refusal and a bad request; usage', () => {
    const l = lab()
    expect(l.run('trace client svc/web-broken')).toContain('Result:  REFUSED (connection refused)\n')
    expect(l.result('trace nope web 80')).toEqual({
      kind: 'done',
      output: 'trace: no pod named default/nope\n',
      exitCode: 1,
    })
    expect(l.result('trace client')).toMatchObject({ exitCode: 2 })
    expect(l.run('trace client web 99999')).toBe(
      'trace: 99999: expected PORT or PORT/PROTOCOL, e.g. 80/TCP, 53/UDP, or ICMP\n',
    )
  })
})

describe('completion', () => {
  it('commands, subcommands and resource types', () => {
    const l = lab()
    expect(l.shell.complete('kub')).toEqual({ line: 'kubectl ', candidates: ['kubectl'] })
    expect(l.shell.complete('kubectl de')).toEqual({ line: 'kubectl de', candidates: ['delete', 'describe'] })
    expect(l.shell.complete('kubectl desc')).toEqual({ line: 'kubectl describe ', candidates: ['describe'] })
    expect(l.shell.complete('kubectl get net')).toEqual({
      line: 'kubectl get networkpolicies ',
      candidates: ['networkpolicies'],
    })
  })

  it('names in the cluster, namespaces, flags and lab files', () => {
    const l = lab(BASE, { files: [{ name: 'policy.yaml', text: '' }] })
    expect(l.shell.complete('kubectl get pods c')).toEqual({
      line: 'kubectl get pods client ',
      candidates: ['client'],
    })
    expect(l.shell.complete('kubectl get svc web')).toEqual({
      line: 'kubectl get svc web',
      candidates: ['web', 'web-broken'],
    })
    expect(l.shell.complete('kubectl get pods -n kube-s')).toEqual({
      line: 'kubectl get pods -n kube-system ',
      candidates: ['kube-system'],
    })
    expect(l.shell.complete('kubectl apply -f po')).toEqual({
      line: 'kubectl apply -f policy.yaml ',
      candidates: ['policy.yaml'],
    })
    expect(l.shell.complete('kubectl get pods --show')).toEqual({
      line: 'kubectl get pods --show-labels ',
      candidates: ['--show-labels'],
    })
    expect(l.shell.complete('kubectl exec -it cl')).toEqual({
      line: 'kubectl exec -it client ',
      candidates: ['client'],
    })
    expect(l.shell.complete('kubectl get svc/k')).toEqual({
      line: 'kubectl get svc/kubernetes ',
      candidates: ['svc/kubernetes'],
    })
  })

  it('inside a pod: its tools and the Services it can reach', () => {
    const l = lab()
    l.run('kubectl exec -it client -- sh')
    expect(l.shell.complete('nsl')).toEqual({ line: 'nslookup ', candidates: ['nslookup'] })
    expect(l.shell.complete('curl http://web-')).toEqual({
      line: 'curl http://web-broken ',
      candidates: ['http://web-broken'],
    })
    expect(l.shell.complete('cat /etc/re')).toEqual({
      line: 'cat /etc/resolv.conf ',
      candidates: ['/etc/resolv.conf'],
    })
  })

  it('nothing to complete leaves the line alone', () => {
    expect(lab().shell.complete('zzz')).toEqual({ line: 'zzz', candidates: [] })
  })
})

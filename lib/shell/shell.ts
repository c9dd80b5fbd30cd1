// The lab's terminal: a small bash over a LabSession, with kubectl, the course's `trace`
// helper and, inside a pod (`kubectl exec -it POD -- sh`, `kubectl run -it …`), the
// network tools of a container. Pure: the UI feeds it lines and prints what comes back.
import type { LabSession } from '../session/session'
import { ansiCQuote, needsAnsiC } from './ansi-c'
import { POD_COMMANDS } from './commands'
import { complete as completeLine } from './complete'
import { utf8Length } from './format'
import type { Chunk, Ctx, Exec, PodShell } from './io'
import { MAX_DELAY_MS, Output } from './io'
import { kubectl } from './kubectl'
import { imageHas, imageProfile } from './images'
import type { ListItem, Pipeline, SimpleCommand } from './parse'
import { expandText, expandWord, parse } from './parse'
import type { PodEnv } from './tools'
import { podEnvironment, podFile, POD_TOOLS } from './tools'
import { trace } from './trace'
import { escapeTerminal } from './terminal-escape'
import { ClusterView } from './view'

/** Where a command runs in a pod; `shell` is the shell it runs under (`sh`, `bash`, …). */
type PodTarget = { namespace: string; name: string; container: string; shell?: string }

export type ShellOutput =
  | { kind: 'done'; output: string; exitCode: number; delayMs?: number; clear?: boolean }
  | { kind: 'more'; prompt: string }

export interface ShellOptions {
  namespace?: string
}

const TOOL_LIST = ['curl', 'wget', 'nc', 'nslookup', 'dig', 'ping', 'traceroute', 'ip']
const NEEDS_POD = new Set(['curl', 'wget', 'nc', 'nslookup', 'dig', 'ping', 'traceroute', 'ip', 'hostname'])

const TOP_HELP = `This terminal simulates a shell next to the lab's cluster. It supports:

  kubectl get pods|svc|endpoints|endpointslices|netpol|nodes|ns|deploy|rs|cm|all [NAME]
          [-o wide|name|yaml|json|jsonpath=…] [-n NS | -A] [-l SELECTOR] [--show-labels]
  kubectl describe pod|svc|netpol|ns|node|endpoints|endpointslice NAME
  kubectl apply -f FILE | -f - <<EOF … EOF        kubectl create -f FILE | namespace NAME | deployment | service
  kubectl delete KIND NAME | -f FILE | KIND --all  kubectl label|annotate KIND NAME k=v k2- [--overwrite]
  kubectl run NAME --image=IMG [--labels=k=v] [--rm] [-it] [--restart=Never] [--expose --port=P] [-- CMD …]
  kubectl exec [-it] POD [-c CONTAINER] -- CMD …   kubectl expose pod|deploy NAME --port=P
  kubectl scale deploy NAME --replicas=N           kubectl config set-context --current --namespace=NS
  trace FROM TO [PORT]     the simulator's step-by-step view of one connection (trace -h)
  help, clear, history, exit, echo, cat FILE, ls, and | grep, head, tail, wc, sort

Inside a pod (kubectl exec -it POD -- sh): curl, wget, nc, nslookup, dig, ping, traceroute,
cat /etc/resolv.conf, env, hostname, ip addr, ip route, as far as its image ships them
(busybox: no curl or dig; nginx: curl only; nicolaka/netshoot: all); exit leaves the pod.
Lab files: ls; apply them with kubectl apply -f NAME.
`

const POD_HELP = `You are in a shell inside a pod. Available here:
  curl [-s] [-v] [-I] [-m SECS] [--connect-timeout SECS] URL     wget [-q] [-O-|-O FILE] [-T SECS] [--spider] URL
  nc [-z] [-v] [-w SECS] [-u] HOST PORT                          nslookup NAME [SERVER]
  dig [@SERVER] NAME [A|SRV|PTR] [+short] [+search] | dig -x IP  ping [-c N] HOST    traceroute HOST
  cat /etc/resolv.conf|/etc/hosts   env   hostname [-i]   ip addr|route   echo   grep   head   tail   wc
  exit    leave the pod
`

/**
 * Characters that look like a space or like nothing and are not blanks to the shell: text
 * copied from web pages and documents brings them (a no-break space most often).
 */
const LOOKALIKE_SPACE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/

/** A command name as bash prints it in an error: one it cannot print raw in `$'…'`. */
function bashName(cmd: string): string {
  return needsAnsiC(cmd) ? ansiCQuote(cmd) : cmd
}

function joinChunks(chunks: Chunk[]): string {
  return chunks.map((c) => c.text).join('')
}

export class Shell {
  readonly history: string[] = []
  private pending: string[] = []
  private lastExit = 0
  private readonly vars = new Map<string, string>()
  private namespace: string
  private podShell?: PodShell
  private connections = 0
  private readonly turns = new Map<string, number>()
  /** > 0 while a `sh -c` script runs: its `exit` ends the script, not the pod's shell */
  private scriptDepth = 0
  /** lines the learner typed in the pod's shell (dash numbers its messages with them) */
  private podLines = 0

  constructor(
    private readonly session: LabSession,
    opts: ShellOptions = {},
  ) {
    this.namespace = opts.namespace ?? 'default'
  }

  /** `$ ` normally; inside a pod, the prompt of its shell as root: ash's `/ # `, dash's `# `, bash's `root@HOST:/# `. */
  prompt(): string {
    return escapeTerminal(this.promptText())
  }

  private promptText(): string {
    const p = this.podShell
    if (!p) return '$ '
    const flavour = this.flavourOf(this.podTarget())
    if (flavour === 'ash') return '/ # '
    if (flavour === 'dash') return '# '
    const pod = this.session.cluster.pods.find((x) => x.namespace === p.namespace && x.name === p.pod)
    return `root@${pod?.hostNetwork ? pod.nodeName : (pod?.hostname ?? p.pod)}:/# `
  }

  /** The shell running in the pod: bash when asked for, else the image's /bin/sh. */
  private flavourOf(target: PodTarget): 'ash' | 'dash' | 'bash' {
    if (target.shell && /bash$/.test(target.shell)) return 'bash'
    return imageProfile(this.imageOf(target)).sh === 'dash' ? 'dash' : 'ash'
  }

  private imageOf(target: PodTarget): string {
    const view = new ClusterView(this.session)
    const p = view.pod(target.namespace, target.name)
    if (!p) return ''
    const cs = view.containers(p)
    return (cs.find((c) => c.name === target.container) ?? cs[0])?.image ?? ''
  }

  /** How the pod's shell says a command does not exist (exit 127). */
  private notFound(target: PodTarget, cmd: string): string {
    const flavour = this.flavourOf(target)
    // Each shell names itself by argv[0], as it was started (`sh`, `/bin/bash`, …).
    const arg0 = target.shell ?? 'sh'
    // dash and bash count lines: the learner's since the shell started, or the `-c` script's
    // (one line, as the lab reads scripts); bash numbers only a script's.
    const line = this.scriptDepth > 0 ? 1 : this.podLines
    if (flavour === 'bash')
      return this.scriptDepth > 0
        ? `${arg0}: line ${line}: ${bashName(cmd)}: command not found`
        : `${arg0}: ${bashName(cmd)}: command not found`
    if (flavour === 'dash') return `${arg0}: ${line}: ${cmd}: not found`
    return `${arg0}: ${cmd}: not found`
  }

  /** The shell's message, and a hint when the name holds a character that only looks like a space. */
  private commandNotFound(out: Output, message: string, cmd: string): void {
    out.errLine(message)
    const odd = LOOKALIKE_SPACE.exec(cmd)?.[0]
    if (odd)
      out.errLine(
        `(the command holds U+${odd.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which looks like a space or like nothing but is part of the word to the shell; text copied from a web page often brings it: type the spaces again)`,
      )
  }

  /** The pod whose shell the terminal is in, if any. */
  get currentPod(): PodShell | undefined {
    return this.podShell
  }

  get exitCode(): number {
    return this.lastExit
  }

  /** Runs one line. Its output is terminal-safe: control characters from manifests or from
   * the learner come out escaped (terminal-escape.ts). */
  input(line: string): ShellOutput {
    const r = this.inputGuarded(line)
    return r.kind === 'done'
      ? { ...r, output: escapeTerminal(r.output) }
      : { ...r, prompt: escapeTerminal(r.prompt) }
  }

  private inputGuarded(line: string): ShellOutput {
    try {
      return this.inputUnsafe(line)
    } catch (e) {
      // Never throw at the terminal: a bug becomes a message.
      this.pending = []
      this.lastExit = 1
      return {
        kind: 'done',
        output: `${this.podShell ? 'sh' : 'bash'}: internal error: ${(e as Error).message}\n`,
        exitCode: 1,
      }
    }
  }

  private inputUnsafe(line: string): ShellOutput {
    const text = this.pending.length ? `${this.pending.join('\n')}\n${line}` : line
    const parsed = parse(text)
    if (parsed.kind === 'incomplete') {
      this.pending.push(line)
      return { kind: 'more', prompt: '> ' }
    }
    this.pending = []
    if (text.trim()) this.history.push(text)
    if (this.podShell) this.podLines += text.split('\n').length
    if (parsed.kind === 'error') {
      this.lastExit = 2
      const msg = this.podShell ? parsed.message.replace(/^bash: /, 'sh: ') : parsed.message
      return { kind: 'done', output: `${msg}\n`, exitCode: 2 }
    }
    if (this.podShell && !this.podAlive()) {
      const gone = this.podShell
      this.podShell = undefined
      this.lastExit = 137
      return {
        kind: 'done',
        output: `command terminated with exit code 137\n(pod ${gone.namespace}/${gone.pod} no longer exists)\n`,
        exitCode: 137,
      }
    }
    const r = this.runList(parsed.items, this.podShell ? this.podTarget() : undefined, '')
    return {
      kind: 'done',
      output: joinChunks(r.out.chunks),
      exitCode: this.lastExit,
      ...(r.delayMs ? { delayMs: Math.min(MAX_DELAY_MS, r.delayMs) } : {}),
      ...(r.clear ? { clear: true } : {}),
    }
  }

  /** Ctrl-C: drops a half-typed command, or ends a wait (the UI cuts it short). */
  interrupt(): ShellOutput {
    this.pending = []
    this.lastExit = 130
    return { kind: 'done', output: '^C\n', exitCode: 130 }
  }

  /** Completes a line; the line and the candidates are terminal-safe, like `input`'s output. */
  complete(line: string): { line: string; candidates: string[] } {
    const c = this.completeRaw(line)
    return { line: escapeTerminal(c.line), candidates: c.candidates.map(escapeTerminal) }
  }

  private completeRaw(line: string): { line: string; candidates: string[] } {
    try {
      return completeLine(line, {
        view: new ClusterView(this.session),
        namespace: this.namespace,
        inPod: this.podShell
          ? {
              namespace: this.podShell.namespace,
              name: this.podShell.pod,
              image: this.imageOf(this.podTarget()),
            }
          : undefined,
        files: this.session.files.map((f) => f.name),
      })
    } catch {
      return { line, candidates: [] }
    }
  }

  // ---------------------------------------------------------------- execution

  private podTarget(): PodTarget {
    const p = this.podShell!
    return { namespace: p.namespace, name: p.pod, container: p.container, shell: p.shell ?? 'sh' }
  }

  private podAlive(): boolean {
    const p = this.podShell!
    return this.session.cluster.pods.some((x) => x.namespace === p.namespace && x.name === p.pod && x.ip)
  }

  private lookupVar(name: string, pod?: PodEnv): string | undefined {
    if (name === '?') return String(this.lastExit)
    if (name === '$') return pod ? '1' : '4242'
    if (name === '#') return '0'
    if (name === 'RANDOM') return String(Math.floor(Math.random() * 32768))
    const v = this.vars.get(name)
    if (v !== undefined) return v
    if (pod) {
      const env = this.podEnvOf(pod)
      return env.find(([k]) => k === name)?.[1]
    }
    if (name === 'HOME') return '/home/learner'
    if (name === 'USER') return 'learner'
    if (name === 'PWD') return '/home/learner'
    return undefined
  }

  private podEnvOf(pod: PodEnv): [string, string][] {
    return podEnvironment(pod)
  }

  private runList(items: ListItem[], pod: PodTarget | undefined, stdin: string) {
    const out = new Output()
    let delayMs = 0
    let clear = false
    for (const item of items) {
      if (item.join === '&&' && this.lastExit !== 0) continue
      if (item.join === '||' && this.lastExit === 0) continue
      const r = this.runPipeline(item.pipeline, pod, stdin)
      out.append(r.out)
      delayMs += r.exec.delayMs ?? 0
      if (r.exec.clear) {
        clear = true
        out.chunks.length = 0
      }
      this.lastExit = item.pipeline.negate ? (r.exec.code === 0 ? 1 : 0) : r.exec.code
      if (r.exec.enter && !pod) {
        this.podShell = r.exec.enter
        this.podLines = 0
        break
      }
      if (r.exec.leave) break
    }
    return { out, delayMs, clear }
  }

  /** A `sh -c` script: its `exit` ends the script, not an interactive shell around it. */
  private script(items: ListItem[], pod: PodTarget, stdin: string) {
    this.scriptDepth++
    try {
      return this.runList(items, pod, stdin)
    } finally {
      this.scriptDepth--
    }
  }

  private runPipeline(p: Pipeline, pod: PodTarget | undefined, stdin: string) {
    const out = new Output()
    let input = stdin
    let last: Exec = { code: 0 }
    let delay = 0
    p.commands.forEach((cmd, i) => {
      const isLast = i === p.commands.length - 1
      const r = this.runCommand(cmd, pod, input, isLast)
      delay += r.exec.delayMs ?? 0
      if (isLast) out.append(r.out)
      else {
        input = r.out.stdout()
        for (const c of r.out.chunks) if (c.fd === 2) out.chunks.push(c)
      }
      last = r.exec
    })
    return { out, exec: { ...last, delayMs: delay } }
  }

  private runCommand(
    cmd: SimpleCommand,
    pod: PodTarget | undefined,
    stdin: string,
    isLast: boolean,
  ): { out: Output; exec: Exec } {
    // The pod's environment is read only when a variable needs it.
    let podEnv: PodEnv | undefined
    const look = (name: string) => {
      if (pod && !podEnv) podEnv = this.podEnv(pod, new Output(), stdin, isLast)
      return this.lookupVar(name, podEnv)
    }
    const argv = cmd.words.flatMap((w) => expandWord(w, look))
    const out = new Output()
    // Redirections.
    let input = stdin
    if (cmd.heredoc) input = cmd.heredoc.expand ? expandText(cmd.heredoc.body, look) : cmd.heredoc.body
    let stdoutToTerminal = isLast
    const drops = new Set<1 | 2>()
    let merge2to1 = false
    let merge1to2 = false
    for (const r of cmd.redirects) {
      if (r.op === 'dup') {
        if (r.fd === 2 && r.target === 1) merge2to1 = true
        if (r.fd === 1 && r.target === 2) merge1to2 = true
        continue
      }
      const target = expandWord(r.target as never, look).join(' ')
      if (r.op === '<') {
        const env = pod ? this.podEnv(pod, new Output(), stdin, isLast) : undefined
        const text = pod
          ? env
            ? podFile(env, target)
            : undefined
          : this.session.file(target.replace(/^\.\//, ''))?.text
        if (text === undefined) {
          out.errLine(`${pod ? 'sh' : 'bash'}: ${target}: No such file or directory`)
          return { out, exec: { code: 1 } }
        }
        input = text
        continue
      }
      if (target === '/dev/null') {
        if (r.fd === 'both') {
          drops.add(1)
          drops.add(2)
        } else drops.add(r.fd)
        if (r.fd !== 2) stdoutToTerminal = false
        continue
      }
      out.errLine(
        `${pod ? 'sh' : 'bash'}: ${target}: Read-only file system (this terminal does not write files; edit the lab's files in the editor)`,
      )
      return { out, exec: { code: 1 } }
    }
    for (const a of cmd.assigns) {
      const value = expandWord(a.value, look).join(' ')
      if (!argv.length) this.vars.set(a.name, value)
    }
    if (!argv.length) return { out, exec: { code: 0 } }
    const inner = new Output()
    const exec = pod
      ? this.runInPodCommand(pod, argv, inner, input, stdoutToTerminal)
      : this.runTopCommand(argv, inner, input, stdoutToTerminal)
    for (const c of inner.chunks) {
      let fd = c.fd
      if (fd === 2 && merge2to1) fd = 1
      else if (fd === 1 && merge1to2) fd = 2
      if (drops.has(fd)) continue
      out.chunks.push({ fd, text: c.text })
    }
    return { out, exec }
  }

  private ctx(out: Output, stdin: string, stdoutIsTerminal: boolean, pod?: Ctx['pod']): Ctx {
    return {
      session: this.session,
      namespace: this.namespace,
      stdin,
      out,
      vars: this.vars,
      stdoutIsTerminal,
      pod,
      seed: () => `c${++this.connections}`,
      turn: (key) => {
        const n = this.turns.get(key) ?? 0
        this.turns.set(key, n + 1)
        return n
      },
      runInPod: (target, argv) => this.execInPod(target, argv, out),
      setNamespace: (ns) => {
        this.namespace = ns
      },
    }
  }

  private podEnv(pod: PodTarget, out: Output, stdin: string, stdoutIsTerminal: boolean): PodEnv | undefined {
    const view = new ClusterView(this.session)
    const p = view.pod(pod.namespace, pod.name)
    if (!p) return undefined
    const containers = view.containers(p)
    const container = containers.find((c) => c.name === pod.container) ?? containers[0]!
    return { ctx: this.ctx(out, stdin, stdoutIsTerminal, pod), view, pod: p, container, stdoutIsTerminal }
  }

  /** `kubectl exec POD -- CMD …`: the runtime starts CMD directly (no shell unless it is one). */
  private execInPod(target: PodTarget, argv: string[], out: Output): Exec {
    const [cmd, ...args] = argv
    if (cmd === undefined) return { code: 0 }
    const env = this.podEnv(target, out, '', true)
    const image = env?.container.image ?? ''
    const shells = ['sh', 'ash', 'bash', '/bin/sh', '/bin/ash', '/bin/bash']
    const name = cmd.replace(/^\/(usr\/)?(s?bin)\//, '')
    // The runtime looks the executable up in the image; a missing one never starts.
    if (!imageHas(image, name)) return { code: 1, missing: cmd }
    if (shells.includes(cmd)) {
      if (args[0] !== '-c') return { code: 0 }
      const script = args[1] ?? ''
      const parsed = parse(script)
      if (parsed.kind !== 'ok') {
        out.errLine(
          parsed.kind === 'error'
            ? parsed.message.replace(/^bash: /, 'sh: ')
            : 'sh: syntax error: unexpected end of file',
        )
        return { code: 2 }
      }
      const saved = this.lastExit
      const r = this.script(parsed.items, { ...target, shell: cmd }, '')
      out.append(r.out)
      const code = this.lastExit
      this.lastExit = saved
      return { code, delayMs: r.delayMs }
    }
    if (
      !POD_COMMANDS.includes(name) ||
      name === 'exit' ||
      name === 'history' ||
      name === 'help' ||
      name === 'cd' ||
      name === 'export'
    )
      return { code: 1, missing: cmd }
    const inner = new Output()
    const r = this.runInPodCommand(target, [name, ...args], inner, '', true)
    out.append(inner)
    return r
  }

  private runInPodCommand(
    target: PodTarget,
    argv: string[],
    out: Output,
    stdin: string,
    stdoutIsTerminal: boolean,
  ): Exec {
    const [cmd, ...args] = argv as [string, ...string[]]
    const env = this.podEnv(target, out, stdin, stdoutIsTerminal)
    if (!env) {
      out.errLine(`sh: pod ${target.namespace}/${target.name} no longer exists`)
      return { code: 137 }
    }
    const name = cmd.replace(/^\/(usr\/)?(s?bin)\//, '')
    if (!imageHas(env.container.image, name) && name !== 'exit') {
      this.commandNotFound(out, this.notFound(target, cmd), cmd)
      return { code: 127 }
    }
    const tool = POD_TOOLS[name]
    if (tool) return tool(env, args)
    switch (name) {
      case 'exit':
        return this.leavePod(out, args[0])
      case 'sh':
      case 'ash':
      case 'bash': {
        if (args[0] === '-c') {
          const parsed = parse(args[1] ?? '')
          if (parsed.kind !== 'ok') {
            out.errLine(
              parsed.kind === 'error'
                ? parsed.message.replace(/^bash: /, 'sh: ')
                : 'sh: syntax error: unexpected end of file',
            )
            return { code: 2 }
          }
          const r = this.script(parsed.items, { ...target, shell: cmd }, stdin)
          out.append(r.out)
          return { code: this.lastExit, delayMs: r.delayMs }
        }
        // A nested shell: the terminal stays in this pod, now in that shell.
        if (this.podShell && this.scriptDepth === 0) {
          this.podShell = { ...this.podShell, shell: cmd }
          this.podLines = 0
        }
        return { code: 0 }
      }
      case 'help': {
        out.out(POD_HELP)
        const lacks = TOOL_LIST.filter((t) => !imageHas(env.container.image, t))
        if (lacks.length) out.line(`Not in this image (${env.container.image}): ${lacks.join(', ')}`)
        return { code: 0 }
      }
      case 'history':
        return this.historyCmd(out)
      case 'clear':
        return { code: 0, clear: true }
      case 'ls':
        out.line(
          args.some((a) => a.startsWith('/etc'))
            ? 'hostname     hosts        resolv.conf'
            : 'bin    dev    etc    home   lib    proc   root   sys    tmp    usr    var',
        )
        return { code: 0 }
      case 'pwd':
        out.line('/')
        return { code: 0 }
      case 'cd':
      case 'export':
        return this.exportCmd(args)
      default: {
        const common = this.common(name, args, out, stdin, 'sh')
        if (common) return common
      }
    }
    this.commandNotFound(out, this.notFound(target, cmd), cmd)
    return { code: 127 }
  }

  private runTopCommand(argv: string[], out: Output, stdin: string, stdoutIsTerminal: boolean): Exec {
    const [cmd, ...args] = argv as [string, ...string[]]
    const ctx = this.ctx(out, stdin, stdoutIsTerminal)
    switch (cmd) {
      case 'kubectl':
        return kubectl(ctx, args)
      case 'trace':
        return trace(ctx, args)
      case 'help':
        out.out(TOP_HELP)
        return { code: 0 }
      case 'clear':
        return { code: 0, clear: true }
      case 'history':
        return this.historyCmd(out)
      case 'exit':
        out.line(
          "exit: this is the lab's terminal; there is no session to log out of. To leave a pod's shell, use exit inside it.",
        )
        return { code: 0 }
      case 'ls':
        for (const f of this.session.files) out.line(f.name)
        return { code: 0 }
      case 'cat': {
        if (!args.length) {
          out.out(stdin)
          return { code: 0 }
        }
        let code = 0
        for (const a of args) {
          const f = this.session.file(a.replace(/^\.\//, ''))
          if (f) out.out(f.text.endsWith('\n') || !f.text ? f.text : `${f.text}\n`)
          else {
            out.errLine(`cat: ${a}: No such file or directory`)
            code = 1
          }
        }
        return { code }
      }
      case 'pwd':
        out.line('/home/learner')
        return { code: 0 }
      case 'cd':
      case 'export':
        return this.exportCmd(args)
    }
    const common = this.common(cmd, args, out, stdin, 'bash')
    if (common) return common
    this.commandNotFound(out, `bash: ${bashName(cmd)}: command not found`, cmd)
    if (NEEDS_POD.has(cmd)) {
      // busybox has neither curl nor dig: suggest an image that does.
      const image = cmd === 'curl' ? 'curlimages/curl' : cmd === 'dig' ? 'nicolaka/netshoot' : 'busybox'
      out.errLine(
        `(${cmd} runs inside a pod here: kubectl exec -it POD -- sh, or kubectl run tmp --rm -it --image=${image} -- sh)`,
      )
    }
    return { code: 127 }
  }

  private exportCmd(args: string[]): Exec {
    for (const a of args) {
      const eq = a.indexOf('=')
      if (eq > 0) this.vars.set(a.slice(0, eq), a.slice(eq + 1))
    }
    return { code: 0 }
  }

  private historyCmd(out: Output): Exec {
    this.history.forEach((h, i) => out.line(`${String(i + 1).padStart(5)}  ${h}`))
    return { code: 0 }
  }

  /** Commands both shells have: echo, true, false, sleep and the text filters of a pipe. */
  private common(
    cmd: string,
    args: string[],
    out: Output,
    stdin: string,
    shell: 'bash' | 'sh',
  ): Exec | undefined {
    switch (cmd) {
      case 'echo': {
        let newline = true
        let escapes = false
        const rest = [...args]
        while (rest[0] && /^-[neE]+$/.test(rest[0])) {
          const f = rest.shift()!
          if (f.includes('n')) newline = false
          if (f.includes('e')) escapes = true
        }
        let text = rest.join(' ')
        if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t')
        out.out(newline ? `${text}\n` : text)
        return { code: 0 }
      }
      case 'true':
        return { code: 0 }
      case 'false':
        return { code: 1 }
      case 'sleep': {
        const s = Number(String(args[0] ?? '').replace(/s$/, ''))
        if (!Number.isFinite(s) || s < 0) {
          out.errLine(`sleep: invalid number '${args[0] ?? ''}'`)
          return { code: 1 }
        }
        return { code: 0, delayMs: Math.min(MAX_DELAY_MS, s * 1000) }
      }
      case 'grep':
        return grep(args, out, stdin, shell)
      case 'head':
      case 'tail': {
        let n = 10
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!
          if (a === '-n') n = Number(args[++i])
          else if (/^-n\d+$/.test(a)) n = Number(a.slice(2))
          else if (/^-\d+$/.test(a)) n = Number(a.slice(1))
        }
        const lines = stdin.split('\n')
        if (lines[lines.length - 1] === '') lines.pop()
        const picked = cmd === 'head' ? lines.slice(0, n) : lines.slice(Math.max(0, lines.length - n))
        out.out(picked.length ? `${picked.join('\n')}\n` : '')
        return { code: 0 }
      }
      case 'wc': {
        const lines = (stdin.match(/\n/g) ?? []).length
        const words = stdin.split(/\s+/).filter(Boolean).length
        const chars = utf8Length(stdin)
        if (args.includes('-l')) out.line(String(lines))
        else if (args.includes('-w')) out.line(String(words))
        else if (args.includes('-c')) out.line(String(chars))
        else
          out.line(`${String(lines).padStart(7)} ${String(words).padStart(7)} ${String(chars).padStart(7)}`)
        return { code: 0 }
      }
      case 'sort': {
        const lines = stdin.split('\n')
        if (lines[lines.length - 1] === '') lines.pop()
        lines.sort()
        if (args.includes('-r')) lines.reverse()
        out.out(lines.length ? `${lines.join('\n')}\n` : '')
        return { code: 0 }
      }
    }
    return undefined
  }

  /** `exit` in a pod's shell: back to the terminal, with what kubectl prints then. */
  private leavePod(out: Output, codeArg: string | undefined): Exec {
    const code = codeArg !== undefined && /^\d+$/.test(codeArg) ? Number(codeArg) % 256 : this.lastExit
    const p = this.podShell
    if (!p || this.scriptDepth > 0) return { code, leave: true }
    this.podShell = undefined
    if (p.run) {
      if (p.run.remove) {
        if (this.session.remove('Pod', p.namespace, p.pod)) out.line(`pod "${p.pod}" deleted`)
        if (p.run.exposed && this.session.remove('Service', p.namespace, p.pod))
          out.line(`service "${p.pod}" deleted`)
      } else
        out.line(
          `Session ended, resume using 'kubectl attach ${p.pod} -c ${p.container} -i -t' command when the pod is running`,
        )
      if (code !== 0) out.errLine(`pod ${p.namespace}/${p.pod} terminated (Error)`)
    } else if (code !== 0) out.errLine(`command terminated with exit code ${code}`)
    return { code, leave: true }
  }
}

function grep(args: string[], out: Output, stdin: string, shell: 'bash' | 'sh'): Exec {
  let invert = false
  let ignoreCase = false
  let count = false
  let extended = false
  let pattern: string | undefined
  for (const a of args) {
    if (a.startsWith('-') && a.length > 1 && pattern === undefined) {
      for (const ch of a.slice(1)) {
        if (ch === 'v') invert = true
        else if (ch === 'i') ignoreCase = true
        else if (ch === 'c') count = true
        else if (ch === 'E') extended = true
        else if (ch === 'F' || ch === 'w' || ch === 'q') continue
        else {
          out.errLine(`grep: invalid option -- '${ch}'`)
          return { code: 2 }
        }
      }
    } else if (pattern === undefined) pattern = a
  }
  if (pattern === undefined) {
    out.errLine(
      shell === 'bash'
        ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information."
        : 'Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...',
    )
    return { code: 2 }
  }
  let re: RegExp
  try {
    // Basic regular expressions: `\|` is alternation, `|` and `+` are literal.
    const source = extended
      ? pattern
      : pattern
          .split('\\|')
          .map((alt) => alt.replace(/[|+?(){}]/g, '\\$&'))
          .join('|')
    re = new RegExp(source, ignoreCase ? 'i' : '')
  } catch {
    out.errLine('grep: Unmatched ( or \\(')
    return { code: 2 }
  }
  const lines = stdin.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const hits = lines.filter((l) => re.test(l) !== invert)
  if (count) out.line(String(hits.length))
  else for (const l of hits) out.line(l)
  return { code: hits.length ? 0 : 1 }
}

// What a command writes (stdout and stderr kept apart, so a pipe takes only stdout and
// `2>/dev/null` can drop the rest) and what it hands back to the shell.
import type { LabSession } from '../session/session'

export interface Chunk {
  fd: 1 | 2
  text: string
}

export class Output {
  readonly chunks: Chunk[] = []
  out(text: string): void {
    if (text) this.chunks.push({ fd: 1, text })
  }
  err(text: string): void {
    if (text) this.chunks.push({ fd: 2, text })
  }
  /** A line on stdout (a newline is added). */
  line(text = ''): void {
    this.out(`${text}\n`)
  }
  /** A line on stderr (a newline is added). */
  errLine(text: string): void {
    this.err(`${text}\n`)
  }
  stdout(): string {
    return this.chunks
      .filter((c) => c.fd === 1)
      .map((c) => c.text)
      .join('')
  }
  append(other: Output): void {
    this.chunks.push(...other.chunks)
  }
}

/** An interactive shell inside a pod (`kubectl exec -it … -- sh`, `kubectl run -it`). */
export interface PodShell {
  namespace: string
  pod: string
  container: string
  /** the shell that was started (`sh`, `ash`, `bash`); `sh` when unset */
  shell?: string
  /** set for `kubectl run -it`: what happens on exit */
  run?: { remove: boolean; restartNever: boolean; exposed: boolean }
}

export interface Exec {
  code: number
  /** how long the real tool would take before its output appears */
  delayMs?: number
  clear?: boolean
  /** the command opened an interactive shell in a pod */
  enter?: PodShell
  /** `exit` in a pod shell */
  leave?: boolean
  /** the runtime found no such executable in the image, so nothing started (kubectl exec and
   * kubectl run word this differently) */
  missing?: string
}

/** What a command can reach. */
export interface Ctx {
  session: LabSession
  /** kubectl's default namespace (the context's) */
  namespace: string
  stdin: string
  out: Output
  /** a new seed for each simulated connection, so repeated requests spread over backends */
  seed(): string
  /**
   * This terminal's next turn for `key` (a Service port): 0, 1, 2, … so that repeated
   * connections take the Service's endpoints in turn (kube-proxy's pick is random).
   */
  turn(key: string): number
  /** set inside a pod: the pod the command runs in */
  pod?: { namespace: string; name: string; container: string }
  /** environment and shell variables */
  vars: Map<string, string>
  /** stdout goes to the terminal rather than into a pipe or a file */
  stdoutIsTerminal: boolean
  /** runs a command in a pod (`kubectl exec`, `kubectl run … -- CMD`), as the container's runtime would */
  runInPod(target: { namespace: string; name: string; container: string }, argv: string[]): Exec
  /** `kubectl config set-context --current --namespace=…` */
  setNamespace(ns: string): void
}

/** Caps a simulated wait (see tools/timing.ts for why). */
export const MAX_DELAY_MS = 2000

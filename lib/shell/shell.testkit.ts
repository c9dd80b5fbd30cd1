// Labs for the shell's tests: a session built from inline YAML with a fixed clock, and a
// shell over it. Object ages can be pinned through the session state's `created` times.
import type { CniName } from '../sim/cni/profiles'
import type { SessionState } from '../session/session'
import { LabSession } from '../session/session'
import { Shell } from './shell'
import type { ShellOutput } from './shell'

/** 2024-01-01T00:00:00Z */
export const T0 = Date.UTC(2024, 0, 1)
export const MIN = 60_000
export const HOUR = 60 * MIN
export const DAY = 24 * HOUR

export const BASE = `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  nodeName: worker-1
  containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  nodeName: worker-2
  containers: [{name: client, image: busybox, args: [sleep, "3600"]}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  clusterIP: 10.96.45.12
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: web-broken}
spec:
  selector: {app: nothing}
  clusterIP: 10.96.12.34
  ports: [{port: 80}]
`

export interface Lab {
  session: LabSession
  shell: Shell
  clock: { now: number }
  /** runs one line; its output (a `more` result gives `> `) */
  run(line: string): string
  /** runs one line; the whole result */
  result(line: string): ShellOutput
  /** runs several lines (a here-document), the last result */
  lines(...lines: string[]): ShellOutput
  ip(pod: string): string
}

export function lab(
  scenario: string = BASE,
  opts: {
    cni?: CniName
    nodes?: number
    files?: { name: string; text: string; editable?: boolean }[]
    created?: Record<string, number>
    namespace?: string
  } = {},
): Lab {
  const clock = { now: T0 }
  const files = [
    { name: 'scenario.yaml', text: scenario, editable: false },
    ...(opts.files ?? []).map((f) => ({ name: f.name, text: f.text, editable: f.editable ?? true })),
  ]
  const state: SessionState | undefined = opts.created
    ? {
        cni: opts.cni ?? 'calico',
        files: Object.fromEntries(files.filter((f) => f.editable).map((f) => [f.name, f.text])),
        applied: {},
        deleted: [],
        labels: {},
        annotations: {},
        created: opts.created,
      }
    : undefined
  const session = new LabSession(
    {
      files,
      cni: opts.cni ?? 'calico',
      clock: () => clock.now,
      ...(opts.nodes ? { nodes: opts.nodes } : {}),
    },
    state,
  )
  const shell = new Shell(session, opts.namespace ? { namespace: opts.namespace } : {})
  const result = (line: string) => shell.input(line)
  return {
    session,
    shell,
    clock,
    result,
    run: (line) => {
      const r = shell.input(line)
      return r.kind === 'done' ? r.output : r.prompt
    },
    lines: (...ls) => {
      let r: ShellOutput = { kind: 'done', output: '', exitCode: 0 }
      for (const l of ls) r = shell.input(l)
      return r
    },
    ip: (pod) => {
      const [ns, name] = pod.includes('/') ? pod.split('/') : ['default', pod]
      return session.cluster.pods.find((p) => p.namespace === ns && p.name === name)!.ip
    },
  }
}

/** `code`: the exit code of a done result. */
export function code(r: ShellOutput): number {
  if (r.kind !== 'done') throw new Error('expected a finished command')
  return r.exitCode
}

export function out(r: ShellOutput): string {
  if (r.kind !== 'done') throw new Error('expected a finished command')
  return r.output
}

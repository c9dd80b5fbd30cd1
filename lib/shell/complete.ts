// Tab completion: commands, kubectl subcommands and flags, resource types, the names of
// what is in the cluster now, namespaces, lab files, and inside a pod the names a client
// can reach.
import { ansiCQuote, needsAnsiC, printablePrefix } from './ansi-c'
import { KUBECTL_COMMANDS } from './kubectl'
import { resolveType } from './resources'
import { POD_COMMANDS, TOP_COMMANDS } from './commands'
import { imageHas } from './images'
import type { ClusterView } from './view'
import { own } from '../sim/util/json'

export interface CompletionContext {
  view: ClusterView
  namespace: string
  /** the pod's shell the terminal is in, and its container's image (what is on its PATH) */
  inPod?: { namespace: string; name: string; image?: string }
  files: string[]
}

const TOP = TOP_COMMANDS
const POD = POD_COMMANDS

const FLAGS: Record<string, string[]> = {
  get: [
    '--output',
    '--all-namespaces',
    '--namespace',
    '--selector',
    '--show-labels',
    '--no-headers',
    '--label-columns',
    '--watch',
  ],
  describe: ['--namespace', '--all-namespaces', '--selector'],
  apply: ['--filename', '--namespace', '--dry-run'],
  create: ['--filename', '--namespace', '--dry-run', '--image', '--replicas', '--port', '--tcp'],
  delete: ['--filename', '--namespace', '--all', '--selector', '--all-namespaces'],
  label: ['--overwrite', '--namespace', '--all', '--selector', '--list'],
  annotate: ['--overwrite', '--namespace', '--all', '--selector', '--list'],
  run: [
    '--image',
    '--labels',
    '--rm',
    '--stdin',
    '--tty',
    '--restart',
    '--port',
    '--expose',
    '--env',
    '--command',
    '--namespace',
    '--dry-run',
    '--output',
  ],
  exec: ['--stdin', '--tty', '--container', '--namespace'],
  expose: ['--port', '--target-port', '--type', '--name', '--protocol', '--namespace'],
  scale: ['--replicas', '--namespace'],
  config: ['--current', '--namespace'],
}

const TYPE_WORDS = [
  'pods',
  'services',
  'endpoints',
  'endpointslices',
  'networkpolicies',
  'nodes',
  'namespaces',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'configmaps',
  'jobs',
  'cronjobs',
]
const IMAGES = ['busybox', 'alpine', 'nginx', 'curlimages/curl', 'nicolaka/netshoot']
const OUTPUTS = ['wide', 'name', 'yaml', 'json', 'jsonpath=']
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-f',
  '--filename',
  '-o',
  '--output',
  '-l',
  '--selector',
  '--labels',
  '--image',
  '-c',
  '--container',
  '--restart',
  '--port',
  '--target-port',
  '--type',
  '--name',
  '--replicas',
  '--env',
  '-L',
  '--label-columns',
  '--tcp',
  '--protocol',
])

/** Splits the line into words; the last one is the word being completed ('' after a space). */
function words(line: string): { done: string[]; partial: string; start: number } {
  const done: string[] = []
  let cur = ''
  let start = 0
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = undefined
      else cur += c
      continue
    }
    if (c === "'" || c === '"') {
      quote = c
      continue
    }
    if (c === ' ' || c === '\t') {
      if (cur) done.push(cur)
      cur = ''
      start = i + 1
      continue
    }
    if (c === '|' || c === ';' || c === '&') {
      // Completion starts over after a pipe or a separator.
      if (cur) done.push(cur)
      done.length = 0
      cur = ''
      start = i + 1
      continue
    }
    cur += c
  }
  return { done, partial: cur, start }
}

function namesOf(ctx: CompletionContext, typeWord: string, namespace: string): string[] {
  const t = resolveType(typeWord)
  if (!t) return []
  return ctx.view
    .entries(t)
    .filter((e) => !t.namespaced || e.namespace === namespace)
    .map((e) => e.name)
}

function kubectlCandidates(ctx: CompletionContext, args: string[], partial: string): string[] {
  const nsIdx = args.findIndex((a) => a === '-n' || a === '--namespace')
  const namespace =
    nsIdx >= 0 && args[nsIdx + 1]
      ? args[nsIdx + 1]!
      : (args.find((a) => a.startsWith('--namespace='))?.slice(12) ?? ctx.namespace)
  const prev = args[args.length - 1]
  const namespaces = ctx.view.cluster.namespaces.map((n) => n.name)
  if (prev === '-n' || prev === '--namespace') return namespaces
  if (prev === '-f' || prev === '--filename') return [...ctx.files, '-']
  if (prev === '-o' || prev === '--output') return OUTPUTS
  if (prev === '--image') return IMAGES
  if (prev === '--restart') return ['Always', 'OnFailure', 'Never']
  if (prev === '--type') return ['ClusterIP', 'NodePort', 'LoadBalancer']
  // Positional words, skipping flags and their values.
  const pos: string[] = []
  let afterDash = false
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '--') {
      afterDash = true
      continue
    }
    if (!afterDash && a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i++
      continue
    }
    pos.push(a)
  }
  const sub = pos[0]
  if (!sub) return partial.startsWith('-') ? ['--namespace', '--help'] : KUBECTL_COMMANDS
  if (afterDash) return POD
  if (partial.startsWith('--')) return own(FLAGS, sub) ?? []
  const rest = pos.slice(1)
  switch (sub) {
    case 'get':
    case 'describe':
    case 'delete':
    case 'label':
    case 'annotate':
    case 'expose':
    case 'scale': {
      if (!rest.length) {
        if (partial.includes('/')) {
          const [typeWord] = partial.split('/')
          return namesOf(ctx, typeWord!, namespace).map((n) => `${typeWord}/${n}`)
        }
        return sub === 'get' ? [...TYPE_WORDS, 'all'] : TYPE_WORDS
      }
      if (rest[0]!.includes('/')) return []
      return namesOf(ctx, rest[0]!.split(',')[0]!, namespace)
    }
    case 'exec':
    case 'logs':
      if (!rest.length) return namesOf(ctx, 'pods', namespace)
      return ['--']
    case 'config':
      return rest.length ? [] : ['set-context', 'current-context', 'get-contexts', 'use-context', 'view']
    case 'create':
      return rest.length
        ? rest[0] === 'service' || rest[0] === 'svc'
          ? ['clusterip', 'nodeport', 'loadbalancer']
          : []
        : ['namespace', 'deployment', 'service']
    default:
      return []
  }
}

function traceCandidates(ctx: CompletionContext, args: string[]): string[] {
  const pods = ctx.view.cluster.pods.map((p) => p.id)
  if (args.length === 0) return pods
  if (args.length === 1) {
    const svcs = ctx.view.cluster.services.map((s) =>
      s.namespace === ctx.namespace ? s.name : `${s.name}.${s.namespace}`,
    )
    return [...svcs, ...pods]
  }
  if (args.length === 2) {
    const svc = ctx.view.cluster.services.find((s) => s.name === args[1] && s.namespace === ctx.namespace)
    const ports = svc ? svc.ports.map((p) => `${p.port}/${p.protocol}`) : []
    return [...new Set([...ports, '80/TCP', '53/UDP', '443/TCP', 'ICMP'])]
  }
  return []
}

function podCandidates(ctx: CompletionContext, cmd: string, args: string[]): string[] {
  const ns = ctx.inPod!.namespace
  if (cmd === 'cat') return ['/etc/resolv.conf', '/etc/hosts', '/etc/hostname']
  if (cmd === 'ip') return args.length ? [] : ['addr', 'route']
  const names = ctx.view.cluster.services.flatMap((s) =>
    s.namespace === ns ? [s.name] : [`${s.name}.${s.namespace}`],
  )
  if (cmd === 'curl' || cmd === 'wget') return names.map((n) => `http://${n}`)
  if (['nc', 'nslookup', 'dig', 'ping', 'traceroute'].includes(cmd)) return names
  return []
}

function commonPrefix(items: string[]): string {
  if (!items.length) return ''
  let p = items[0]!
  for (const s of items) while (!s.startsWith(p)) p = p.slice(0, -1)
  return p
}

export function complete(line: string, ctx: CompletionContext): { line: string; candidates: string[] } {
  const { done, partial, start } = words(line)
  let pool: string[]
  if (!done.length) {
    const image = ctx.inPod?.image
    pool = ctx.inPod ? (image === undefined ? POD : POD.filter((c) => imageHas(image, c))) : TOP
  } else if (ctx.inPod) pool = podCandidates(ctx, done[0]!, done.slice(1))
  else if (done[0] === 'kubectl' || done[0] === 'k') pool = kubectlCandidates(ctx, done.slice(1), partial)
  else if (done[0] === 'trace') pool = traceCandidates(ctx, done.slice(1))
  else if (done[0] === 'cat') pool = ctx.files
  else pool = []
  const candidates = [...new Set(pool.filter((c) => c.startsWith(partial)))].sort()
  if (!candidates.length) return { line, candidates: [] }
  const head = line.slice(0, start)
  if (candidates.length === 1) {
    const c = candidates[0]!
    // A name holding a control character goes in as bash's `$'…'`: raw, it would reach the
    // terminal; escaped for display, it would name another file.
    if (needsAnsiC(c)) return { line: `${head}${ansiCQuote(c)} `, candidates }
    const open = /[/=]$/.test(c)
    return { line: `${head}${c}${open ? '' : ' '}`, candidates }
  }
  // Several names: the shared part goes in up to the first control character, if any.
  return { line: `${head}${printablePrefix(commonPrefix(candidates))}`, candidates }
}

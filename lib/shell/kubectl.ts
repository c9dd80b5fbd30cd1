// `kubectl`: the subcommands a networking lab uses, with kubectl's flag handling (flags
// anywhere, `--` before a pod command), its usage errors and its messages.
import type { FlagSpec, ParsedFlags } from './flags'
import { bool, flag, FlagError, flags, parseFlags } from './flags'
import { hexId, table } from './format'
import { imageHas } from './images'
import type { Ctx, Exec } from './io'
import { kubectlDescribe } from './kubectl-describe'
import { kubectlGet } from './kubectl-get'
import {
  createObjects,
  deleteOne,
  isShell,
  kubectlApply,
  kubectlCreateGenerator,
  kubectlDelete,
  kubectlExpose,
  kubectlLabel,
  kubectlScale,
  planRun,
  printDryRun,
} from './kubectl-write'
import { notFound, resolveType, RESOURCE_TYPES, TYPE_BY_KIND, typeServed, withServedKinds } from './resources'
import { kindServed } from '../sim/cluster/extensions'
import { parseLabelSelector } from './selector'
import { selectorMatches as selects } from '../sim/policy/selector'
import { ClusterView, KUBE_VERSION } from './view'
import { own } from '../sim/util/json'

export const CONTEXT_NAME = 'kind-podnet'

const GLOBAL: FlagSpec[] = [
  { long: 'namespace', short: 'n', type: 'string' },
  { long: 'context', type: 'string' },
  { long: 'cluster', type: 'string' },
  { long: 'user', type: 'string' },
  { long: 'kubeconfig', type: 'string' },
  { long: 'v', short: 'v', type: 'string' },
  { long: 'request-timeout', type: 'string' },
  { long: 'help', short: 'h', type: 'bool' },
]

const output: FlagSpec = { long: 'output', short: 'o', type: 'string' }
const selector: FlagSpec = { long: 'selector', short: 'l', type: 'string' }
const allNs: FlagSpec = { long: 'all-namespaces', short: 'A', type: 'bool' }
const filename: FlagSpec = { long: 'filename', short: 'f', type: 'array' }
const dryRun: FlagSpec = { long: 'dry-run', type: 'string', noOptDefault: 'client' }

const SPECS: Record<string, FlagSpec[]> = {
  get: [
    output,
    allNs,
    selector,
    { long: 'show-labels', type: 'bool' },
    { long: 'watch', short: 'w', type: 'bool' },
    { long: 'no-headers', type: 'bool' },
    { long: 'label-columns', short: 'L', type: 'array' },
    { long: 'field-selector', type: 'string' },
    { long: 'sort-by', type: 'string' },
    { long: 'chunk-size', type: 'string' },
    { long: 'ignore-not-found', type: 'bool' },
  ],
  describe: [allNs, selector, { long: 'show-events', type: 'bool' }],
  apply: [
    filename,
    dryRun,
    output,
    { long: 'server-side', type: 'bool' },
    { long: 'force', type: 'bool' },
    { long: 'validate', type: 'string', noOptDefault: 'strict' },
    { long: 'recursive', short: 'R', type: 'bool' },
    { long: 'kustomize', short: 'k', type: 'string' },
  ],
  create: [
    filename,
    dryRun,
    output,
    { long: 'image', type: 'array' },
    { long: 'replicas', short: 'r', type: 'string' },
    { long: 'port', type: 'string' },
    { long: 'tcp', type: 'array' },
    { long: 'save-config', type: 'bool' },
    { long: 'validate', type: 'string', noOptDefault: 'strict' },
  ],
  delete: [
    filename,
    selector,
    allNs,
    { long: 'all', type: 'bool' },
    { long: 'force', type: 'bool' },
    { long: 'now', type: 'bool' },
    { long: 'grace-period', type: 'string' },
    { long: 'wait', type: 'string', noOptDefault: 'true' },
    { long: 'ignore-not-found', type: 'bool' },
    { long: 'cascade', type: 'string', noOptDefault: 'background' },
  ],
  label: [
    selector,
    allNs,
    output,
    dryRun,
    { long: 'overwrite', type: 'bool' },
    { long: 'all', type: 'bool' },
    { long: 'list', type: 'bool' },
    { long: 'resource-version', type: 'string' },
  ],
  run: [
    dryRun,
    output,
    { long: 'image', type: 'string' },
    { long: 'labels', short: 'l', type: 'string' },
    { long: 'env', type: 'array' },
    { long: 'port', type: 'string' },
    { long: 'expose', type: 'bool' },
    { long: 'rm', type: 'bool' },
    { long: 'stdin', short: 'i', type: 'bool' },
    { long: 'tty', short: 't', type: 'bool' },
    { long: 'attach', type: 'bool' },
    { long: 'quiet', short: 'q', type: 'bool' },
    { long: 'restart', type: 'string' },
    { long: 'command', type: 'bool' },
    { long: 'image-pull-policy', type: 'string' },
    { long: 'annotations', type: 'array' },
    { long: 'overrides', type: 'string' },
    { long: 'privileged', type: 'bool' },
  ],
  exec: [
    { long: 'container', short: 'c', type: 'string' },
    { long: 'stdin', short: 'i', type: 'bool' },
    { long: 'tty', short: 't', type: 'bool' },
    { long: 'quiet', short: 'q', type: 'bool' },
    { long: 'pod-running-timeout', type: 'string' },
  ],
  expose: [
    dryRun,
    output,
    selector,
    { long: 'port', type: 'string' },
    { long: 'target-port', type: 'string' },
    { long: 'type', type: 'string' },
    { long: 'name', type: 'string' },
    { long: 'protocol', type: 'string' },
  ],
  scale: [
    selector,
    { long: 'replicas', type: 'string' },
    { long: 'all', type: 'bool' },
    { long: 'current-replicas', type: 'string' },
  ],
  config: [{ long: 'current', type: 'bool' }, { long: 'minify', type: 'bool' }, output],
  version: [output, { long: 'client', type: 'bool' }],
  'cluster-info': [],
  'api-resources': [output, { long: 'namespaced', type: 'string', noOptDefault: 'true' }],
  logs: [
    { long: 'container', short: 'c', type: 'string' },
    { long: 'follow', short: 'f', type: 'bool' },
    selector,
    { long: 'tail', type: 'string' },
    { long: 'previous', short: 'p', type: 'bool' },
  ],
}
SPECS.annotate = SPECS.label!

const NOT_SIMULATED = new Set([
  'edit',
  'patch',
  'replace',
  'port-forward',
  'proxy',
  'top',
  'rollout',
  'set',
  'cp',
  'attach',
  'debug',
  'auth',
  'autoscale',
  'drain',
  'cordon',
  'uncordon',
  'taint',
  'wait',
  'diff',
  'explain',
  'plugin',
  'certificate',
  'kustomize',
  'events',
  'completion',
  'alpha',
])

const USAGE: Record<string, string> = {
  get: 'kubectl get [(-o|--output=)wide|name|yaml|json|jsonpath=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  describe: 'kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)',
  apply: 'kubectl apply (-f FILENAME | -k DIRECTORY)',
  create: 'kubectl create -f FILENAME | kubectl create namespace|deployment|service ...',
  delete: 'kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)])',
  label: 'kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N',
  annotate: 'kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N',
  run: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]',
  exec: 'kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]',
  expose:
    'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--type=type]',
  scale: 'kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)',
}

export const KUBECTL_COMMANDS = [
  'get',
  'describe',
  'apply',
  'create',
  'delete',
  'label',
  'annotate',
  'run',
  'exec',
  'expose',
  'scale',
  'config',
  'version',
  'cluster-info',
  'api-resources',
  'logs',
]

const KUBECTL_HELP = `kubectl controls the Kubernetes cluster manager (simulated in this lab).

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Commands this terminal simulates:
  get            Display one or many resources
  describe       Show details of a specific resource or group of resources
  apply          Apply a configuration to a resource by file name or stdin
  create         Create a resource from a file or from stdin (or a namespace, deployment, service)
  delete         Delete resources by file names, stdin, resources and names, or by resources and label selector
  label          Update the labels on a resource
  annotate       Update the annotations on a resource
  run            Run a particular image on the cluster
  exec           Execute a command in a container
  expose         Take a pod, service or deployment and expose it as a new Kubernetes service
  scale          Set a new size for a deployment, replica set or stateful set
  config         Modify kubeconfig files (set-context --current --namespace=NS)
  version        Print the client and server version information
  cluster-info   Display cluster information
  api-resources  Print the supported API resources on the server

Usage:
  kubectl [flags] [options]
`

function usageError(out: Ctx['out'], cmd: string, msg: string): Exec {
  out.errLine(`error: ${msg}`)
  out.errLine(`See 'kubectl ${cmd} --help' for usage.`)
  return { code: 1 }
}

/** Finds the subcommand among leading global flags (`kubectl -n kube-system get pods`). */
function splitCommand(argv: string[]): { cmd?: string; rest: string[] } {
  const valueFlags = new Set([
    '-n',
    '--namespace',
    '--context',
    '--cluster',
    '--user',
    '--kubeconfig',
    '-v',
    '--v',
    '--request-timeout',
  ])
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') break
    if (a.startsWith('-')) {
      if (valueFlags.has(a)) i++
      continue
    }
    return { cmd: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] }
  }
  return { rest: argv }
}

export function kubectl(ctx: Ctx, argv: string[]): Exec {
  // Policy kinds beyond NetworkPolicy exist only where the CNI installs their definitions.
  const cni = ctx.session.cluster.cni
  return withServedKinds(
    (kind) => kindServed(cni, kind),
    () => kubectlCommand(ctx, argv),
  )
}

function kubectlCommand(ctx: Ctx, argv: string[]): Exec {
  const { out } = ctx
  const { cmd, rest } = splitCommand(argv)
  if (!cmd) {
    if (argv.includes('--version')) {
      out.line(`Client Version: ${KUBE_VERSION}`)
      return { code: 0 }
    }
    out.out(KUBECTL_HELP)
    return { code: argv.length && !argv.includes('-h') && !argv.includes('--help') ? 1 : 0 }
  }
  if (NOT_SIMULATED.has(cmd)) {
    out.errLine(
      `error: "kubectl ${cmd}" is not simulated in this lab; type 'help' to see what the terminal supports`,
    )
    return { code: 1 }
  }
  // The command is typed by the learner: `kubectl toString` must be unknown, not a method.
  const specs = own(SPECS, cmd)
  if (!specs) {
    out.errLine(`error: unknown command "${cmd}" for "kubectl"`)
    out.errLine("Run 'kubectl --help' for usage.")
    return { code: 1 }
  }
  let p: ParsedFlags
  try {
    p = parseFlags(rest, [...GLOBAL, ...specs])
  } catch (e) {
    if (e instanceof FlagError) return usageError(out, cmd, e.message)
    throw e
  }
  if (bool(p, 'help')) {
    out.line(`Usage:\n  ${own(USAGE, cmd) ?? `kubectl ${cmd} [options]`}\n`)
    return { code: 0 }
  }
  const nsFlag = flag(p, 'namespace')
  const namespace = nsFlag ?? ctx.namespace
  const explicitNamespace = nsFlag !== undefined
  const args = cmd === 'exec' || cmd === 'run' ? p.args : [...p.args, ...(p.dashArgs ?? [])]
  switch (cmd) {
    case 'get':
      return kubectlGet(ctx, args, {
        namespace,
        allNamespaces: bool(p, 'all-namespaces'),
        output: flag(p, 'output'),
        selector: flag(p, 'selector'),
        showLabels: bool(p, 'show-labels'),
        labelColumns: flags(p, 'label-columns'),
        noHeaders: bool(p, 'no-headers'),
        watch: bool(p, 'watch'),
      })
    case 'describe':
      return describeWithSelector(ctx, args, p, namespace)
    case 'apply': {
      if (flag(p, 'kustomize')) {
        out.errLine('error: kustomize (-k) is not simulated in this lab; apply the files with -f')
        return { code: 1 }
      }
      const dry = flag(p, 'dry-run')
      const fieldValidation = validateOption(flag(p, 'validate'))
      if (!fieldValidation) return invalidValidate(out, flag(p, 'validate'))
      return kubectlApply(ctx, flags(p, 'filename'), {
        namespace,
        explicitNamespace,
        dryRun: !!dry && dry !== 'none',
        fieldValidation,
      })
    }
    case 'create': {
      const files = flags(p, 'filename')
      const dry = flag(p, 'dry-run')
      if (files.length) {
        const fieldValidation = validateOption(flag(p, 'validate'))
        if (!fieldValidation) return invalidValidate(out, flag(p, 'validate'))
        return kubectlApply(ctx, files, {
          namespace,
          explicitNamespace,
          create: true,
          dryRun: !!dry && dry !== 'none',
          fieldValidation,
        })
      }
      return kubectlCreateGenerator(ctx, args, {
        namespace,
        image: flags(p, 'image'),
        replicas: flag(p, 'replicas'),
        port: flag(p, 'port'),
        tcp: flags(p, 'tcp'),
        dryRun: dry && dry !== 'none' ? dry : undefined,
        output: flag(p, 'output'),
      })
    }
    case 'delete':
      return kubectlDelete(ctx, args, {
        namespace,
        files: flags(p, 'filename'),
        all: bool(p, 'all'),
        selector: flag(p, 'selector'),
        allNamespaces: bool(p, 'all-namespaces'),
      })
    case 'label':
    case 'annotate':
      return kubectlLabel(
        ctx,
        args,
        {
          namespace,
          overwrite: bool(p, 'overwrite'),
          all: bool(p, 'all'),
          selector: flag(p, 'selector'),
          list: bool(p, 'list'),
          allNamespaces: bool(p, 'all-namespaces'),
        },
        cmd === 'label' ? 'labels' : 'annotations',
      )
    case 'run':
      return run(ctx, p, namespace)
    case 'exec':
      return exec(ctx, p, namespace)
    case 'expose': {
      const dry = flag(p, 'dry-run')
      return kubectlExpose(ctx, args, {
        namespace,
        port: flag(p, 'port'),
        targetPort: flag(p, 'target-port'),
        type: flag(p, 'type'),
        name: flag(p, 'name'),
        protocol: flag(p, 'protocol'),
        dryRun: dry && dry !== 'none' ? dry : undefined,
        output: flag(p, 'output'),
      })
    }
    case 'scale':
      return kubectlScale(ctx, args, { namespace, replicas: flag(p, 'replicas') })
    case 'config':
      return config(ctx, args, p)
    case 'version':
      out.line(`Client Version: ${KUBE_VERSION}`)
      out.line('Kustomize Version: v5.4.2')
      if (!bool(p, 'client')) out.line(`Server Version: ${KUBE_VERSION}`)
      return { code: 0 }
    case 'cluster-info':
      out.line('Kubernetes control plane is running at https://127.0.0.1:6443')
      out.line(
        'CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy',
      )
      out.line()
      out.line("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
      return { code: 0 }
    case 'api-resources':
      out.out(
        table(
          ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
          [...RESOURCE_TYPES]
            .filter(typeServed)
            .sort((a, b) => (a.group || '').localeCompare(b.group || '') || a.plural.localeCompare(b.plural))
            .map((t) => [
              t.plural,
              t.short.join(','),
              t.group ? `${t.group}/${t.version}` : t.version,
              String(t.namespaced),
              t.kind,
            ]),
        ),
      )
      return { code: 0 }
    case 'logs':
      return logs(ctx, args, namespace)
    default:
      out.errLine(`error: unknown command "${cmd}" for "kubectl"`)
      return { code: 1 }
  }
}

function describeWithSelector(ctx: Ctx, args: string[], p: ParsedFlags, namespace: string): Exec {
  const sel = flag(p, 'selector')
  if (sel === undefined || !args.length)
    return kubectlDescribe(ctx, args, { namespace, allNamespaces: bool(p, 'all-namespaces') })
  // -l: describe every match, by name.
  const t = resolveType(args[0]!.split(',')[0]!)
  if (!t) return kubectlDescribe(ctx, args, { namespace, allNamespaces: false })
  const view = new ClusterView(ctx.session)
  const s = parseLabelSelector(sel)
  if ('error' in s) {
    ctx.out.errLine(s.error)
    return { code: 1 }
  }
  const names = view
    .entries(t)
    .filter((e) => (!t.namespaced || e.namespace === namespace) && selects(s, e.labels))
    .map((e) => e.name)
  if (!names.length) {
    ctx.out.errLine(t.namespaced ? `No resources found in ${namespace} namespace.` : 'No resources found')
    return { code: 0 }
  }
  return kubectlDescribe(ctx, [t.plural, ...names], { namespace, allNamespaces: false })
}

function config(ctx: Ctx, args: string[], p: ParsedFlags): Exec {
  const { out } = ctx
  const sub = args[0]
  switch (sub) {
    case 'set-context': {
      const ns = flag(p, 'namespace')
      if (!bool(p, 'current') && args[1] !== CONTEXT_NAME) {
        out.errLine(
          `error: this lab has one context, ${CONTEXT_NAME}; use kubectl config set-context --current --namespace=NAME`,
        )
        return { code: 1 }
      }
      if (ns !== undefined) ctx.setNamespace(ns)
      out.line(`Context "${CONTEXT_NAME}" modified.`)
      return { code: 0 }
    }
    case 'current-context':
      out.line(CONTEXT_NAME)
      return { code: 0 }
    case 'get-contexts':
      out.out(
        table(
          ['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'],
          [['*', CONTEXT_NAME, CONTEXT_NAME, CONTEXT_NAME, ctx.namespace]],
        ),
      )
      return { code: 0 }
    case 'use-context':
      if (args[1] === CONTEXT_NAME) {
        out.line(`Switched to context "${CONTEXT_NAME}".`)
        return { code: 0 }
      }
      out.errLine(`error: no context exists with the name: "${args[1] ?? ''}"`)
      return { code: 1 }
    case 'view':
      out.out(
        `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n    server: https://127.0.0.1:6443\n  name: ${CONTEXT_NAME}\ncontexts:\n- context:\n    cluster: ${CONTEXT_NAME}\n    namespace: ${ctx.namespace}\n    user: ${CONTEXT_NAME}\n  name: ${CONTEXT_NAME}\ncurrent-context: ${CONTEXT_NAME}\nkind: Config\npreferences: {}\nusers:\n- name: ${CONTEXT_NAME}\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n`,
      )
      return { code: 0 }
    default:
      out.errLine(
        sub
          ? `error: "kubectl config ${sub}" is not simulated in this lab (supported: set-context --current --namespace=NS, current-context, get-contexts, use-context, view)`
          : 'Modify kubeconfig files using subcommands like "kubectl config set-context --current --namespace=NS"',
      )
      return { code: sub ? 1 : 0 }
  }
}

function logs(ctx: Ctx, args: string[], namespace: string): Exec {
  const { out } = ctx
  const ref = args[0]
  if (!ref) {
    out.errLine(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    )
    return { code: 1 }
  }
  const view = new ClusterView(ctx.session)
  const name = ref.replace(/^pods?\//, '')
  if (!ref.includes('/') || /^pods?\//.test(ref)) {
    if (!view.pod(namespace, name)) {
      out.errLine(notFound(TYPE_BY_KIND.get('Pod')!, name))
      return { code: 1 }
    }
  }
  out.errLine(
    'error: container logs are not simulated in this lab; use the tools in a pod (kubectl exec) and the trace command to see what happens to traffic',
  )
  return { code: 1 }
}

/** The pod a `kubectl exec` target names: `web`, `pod/web`, `deploy/web`, `svc/web`. */
function resolvePodRef(view: ClusterView, ref: string, namespace: string): { pod?: string; error?: string } {
  const slash = ref.indexOf('/')
  if (slash < 0)
    return view.pod(namespace, ref) ? { pod: ref } : { error: notFound(TYPE_BY_KIND.get('Pod')!, ref) }
  const t = resolveType(ref.slice(0, slash))
  const name = ref.slice(slash + 1)
  if (!t) return { error: `error: the server doesn't have a resource type "${ref.slice(0, slash)}"` }
  if (t.kind === 'Pod') return view.pod(namespace, name) ? { pod: name } : { error: notFound(t, name) }
  const e = view.entry(t, namespace, name)
  if (!e) return { error: notFound(t, name) }
  let pods = e.workload?.pods ?? []
  if (e.service?.selector) {
    const sel = { matchLabels: e.service.selector, matchExpressions: [] }
    pods = view.cluster.pods.filter((p) => p.namespace === namespace && selects(sel, p.labels))
  }
  const pod = pods.find((p) => p.ready) ?? pods[0]
  if (!pod) return { error: `error: cannot attach to ${t.kind.toLowerCase()}/${name}: no pods found` }
  return { pod: pod.name }
}

function exec(ctx: Ctx, p: ParsedFlags, namespace: string): Exec {
  const { out } = ctx
  const [ref, ...extra] = p.args
  if (!ref) return usageError(out, 'exec', 'pod, type/name or --filename must be specified')
  if (extra.length && p.dashArgs === undefined) {
    out.errLine('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead')
    out.errLine("See 'kubectl exec -h' for help and examples")
    return { code: 1 }
  }
  const command = [...extra, ...(p.dashArgs ?? [])]
  if (!command.length)
    return usageError(out, 'exec', 'you must specify at least one command for the container')
  const view = new ClusterView(ctx.session)
  const found = resolvePodRef(view, ref, namespace)
  if (found.error) {
    out.errLine(found.error)
    return { code: 1 }
  }
  const pod = view.pod(namespace, found.pod!)!
  const containers = view.containers(pod)
  const wanted = flag(p, 'container')
  const container = wanted ? containers.find((c) => c.name === wanted) : containers[0]!
  if (!container) {
    out.errLine(`Error from server (BadRequest): container ${wanted} is not valid for pod ${pod.name}`)
    return { code: 1 }
  }
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    out.errLine(`error: cannot exec into a container in a completed pod; current phase is ${pod.phase}`)
    return { code: 1 }
  }
  if (!pod.ip || pod.phase === 'Pending') {
    out.errLine(`error: unable to upgrade connection: container not found ("${container.name}")`)
    return { code: 1 }
  }
  if (!wanted && containers.length > 1)
    out.errLine(`Defaulted container "${container.name}" out of: ${containers.map((c) => c.name).join(', ')}`)
  const target = { namespace, name: pod.name, container: container.name }
  const startFailed = (cmd: string): Exec => {
    // containerd cannot start the exec; kubelet's streaming server answers InternalError,
    // which kubectl prints as an error (exit 1), not as the command's exit code. The wording
    // is containerd's, as reported in nigelpoulton/TheK8sBook#30 and
    // kata-containers/kata-containers#8026; the older "command terminated with exit code
    // 126" came from dockershim, removed in Kubernetes 1.24.
    const id = hexId(`exec:${pod.id}/${container.name}|${ctx.seed()}`, 64)
    out.errLine(
      `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`,
    )
    return { code: 1 }
  }
  if (bool(p, 'stdin') && isShell(command)) {
    if (!imageHas(container.image, command[0]!)) return startFailed(command[0]!)
    return {
      code: 0,
      enter: { namespace, pod: pod.name, container: container.name, shell: command[0]! },
    }
  }
  const r = ctx.runInPod(target, command)
  if (r.missing !== undefined) return startFailed(r.missing)
  if (r.code !== 0) out.errLine(`command terminated with exit code ${r.code}`)
  return r
}

function run(ctx: Ctx, p: ParsedFlags, namespace: string): Exec {
  const { out } = ctx
  const [name = '', ...extra] = p.args
  const command = [...extra, ...(p.dashArgs ?? [])]
  const stdin = bool(p, 'stdin')
  const tty = bool(p, 'tty')
  const rm = bool(p, 'rm')
  const dry = flag(p, 'dry-run')
  const plan = planRun(name, command, {
    namespace,
    image: flag(p, 'image'),
    labels: flag(p, 'labels'),
    env: flags(p, 'env'),
    port: flag(p, 'port'),
    expose: bool(p, 'expose'),
    rm,
    stdin: stdin || bool(p, 'attach'),
    tty,
    restart: flag(p, 'restart'),
    command: bool(p, 'command'),
    dryRun: dry,
    output: flag(p, 'output'),
  })
  if ('error' in plan) {
    out.errLine(plan.error)
    return { code: 1 }
  }
  const objects = plan.service ? [plan.pod, plan.service] : [plan.pod]
  if (dry && dry !== 'none') {
    if (stdin) {
      out.errLine(
        "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
      )
      return { code: 1 }
    }
    printDryRun(out, objects, flag(p, 'output'))
    return { code: 0 }
  }
  const created = createObjects(ctx, objects, 'kubectl-run')
  if (created.errors.length) {
    for (const e of created.errors) out.errLine(e)
    return { code: 1 }
  }
  const restart = String((plan.pod.spec as { restartPolicy: string }).restartPolicy)
  if (!stdin && !bool(p, 'attach')) {
    for (const l of created.lines) out.line(l)
    return { code: 0 }
  }
  const image = flag(p, 'image')!
  const target = { namespace, name, container: name }
  const removeCreated = () => {
    const view = new ClusterView(ctx.session)
    for (const o of objects) {
      const t = TYPE_BY_KIND.get(String(o.kind))!
      const e = view.entry(t, namespace, name)
      if (e && !deleteOne(ctx, view, e)) out.line(`${t.kind.toLowerCase()} "${name}" deleted`)
    }
  }
  // The container's own command is missing: runc fails at container init (StartError, 128).
  const startError = (cmd: string, hint = tty): Exec => {
    if (hint) out.errLine("If you don't see a command prompt, try pressing enter.")
    if (rm) removeCreated()
    out.errLine(`pod ${namespace}/${name} terminated (StartError)`)
    out.errLine(
      `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${cmd}": executable file not found in $PATH: unknown`,
    )
    return { code: 128, delayMs: 1000 }
  }
  const shell = !command.length || isShell(command)
  if (shell && stdin) {
    if (command[0] && !imageHas(image, command[0])) return startError(command[0])
    if (tty) out.errLine("If you don't see a command prompt, try pressing enter.")
    return {
      code: 0,
      delayMs: 1000,
      enter: {
        namespace,
        pod: name,
        container: name,
        ...(command[0] ? { shell: command[0] } : {}),
        run: { remove: rm, restartNever: restart === 'Never', exposed: !!plan.service },
      },
    }
  }
  if (tty) out.errLine("If you don't see a command prompt, try pressing enter.")
  const r = ctx.runInPod(target, command)
  if (r.missing !== undefined) return startError(r.missing, false)
  if (rm) removeCreated()
  if (r.code !== 0 && (restart === 'Never' || restart === 'OnFailure'))
    out.errLine(`pod ${namespace}/${name} terminated (Error)`)
  return { code: r.code, delayMs: 1000 + (r.delayMs ?? 0) }
}

function invalidValidate(out: Ctx['out'], value: string | undefined): Exec {
  out.errLine(
    `error: invalid - validate option "${value}"; must be one of: strict (or true), warn, ignore (or false)`,
  )
  return { code: 1 }
}

/** kubectl's --validate values, as the API server's fieldValidation they turn into. */
function validateOption(value: string | undefined): 'Strict' | 'Warn' | 'Ignore' | undefined {
  switch ((value ?? 'strict').toLowerCase()) {
    case 'strict':
    case 'true':
      return 'Strict'
    case 'warn':
      return 'Warn'
    case 'ignore':
    case 'false':
      return 'Ignore'
  }
  return undefined
}

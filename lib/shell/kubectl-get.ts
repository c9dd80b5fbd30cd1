// `kubectl get`: the tables of printers.go (columns, `<none>`, AGE, `-o wide`,
// `--show-labels`, `-L`), several kinds at once with `pod/`-style prefixes, and the
// `-o name|yaml|json|jsonpath` printers.
import { humanDuration, rfc3339, table, tabwrite, TABLE_WRITER } from './format'
import type { Ctx, Exec } from './io'
import type { ResourceType } from './resources'
import { ALL_CATEGORY, nameRef, notFound, resolveType, TYPE_BY_KIND, unknownType } from './resources'
import { jsonpath, listOf, toJson, toYaml } from './serialize'
import type { Entry } from './view'
import {
  ClusterView,
  endpointSubsets,
  formatLabelMap,
  KUBE_VERSION,
  list,
  NODE_KERNEL,
  NODE_OS_IMAGE,
  NODE_RUNTIME,
  obj,
} from './view'
import { parseLabelSelector } from './selector'
import { formatSelector, selectorMatches as selects } from '../sim/policy/selector'

interface Printer {
  headers: string[]
  wide?: string[]
  cells(e: Entry, v: ClusterView): string[]
  wideCells?(e: Entry, v: ClusterView): string[]
}

const age = (e: Entry, v: ClusterView) => humanDuration(v.now() - e.created)
const none = (s: string | undefined) => (s ? s : '<none>')

/** Up to three items, then ` + N more...` (printers.go formatEndpoints and friends). */
function upToThree(items: string[], unset = '<unset>'): string {
  if (!items.length) return unset
  const shown = items.slice(0, 3).join(',')
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown
}

function containerCells(e: Entry): string[] {
  const cs = list(obj(e.workload?.template.spec).containers)
  return [cs.map((c) => String(c.name ?? '')).join(','), cs.map((c) => String(c.image ?? '')).join(',')]
}

const podStatus = (e: Entry) => {
  const p = e.pod!
  if (p.terminating) return 'Terminating'
  if (p.phase === 'Succeeded') return 'Completed'
  if (p.phase === 'Failed') return 'Error'
  return p.phase
}

export const PRINTERS: Record<string, Printer> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    cells: (e, v) => {
      const n = v.containers(e.pod!).length
      return [e.name, `${e.pod!.ready ? n : 0}/${n}`, podStatus(e), '0', age(e, v)]
    },
    // A pod gets its IP when its sandbox starts: a Pending pod may or may not have one yet.
    wideCells: (e) => [none(e.pod!.ip), none(e.pod!.nodeName), '<none>', '<none>'],
  },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    cells: (e, v) => {
      const s = e.service!
      const ext =
        s.type === 'ExternalName'
          ? (s.externalName ?? '<none>')
          : s.type === 'LoadBalancer'
            ? [...s.loadBalancerIPs, ...s.externalIPs].join(',') || '<pending>'
            : s.externalIPs.join(',') || '<none>'
      const ports = s.ports.map((p) =>
        p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`,
      )
      return [e.name, s.type, s.clusterIP ?? '<none>', ext, ports.join(',') || '<none>', age(e, v)]
    },
    wideCells: (e) => [formatLabelMap(e.service!.selector)],
  },
  Endpoints: {
    headers: ['NAME', 'ENDPOINTS', 'AGE'],
    cells: (e, v) => {
      const subsets = endpointSubsets(e.slices ?? [])
      if (!subsets.length) return [e.name, '<none>', age(e, v)]
      const all: string[] = []
      for (const s of subsets)
        for (const p of s.ports.length ? s.ports : [undefined])
          for (const a of s.ready) all.push(p ? `${a.ip}:${p.port}` : a.ip)
      return [e.name, upToThree(all, ''), age(e, v)]
    },
  },
  EndpointSlice: {
    headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    cells: (e, v) => {
      const s = e.slice!
      return [
        e.name,
        s.addressType,
        upToThree(s.ports.map((p) => String(p.port))),
        upToThree(s.endpoints.flatMap((ep) => ep.addresses)),
        age(e, v),
      ]
    },
  },
  NetworkPolicy: {
    headers: ['NAME', 'POD-SELECTOR', 'AGE'],
    cells: (e, v) => [e.name, formatSelector(e.policy!.podSelector), age(e, v)],
  },
  // The CRD's additionalPrinterColumns (network-policy-api v0.2.0): Tier, Priority, Age.
  ClusterNetworkPolicy: {
    headers: ['NAME', 'TIER', 'PRIORITY', 'AGE'],
    cells: (e, v) => {
      const spec = obj(e.custom!.raw.spec)
      return [e.name, String(spec.tier ?? ''), String(spec.priority ?? ''), age(e, v)]
    },
  },
  // Calico's API server has no table of its own: the server's default, name and creation time.
  GlobalNetworkPolicy: {
    headers: ['NAME', 'CREATED AT'],
    cells: (e) => [e.name, rfc3339(e.created)],
  },
  CiliumNetworkPolicy: {
    headers: ['NAME', 'AGE'],
    cells: (e, v) => [e.name, age(e, v)],
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    cells: (e, v) => [e.name, 'Ready', nodeRoles(e.labels), age(e, v), KUBE_VERSION],
    wideCells: (e) => [e.node!.ip, '<none>', NODE_OS_IMAGE, NODE_KERNEL, NODE_RUNTIME],
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    cells: (e, v) => [e.name, 'Active', age(e, v)],
  },
  ConfigMap: {
    headers: ['NAME', 'DATA', 'AGE'],
    cells: (e, v) => [e.name, String(Object.keys(e.data ?? {}).length), age(e, v)],
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    cells: (e, v) => {
      const w = e.workload!
      const ready = w.pods.filter((p) => p.ready).length
      return [e.name, `${ready}/${w.replicas}`, String(w.pods.length), String(ready), age(e, v)]
    },
    wideCells: (e) => [...containerCells(e), formatSelector(e.workload!.selector)],
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    cells: (e, v) => {
      const w = e.workload!
      return [
        e.name,
        String(w.replicas),
        String(w.pods.length),
        String(w.pods.filter((p) => p.ready).length),
        age(e, v),
      ]
    },
    wideCells: (e) => [...containerCells(e), formatSelector(e.workload!.selector)],
  },
  ReplicationController: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    cells: (e, v) => {
      const w = e.workload!
      return [
        e.name,
        String(w.replicas),
        String(w.pods.length),
        String(w.pods.filter((p) => p.ready).length),
        age(e, v),
      ]
    },
    wideCells: (e) => [
      ...containerCells(e),
      formatLabelMap(obj(obj(e.workload!.raw.spec).selector) as Record<string, string>),
    ],
  },
  StatefulSet: {
    headers: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    cells: (e, v) => {
      const w = e.workload!
      return [e.name, `${w.pods.filter((p) => p.ready).length}/${w.replicas}`, age(e, v)]
    },
    wideCells: (e) => containerCells(e),
  },
  DaemonSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    cells: (e, v) => {
      const w = e.workload!
      const n = String(w.pods.length)
      const ready = String(w.pods.filter((p) => p.ready).length)
      const nodeSelector = obj(obj(e.workload!.template.spec).nodeSelector) as Record<string, string>
      return [e.name, n, n, ready, n, ready, formatLabelMap(nodeSelector), age(e, v)]
    },
    wideCells: (e) => [...containerCells(e), formatSelector(e.workload!.selector)],
  },
  Job: {
    headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    cells: (e, v) => {
      const completions = obj(e.workload!.raw.spec).completions
      return [
        e.name,
        'Running',
        `0/${typeof completions === 'number' ? completions : 1}`,
        age(e, v),
        age(e, v),
      ]
    },
    wideCells: (e) => [...containerCells(e), `batch.kubernetes.io/controller-uid=${e.name}`],
  },
  CronJob: {
    headers: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    cells: (e, v) => {
      const spec = obj(e.workload!.raw.spec)
      return [
        e.name,
        String(spec.schedule ?? ''),
        typeof spec.timeZone === 'string' ? spec.timeZone : '<none>',
        spec.suspend === true ? 'True' : 'False',
        String(e.workload!.pods.length ? 1 : 0),
        '<none>',
        age(e, v),
      ]
    },
    wideCells: (e) => [...containerCells(e), '<none>'],
  },
}

export function nodeRoles(labels: Record<string, string>): string {
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean)
    .sort()
  return roles.length ? roles.join(',') : '<none>'
}

export interface GetOptions {
  namespace: string
  allNamespaces: boolean
  output?: string
  selector?: string
  showLabels: boolean
  labelColumns: string[]
  noHeaders: boolean
  /** `-w`: the pod table as it was before the pod replacements no watch has shown yet, then their changes */
  watch?: boolean
}

const REQUIRED = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples
`

interface Request {
  type: ResourceType
  name?: string
}

/** Reads `pods`, `pods,svc`, `pod web db`, `pod/web svc/web`, `all`. */
export function parseResourceArgs(
  args: readonly string[],
): { requests: Request[]; named: boolean } | { error: string } {
  const first = args[0]!
  if (first.includes('/') || args.every((a) => a.includes('/'))) {
    const requests: Request[] = []
    for (const a of args) {
      const slash = a.indexOf('/')
      if (slash < 0)
        return {
          error: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        }
      const t = resolveType(a.slice(0, slash))
      if (!t) return { error: unknownType(a.slice(0, slash)) }
      requests.push({ type: t, name: a.slice(slash + 1) })
    }
    return { requests, named: true }
  }
  const types: ResourceType[] = []
  for (const name of first.split(',').filter(Boolean)) {
    if (name.toLowerCase() === 'all') {
      for (const k of ALL_CATEGORY)
        if (!types.includes(TYPE_BY_KIND.get(k)!)) types.push(TYPE_BY_KIND.get(k)!)
      continue
    }
    const t = resolveType(name)
    if (!t) return { error: unknownType(name) }
    if (!types.includes(t)) types.push(t)
  }
  const names = args.slice(1)
  if (names.some((n) => n.includes('/')))
    return {
      error: `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
    }
  if (!names.length) return { requests: types.map((type) => ({ type })), named: false }
  return { requests: types.flatMap((type) => names.map((name) => ({ type, name }))), named: true }
}

export function noResources(
  opts: { allNamespaces: boolean; namespace: string },
  types: ResourceType[],
): string {
  if (opts.allNamespaces || types.every((t) => !t.namespaced)) return 'No resources found'
  return `No resources found in ${opts.namespace} namespace.`
}

export function kubectlGet(ctx: Ctx, args: string[], opts: GetOptions): Exec {
  const { out } = ctx
  if (!args.length) {
    out.err(REQUIRED)
    return { code: 1 }
  }
  // Events are not simulated: the lab's cluster never has any.
  if (/^(events?|ev)$/i.test(args[0]!)) {
    out.errLine(noResources(opts, [TYPE_BY_KIND.get('Pod')!]))
    return { code: 0 }
  }
  const parsed = parseResourceArgs(args)
  if ('error' in parsed) {
    out.errLine(parsed.error)
    return { code: 1 }
  }
  const { requests, named } = parsed
  if (named && opts.selector) {
    out.errLine('error: selectors and the all flag cannot be used when passing resource/name arguments')
    return { code: 1 }
  }
  const selector = opts.selector !== undefined ? parseLabelSelector(opts.selector) : undefined
  if (selector && 'error' in selector) {
    out.errLine(selector.error)
    return { code: 1 }
  }
  const output = opts.output ?? ''
  const known = ['', 'wide', 'name', 'yaml', 'json']
  if (!known.includes(output) && !output.startsWith('jsonpath')) {
    if (
      /^(custom-columns|go-template|template|jsonpath-file|custom-columns-file|go-template-file|templatefile)/.test(
        output,
      )
    ) {
      out.errLine(
        `error: the "${output.split('=')[0]}" output format is not simulated in this lab; use -o wide, name, yaml, json or jsonpath`,
      )
      return { code: 1 }
    }
    out.errLine(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    )
    return { code: 1 }
  }

  const view = new ClusterView(ctx.session)
  const found: Entry[] = []
  const errors: string[] = []
  for (const r of requests) {
    const ns = r.type.namespaced ? opts.namespace : undefined
    if (r.name !== undefined) {
      const e = view.entry(r.type, ns, r.name)
      if (e) found.push(e)
      else errors.push(notFound(r.type, r.name))
      continue
    }
    for (const e of view.entries(r.type)) {
      if (r.type.namespaced && !opts.allNamespaces && e.namespace !== opts.namespace) continue
      if (selector && !selects(selector, e.labels)) continue
      found.push(e)
    }
  }
  const types = [...new Set(requests.map((r) => r.type))]
  const print = () => {
    if (
      !found.length &&
      !errors.length &&
      output !== 'yaml' &&
      output !== 'json' &&
      !output.startsWith('jsonpath')
    ) {
      out.errLine(noResources(opts, types))
      return
    }
    if (output === 'name') {
      for (const e of found) out.line(nameRef(e.type, e.name))
      return
    }
    if (output === 'yaml' || output === 'json' || output.startsWith('jsonpath')) {
      const single = named && requests.length === 1 && found.length === 1
      if (!found.length && named) return
      const data = single ? found[0]!.object() : listOf(found.map((e) => e.object()))
      if (output === 'yaml') out.out(toYaml(data))
      else if (output === 'json') out.out(toJson(data))
      else {
        const tmpl = output.replace(/^jsonpath=?/, '')
        if (!tmpl) {
          out.errLine('error: template format specified but no template given')
          return
        }
        const r = jsonpath(tmpl, data)
        if ('error' in r) out.errLine(r.error)
        else out.out(r.text)
      }
      return
    }
    const prefixed = types.length > 1
    let first = true
    for (const t of types) {
      const items = found.filter((e) => e.type === t)
      if (!items.length) continue
      if (!first) out.line()
      first = false
      const tableOpts = { ...opts, wide: output === 'wide', prefixed }
      if (opts.watch && t.kind === 'Pod' && !prefixed)
        out.out(renderPodWatch(ctx, view, t, items, tableOpts, selector))
      else out.out(renderTable(view, t, items, tableOpts))
    }
  }
  print()
  for (const e of errors) out.errLine(e)
  return { code: errors.length ? 1 : 0 }
}

/**
 * `kubectl get pods -w` in a shell that cannot stream: the list as a watch started before
 * the latest pod replacements would have printed it, then one line per change, the way the
 * watch prints them (the deleted pod Terminating, its replacement Pending,
 * ContainerCreating, then as it is now). Each replacement is shown by one watch only.
 */
function renderPodWatch(
  ctx: Ctx,
  view: ClusterView,
  t: ResourceType,
  items: Entry[],
  opts: Parameters<typeof renderTable>[3] & Pick<GetOptions, 'namespace'>,
  selector: ReturnType<typeof parseLabelSelector> | undefined,
): string {
  const events = ctx.session
    .takePodEvents()
    .filter((ev) => opts.allNamespaces || ev.namespace === opts.namespace)
  const byName = new Map(items.map((e) => [`${e.namespace}/${e.name}`, e]))
  const shown = events.filter((ev) => {
    const e = byName.get(`${ev.namespace}/${ev.new}`)
    return !!e && (!selector || 'error' in selector || selects(selector, e.labels))
  })
  const added = new Set(shown.filter((ev) => ev.new !== ev.old).map((ev) => `${ev.namespace}/${ev.new}`))
  if (!shown.length) return renderTable(view, t, items, opts)
  const rows: string[][] = []
  const cells = (e: Entry) => {
    const c = PRINTERS.Pod!.cells(e, view)
    const w = opts.wide ? PRINTERS.Pod!.wideCells!(e, view) : []
    return { c, w }
  }
  const row = (
    e: Entry,
    name: string,
    ready: string,
    status: string,
    age: string,
    ip: string,
    node: string,
  ) => {
    const { c, w } = cells(e)
    const out = [...(opts.allNamespaces ? [e.namespace ?? ''] : []), name, ready, status, c[3]!, age]
    if (opts.wide) out.push(ip, node, ...w.slice(2))
    out.push(...opts.labelColumns.filter(Boolean).map((k) => e.labels[k] ?? ''))
    if (opts.showLabels) out.push(formatLabelMap(e.labels))
    return out
  }
  const now = view.now()
  const n = (e: Entry) => view.containers(e.pod!).length
  const full0 = (e: Entry) => {
    const { c, w } = cells(e)
    return row(e, e.name, c[1]!, c[2]!, c[4]!, w[0] ?? '', w[1] ?? '')
  }
  // The list when the watch started: the old pods instead of their replacements.
  const oldOf = new Map(shown.map((ev) => [`${ev.namespace}/${ev.new}`, ev]))
  for (const e of items) {
    const key = `${e.namespace}/${e.name}`
    const ev = oldOf.get(key)
    if (ev) {
      const age = humanDuration(ev.at - ev.oldCreated)
      rows.push(row(e, ev.old, `${n(e)}/${n(e)}`, 'Running', age, ev.oldIp, ev.oldNode))
    } else if (!added.has(key)) rows.push(full0(e))
  }
  for (const ev of shown) {
    const e = byName.get(`${ev.namespace}/${ev.new}`)!
    const oldAge = humanDuration(now - ev.oldCreated)
    const k = n(e)
    const terminating = [
      row(e, ev.old, `${k}/${k}`, 'Terminating', oldAge, ev.oldIp, ev.oldNode),
      row(e, ev.old, `0/${k}`, 'Terminating', oldAge, ev.oldIp, ev.oldNode),
    ]
    const starting = [
      row(e, ev.new, `0/${k}`, 'Pending', '0s', '<none>', e.pod!.nodeName),
      row(e, ev.new, `0/${k}`, 'ContainerCreating', '0s', '<none>', e.pod!.nodeName),
    ]
    // Rows as the watch printed them, so the new pod's age is the one it had then.
    const { c, w } = cells(e)
    const running = row(e, ev.new, c[1]!, c[2]!, '0s', w[0] ?? '', w[1] ?? '')
    if (ev.new === ev.old) {
      // A StatefulSet creates the pod of the same name only once the old one is gone.
      rows.push(...terminating, ...starting, running)
    } else {
      // A ReplicaSet or DaemonSet starts the replacement while the old pod terminates.
      rows.push(terminating[0]!, ...starting, terminating[1]!, running)
    }
  }
  const p = PRINTERS.Pod!
  const headers = [
    ...(opts.allNamespaces ? ['NAMESPACE'] : []),
    ...p.headers,
    ...(opts.wide ? (p.wide ?? []) : []),
    ...opts.labelColumns.filter(Boolean).map((k) => (k.split('/').pop() ?? k).toUpperCase()),
    ...(opts.showLabels ? ['LABELS'] : []),
  ]
  return opts.noHeaders
    ? tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), TABLE_WRITER)
    : table(headers, rows)
}

export function renderTable(
  view: ClusterView,
  t: ResourceType,
  items: Entry[],
  opts: Pick<GetOptions, 'allNamespaces' | 'showLabels' | 'labelColumns' | 'noHeaders'> & {
    wide: boolean
    prefixed: boolean
  },
): string {
  const p = PRINTERS[t.kind]!
  const withNs = opts.allNamespaces && t.namespaced
  const headers = [...(withNs ? ['NAMESPACE'] : []), ...p.headers, ...(opts.wide ? (p.wide ?? []) : [])]
  const labelKeys = opts.labelColumns.filter(Boolean)
  headers.push(...labelKeys.map((k) => (k.split('/').pop() ?? k).toUpperCase()))
  if (opts.showLabels) headers.push('LABELS')
  const rows = items.map((e) => {
    const cells = p.cells(e, view)
    if (opts.prefixed) cells[0] = nameRef(t, cells[0]!)
    const row = [...(withNs ? [e.namespace ?? ''] : []), ...cells]
    if (opts.wide && p.wideCells) row.push(...p.wideCells(e, view))
    row.push(...labelKeys.map((k) => e.labels[k] ?? ''))
    if (opts.showLabels) row.push(formatLabelMap(e.labels))
    return row
  })
  // Without headers the header row takes no part in the column widths.
  return opts.noHeaders
    ? tabwrite(rows.map((r) => `${r.join('\t')}\n`).join(''), TABLE_WRITER)
    : table(headers, rows)
}

// The kubectl commands that change the cluster: apply, create, delete, label, annotate,
// run, expose, scale. Changes go through the session (apply, remove, patchMetadata), so the
// simulated cluster, the editor and the traffic view all see them; messages are kubectl's.
import { MAX_TOTAL_BYTES, utf8Bytes } from '../sim/manifest/limits'
import type { ManifestSource } from '../sim/manifest/load'
import { loadManifests } from '../sim/manifest/load'
import { parseManifestText } from '../sim/manifest/parse-yaml'
import { objectKey } from '../session/session'
import type { Ctx, Exec } from './io'
import { parseResourceArgs } from './kubectl-get'
import type { ResourceType } from './resources'
import { notFound, qualifiedPlural, qualifiedSingular, resolveType, TYPE_BY_KIND } from './resources'
import { parseLabelSelector } from './selector'
import { selectorMatches as selects } from '../sim/policy/selector'
import { toJson, toYaml } from './serialize'
import type { Entry, Obj } from './view'
import { ClusterView, list, obj } from './view'
import { SYSTEM_NAMESPACES } from '../sim/cluster/builtins'
import { isObject } from '../sim/util/json'

/** Namespaces the API server refuses to delete. */
export const PROTECTED_NAMESPACES: ReadonlySet<string> = new Set(['default', ...SYSTEM_NAMESPACES])

// ---------------------------------------------------------------- reading -f

/** The lab's files by name (`policy.yaml`, `./policy.yaml`), or stdin for `-f -`. */
export function readSources(ctx: Ctx, files: string[]): ManifestSource[] | { error: string } {
  const out: ManifestSource[] = []
  for (const f of files) {
    if (f === '-') {
      out.push({ file: 'STDIN', text: ctx.stdin })
      continue
    }
    if (/^https?:\/\//.test(f))
      return {
        error: `error: unable to read URL "${f}": the lab is not connected to the internet; put the manifest in a file or a heredoc`,
      }
    const name = f.replace(/^(\.\/)+/, '')
    const file = ctx.session.file(name)
    if (!file) return { error: `error: the path "${f}" does not exist` }
    out.push({ file: f, text: file.text })
  }
  return out
}

/** A parsed value as YAML flow text (JSON, save for the numbers JSON has no words for). */
function flowText(v: unknown): string {
  if (typeof v === 'number')
    return Number.isNaN(v) ? '.nan' : Number.isFinite(v) ? JSON.stringify(v) : v > 0 ? '.inf' : '-.inf'
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`
  if (typeof v === 'object' && v !== null)
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${flowText(x)}`)
      .join(', ')}}`
  return 'null'
}

/**
 * `-n NS`: objects without a namespace go there; one that names another namespace is an
 * error, as kubectl reports it. The text is read by the loader's own parser, under the
 * same limits, and a document it cannot read is left as written: the loader then says
 * what is wrong with it, exactly as without `-n`. A document that gets a namespace is
 * rewritten in place as one line of flow YAML padded to the lines it took, so every line
 * after it keeps its number for the loader's messages.
 */
function withNamespace(
  sources: ManifestSource[],
  ns: string,
  explicit: boolean,
): ManifestSource[] | { error: string } {
  if (!explicit) return sources
  // Over the size limit together, the texts are refused unread; no need to read them here.
  if (sources.reduce((n, s) => n + utf8Bytes(s.text), 0) > MAX_TOTAL_BYTES) return sources
  const result: ManifestSource[] = []
  for (const s of sources) {
    const parsed = parseManifestText(s.text, s.file)
    const lineStarts = [0]
    for (let i = s.text.indexOf('\n'); i >= 0; i = s.text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
    const offset = (line: number, col: number) => lineStarts[line - 1]! + col - 1
    let text = ''
    let copied = 0
    for (const doc of parsed.docs) {
      const o = obj(doc.value)
      const kind = typeof o.kind === 'string' ? o.kind : ''
      // A List's items get the namespace one by one; a typed list implies its items' kind.
      const listed = /List$/.test(kind) && Array.isArray(o.items)
      const itemKind = kind === 'List' ? '' : kind.slice(0, -'List'.length)
      let changed = false
      let mismatch: string | undefined
      const place = (value: unknown, impliedKind = ''): unknown => {
        if (!isObject(value)) return value
        const k = typeof value.kind === 'string' ? value.kind : impliedKind
        // Metadata that is not a mapping stays as written, for the loader to refuse.
        if (!TYPE_BY_KIND.get(k)?.namespaced || (value.metadata !== undefined && !isObject(value.metadata)))
          return value
        const meta = obj(value.metadata)
        const given = meta.namespace
        if (typeof given === 'string' && given && given !== ns) mismatch ??= given
        if (given) return value
        changed = true
        return { ...value, metadata: { ...meta, namespace: ns } }
      }
      const value = listed
        ? { ...o, items: (o.items as unknown[]).map((item) => place(item, itemKind)) }
        : place(doc.value)
      if (mismatch)
        return {
          error: `error: the namespace from the provided object "${mismatch}" does not match the namespace "${ns}". You must pass '--namespace=${mismatch}' to perform this operation.`,
        }
      if (!changed) continue
      const from = offset(doc.pos.line, doc.pos.col)
      const to = offset(doc.pos.endLine, doc.pos.endCol)
      const lines = s.text.slice(from, to).split('\n').length - 1
      text += s.text.slice(copied, from) + flowText(value) + '\n'.repeat(lines)
      copied = to
    }
    result.push(copied ? { file: s.file, text: text + s.text.slice(copied) } : s)
  }
  return result
}

function uniqueMessages(msgs: string[]): string[] {
  return [...new Set(msgs)]
}

export function kubectlApply(
  ctx: Ctx,
  files: string[],
  opts: {
    namespace: string
    explicitNamespace: boolean
    create?: boolean
    dryRun?: boolean
    fieldValidation?: 'Strict' | 'Warn' | 'Ignore'
  },
): Exec {
  const { out, session } = ctx
  const verb = opts.create ? 'create' : 'apply'
  if (!files.length) {
    out.errLine(`error: must specify one of -f and -k`)
    out.errLine('')
    out.errLine(`See 'kubectl ${verb} -h' for help and examples`)
    return { code: 1 }
  }
  const read = readSources(ctx, files)
  if ('error' in read) {
    out.errLine(read.error)
    return { code: 1 }
  }
  const sources = withNamespace(read, opts.namespace, opts.explicitNamespace)
  if ('error' in sources) {
    out.errLine(sources.error)
    return { code: 1 }
  }
  const loaded = loadManifests(sources, { fieldValidation: opts.fieldValidation })
  const loadErrors = loaded.issues.filter((i) => i.severity === 'error')
  if (!loaded.objects.length && !loadErrors.length) {
    out.errLine('error: no objects passed to apply')
    return { code: 1 }
  }
  let toApply = sources
  const dropping = opts.fieldValidation === 'Warn' || opts.fieldValidation === 'Ignore'
  if (dropping) {
    // The API server stores what it kept, without the dropped fields.
    const files = [...new Set(loaded.objects.map((o) => o.source.file))]
    toApply = files.map((file) => ({
      file,
      text: loaded.objects
        .filter((o) => o.source.file === file)
        .map((o) => JSON.stringify(o.raw))
        .join('\n---\n'),
    }))
  }
  const errors: string[] = []
  if (opts.create || opts.dryRun) {
    const view = new ClusterView(session)
    const fresh = loaded.objects.filter((o) => {
      const exists =
        view.find(o.kind, o.namespace, o.name) || (o.kind === 'Namespace' && view.namespaceExists(o.name))
      if (exists && opts.create) {
        const t = TYPE_BY_KIND.get(o.kind)
        errors.push(
          `Error from server (AlreadyExists): error when creating "${o.source.file}": ${t ? qualifiedPlural(t) : o.kind.toLowerCase()} "${o.name}" already exists`,
        )
      }
      return !exists || !opts.create
    })
    if (opts.dryRun) {
      for (const o of fresh) {
        const t = TYPE_BY_KIND.get(o.kind)
        const existed = view.find(o.kind, o.namespace, o.name)
        out.line(
          `${t ? qualifiedSingular(t) : o.kind.toLowerCase()}/${o.name} ${existed && !opts.create ? 'configured' : 'created'} (dry run)`,
        )
      }
      for (const m of uniqueMessages(loadErrors.map((i) => i.message))) out.errLine(m)
      return { code: loadErrors.length ? 1 : 0 }
    }
    toApply = [
      { file: sources[0]?.file ?? 'STDIN', text: fresh.map((o) => JSON.stringify(o.raw)).join('\n---\n') },
    ]
    if (!fresh.length) toApply = []
  }
  const result = toApply.length ? session.apply(toApply) : { lines: [], errors: [], warnings: [] }
  const errs =
    opts.create || dropping
      ? [...loadErrors, ...result.errors.filter((i) => !loadErrors.some((l) => l.message === i.message))]
      : result.errors
  for (const w of uniqueMessages([
    ...loaded.issues.filter((i) => i.severity === 'warning').map((i) => i.message),
  ]))
    out.errLine(w)
  for (const l of result.lines) out.line(opts.create ? l.replace(/ (configured|unchanged)$/, ' created') : l)
  for (const m of uniqueMessages([...errors, ...errs.map((i) => i.message)])) out.errLine(m)
  return { code: errors.length || errs.length ? 1 : 0 }
}

// ---------------------------------------------------------------- delete

interface Target {
  type: ResourceType
  namespace?: string
  name: string
  /** the file the object came from, for `error when deleting "f.yaml"` */
  file?: string
}

export function kubectlDelete(
  ctx: Ctx,
  args: string[],
  opts: { namespace: string; files: string[]; all: boolean; selector?: string; allNamespaces: boolean },
): Exec {
  const { out, session } = ctx
  const view = new ClusterView(session)
  const targets: Target[] = []
  if (opts.files.length) {
    const read = readSources(ctx, opts.files)
    if ('error' in read) {
      out.errLine(read.error)
      return { code: 1 }
    }
    for (const o of loadManifests(read).objects) {
      const t = TYPE_BY_KIND.get(o.kind)
      if (t) targets.push({ type: t, namespace: o.namespace, name: o.name, file: o.source.file })
    }
  } else {
    if (!args.length) {
      out.errLine(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      )
      return { code: 1 }
    }
    const parsed = parseResourceArgs(args)
    if ('error' in parsed) {
      out.errLine(parsed.error)
      return { code: 1 }
    }
    const sel = opts.selector !== undefined ? parseLabelSelector(opts.selector) : undefined
    if (sel && 'error' in sel) {
      out.errLine(sel.error)
      return { code: 1 }
    }
    for (const r of parsed.requests) {
      const ns = r.type.namespaced ? opts.namespace : undefined
      if (r.name !== undefined) targets.push({ type: r.type, namespace: ns, name: r.name })
      else if (opts.all || sel) {
        for (const e of view.entries(r.type)) {
          if (r.type.namespaced && !opts.allNamespaces && e.namespace !== ns) continue
          if (sel && !selects(sel, e.labels)) continue
          targets.push({ type: r.type, namespace: e.namespace, name: e.name })
        }
      } else {
        out.errLine('error: resource(s) were provided, but no name was specified')
        return { code: 1 }
      }
    }
    if (!targets.length) {
      out.errLine(
        parsed.requests.every((r) => !r.type.namespaced)
          ? 'No resources found'
          : `No resources found in ${opts.namespace} namespace.`,
      )
      return { code: 0 }
    }
  }
  let code = 0
  let pods = false
  for (const t of targets) {
    const e = view.entry(t.type, t.namespace, t.name)
    if (!e) {
      out.errLine(
        t.file
          ? `Error from server (NotFound): error when deleting "${t.file}": ${qualifiedPlural(t.type)} "${t.name}" not found`
          : notFound(t.type, t.name),
      )
      code = 1
      continue
    }
    const r = deleteOne(ctx, view, e)
    if (r) {
      out.errLine(r)
      code = 1
      continue
    }
    if (t.type.kind === 'Pod') pods = true
    out.line(`${qualifiedSingular(t.type)} "${t.name}" deleted`)
  }
  // Deleting a pod waits for it to terminate (its grace period); a short pause stands for it.
  return { code, delayMs: pods ? 800 : 0 }
}

/** Deletes one object; an error message when the lab cannot. */
export function deleteOne(ctx: Ctx, view: ClusterView, e: Entry): string | undefined {
  const { session } = ctx
  const kind = e.type.kind
  if (kind === 'Namespace') {
    if (PROTECTED_NAMESPACES.has(e.name))
      return `Error from server (Forbidden): namespaces "${e.name}" is forbidden: this namespace may not be deleted`
    for (const o of view.objects) if (o.namespace === e.name) session.remove(o.kind, o.namespace, o.name)
    session.remove('Namespace', undefined, e.name)
    return undefined
  }
  const own = view.find(kind, e.namespace, e.name)
  if (own && own.source.file !== '<cluster>') {
    session.remove(kind, e.namespace, e.name)
    return undefined
  }
  if (own)
    return `error: ${qualifiedSingular(e.type)} "${e.name}" is part of the simulated cluster and cannot be deleted in this lab`
  // Objects a controller owns (a Deployment's pods and ReplicaSets, EndpointSlices,
  // Endpoints, the kube-root-ca.crt ConfigMap) come back at once, as their controller
  // recreates them; a pod comes back as a new pod (new name and address; a StatefulSet's
  // keeps its name), which `kubectl get pods -w` shows.
  if (kind === 'Pod' && e.namespace) session.replacePod(e.namespace, e.name)
  return undefined
}

// ---------------------------------------------------------------- label, annotate

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/')
  const name = slash < 0 ? key : key.slice(slash + 1)
  const prefix = slash < 0 ? undefined : key.slice(0, slash)
  if (prefix !== undefined && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253))
    return `prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
  if (!name || name.length > 63 || !LABEL_NAME.test(name))
    return `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`
  return undefined
}

/** The key the session patches metadata under. */
function metadataKey(e: Entry): string {
  return objectKey(e.type.kind, e.type.namespaced ? e.namespace : undefined, e.name)
}

export function kubectlLabel(
  ctx: Ctx,
  args: string[],
  opts: {
    namespace: string
    overwrite: boolean
    all: boolean
    selector?: string
    list: boolean
    allNamespaces: boolean
  },
  field: 'labels' | 'annotations',
): Exec {
  const { out, session } = ctx
  const resources = args.filter((a) => !a.includes('=') && !(a.endsWith('-') && a.length > 1))
  const pairs = args.filter((a) => !resources.includes(a))
  if (!resources.length) {
    out.errLine('error: one or more resources must be specified as <resource> <name> or <resource>/<name>')
    return { code: 1 }
  }
  const set: Record<string, string> = {}
  const remove: string[] = []
  for (const p of pairs) {
    if (p.includes('=')) {
      const [k, ...rest] = p.split('=')
      const v = rest.join('=')
      if (field === 'labels') {
        if (rest.length !== 1) {
          out.errLine(`error: invalid label spec: ${p}`)
          return { code: 1 }
        }
        if (v.length > 63 || !LABEL_VALUE.test(v)) {
          out.errLine(
            `error: invalid label value: "${p}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
          )
          return { code: 1 }
        }
      }
      const keyErr = labelKeyError(k!)
      if (keyErr) {
        out.errLine(`error: invalid ${field === 'labels' ? 'label' : 'annotation'} spec: ${p}, ${keyErr}`)
        return { code: 1 }
      }
      set[k!] = v
    } else remove.push(p.slice(0, -1))
  }
  for (const r of remove)
    if (r in set) {
      out.errLine(
        `error: can not both modify and remove ${field === 'labels' ? 'a label' : 'an annotation'} in the same command`,
      )
      return { code: 1 }
    }
  if (!Object.keys(set).length && !remove.length && !opts.list) {
    out.errLine(`error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`)
    return { code: 1 }
  }
  const parsed = parseResourceArgs(resources)
  if ('error' in parsed) {
    out.errLine(parsed.error)
    return { code: 1 }
  }
  const sel = opts.selector !== undefined ? parseLabelSelector(opts.selector) : undefined
  if (sel && 'error' in sel) {
    out.errLine(sel.error)
    return { code: 1 }
  }
  const view = new ClusterView(session)
  const entries: Entry[] = []
  let code = 0
  for (const r of parsed.requests) {
    const ns = r.type.namespaced ? opts.namespace : undefined
    if (r.name !== undefined) {
      const e = view.entry(r.type, ns, r.name)
      if (e) entries.push(e)
      else {
        out.errLine(notFound(r.type, r.name))
        code = 1
      }
    } else if (opts.all || sel) {
      for (const e of view.entries(r.type))
        if (
          (!r.type.namespaced || opts.allNamespaces || e.namespace === ns) &&
          (!sel || selects(sel, e.labels))
        )
          entries.push(e)
    } else {
      out.errLine('error: resource(s) were provided, but no name was specified')
      return { code: 1 }
    }
  }
  for (const e of entries) {
    const current = field === 'labels' ? e.labels : e.annotations
    if (opts.list) {
      for (const [k, v] of Object.entries(current)) out.line(`${k}=${v}`)
      continue
    }
    if (!opts.overwrite) {
      const clashes = Object.entries(set).filter(([k, v]) => k in current && current[k] !== v)
      if (clashes.length) {
        if (field === 'labels')
          out.errLine(
            `error: ${clashes.map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`).join(', ')}`,
          )
        else
          out.errLine(
            `error: --overwrite is false but found the following declared annotation(s): ${clashes.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`,
          )
        code = 1
        continue
      }
    }
    if (field === 'labels') for (const r of remove) if (!(r in current)) out.line(`label "${r}" not found.`)
    const changes: Record<string, string | null> = { ...set }
    for (const r of remove) changes[r] = null
    const next = { ...current }
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete next[k]
      else next[k] = v
    }
    // The metadata.name label of a namespace is immutable: the API server puts it back (NP-12).
    if (e.type.kind === 'Namespace' && field === 'labels') next['kubernetes.io/metadata.name'] = e.name
    const changed = Object.keys(changes).some((k) => current[k] !== next[k])
    if (changed) session.patchMetadata(metadataKey(e), field, changes)
    let msg = 'annotated'
    if (field === 'labels') {
      const unlabeled = Object.keys(current).some((k) => !(k in next))
      const labeled = Object.entries(next).some(([k, v]) => current[k] !== v)
      msg =
        labeled && unlabeled
          ? 'label(s) changed'
          : labeled
            ? 'labeled'
            : unlabeled
              ? 'unlabeled'
              : 'not labeled'
    }
    out.line(`${qualifiedSingular(e.type)}/${e.name} ${msg}`)
  }
  return { code }
}

// ---------------------------------------------------------------- run, expose, create, scale

export interface RunOptions {
  namespace: string
  image?: string
  labels?: string
  env: string[]
  port?: string
  expose: boolean
  rm: boolean
  stdin: boolean
  tty: boolean
  restart?: string
  command: boolean
  dryRun?: string
  output?: string
}

const SHELLS = new Set([
  'sh',
  'ash',
  'bash',
  'zsh',
  '/bin/sh',
  '/bin/ash',
  '/bin/bash',
  '/bin/zsh',
  '/usr/bin/bash',
  '/usr/bin/zsh',
])

export function isShell(argv: readonly string[]): boolean {
  return argv.length === 1 && SHELLS.has(argv[0]!)
}

function parseKv(text: string, what: string): { map: Record<string, string> } | { error: string } {
  const map: Record<string, string> = {}
  for (const spec of text.split(',')) {
    const parts = spec.split('=')
    if (parts.length !== 2) return { error: `error: unexpected ${what} spec: ${spec}` }
    if (!parts[0]) return { error: `error: unexpected empty ${what} key` }
    map[parts[0]] = parts[1]!
  }
  return { map }
}

export interface RunPlan {
  pod: Obj
  service?: Obj
}

export function planRun(name: string, args: string[], o: RunOptions): RunPlan | { error: string } {
  if (!name) return { error: 'error: NAME is required for run' }
  if (!o.image) return { error: 'error: --image is required' }
  if (!/^[a-z0-9]([-a-z0-9./_:@]*[a-z0-9])?$/i.test(o.image))
    return { error: `error: invalid image name "${o.image}": invalid reference format` }
  if (o.tty && !o.stdin) return { error: 'error: -i/--stdin is required for containers with -t/--tty=true' }
  if (o.expose && !o.port) return { error: 'error: --port must be set when exposing a service' }
  if (o.port && !/^\d+$/.test(o.port)) return { error: 'error: --port must be a number' }
  if (o.rm && !o.stdin) return { error: 'error: --rm should only be used for attached containers' }
  let labels: Record<string, string> = { run: name }
  if (o.labels) {
    const l = parseKv(o.labels, 'label')
    if ('error' in l) return l
    labels = l.map
  }
  const restart = o.restart ?? (o.stdin ? 'OnFailure' : 'Always')
  if (!['Always', 'OnFailure', 'Never'].includes(restart))
    return { error: `error: invalid restart policy: ${restart}, valid values are: Always, OnFailure, Never` }
  const container: Obj = { image: o.image, name, resources: {} }
  if (args.length) container[o.command ? 'command' : 'args'] = args
  if (o.env.length) {
    const env: Obj[] = []
    for (const e of o.env) {
      const eq = e.indexOf('=')
      if (eq <= 0) return { error: `error: invalid env: ${e}` }
      env.push({ name: e.slice(0, eq), value: e.slice(eq + 1) })
    }
    container.env = env
  }
  if (o.port) container.ports = [{ containerPort: Number(o.port) }]
  if (o.stdin) {
    container.stdin = true
    container.stdinOnce = true
  }
  if (o.tty) container.tty = true
  const pod: Obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { creationTimestamp: null, labels, name, namespace: o.namespace },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  }
  const plan: RunPlan = { pod }
  if (o.expose)
    plan.service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: o.namespace, ...(o.labels ? { labels } : {}) },
      spec: {
        ports: [{ port: Number(o.port), protocol: 'TCP', targetPort: Number(o.port) }],
        selector: labels,
      },
    }
  return plan
}

/** Creates objects from the terminal; the errors kubectl would print, or the created lines. */
export function createObjects(
  ctx: Ctx,
  objects: Obj[],
  source = 'kubectl',
): { lines: string[]; errors: string[] } {
  const view = new ClusterView(ctx.session)
  const lines: string[] = []
  const errors: string[] = []
  for (const o of objects) {
    const meta = obj(o.metadata)
    const kind = String(o.kind)
    const t = TYPE_BY_KIND.get(kind)!
    const ns = t.namespaced ? String(meta.namespace ?? 'default') : undefined
    const name = String(meta.name)
    if (
      view.find(kind, ns, name) ||
      (kind === 'Namespace' && view.namespaceExists(name)) ||
      (kind === 'Pod' && ns && view.pod(ns, name))
    ) {
      errors.push(`Error from server (AlreadyExists): ${qualifiedPlural(t)} "${name}" already exists`)
      continue
    }
    if (ns && !view.namespaceExists(ns)) {
      errors.push(`Error from server (NotFound): namespaces "${ns}" not found`)
      continue
    }
    const clean = JSON.parse(JSON.stringify(o)) as Obj
    const cm = obj(clean.metadata)
    delete cm.creationTimestamp
    if (obj(clean.status) && !Object.keys(obj(clean.status)).length) delete clean.status
    const r = ctx.session.apply([{ file: source, text: JSON.stringify(clean) }])
    lines.push(...r.lines.map((l) => l.replace(/ (configured|unchanged)$/, ' created')))
    errors.push(...uniqueMessages(r.errors.map((i) => i.message)))
  }
  return { lines, errors }
}

export function printDryRun(out: Ctx['out'], objects: Obj[], output: string | undefined): void {
  for (const o of objects) {
    if (output === 'yaml') out.out(toYaml(o))
    else if (output === 'json') out.out(toJson(o))
    else {
      const t = TYPE_BY_KIND.get(String(o.kind))!
      out.line(`${qualifiedSingular(t)}/${String(obj(o.metadata).name)} created (dry run)`)
    }
  }
}

export function kubectlExpose(
  ctx: Ctx,
  args: string[],
  o: {
    namespace: string
    port?: string
    targetPort?: string
    type?: string
    name?: string
    protocol?: string
    dryRun?: string
    output?: string
  },
): Exec {
  const { out } = ctx
  const parsed = args.length ? parseResourceArgs(args) : undefined
  if (!parsed || 'error' in parsed || !parsed.requests[0]?.name) {
    out.errLine(
      parsed && 'error' in parsed
        ? parsed.error
        : "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    )
    return { code: 1 }
  }
  const req = parsed.requests[0]!
  const view = new ClusterView(ctx.session)
  const e = view.entry(req.type, o.namespace, req.name!)
  if (!e) {
    out.errLine(notFound(req.type, req.name!))
    return { code: 1 }
  }
  let selector: Record<string, string> | undefined
  let ports: { containerPort: number; protocol?: string }[] = []
  if (e.pod) {
    selector = e.labels
    ports = view.containers(e.pod).flatMap((c) => c.ports)
    if (!Object.keys(selector).length) {
      out.errLine(
        "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples",
      )
      return { code: 1 }
    }
  } else if (e.service) {
    selector = e.service.selector
    ports = e.service.ports.map((p) => ({ containerPort: p.port, protocol: p.protocol }))
  } else if (e.workload) {
    selector = e.workload.selector.matchLabels
    ports = list(obj(e.workload.template.spec).containers).flatMap((c) =>
      list(c.ports).map((p) => ({
        containerPort: Number(p.containerPort),
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      })),
    )
  } else {
    out.errLine(`error: cannot expose a ${e.type.kind}`)
    return { code: 1 }
  }
  const port = o.port ? Number(o.port) : ports[0]?.containerPort
  if (!port) {
    out.errLine(
      "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples",
    )
    return { code: 1 }
  }
  const type = o.type ?? 'ClusterIP'
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type)) {
    out.errLine(
      `The Service "${o.name ?? e.name}" is invalid: spec.type: Unsupported value: "${type}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`,
    )
    return { code: 1 }
  }
  const name = o.name ?? e.name
  const svc: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: o.namespace, ...(Object.keys(e.labels).length ? { labels: e.labels } : {}) },
    spec: {
      ports: [
        {
          port,
          protocol: o.protocol ?? 'TCP',
          targetPort: o.targetPort
            ? /^\d+$/.test(o.targetPort)
              ? Number(o.targetPort)
              : o.targetPort
            : (ports[0]?.containerPort ?? port),
        },
      ],
      selector,
      ...(type !== 'ClusterIP' ? { type } : {}),
    },
  }
  if (o.dryRun) {
    printDryRun(out, [svc], o.output)
    return { code: 0 }
  }
  const r = createObjects(ctx, [svc], 'kubectl-expose')
  for (const l of r.lines) out.line(l.replace(/ created$/, ' exposed'))
  for (const err of r.errors) out.errLine(err)
  return { code: r.errors.length ? 1 : 0 }
}

export function kubectlScale(ctx: Ctx, args: string[], o: { namespace: string; replicas?: string }): Exec {
  const { out } = ctx
  if (o.replicas === undefined || !/^\d+$/.test(o.replicas)) {
    out.errLine(
      o.replicas === undefined
        ? 'error: required flag(s) "replicas" not set'
        : `error: invalid argument "${o.replicas}" for "--replicas" flag`,
    )
    return { code: 1 }
  }
  const parsed = args.length
    ? parseResourceArgs(args)
    : { error: 'error: resource(s) were provided, but no name was specified' }
  if ('error' in parsed) {
    out.errLine(parsed.error)
    return { code: 1 }
  }
  const view = new ClusterView(ctx.session)
  let code = 0
  for (const r of parsed.requests) {
    if (!['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(r.type.kind)) {
      out.errLine(`error: no scaler has been implemented for {"${r.type.group}" "${r.type.kind}"}`)
      code = 1
      continue
    }
    const own = r.name ? view.find(r.type.kind, o.namespace, r.name) : undefined
    if (!own) {
      out.errLine(
        r.name ? notFound(r.type, r.name) : 'error: resource(s) were provided, but no name was specified',
      )
      code = 1
      continue
    }
    if (own.source.file === '<cluster>') {
      out.errLine(
        `error: ${qualifiedSingular(r.type)} "${own.name}" is part of the simulated cluster and cannot be scaled in this lab`,
      )
      code = 1
      continue
    }
    const raw = JSON.parse(JSON.stringify(own.raw)) as Obj
    raw.spec = { ...obj(raw.spec), replicas: Number(o.replicas) }
    ctx.session.apply([{ file: 'kubectl-scale', text: JSON.stringify(raw) }])
    out.line(`${qualifiedSingular(r.type)}/${own.name} scaled`)
  }
  return { code }
}

/** `kubectl create namespace|deployment|service …` (the generators a lab needs). */
export function kubectlCreateGenerator(
  ctx: Ctx,
  args: string[],
  o: {
    namespace: string
    image: string[]
    replicas?: string
    port?: string
    tcp: string[]
    dryRun?: string
    output?: string
  },
): Exec {
  const { out } = ctx
  const [what, ...rest] = args
  let objects: Obj[] = []
  const kindOf = (w: string) => resolveType(w)?.kind
  const need = (n: number, usage: string) => {
    if (rest.length < n) {
      out.errLine(`error: ${usage}`)
      return false
    }
    return true
  }
  switch (what && kindOf(what)) {
    case 'Namespace':
      if (!need(1, 'exactly one NAME is required, got 0')) return { code: 1 }
      objects = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: rest[0] } }]
      break
    case 'Deployment': {
      if (!need(1, 'exactly one NAME is required, got 0')) return { code: 1 }
      if (!o.image.length) {
        out.errLine('error: required flag(s) "image" not set')
        return { code: 1 }
      }
      const name = rest[0]!
      const labels = { app: name }
      const containers = o.image.map((image) => ({
        image,
        name: (image.split('/').pop() ?? image).replace(/[:@].*$/, '').replace(/[^a-z0-9-]/g, '-'),
        ...(o.port ? { ports: [{ containerPort: Number(o.port) }] } : {}),
        resources: {},
      }))
      objects = [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { labels, name, namespace: o.namespace },
          spec: {
            replicas: o.replicas ? Number(o.replicas) : 1,
            selector: { matchLabels: labels },
            template: { metadata: { labels }, spec: { containers } },
          },
        },
      ]
      break
    }
    case 'Service': {
      const [svcType, name] = rest
      const types: Record<string, string> = {
        clusterip: 'ClusterIP',
        nodeport: 'NodePort',
        loadbalancer: 'LoadBalancer',
      }
      if (!svcType || !types[svcType] || !name) {
        out.errLine(
          'error: create service requires a type (clusterip, nodeport or loadbalancer) and a NAME, e.g. kubectl create service clusterip web --tcp=80:8080',
        )
        return { code: 1 }
      }
      if (!o.tcp.length) {
        out.errLine('error: at least one tcp port specifier must be provided')
        return { code: 1 }
      }
      const ports = o.tcp.map((spec) => {
        const [p, t] = spec.split(':')
        return { name: `${p}-${t ?? p}`, port: Number(p), protocol: 'TCP', targetPort: Number(t ?? p) }
      })
      objects = [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { labels: { app: name }, name, namespace: o.namespace },
          spec: { ports, selector: { app: name }, type: types[svcType] },
        },
      ]
      break
    }
    default:
      out.errLine(
        what
          ? `error: kubectl create ${what} is not simulated in this lab (supported: namespace, deployment, service, -f FILE)`
          : "error: must specify one of -f and -k\n\nSee 'kubectl create -h' for help and examples",
      )
      return { code: 1 }
  }
  if (o.dryRun) {
    printDryRun(out, objects, o.output)
    return { code: 0 }
  }
  const r = createObjects(ctx, objects, 'kubectl-create')
  for (const l of r.lines) out.line(l)
  for (const err of r.errors) out.errLine(err)
  return { code: r.errors.length ? 1 : 0 }
}

// `kubectl describe` for the kinds a networking lab needs, written the way kubectl's
// describe.go writes them: lines with tab-separated cells at two spaces per level, laid
// out by a tabwriter (minwidth 0, padding 2), so a line without a tab breaks the
// alignment exactly where kubectl's does.
import type { NetworkPolicy, PolicyPeer, PolicyRule } from '../sim/model/types'
import { formatSelector } from '../sim/policy/selector'
import { nameSuffix } from '../sim/util/hash'
import { DESCRIBE_WRITER, goTime, hexId, rfc1123z, tabwrite } from './format'
import type { Ctx, Exec } from './io'
import { nodeRoles, parseResourceArgs } from './kubectl-get'
import type { ResourceType } from './resources'
import { notFound } from './resources'
import type { Entry } from './view'
import {
  ClusterView,
  formatLabelMap,
  KUBE_VERSION,
  list,
  NODE_KERNEL,
  NODE_OS_IMAGE,
  NODE_RUNTIME,
  obj,
} from './view'
import { humanDuration } from './format'

class Writer {
  private text = ''
  write(level: number, s: string): void {
    this.text += '  '.repeat(level) + s
  }
  toString(): string {
    return tabwrite(this.text, DESCRIBE_WRITER)
  }
}

function labelsMultiline(w: Writer, title: string, labels: Record<string, string>): void {
  w.write(0, `${title}:\t`)
  const keys = Object.keys(labels).sort()
  if (!keys.length) {
    w.write(0, '<none>\n')
    return
  }
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t')
    w.write(0, `${k}=${labels[k]}\n`)
  })
}

const MAX_ANNOTATION_LEN = 140

function annotationsMultiline(w: Writer, title: string, annotations: Record<string, string>): void {
  w.write(0, `${title}:\t`)
  const keys = Object.keys(annotations)
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort()
  if (!keys.length) {
    w.write(0, '<none>\n')
    return
  }
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t')
    const value = annotations[k]!.replace(/\n$/, '')
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`)
      for (const s of value.split('\n'))
        w.write(
          0,
          `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 5)}...` : s}\n`,
        )
    } else w.write(0, `${k}: ${value}\n`)
  })
}

const hex = hexId

function imageId(image: string): string {
  const ref = image.includes('/')
    ? image.split('/')[0]!.includes('.')
      ? image
      : `docker.io/${image}`
    : `docker.io/library/${image}`
  return `${ref.replace(/:[^/:]+$/, '')}@sha256:${hex(`image:${image}`, 64)}`
}

function describePod(v: ClusterView, e: Entry): string {
  const pod = e.pod!
  const { spec } = v.podTemplate(pod)
  const node = v.cluster.nodes.find((n) => n.name === pod.nodeName)
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Namespace:\t${e.namespace}\n`)
  w.write(
    0,
    `Priority:\t${typeof spec.priorityClassName === 'string' && spec.priorityClassName.startsWith('system-') ? 2000000000 : 0}\n`,
  )
  if (typeof spec.priorityClassName === 'string')
    w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`)
  w.write(
    0,
    `Service Account:\t${typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default'}\n`,
  )
  w.write(0, `Node:\t${pod.nodeName ? `${pod.nodeName}/${node?.ip ?? ''}` : '<none>'}\n`)
  w.write(0, `Start Time:\t${rfc1123z(e.created)}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, `Status:\t${pod.terminating ? 'Terminating (lasts 2s)' : pod.phase}\n`)
  if (pod.terminating) w.write(0, 'Termination Grace Period:\t30s\n')
  w.write(0, `IP:\t${pod.ip}\n`)
  if (pod.ip) {
    w.write(0, 'IPs:\n')
    w.write(1, `IP:\t${pod.ip}\n`)
  } else w.write(0, 'IPs:\t<none>\n')
  if (pod.owner && !v.find('Pod', pod.namespace, pod.name))
    w.write(0, `Controlled By:\t${pod.owner.kind}/${pod.owner.name}\n`)
  w.write(0, 'Containers:\n')
  const token = `kube-api-access-${nameSuffix(`token:${pod.id}`)}`
  for (const c of v.containers(pod)) {
    w.write(1, `${c.name}:\n`)
    if (pod.ip) w.write(2, `Container ID:\tcontainerd://${hex(`ctr:${pod.id}/${c.name}`, 64)}\n`)
    w.write(2, `Image:\t${c.image}\n`)
    if (pod.ip) w.write(2, `Image ID:\t${imageId(c.image)}\n`)
    const ports = c.ports.map((p) => `${p.containerPort}/${p.protocol}`)
    const hostPorts = c.ports.map((p) => `${p.hostPort ?? 0}/${p.protocol}`)
    w.write(2, ports.length > 1 ? `Ports:\t${ports.join(', ')}\n` : `Port:\t${ports[0] ?? '<none>'}\n`)
    w.write(
      2,
      hostPorts.length > 1
        ? `Host Ports:\t${hostPorts.join(', ')}\n`
        : `Host Port:\t${hostPorts[0] ?? '<none>'}\n`,
    )
    if (c.command.length) {
      w.write(2, 'Command:\n')
      for (const s of c.command) w.write(3, `${s}\n`)
    }
    if (c.args.length) {
      w.write(2, 'Args:\n')
      for (const s of c.args) w.write(3, `${s}\n`)
    }
    if (pod.phase === 'Running' || pod.phase === 'Pending') {
      if (pod.ip && pod.phase === 'Running') {
        w.write(2, 'State:\tRunning\n')
        w.write(3, `Started:\t${rfc1123z(e.created)}\n`)
      } else {
        w.write(2, 'State:\tWaiting\n')
        w.write(3, 'Reason:\tContainerCreating\n')
      }
    } else {
      w.write(2, 'State:\tTerminated\n')
      w.write(3, `Reason:\t${pod.phase === 'Succeeded' ? 'Completed' : 'Error'}\n`)
      w.write(3, `Exit Code:\t${pod.phase === 'Succeeded' ? 0 : 1}\n`)
    }
    w.write(2, `Ready:\t${pod.ready ? 'True' : 'False'}\n`)
    w.write(2, 'Restart Count:\t0\n')
    if (!c.env.length) w.write(2, 'Environment:\t<none>\n')
    else {
      w.write(2, 'Environment:\n')
      for (const env of c.env) w.write(3, `${env.name}:\t${env.value}\n`)
    }
    w.write(2, 'Mounts:\n')
    w.write(3, `/var/run/secrets/kubernetes.io/serviceaccount from ${token} (ro)\n`)
  }
  w.write(0, 'Conditions:\n  Type\tStatus\n')
  const ready = pod.ready ? 'True' : 'False'
  for (const [type, s] of [
    ['PodReadyToStartContainers', pod.ip ? 'True' : 'False'],
    ['Initialized', 'True'],
    ['Ready', ready],
    ['ContainersReady', ready],
    ['PodScheduled', 'True'],
  ])
    w.write(1, `${type} \t${s} \n`)
  w.write(0, 'Volumes:\n')
  w.write(1, `${token}:\n`)
  w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
  w.write(2, 'TokenExpirationSeconds:\t3607\n')
  w.write(2, 'ConfigMapName:\tkube-root-ca.crt\n    Optional:\tfalse\n')
  w.write(2, 'DownwardAPI:\ttrue\n')
  w.write(0, 'QoS Class:\tBestEffort\n')
  labelsMultiline(w, 'Node-Selectors', obj(spec.nodeSelector) as Record<string, string>)
  const tolerations = [
    ...list(spec.tolerations).map((t) => {
      let s = String(t.key ?? '')
      if (typeof t.value === 'string' && t.value) s += `=${t.value}`
      if (typeof t.effect === 'string' && t.effect) s += `:${t.effect}`
      if (t.operator === 'Exists' && !t.value) s += s ? ' op=Exists' : 'op=Exists'
      return { key: String(t.key ?? ''), text: s }
    }),
    {
      key: 'node.kubernetes.io/not-ready',
      text: 'node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    },
    {
      key: 'node.kubernetes.io/unreachable',
      text: 'node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
    },
  ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  w.write(0, 'Tolerations:\t')
  tolerations.forEach((t, i) => {
    if (i) w.write(0, '\t')
    w.write(0, `${t.text}\n`)
  })
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

/** describe.go formatEndpointSlices: ready addresses of one Service port, at most three shown. */
function formatEndpointSlices(v: ClusterView, e: Entry, portName: string): string {
  const slices = v.slicesOf(e.service!)
  if (!slices.length) return '<none>'
  const items: string[] = []
  for (const s of slices) {
    const ports = s.ports.length ? s.ports.filter((p) => (p.name ?? '') === portName) : [undefined]
    for (const p of ports)
      for (const ep of s.endpoints)
        if (ep.conditions.ready && ep.addresses[0])
          items.push(p ? `${ep.addresses[0]}:${p.port}` : ep.addresses[0])
  }
  const shown = items.slice(0, 3).join(',')
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown
}

function describeService(v: ClusterView, e: Entry): string {
  const s = e.service!
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Namespace:\t${e.namespace}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, `Selector:\t${formatLabelMap(s.selector)}\n`)
  w.write(0, `Type:\t${s.type}\n`)
  if (s.type !== 'ExternalName') {
    w.write(0, 'IP Family Policy:\tSingleStack\n')
    w.write(0, 'IP Families:\tIPv4\n')
  } else w.write(0, 'IP Families:\t<none>\n')
  w.write(0, `IP:\t${s.clusterIP ?? ''}\n`)
  w.write(0, `IPs:\t${s.clusterIP ?? '<none>'}\n`)
  if (s.externalIPs.length) w.write(0, `External IPs:\t${s.externalIPs.join(',')}\n`)
  if (s.externalName) w.write(0, `External Name:\t${s.externalName}\n`)
  if (s.type === 'LoadBalancer' && s.loadBalancerIPs.length)
    w.write(0, `LoadBalancer Ingress:\t${s.loadBalancerIPs.map((ip) => `${ip} (VIP)`).join(', ')}\n`)
  for (const p of s.ports) {
    const name = p.name || '<unset>'
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol}\n`)
    w.write(0, `TargetPort:\t${p.targetPort}/${p.protocol}\n`)
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`)
    w.write(0, `Endpoints:\t${formatEndpointSlices(v, e, p.name ?? '')}\n`)
  }
  w.write(0, `Session Affinity:\t${s.sessionAffinity}\n`)
  if (s.type === 'NodePort' || s.type === 'LoadBalancer')
    w.write(0, `External Traffic Policy:\t${s.externalTrafficPolicy}\n`)
  if (s.type !== 'ExternalName') w.write(0, `Internal Traffic Policy:\t${s.internalTrafficPolicy}\n`)
  if (s.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${s.healthCheckNodePort}\n`)
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

function peerLines(w: Writer, peer: PolicyPeer, indent: string): void {
  if (peer.kind === 'ipBlock') {
    w.write(1, `${indent}IPBlock:\n`)
    w.write(2, `${indent}CIDR: ${peer.cidr}\n`)
    w.write(2, `${indent}Except: ${peer.except.join(', ')}\n`)
    return
  }
  if (peer.namespaceSelector)
    w.write(1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}\n`)
  if (peer.podSelector) w.write(1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}\n`)
}

function ruleLines(w: Writer, rules: PolicyRule[], dir: 'ingress' | 'egress'): void {
  const indent = '    '
  if (!rules.length) {
    w.write(0, `${indent}<none> (Selected pods are isolated for ${dir} connectivity)\n`)
    return
  }
  rules.forEach((r, i) => {
    if (!r.ports.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`)
    for (const p of r.ports) {
      const port = p.port === undefined ? '<nil>' : String(p.port)
      if (p.endPort === undefined) w.write(0, `${indent}To Port: ${port}/${p.protocol}\n`)
      else w.write(0, `${indent}To Port Range: ${port}-${p.endPort}/${p.protocol}\n`)
    }
    const word = dir === 'ingress' ? 'From' : 'To'
    if (!r.peers.length)
      w.write(
        0,
        dir === 'ingress'
          ? `${indent}From: <any> (traffic not restricted by source)\n`
          : `${indent}To: <any> (traffic not restricted by destination)\n`,
      )
    for (const peer of r.peers) {
      w.write(0, `${indent}${word}:\n`)
      peerLines(w, peer, indent)
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`)
  })
}

/** `kubectl describe networkpolicy` (describe.go describeNetworkPolicy), course-facts §1.4. */
export function describeNetworkPolicy(
  p: NetworkPolicy,
  meta: Pick<Entry, 'labels' | 'annotations' | 'created'>,
): string {
  const w = new Writer()
  w.write(0, `Name:\t${p.name}\n`)
  w.write(0, `Namespace:\t${p.namespace}\n`)
  w.write(0, `Created on:\t${goTime(meta.created)}\n`)
  labelsMultiline(w, 'Labels', meta.labels)
  annotationsMultiline(w, 'Annotations', meta.annotations)
  w.write(0, 'Spec:\n')
  w.write(1, 'PodSelector: ')
  const empty = !Object.keys(p.podSelector.matchLabels).length && !p.podSelector.matchExpressions.length
  w.write(
    2,
    empty
      ? '<none> (Allowing the specific traffic to all pods in this namespace)\n'
      : `${formatSelector(p.podSelector)}\n`,
  )
  if (p.policyTypes.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n')
    ruleLines(w, p.ingress, 'ingress')
  } else w.write(1, 'Not affecting ingress traffic\n')
  if (p.policyTypes.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n')
    ruleLines(w, p.egress, 'egress')
  } else w.write(1, 'Not affecting egress traffic\n')
  w.write(1, `Policy Types: ${p.policyTypes.length ? p.policyTypes.join(', ') : '<none>'}\n`)
  return w.toString()
}

function describeNamespace(e: Entry): string {
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, 'Status:\tActive\n')
  w.write(0, '\n')
  w.write(0, 'No resource quota.\n')
  w.write(0, '\n')
  w.write(0, 'No LimitRange resource.\n')
  return w.toString()
}

function describeNode(v: ClusterView, e: Entry): string {
  const n = e.node!
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Roles:\t${nodeRoles(e.labels)}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, `CreationTimestamp:\t${rfc1123z(e.created)}\n`)
  w.write(0, 'Taints:\t')
  if (!n.taints.length) w.write(0, '<none>\n')
  n.taints.forEach((t, i) => {
    if (i) w.write(0, '\t')
    w.write(0, `${t.key}:${t.effect}\n`)
  })
  w.write(0, 'Unschedulable:\tfalse\n')
  w.write(0, 'Addresses:\n')
  w.write(1, `InternalIP:\t${n.ip}\n`)
  w.write(1, `Hostname:\t${n.name}\n`)
  w.write(0, 'System Info:\n')
  w.write(0, `  Kernel Version:\t${NODE_KERNEL}\n`)
  w.write(0, `  OS Image:\t${NODE_OS_IMAGE}\n`)
  w.write(0, '  Operating System:\tlinux\n')
  w.write(0, '  Architecture:\tamd64\n')
  w.write(0, `  Container Runtime Version:\t${NODE_RUNTIME}\n`)
  w.write(0, `  Kubelet Version:\t${KUBE_VERSION}\n`)
  w.write(0, `  Kube-Proxy Version:\t\n`)
  w.write(0, `PodCIDR:\t${n.podCIDR}\n`)
  w.write(0, `PodCIDRs:\t${n.podCIDR}\n`)
  const pods = v.cluster.pods.filter(
    (p) => p.nodeName === n.name && p.phase !== 'Succeeded' && p.phase !== 'Failed',
  )
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`)
  w.write(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n')
  w.write(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---\n')
  for (const p of pods)
    w.write(
      1,
      `${p.namespace}\t${p.name}\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t${humanDuration(v.now() - v.created(`Pod/${p.namespace}/${p.name}`))}\n`,
    )
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

function describeEndpoints(e: Entry): string {
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Namespace:\t${e.namespace}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, 'Subsets:\n')
  const o = e.object()
  for (const s of list(o.subsets)) {
    const ips = (k: string) =>
      list(s[k])
        .map((a) => String(a.ip))
        .join(',') || '<none>'
    w.write(1, `Addresses:\t${ips('addresses')}\n`)
    w.write(1, `NotReadyAddresses:\t${ips('notReadyAddresses')}\n`)
    const ports = list(s.ports)
    if (ports.length) {
      w.write(1, 'Ports:\n')
      w.write(2, 'Name\tPort\tProtocol\n')
      w.write(2, '----\t----\t--------\n')
      for (const p of ports)
        w.write(2, `${typeof p.name === 'string' && p.name ? p.name : '<unset>'}\t${p.port}\t${p.protocol}\n`)
    }
    w.write(0, '\n')
  }
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

function describeEndpointSlice(e: Entry): string {
  const s = e.slice!
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Namespace:\t${e.namespace}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, `AddressType:\t${s.addressType}\n`)
  if (!s.ports.length) w.write(0, 'Ports: <unset>\n')
  else {
    w.write(0, 'Ports:\n')
    w.write(1, 'Name\tPort\tProtocol\n')
    w.write(1, '----\t----\t--------\n')
    for (const p of s.ports) w.write(1, `${p.name || '<unset>'}\t${p.port}\t${p.protocol}\n`)
  }
  if (!s.endpoints.length) w.write(0, 'Endpoints: <none>\n')
  else {
    w.write(0, 'Endpoints:\n')
    for (const ep of s.endpoints) {
      w.write(1, `- Addresses:\t${ep.addresses.join(', ') || '<none>'}\n`)
      w.write(2, 'Conditions:\n')
      w.write(3, `Ready:\t${ep.conditions.ready}\n`)
      w.write(2, `Hostname:\t${ep.hostname ?? '<unset>'}\n`)
      if (ep.podId) w.write(2, `TargetRef:\tPod/${ep.podId.split('/')[1]}\n`)
      w.write(2, `NodeName:\t${ep.nodeName ?? '<unset>'}\n`)
      w.write(2, 'Zone:\t<unset>\n')
    }
  }
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

function describeConfigMap(e: Entry): string {
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Namespace:\t${e.namespace}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  w.write(0, '\nData\n====\n')
  for (const [k, val] of Object.entries(e.data ?? {})) {
    w.write(0, `${k}:\n----\n`)
    w.write(0, `${val}\n`)
    w.write(0, '\n')
  }
  w.write(0, '\nBinaryData\n====\n')
  w.write(0, '\n')
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

/**
 * kubectl's smartLabelFor: a field name split at its camel-case humps and title-cased,
 * with common acronyms upper-cased; names with anything but letters and '-' stay as written.
 */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field
  const parts = field.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[^A-Za-z]+/g) ?? [field]
  return parts
    .map((p) =>
      ['API', 'URL', 'UID', 'OSB', 'GUID'].includes(p.toUpperCase())
        ? p.toUpperCase()
        : p[0]!.toUpperCase() + p.slice(1),
    )
    .join(' ')
}

/** printUnstructuredContent: sorted fields, maps and lists indented, scalars after a tab. */
function unstructured(
  w: Writer,
  level: number,
  content: Record<string, unknown>,
  prefix: string,
  skip: Set<string>,
) {
  for (const field of Object.keys(content).sort()) {
    const value = content[field]
    const path = `${prefix}.${field}`
    if (skip.has(path)) continue
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      unstructured(w, level + 1, value as Record<string, unknown>, path, skip)
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:\n`)
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child))
          unstructured(w, level + 1, child as Record<string, unknown>, path, skip)
        else w.write(level + 1, `${goScalar(child)}\n`)
      }
    } else w.write(level, `${smartLabel(field)}:\t${goScalar(value)}\n`)
  }
}

function goScalar(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goScalar).join(' ')}]`
  return String(v)
}

/** The generic describer kubectl uses for custom resources and other kinds it has no describer for. */
function describeUnstructured(e: Entry): string {
  const w = new Writer()
  w.write(0, `Name:\t${e.name}\n`)
  w.write(0, `Namespace:\t${e.namespace ?? ''}\n`)
  labelsMultiline(w, 'Labels', e.labels)
  annotationsMultiline(w, 'Annotations', e.annotations)
  const skip = new Set(['.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'])
  unstructured(w, 0, e.object(), '', skip)
  w.write(0, 'Events:\t<none>\n')
  return w.toString()
}

function describeEntry(v: ClusterView, e: Entry): string | undefined {
  if (e.custom) return describeUnstructured(e)
  switch (e.type.kind) {
    case 'Pod':
      return describePod(v, e)
    case 'Service':
      return describeService(v, e)
    case 'NetworkPolicy':
      return describeNetworkPolicy(e.policy!, e)
    case 'Namespace':
      return describeNamespace(e)
    case 'Node':
      return describeNode(v, e)
    case 'Endpoints':
      return describeEndpoints(e)
    case 'EndpointSlice':
      return describeEndpointSlice(e)
    case 'ConfigMap':
      return describeConfigMap(e)
    default:
      return undefined
  }
}

export function kubectlDescribe(
  ctx: Ctx,
  args: string[],
  opts: { namespace: string; allNamespaces: boolean },
): Exec {
  const { out } = ctx
  if (!args.length) {
    out.errLine(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    )
    out.errLine('error: Required resource not specified.')
    return { code: 1 }
  }
  const parsed = parseResourceArgs(args)
  if ('error' in parsed) {
    out.errLine(parsed.error)
    return { code: 1 }
  }
  const v = new ClusterView(ctx.session)
  const found: Entry[] = []
  const errors: string[] = []
  const inScope = (t: ResourceType, e: Entry) =>
    !t.namespaced || opts.allNamespaces || e.namespace === opts.namespace
  for (const r of parsed.requests) {
    if (r.name === undefined) {
      found.push(...v.entries(r.type).filter((e) => inScope(r.type, e)))
      continue
    }
    const exact = v.entry(r.type, r.type.namespaced ? opts.namespace : undefined, r.name)
    if (exact) {
      found.push(exact)
      continue
    }
    // Like kubectl, a name that matches nothing describes every object whose name starts with it.
    const prefixed = v.entries(r.type).filter((e) => inScope(r.type, e) && e.name.startsWith(r.name!))
    if (prefixed.length) found.push(...prefixed)
    else errors.push(notFound(r.type, r.name))
  }
  if (!found.length && !errors.length) {
    const t = parsed.requests[0]!.type
    out.errLine(
      t.namespaced && !opts.allNamespaces
        ? `No resources found in ${opts.namespace} namespace.`
        : 'No resources found',
    )
    return { code: 0 }
  }
  let first = true
  for (const e of found) {
    const text = describeEntry(v, e)
    if (text === undefined) {
      errors.push(
        `error: describe is not simulated for ${e.type.plural} in this lab; try kubectl get ${e.type.plural} ${e.name} -o yaml`,
      )
      continue
    }
    out.out(first ? text : `\n\n${text}`)
    first = false
  }
  for (const err of errors) out.errLine(err)
  return { code: errors.length ? 1 : 0 }
}

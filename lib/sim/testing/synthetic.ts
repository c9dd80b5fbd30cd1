// Synthetic clusters of any size, for the benchmark and the property tests: namespaces,
// labelled pods with named container ports, and a realistic mix of NetworkPolicies
// (default deny, app-to-app allows, namespace selectors, expressions, named ports,
// endPort ranges, ipBlocks with exceptions, DNS egress).
import type { ManifestSource } from '../manifest/load'

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface SyntheticOptions {
  pods: number
  policies: number
  seed?: number
  /** ipBlocks only name outside ranges (so results cannot depend on pod IPs); default true */
  externalIpBlocksOnly?: boolean
  /** how many of the pods use the host network (node daemons); default none */
  hostNetworkPods?: number
  /**
   * Also write ClusterNetworkPolicies, Calico GlobalNetworkPolicies and
   * CiliumNetworkPolicies (which of them count depends on the CNI profile). They are drawn
   * from their own random stream, so the rest of the cluster is the same with or without.
   */
  extensions?: boolean
}

const TIERS = ['web', 'api', 'db', 'cache'] as const
const TIER_PORT: Record<(typeof TIERS)[number], number> = { web: 8080, api: 9000, db: 5432, cache: 6379 }

type Obj = Record<string, unknown>

/** The objects of a synthetic cluster, as plain manifest objects. */
export function syntheticObjects(opts: SyntheticOptions): Obj[] {
  const rnd = prng(opts.seed ?? 1)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const nsCount = Math.max(2, Math.round(opts.pods / 50))
  const appCount = Math.max(2, Math.round(opts.pods / 5))
  const namespaces = Array.from({ length: nsCount }, (_, i) => `team-${i}`)
  const apps = Array.from({ length: appCount }, (_, i) => ({
    name: `app-${i}`,
    ns: namespaces[i % nsCount]!,
    tier: TIERS[i % TIERS.length]!,
  }))
  const objects: Obj[] = namespaces.map((name, i) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { env: i % 3 === 0 ? 'prod' : 'dev', team: `t${i}` } },
  }))
  for (let i = 0; i < opts.pods; i++) {
    const app = apps[i % appCount]!
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app.name}-${i}`,
        namespace: app.ns,
        labels: { app: app.name, tier: app.tier, version: rnd() < 0.5 ? 'v1' : 'v2' },
      },
      spec: {
        ...(i < (opts.hostNetworkPods ?? 0) ? { hostNetwork: true } : {}),
        containers: [
          {
            name: 'main',
            image: 'example/app:1',
            ports: [
              { name: 'http', containerPort: TIER_PORT[app.tier] },
              { name: 'metrics', containerPort: 9090 },
            ],
          },
        ],
      },
    })
  }
  // One Service per app, reaching its pods' named `http` port.
  for (const app of apps)
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app.name, namespace: app.ns },
      spec: { selector: { app: app.name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    })
  const peerOf = (): Obj => {
    const r = rnd()
    const app = pick(apps)
    if (r < 0.4) return { podSelector: { matchLabels: { app: app.name } } }
    if (r < 0.6)
      return {
        namespaceSelector: { matchLabels: { env: 'prod' } },
        podSelector: { matchLabels: { tier: pick(TIERS) } },
      }
    if (r < 0.75)
      return {
        podSelector: {
          matchExpressions: [{ key: 'tier', operator: 'In', values: [pick(TIERS), pick(TIERS)] }],
        },
      }
    if (r < 0.85)
      return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pick(namespaces) } } }
    const external = opts.externalIpBlocksOnly ?? true
    return external
      ? { ipBlock: { cidr: '203.0.113.0/24', except: ['203.0.113.128/25'] } }
      : rnd() < 0.5
        ? { ipBlock: { cidr: '172.18.0.0/16' } }
        : {
            ipBlock: {
              cidr: '0.0.0.0/0',
              except: [`${pick(['10', '192'])}.${Math.floor(rnd() * 256)}.0.0/16`],
            },
          }
  }
  const portsOf = (): Obj[] | undefined => {
    const r = rnd()
    if (r < 0.25) return undefined
    if (r < 0.5) return [{ port: 'http' }]
    if (r < 0.7) return [{ protocol: 'TCP', port: pick(Object.values(TIER_PORT)) }]
    if (r < 0.85) return [{ protocol: 'TCP', port: 8000, endPort: 9100 }]
    return [
      { protocol: 'TCP', port: 'metrics' },
      { protocol: 'UDP', port: 53 },
    ]
  }
  const rule = (key: 'from' | 'to'): Obj => {
    const out: Obj = {}
    if (rnd() < 0.85) out[key] = Array.from({ length: 1 + Math.floor(rnd() * 2) }, peerOf)
    const ports = portsOf()
    if (ports) out.ports = ports
    return out
  }
  for (let i = 0; i < opts.policies; i++) {
    const ns = namespaces[i % nsCount]!
    const r = rnd()
    const app = apps.filter((a) => a.ns === ns)
    const selector =
      r < 0.15
        ? {}
        : { matchLabels: rnd() < 0.7 && app.length ? { app: pick(app).name } : { tier: pick(TIERS) } }
    const types = rnd() < 0.6 ? ['Ingress'] : rnd() < 0.5 ? ['Egress'] : ['Ingress', 'Egress']
    const spec: Obj = { podSelector: selector, policyTypes: types }
    const deny = r < 0.1
    if (types.includes('Ingress'))
      spec.ingress = deny ? [] : Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => rule('from'))
    if (types.includes('Egress'))
      spec.egress = deny
        ? []
        : [
            ...Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => rule('to')),
            {
              to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [{ protocol: 'UDP', port: 53 }],
            },
          ]
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `policy-${i}`, namespace: ns },
      spec,
    })
  }
  if (opts.extensions) objects.push(...extensionObjects(opts, namespaces, apps))
  return objects
}

/** Policies of the kinds beyond NetworkPolicy, over the same namespaces and apps. */
function extensionObjects(
  opts: SyntheticOptions,
  namespaces: string[],
  apps: { name: string; ns: string; tier: (typeof TIERS)[number] }[],
): Obj[] {
  const rnd = prng((opts.seed ?? 1) * 7919 + 17)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const out: Obj[] = []
  const nsSel = (): Obj =>
    rnd() < 0.5
      ? { matchLabels: { env: pick(['prod', 'dev']) } }
      : { matchLabels: { 'kubernetes.io/metadata.name': pick(namespaces) } }
  const cnpPeer = (egress: boolean): Obj => {
    const r = rnd()
    if (r < 0.35) return { namespaces: nsSel() }
    if (r < 0.7)
      return {
        pods: {
          namespaceSelector: rnd() < 0.5 ? {} : nsSel(),
          podSelector: { matchLabels: { tier: pick(TIERS) } },
        },
      }
    if (egress)
      return rnd() < 0.5
        ? { networks: ['203.0.113.0/25', '10.0.0.0/8'] }
        : { nodes: { matchLabels: { 'kubernetes.io/os': 'linux' } } }
    return { namespaces: {} }
  }
  const cnpProtocols = (): Obj[] | undefined => {
    const r = rnd()
    if (r < 0.35) return undefined
    if (r < 0.55) return [{ tcp: { destinationPort: { number: TIER_PORT[pick(TIERS)] } } }]
    if (r < 0.75)
      return [
        { tcp: { destinationPort: { range: { start: 5000, end: 8500 } } } },
        { udp: { destinationPort: { number: 53 } } },
      ]
    if (r < 0.9) return [{ destinationNamedPort: 'http' }]
    return [{ tcp: { destinationPort: { number: 9090 } } }]
  }
  const cnpRules = (egress: boolean, tier: string): Obj[] =>
    Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => {
      const action = tier === 'Admin' ? pick(['Accept', 'Deny', 'Pass']) : pick(['Accept', 'Deny'])
      const rule: Obj = {
        name: `rule-${k}`,
        action,
        [egress ? 'to' : 'from']: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => cnpPeer(egress)),
      }
      const protocols = cnpProtocols()
      // The CRD refuses named ports beside networks or nodes peers.
      const plain = (rule[egress ? 'to' : 'from'] as Obj[]).every(
        (p) => p.networks === undefined && p.nodes === undefined,
      )
      if (protocols && (plain || !protocols.some((p) => 'destinationNamedPort' in p)))
        rule.protocols = protocols
      return rule
    })
  for (let i = 0; i < 4; i++) {
    const tier = i < 2 ? 'Admin' : 'Baseline'
    const spec: Obj = {
      tier,
      priority: Math.floor(rnd() * 50),
      subject:
        rnd() < 0.5
          ? { namespaces: nsSel() }
          : { pods: { namespaceSelector: {}, podSelector: { matchLabels: { tier: pick(TIERS) } } } },
    }
    if (rnd() < 0.8) spec.ingress = cnpRules(false, tier)
    if (rnd() < 0.5) spec.egress = cnpRules(true, tier)
    out.push({
      apiVersion: 'policy.networking.k8s.io/v1alpha2',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: `cnp-${i}` },
      spec,
    })
  }
  const calicoSelector = (): string =>
    pick([
      `tier == '${pick(TIERS)}'`,
      `tier in {'${pick(TIERS)}', '${pick(TIERS)}'} && version != 'v2'`,
      `has(app) && !(tier == 'db')`,
      `version == 'v1' || tier == '${pick(TIERS)}'`,
      'all()',
      `projectcalico.org/namespace == '${pick(namespaces)}'`,
    ])
  const entity = (dest: boolean): Obj => {
    const e: Obj = {}
    const r = rnd()
    if (r < 0.4) e.selector = calicoSelector()
    else if (r < 0.55) e.namespaceSelector = `env == '${pick(['prod', 'dev'])}'`
    else if (r < 0.65) e.notSelector = calicoSelector()
    else if (r < 0.8) e.nets = ['203.0.113.0/24', '10.0.0.0/8']
    if (dest && rnd() < 0.6)
      e.ports = pick([[TIER_PORT[pick(TIERS)]], ['5000:8500'], ['http'], [9090, 'metrics']])
    return e
  }
  for (let i = 0; i < 5; i++) {
    const rules = (): Obj[] =>
      Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => {
        const rule: Obj = { action: pick(['Allow', 'Deny', 'Pass', 'Log', 'Deny']) }
        const dest = entity(true)
        if (dest.ports || rnd() < 0.4) rule.protocol = pick(['TCP', 'UDP', 'TCP'])
        if (rule.protocol === 'UDP') dest.ports = [53]
        rule.source = entity(false)
        rule.destination = dest
        return rule
      })
    const spec: Obj = { selector: calicoSelector() }
    if (i < 4) spec.order = pick([100, 500, 1000, 1500])
    const types = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']])
    spec.types = types
    if (types.includes('Ingress')) spec.ingress = rules()
    if (types.includes('Egress')) spec.egress = rules()
    if (rnd() < 0.3) spec.namespaceSelector = `env == 'prod'`
    out.push({
      apiVersion: 'projectcalico.org/v3',
      kind: 'GlobalNetworkPolicy',
      metadata: { name: `gnp-${i}` },
      spec,
    })
  }
  const endpointSel = (): Obj =>
    rnd() < 0.5 ? { matchLabels: { tier: pick(TIERS) } } : { matchLabels: { app: pick(apps).name } }
  const ciliumPeer = (dir: 'from' | 'to'): Obj => {
    const r = rnd()
    if (r < 0.5) return { [`${dir}Endpoints`]: [endpointSel()] }
    if (r < 0.65)
      return {
        [`${dir}Endpoints`]: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': pick(namespaces) } }],
      }
    if (r < 0.8) return { [`${dir}Entities`]: [pick(['world', 'cluster', 'host', 'remote-node', 'all'])] }
    return { [`${dir}CIDR`]: ['203.0.113.0/24'] }
  }
  const toPorts = (): Obj[] | undefined => {
    const r = rnd()
    if (r < 0.3) return undefined
    if (r < 0.6)
      return [
        {
          ports: [{ port: String(TIER_PORT[pick(TIERS)]), protocol: 'TCP' }],
          rules: { http: [{ method: 'GET', path: '/public' }] },
        },
      ]
    if (r < 0.8)
      return [{ ports: [{ port: 'http', protocol: 'TCP' }] }, { ports: [{ port: '53', protocol: 'ANY' }] }]
    return [{ ports: [{ port: '5000', endPort: 8500, protocol: 'TCP' }] }]
  }
  apps.slice(0, 4).forEach((app, i) => {
    const spec: Obj = { endpointSelector: rnd() < 0.7 ? endpointSel() : {} }
    const rules = (dir: 'from' | 'to') =>
      Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => {
        const rule: Obj = rnd() < 0.85 ? ciliumPeer(dir) : {}
        const ports = toPorts()
        if (ports) rule.toPorts = dir === 'to' ? ports.map((p) => ({ ports: p.ports })) : ports
        return rule
      })
    if (rnd() < 0.8) spec.ingress = rules('from')
    if (rnd() < 0.4) spec.egress = rules('to')
    if (rnd() < 0.3)
      spec.ingressDeny = [
        {
          ...ciliumPeer('from'),
          ...(rnd() < 0.5 ? { toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }] } : {}),
        },
      ]
    if (rnd() < 0.2) spec.enableDefaultDeny = { ingress: false, egress: rnd() < 0.5 }
    out.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: `cnp-${i}`, namespace: app.ns },
      spec,
    })
  })
  return out
}

/** The same objects as one manifest source (a `List`, as `kubectl get -o json` writes). */
export function syntheticSource(opts: SyntheticOptions): ManifestSource {
  return {
    file: `synthetic-${opts.pods}-${opts.policies}.json`,
    text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: syntheticObjects(opts) }),
  }
}

/** One YAML document per object, in the order given. */
export function toYamlDocuments(objects: readonly Obj[]): string {
  // JSON is YAML; one object per document keeps document order meaningful for tests.
  return objects.map((o) => JSON.stringify(o)).join('\n---\n')
}

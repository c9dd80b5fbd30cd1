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
  return objects
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

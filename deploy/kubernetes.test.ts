// The Kubernetes manifests in deploy/kubernetes, fed to the project's own engine: every
// manifest loads without errors, and the NetworkPolicies give the intended isolation.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { clusterFromManifests, simulate } from '@/lib/sim'
import type { SimRequest } from '@/lib/sim'

const DIR = join(__dirname, 'kubernetes')
const COMPOSE = join(__dirname, 'compose.yaml')
const SOURCES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(join(DIR, f), 'utf8') }))

// What a real cluster adds around the manifests: the ingress controller in its own namespace,
// and two pods that must stay out: one in another namespace, one inside podnet-lab without
// the app's labels (a debug pod someone started).
const FIXTURE = `
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx, labels: {kubernetes.io/metadata.name: ingress-nginx}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx}}
    spec: {containers: [{name: controller, image: registry.k8s.io/ingress-nginx/controller, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: default, labels: {app: other}}
spec: {containers: [{name: c, image: busybox, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: podnet-lab, labels: {run: debug}}
spec: {containers: [{name: c, image: busybox, ports: [{containerPort: 8080}]}]}
`

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|PRIVATE|CREDENTIAL|(^|_)KEY$/i
/** A value that only names a variable the operator sets: `${VAR}`, `${VAR:?message}`, `${VAR:-}`. */
const REFERENCE = /^\$\{[A-Z_][A-Z0-9_]*(:\?[^}]*|:-)?\}$/
/** user:password@ in a URL, unless the password is a reference as above */
const URL_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:([^/\s@]+)@/i

/**
 * Literal passwords and secrets in YAML documents: a Secret with data, an env var or a
 * ConfigMap or compose key named like a secret with a literal value, a URL with a password.
 */
function literalSecrets(file: string, text: string): string[] {
  const out: string[] = []
  const walk = (v: unknown, path: string, settings = false) => {
    if (typeof v === 'string') {
      const m = URL_PASSWORD.exec(v)
      if (m && !REFERENCE.test(m[1]!)) out.push(`${file}: ${path} has a password in ${v}`)
      return
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`))
    if (!v || typeof v !== 'object') return
    const o = v as Record<string, unknown>
    // An env entry: {name, value}.
    if (typeof o.name === 'string' && 'value' in o && SECRET_NAME.test(o.name) && o.value !== '')
      out.push(`${file}: ${path} sets ${o.name} to a literal value`)
    for (const [k, x] of Object.entries(o)) {
      const at = path ? `${path}.${k}` : k
      // In a map of settings (ConfigMap data, compose environment), keys named like secrets.
      if (settings && typeof x === 'string' && SECRET_NAME.test(k) && x !== '' && !REFERENCE.test(x))
        out.push(`${file}: ${at} is a literal value`)
      else walk(x, at, k === 'data' || k === 'environment')
    }
  }
  for (const doc of parseAllDocuments(text)) {
    const o = doc.toJS() as Record<string, unknown> | null
    if (!o) continue
    if (o.kind === 'Secret') {
      if (Object.keys((o.data as object) ?? {}).length || Object.keys((o.stringData as object) ?? {}).length)
        out.push(`${file}: a Secret with data (create it with kubectl create secret instead)`)
      // Its keys are secrets by definition: report each once, under the Secret.
      walk({ ...o, data: undefined, stringData: undefined }, '')
      for (const [k, x] of Object.entries({ ...(o.stringData as object) }))
        if (typeof x === 'string') walk(x, `stringData.${k}`)
      continue
    }
    walk(o, '')
  }
  return out
}

const cluster = clusterFromManifests([...SOURCES, { file: 'fixture.yaml', text: FIXTURE }], {
  cni: 'calico',
  nodes: 3,
})
const pod = (ns: string, prefix: string, not?: string) => {
  const p = cluster.pods.find(
    (x) => x.namespace === ns && x.name.startsWith(prefix) && !(not && x.name.startsWith(not)),
  )
  if (!p) throw new Error(`no pod ${ns}/${prefix}* in ${cluster.pods.map((x) => `${x.namespace}/${x.name}`)}`)
  return `${p.namespace}/${p.name}`
}
const APP = pod('podnet-lab', 'podnet-lab-', 'podnet-lab-migrate-')
const MIGRATE = pod('podnet-lab', 'podnet-lab-migrate-')
const DB = pod('podnet-lab', 'postgres-')
const INGRESS = pod('ingress-nginx', 'ingress-nginx-controller')
const OTHER = pod('default', 'other')
const DEBUG = pod('podnet-lab', 'debug')
const go = (req: SimRequest) => simulate(cluster, req)

describe('deploy/kubernetes', () => {
  it('every manifest loads and builds without errors', () => {
    expect(SOURCES.length).toBeGreaterThanOrEqual(6)
    for (const src of SOURCES) {
      const alone = clusterFromManifests([src])
      const errors = alone.issues.filter((i) => i.severity === 'error')
      expect(errors, src.file).toEqual([])
    }
    expect(cluster.issues.filter((i) => i.severity === 'error')).toEqual([])
  })

  it('the Deployment has liveness /healthz and readiness /readyz probes', () => {
    const app = cluster.objects.find((o) => o.kind === 'Deployment' && o.name === 'podnet-lab')
    type Probe = { httpGet: { path: string } }
    const spec = app?.raw.spec as {
      template: { spec: { containers: { livenessProbe: Probe; readinessProbe: Probe }[] } }
    }
    const c = spec.template.spec.containers[0]
    expect(c.livenessProbe.httpGet.path).toBe('/healthz')
    expect(c.readinessProbe.httpGet.path).toBe('/readyz')
  })

  it('only the app and the migration Job reach the database', () => {
    for (const from of [APP, MIGRATE]) {
      const r = go({ from: { pod: from }, to: { service: 'podnet-lab/postgres' }, port: 5432 })
      expect(r.outcome, from).toBe('connected')
    }
    expect(go({ from: { pod: MIGRATE }, to: { service: 'podnet-lab/podnet-lab' } }).outcome).toBe('timed-out')
    for (const from of [INGRESS, OTHER, DEBUG]) {
      const r = go({ from: { pod: from }, to: { service: 'podnet-lab/postgres' }, port: 5432 })
      expect(r.outcome, from).toBe('timed-out')
      expect(go({ from: { pod: from }, to: { pod: DB }, port: 5432 }).outcome, from).toBe('timed-out')
    }
  })

  it('the app is reachable from the ingress controller and from nothing else in the cluster', () => {
    expect(go({ from: { pod: INGRESS }, to: { service: 'podnet-lab/podnet-lab' } }).outcome).toBe('connected')
    for (const from of [OTHER, DEBUG, DB, MIGRATE]) {
      expect(go({ from: { pod: from }, to: { service: 'podnet-lab/podnet-lab' } }).outcome, from).toBe(
        'timed-out',
      )
    }
  })

  it('DNS is allowed, and nothing else leaves the namespace inside the cluster', () => {
    for (const from of [APP, DB, DEBUG, MIGRATE]) {
      const dns = go({
        from: { pod: from },
        to: { service: 'kube-system/kube-dns' },
        port: 53,
        protocol: 'UDP',
      })
      expect(dns.outcome, from).toBe('connected')
    }
    for (const from of [APP, DB, DEBUG]) {
      expect(go({ from: { pod: from }, to: { pod: OTHER }, port: 8080 }).outcome, from).toBe('timed-out')
    }
    expect(go({ from: { pod: DB }, to: { pod: APP }, port: 3000 }).outcome).toBe('timed-out')
    expect(go({ from: { pod: DEBUG }, to: { pod: APP }, port: 3000 }).outcome).toBe('timed-out')
  })

  it('no manifest, nor the compose file, carries a literal password or secret', () => {
    const found = [...SOURCES, { file: '../compose.yaml', text: readFileSync(COMPOSE, 'utf8') }].flatMap(
      (src) => literalSecrets(src.file, src.text),
    )
    expect(found).toEqual([])
    // The checker itself finds what the manifests once shipped.
    expect(
      literalSecrets(
        'old.yaml',
        `kind: Secret
stringData: {POSTGRES_PASSWORD: change-me, DATABASE_URL: 'postgres://podnet:change-me@db/podnet'}
---
kind: Pod
spec: {containers: [{name: c, env: [{name: PODNET_ADMIN_PASSWORD, value: change-me-too}]}]}
---
services: {app: {environment: {OIDC_CLIENT_SECRET: '\${OIDC_CLIENT_SECRET:-s3cret}'}}}
`,
      ),
    ).toEqual([
      'old.yaml: a Secret with data (create it with kubectl create secret instead)',
      'old.yaml: stringData.DATABASE_URL has a password in postgres://podnet:change-me@db/podnet',
      'old.yaml: spec.containers[0].env[0] sets PODNET_ADMIN_PASSWORD to a literal value',
      'old.yaml: services.app.environment.OIDC_CLIENT_SECRET is a literal value',
    ])
  })

  it('the app reaches outside HTTPS (OIDC, LMS) but the database does not', () => {
    expect(go({ from: { pod: APP }, to: { ip: '203.0.113.10' }, port: 443 }).outcome).toBe('connected')
    expect(go({ from: { pod: APP }, to: { ip: '203.0.113.10' }, port: 80 }).outcome).toBe('timed-out')
    expect(go({ from: { pod: DB }, to: { ip: '203.0.113.10' }, port: 443 }).outcome).toBe('timed-out')
  })
})

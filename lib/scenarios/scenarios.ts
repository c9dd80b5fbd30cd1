// Lab scenarios as authors write them: a folder under content/scenarios/ with manifests and
// an optional lab.yaml (title, CNI, panels, editable files, flows to watch). Read on the
// server at build time; a mistake fails the build with the file and the reason.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { isCniName } from '../sim/cni/profiles'
import type { CniName } from '../sim/cni/profiles'
import { LOAD_BALANCER_PROVIDERS } from '../sim/model/types'
import type { LoadBalancerProvider } from '../sim/model/types'

// Read at build time only (every lab page is static), so the server bundle need not trace it.
export const SCENARIO_ROOT = join(/* turbopackIgnore: true */ process.cwd(), 'content', 'scenarios')

export type Panel = 'cluster' | 'editor' | 'terminal' | 'traffic'
export const PANELS: readonly Panel[] = ['cluster', 'editor', 'terminal', 'traffic']

export interface FlowSpec {
  /** `ns/pod` (or a workload's `ns/name`), `node/NAME` or an IP */
  from: string
  /** `ns/pod`, `svc/ns/name`, a DNS name or an IP */
  to: string
  /** `80/TCP`, `53/UDP`, `ICMP` */
  port: string
  label?: string
}

export interface ScenarioFile {
  name: string
  text: string
  editable: boolean
}

export interface Scenario {
  name: string
  title: string
  description?: string
  cni: CniName
  nodes?: number
  /** SV-12: `cloud` or `metallb` gives LoadBalancer Services an address; default `none` (<pending>) */
  loadBalancer?: LoadBalancerProvider
  panels: Panel[]
  files: ScenarioFile[]
  flows: FlowSpec[]
}

export class ScenarioError extends Error {}

const MANIFEST = /\.(ya?ml|json)$/i

function fail(file: string, why: string): never {
  throw new ScenarioError(`${file}: ${why}`)
}

function stringList(file: string, field: string, v: unknown): string[] | undefined {
  if (v === undefined) return undefined
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    fail(file, `${field} must be a list of strings`)
  return v as string[]
}

/** Reads and checks content/scenarios/<name>/. */
export function readScenario(name: string, root = SCENARIO_ROOT): Scenario {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    fail(name, 'a scenario name is lowercase letters, digits and hyphens')
  const dir = join(/* turbopackIgnore: true */ root, name)
  if (!existsSync(dir)) fail(dir, 'no such scenario folder')
  const labFile = join(/* turbopackIgnore: true */ dir, 'lab.yaml')
  let meta: Record<string, unknown> = {}
  if (existsSync(labFile)) {
    try {
      meta = (parse(readFileSync(labFile, 'utf8')) ?? {}) as Record<string, unknown>
    } catch (e) {
      fail(labFile, `not valid YAML: ${(e as Error).message}`)
    }
    if (typeof meta !== 'object' || Array.isArray(meta)) fail(labFile, 'expected a mapping')
  }
  const editable = stringList(labFile, 'editable', meta.editable) ?? []
  const cni = meta.cni ?? 'calico'
  if (typeof cni !== 'string' || !isCniName(cni))
    fail(labFile, `cni must be one of flannel, calico, cilium, weave, canal (got ${String(cni)})`)
  const panels = (stringList(labFile, 'panels', meta.panels) ?? [...PANELS]) as Panel[]
  for (const p of panels)
    if (!PANELS.includes(p)) fail(labFile, `unknown panel "${p}" (use ${PANELS.join(', ')})`)
  const flows = (
    Array.isArray(meta.flows)
      ? meta.flows
      : meta.flows === undefined
        ? []
        : fail(labFile, 'flows must be a list')
  ).map((f: unknown, i: number) => {
    const x = f as Record<string, unknown>
    for (const k of ['from', 'to', 'port'])
      if (typeof x?.[k] !== 'string')
        fail(
          labFile,
          `flows[${i}].${k} must be a string (e.g. from: demo/client, to: demo/web, port: 80/TCP)`,
        )
    return {
      from: x.from,
      to: x.to,
      port: x.port,
      ...(typeof x.label === 'string' ? { label: x.label } : {}),
    } as FlowSpec
  })
  const files: ScenarioFile[] = readdirSync(dir)
    .filter((f) => MANIFEST.test(f) && f !== 'lab.yaml')
    .sort()
    .map((f) => ({
      name: f,
      text: readFileSync(join(/* turbopackIgnore: true */ dir, f), 'utf8'),
      editable: editable.includes(f),
    }))
  for (const e of editable)
    if (!files.some((f) => f.name === e)) fail(labFile, `editable file ${e} is not in ${dir}`)
  if (!files.length) fail(dir, 'a scenario needs at least one manifest file')
  const nodes = meta.nodes
  if (nodes !== undefined && (typeof nodes !== 'number' || nodes < 1 || nodes > 20))
    fail(labFile, 'nodes must be a number from 1 to 20')
  const loadBalancer = meta.loadBalancer
  if (loadBalancer !== undefined && !(LOAD_BALANCER_PROVIDERS as readonly unknown[]).includes(loadBalancer))
    fail(
      labFile,
      `loadBalancer must be one of ${LOAD_BALANCER_PROVIDERS.join(', ')} (got ${String(loadBalancer)})`,
    )
  return {
    name,
    title: typeof meta.title === 'string' ? meta.title : name,
    ...(typeof meta.description === 'string' ? { description: meta.description } : {}),
    cni,
    ...(typeof nodes === 'number' ? { nodes } : {}),
    ...(loadBalancer !== undefined ? { loadBalancer: loadBalancer as LoadBalancerProvider } : {}),
    panels,
    files,
    flows,
  }
}

export function listScenarios(root = SCENARIO_ROOT): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

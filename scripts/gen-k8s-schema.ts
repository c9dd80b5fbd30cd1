// Generates lib/sim/manifest/k8s-schema.generated.ts: the field tree of every kind the
// simulator reads, taken from the Kubernetes OpenAPI models that @kubernetes/client-node
// publishes. Structural checks (unknown fields, wrong types, missing required fields)
// then follow the real API instead of a hand-written copy of it.
//
//   npm run gen:schema            rewrite the file
//   npm run gen:schema -- --check exit 1 when the file is out of date
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The top-level kinds the simulator understands, with the model that describes each. */
export const SUPPORTED_KINDS: Record<string, { apiVersions: string[]; model: string }> = {
  Namespace: { apiVersions: ['v1'], model: 'V1Namespace' },
  Pod: { apiVersions: ['v1'], model: 'V1Pod' },
  Service: { apiVersions: ['v1'], model: 'V1Service' },
  ReplicationController: { apiVersions: ['v1'], model: 'V1ReplicationController' },
  Deployment: { apiVersions: ['apps/v1'], model: 'V1Deployment' },
  ReplicaSet: { apiVersions: ['apps/v1'], model: 'V1ReplicaSet' },
  StatefulSet: { apiVersions: ['apps/v1'], model: 'V1StatefulSet' },
  DaemonSet: { apiVersions: ['apps/v1'], model: 'V1DaemonSet' },
  Job: { apiVersions: ['batch/v1'], model: 'V1Job' },
  CronJob: { apiVersions: ['batch/v1'], model: 'V1CronJob' },
  EndpointSlice: { apiVersions: ['discovery.k8s.io/v1'], model: 'V1EndpointSlice' },
  NetworkPolicy: { apiVersions: ['networking.k8s.io/v1'], model: 'V1NetworkPolicy' },
}

// client-node maps resource.Quantity to string, but the API server also accepts a bare
// number (`cpu: 1`). These are the Quantity-valued fields reachable from the kinds above.
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits',
  'V1ResourceRequirements.requests',
  'V1PodSpec.overhead',
  'V1EmptyDirVolumeSource.sizeLimit',
  'V1VolumeResourceRequirements.limits',
  'V1VolumeResourceRequirements.requests',
  'V1PersistentVolumeClaimStatus.capacity',
  'V1PersistentVolumeClaimStatus.allocatedResources',
  'V1ContainerStatus.allocatedResources',
])

type Attr = { name: string; baseName: string; type: string; format: string }
type FieldOut = { t: string; r?: 1 }

function modelsDir(): string {
  const require = createRequire(import.meta.url)
  const main = require.resolve('@kubernetes/client-node')
  return join(dirname(main), 'gen', 'models')
}

/** Required fields are the ones the generated class declares without `?`. */
function requiredFields(model: string): Set<string> {
  const text = readFileSync(join(modelsDir(), `${model}.d.ts`), 'utf8')
  const out = new Set<string>()
  for (const m of text.matchAll(/^\s+'([^']+)'(\??):/gm)) if (!m[2]) out.add(m[1]!)
  return out
}

function normalise(type: string, format: string, queue: string[]): string {
  const arr = /^Array<(.+)>$/.exec(type)
  if (arr) return `[]${normalise(arr[1]!, format, queue)}`
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type)
  if (map) return `map[${normalise(map[1]!, format, queue)}]`
  switch (type) {
    case 'string':
      return format === 'date-time' || format === 'date-time-micro' ? 'date' : 'string'
    case 'number':
      return format === 'double' ? 'number' : 'integer'
    case 'boolean':
      return 'boolean'
    case 'IntOrString':
      return 'int-or-string'
    case 'Date':
    case 'V1MicroTime':
      return 'date'
    case 'any':
    case 'object':
      return 'any'
    default:
      queue.push(type)
      return type
  }
}

// The models are read one file at a time: the package's entry point pulls in an HTTP
// client that needs a newer Node than the one this project supports.
async function loadModel(model: string): Promise<{ attributeTypeMap?: Attr[] } | undefined> {
  const file = join(modelsDir(), `${model}.js`)
  try {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, { attributeTypeMap?: Attr[] }>
    return mod[model]
  } catch {
    return undefined
  }
}

export async function generateSchemaSource(): Promise<string> {
  const types: Record<string, Record<string, FieldOut>> = {}
  const queue = Object.values(SUPPORTED_KINDS).map((k) => k.model)
  while (queue.length) {
    const model = queue.shift()!
    if (types[model]) continue
    const cls = await loadModel(model)
    if (!cls?.attributeTypeMap) throw new Error(`model ${model} not found in @kubernetes/client-node`)
    const required = requiredFields(model)
    const fields: Record<string, FieldOut> = {}
    for (const attr of cls.attributeTypeMap) {
      let t = normalise(attr.type, attr.format, queue)
      if (QUANTITY_FIELDS.has(`${model}.${attr.baseName}`))
        t = t.startsWith('map[') ? 'map[quantity]' : 'quantity'
      fields[attr.baseName] = required.has(attr.name) ? { t, r: 1 } : { t }
    }
    types[model] = fields
  }
  const sorted = Object.fromEntries(
    Object.keys(types)
      .sort()
      .map((k) => [k, types[k]]),
  )
  const version = (
    createRequire(import.meta.url)('@kubernetes/client-node/package.json') as { version: string }
  ).version
  return [
    '// Generated by scripts/gen-k8s-schema.ts from the Kubernetes OpenAPI models in',
    `// @kubernetes/client-node ${version}. Do not edit: run \`npm run gen:schema\`.`,
    '//',
    '// Field types: string, integer, number, boolean, int-or-string, quantity, date, any,',
    '// []T (list), map[T] (string-keyed map) or the name of another type below.',
    '// `r: 1` marks a field the API requires.',
    '',
    "import type { SchemaTypes, SupportedKinds } from './k8s-schema-types'",
    '',
    `export const SUPPORTED_KINDS: SupportedKinds = ${JSON.stringify(SUPPORTED_KINDS)}`,
    '',
    `export const SCHEMA_TYPES: SchemaTypes = ${JSON.stringify(sorted)}`,
    '',
  ].join('\n')
}

const here = dirname(fileURLToPath(import.meta.url))
export const GENERATED_PATH = join(here, '..', 'lib', 'sim', 'manifest', 'k8s-schema.generated.ts')

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = await generateSchemaSource()
  if (process.argv.includes('--check')) {
    const current = readFileSync(GENERATED_PATH, 'utf8')
    if (current !== source) {
      console.error(`${GENERATED_PATH} is out of date: run npm run gen:schema`)
      process.exit(1)
    }
  } else {
    writeFileSync(GENERATED_PATH, source)
    console.log(`wrote ${GENERATED_PATH} (${Object.keys(SUPPORTED_KINDS).length} kinds)`)
  }
}

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

/** The first sentence of each field's doc comment, for editor hovers and completion. */
function fieldDescriptions(model: string): Record<string, string> {
  const text = readFileSync(join(modelsDir(), `${model}.d.ts`), 'utf8')
  const out: Record<string, string> = {}
  for (const m of text.matchAll(/\/\*\*\n((?:\s*\*.*\n)+?)\s*\*\/\n\s+'([^']+)'\??:/g)) {
    const doc = m[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, ''))
      .join(' ')
      .replace(/\\'/g, "'")
      .replace(/\\"/g, '"')
      .replace(/\s+/g, ' ')
      .trim()
    // IntOrString's generic comment says nothing about the field.
    if (doc && !doc.startsWith('IntOrString is a type')) out[m[2]!] = firstSentences(doc)
  }
  return out
}

function firstSentences(doc: string): string {
  const cut = doc.slice(0, 400)
  const end = cut.search(/\.\s+[A-Z]/)
  return end > 40 ? cut.slice(0, end + 1) : cut.length < doc.length ? `${cut}…` : cut
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

export async function generateSchemaSources(): Promise<{ schema: string; descriptions: string }> {
  const types: Record<string, Record<string, FieldOut>> = {}
  const descriptions: Record<string, Record<string, string>> = {}
  const queue = Object.values(SUPPORTED_KINDS).map((k) => k.model)
  while (queue.length) {
    const model = queue.shift()!
    if (types[model]) continue
    const cls = await loadModel(model)
    if (!cls?.attributeTypeMap) throw new Error(`model ${model} not found in @kubernetes/client-node`)
    const required = requiredFields(model)
    descriptions[model] = fieldDescriptions(model)
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
  const header = [
    '// Generated by scripts/gen-k8s-schema.ts from the Kubernetes OpenAPI models in',
    `// @kubernetes/client-node ${version}. Do not edit: run \`npm run gen:schema\`.`,
  ]
  const schema = [
    ...header,
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
  const docs = Object.fromEntries(
    Object.keys(descriptions)
      .sort()
      .filter((k) => Object.keys(descriptions[k]!).length)
      .map((k) => [k, descriptions[k]]),
  )
  const descriptionsSource = [
    ...header,
    '//',
    "// The first sentences of each field's documentation, for editor hovers. Kept apart from",
    '// the field tree so that only the editor loads them.',
    '',
    `export const FIELD_DESCRIPTIONS: Record<string, Record<string, string>> = ${JSON.stringify(docs)}`,
    '',
  ].join('\n')
  return { schema, descriptions: descriptionsSource }
}

const here = dirname(fileURLToPath(import.meta.url))
export const GENERATED_PATH = join(here, '..', 'lib', 'sim', 'manifest', 'k8s-schema.generated.ts')
export const DESCRIPTIONS_PATH = join(here, '..', 'lib', 'sim', 'manifest', 'k8s-descriptions.generated.ts')

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { schema, descriptions } = await generateSchemaSources()
  if (process.argv.includes('--check')) {
    const stale = [
      [GENERATED_PATH, schema],
      [DESCRIPTIONS_PATH, descriptions],
    ].filter(([path, text]) => readFileSync(path!, 'utf8') !== text)
    for (const [path] of stale) console.error(`${path} is out of date: run npm run gen:schema`)
    if (stale.length) process.exit(1)
  } else {
    writeFileSync(GENERATED_PATH, schema)
    writeFileSync(DESCRIPTIONS_PATH, descriptions)
    console.log(
      `wrote ${GENERATED_PATH} and ${DESCRIPTIONS_PATH} (${Object.keys(SUPPORTED_KINDS).length} kinds)`,
    )
  }
}

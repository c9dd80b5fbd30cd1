// The exercise file as authors write it (content/scenarios/<scenario>/exercises/<id>.yaml),
// as a zod schema: it validates the parsed YAML, documents every field (the descriptions
// end up in the JSON Schema an editor can use), and gives the types of the parsed file.
import { z } from 'zod'
import { CNI_NAMES } from '../sim/cni/profiles'
import type { CniName } from '../sim/cni/profiles'
import { parsePortSpec, TargetError } from '../session/targets'

// zod compiles object parsers with `new Function` unless told not to; the site's CSP has no
// 'unsafe-eval', and even zod's probe for it would be reported as a violation.
z.config({ jitless: true })

export const OUTCOMES = ['connected', 'dropped', 'refused', 'no-such-host'] as const
export type ExpectedOutcome = (typeof OUTCOMES)[number]

const SLUG = /^[a-z0-9][a-z0-9-]*$/
const OBJECT_REF = /^[A-Z][A-Za-z]*\/[a-z0-9-]*\/(\*|[a-z0-9][a-z0-9.-]*)$/
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(ya?ml|json)$/

const oneOf = (values: readonly string[]) => () => `must be one of ${values.join(', ')}`

const slug = (what: string) =>
  z
    .string({ error: `must be a string (${what})` })
    .regex(SLUG, { error: 'must be lowercase letters, digits and hyphens' })

const text = (what: string) =>
  z.string({ error: `must be a string (${what})` }).min(1, { error: 'must not be empty' })

const portSpec = z
  .string({ error: 'must be a string such as 5432/TCP, 53/UDP or ICMP' })
  .superRefine((v, ctx) => {
    try {
      parsePortSpec(v)
    } catch (e) {
      if (!(e instanceof TargetError)) throw e
      ctx.addIssue({ code: 'custom', message: e.message })
    }
  })

const objectRef = z.string({ error: 'must be a string Kind/namespace/name' }).regex(OBJECT_REF, {
  error:
    'must be Kind/namespace/name, e.g. Deployment/shop/web or Namespace//shop (an empty namespace for cluster-scoped kinds)',
})

const fileTexts = (what: string) =>
  z
    .record(
      z.string().regex(FILE_NAME, { error: 'a file name ends in .yaml, .yml or .json and has no folder' }),
      z.string({ error: 'must be the text of the file (use a YAML block scalar: |)' }),
    )
    .describe(what)

const checkName = z
  .string()
  .min(1)
  .optional()
  .describe('What the learner reads for this check; a name is generated from the check when omitted')

export const reachabilityCheckSchema = z
  .object({
    kind: z.literal('reachability'),
    name: checkName,
    from: text('the source').describe(
      'Where the connection starts: ns/pod (or a workload name ns/deployment), node/NAME, or an outside IPv4 address',
    ),
    to: text('the destination').describe(
      'Where it goes: ns/pod, svc/ns/name, ns/service, a DNS name (db.shop, db.shop.svc.cluster.local) or an IPv4 address',
    ),
    port: portSpec
      .optional()
      .describe("PORT/PROTOCOL (5432/TCP, 53/UDP) or ICMP; defaults to the Service's or pod's first port"),
    request: z
      .string({ error: 'must be a string such as GET /public' })
      .regex(/^[A-Z]+ \/\S*$/, { error: 'must be an HTTP method and a path, e.g. GET /public' })
      .optional()
      .describe(
        "An HTTP request sent once connected, judged by the CNI's L7 proxy where it has one (Cilium's HTTP rules); a request the proxy refuses counts as dropped",
      ),
    expect: z
      .enum(OUTCOMES, { error: oneOf(OUTCOMES) })
      .describe(
        'connected: established; dropped: a NetworkPolicy drops it; refused: nothing listens or the Service has no endpoints; no-such-host: the name does not resolve (also when DNS itself is blocked)',
      ),
  })
  .strict()
  .describe('Simulates one connection in the graded cluster and compares the outcome')

export const sameAsSolutionCheckSchema = z
  .object({
    kind: z.literal('same-as-solution'),
    name: checkName,
    externals: z
      .array(z.ipv4({ error: 'must be an IPv4 address' }))
      .optional()
      .describe(
        'Outside addresses to include as sources and destinations (needed when the exercise involves ipBlock)',
      ),
    ports: z
      .array(portSpec)
      .optional()
      .describe(
        'Ports compared besides every container port in the cluster (the DNS ports of kube-dns included). A port listed here is compared on every destination, whether or not anything listens there: a connection that policy lets through to a closed port is refused at once, one it drops times out. E.g. 5433/TCP to tell "only TCP 5432" from "every port", or the edges of an endPort range',
      ),
  })
  .strict()
  .describe(
    "The learner's connectivity over every pod pair and every listening port, every port listed in `ports` and the outside addresses listed, equals the reference solution's",
  )

export const DNS_TYPES = ['A', 'SRV'] as const
export const DNS_EXPECT = ['records', 'none'] as const

export const dnsCheckSchema = z
  .object({
    kind: z.literal('dns'),
    name: checkName,
    from: text('the pod that looks the name up').describe(
      "The pod whose resolver asks (ns/pod): its search list and ndots:5 apply, and the query to the cluster DNS crosses the pod's egress policies",
    ),
    query: text('the name looked up').describe(
      'The name looked up, e.g. _postgres._tcp.db.app.svc.cluster.local for an SRV record; a short name goes through the search list',
    ),
    type: z
      .enum(DNS_TYPES, { error: oneOf(DNS_TYPES) })
      .optional()
      .describe('The record type asked for; default A'),
    expect: z
      .enum(DNS_EXPECT, { error: oneOf(DNS_EXPECT) })
      .describe(
        'records: the DNS answers with at least one record of that type; none: it answers that there is none (NXDOMAIN, or a name without records of that type). A query that gets no answer at all (DNS blocked or down) fails both',
      ),
    records: z
      .array(z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }))
      .min(1, { error: 'list at least one record, or leave records out' })
      .optional()
      .describe(
        'With expect: records, the answer must be exactly these records, in any order, as dig +short prints them: an address for A; priority, weight, port and target for SRV ("0 100 5432 db.app.svc.cluster.local.")',
      ),
  })
  .strict()
  .refine((c) => c.records === undefined || c.expect === 'records', {
    error: 'records goes with expect: records',
  })
  .describe("A DNS lookup from a pod, through its resolver and its policies, and the answer's records")

export const countCheckSchema = z
  .object({
    kind: z.literal('count'),
    name: checkName,
    resource: text('a kind').describe('The kind counted, e.g. NetworkPolicy'),
    namespace: z.string().optional().describe('Count only in this namespace'),
    min: z.int().min(0).optional().describe('At least this many'),
    max: z.int().min(0).optional().describe('At most this many'),
  })
  .strict()
  .refine((c) => c.min !== undefined || c.max !== undefined, { error: 'give min, max or both' })
  .describe('How many objects of a kind the graded cluster holds')

export const unchangedCheckSchema = z
  .object({
    kind: z.literal('unchanged'),
    name: checkName,
    object: objectRef.describe('The object that must be as it starts, labels and annotations included'),
  })
  .strict()
  .describe('An object is exactly as in the starting state')

export const fieldCheckSchema = z
  .object({
    kind: z.literal('field'),
    name: checkName,
    object: objectRef.describe(
      'The object whose field is checked; a name of * means every object of that kind in the namespace',
    ),
    selects: z
      .string()
      .optional()
      .describe('Only NetworkPolicies whose podSelector selects this pod (ns/pod)'),
    path: text('a field path')
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+|\[\d+\])*$/, {
        error: 'must be a field path such as spec.policyTypes or spec.ingress[0].ports',
      })
      .describe('The field, as the API server writes it: spec.policyTypes, spec.egress[0].to'),
    equals: z.unknown().optional().describe('The field equals this value'),
    contains: z
      .unknown()
      .optional()
      .describe('The field is a list holding this value (or a string holding this text)'),
    exists: z.boolean().optional().describe('The field is present (true) or absent (false)'),
    match: z
      .enum(['every', 'some'], { error: oneOf(['every', 'some']) })
      .optional()
      .describe('With *: every matching object must pass (the default), or at least one'),
  })
  .strict()
  .refine((c) => [c.equals, c.contains, c.exists].filter((x) => x !== undefined).length === 1, {
    error: 'give exactly one of equals, contains, exists',
  })
  .describe('A field of an object, as written in the manifests (after namespace defaulting)')

export const checkSchema = z.discriminatedUnion(
  'kind',
  [
    reachabilityCheckSchema,
    sameAsSolutionCheckSchema,
    dnsCheckSchema,
    countCheckSchema,
    unchangedCheckSchema,
    fieldCheckSchema,
  ],
  { error: oneOf(['reachability', 'same-as-solution', 'dns', 'count', 'unchanged', 'field']) },
)

export const wrongAnswerSchema = z
  .object({
    name: text('what the mistake is').describe('The classic mistake this answer makes'),
    files: fileTexts('The editable files of the wrong answer; a missing file means its starting version'),
    message: text('a message').describe(
      'Text (a substring) that a failing check of this answer must show the learner',
    ),
  })
  .strict()

export const exerciseSchema = z
  .object({
    id: slug('the id').describe('Unique in the course; also the file name without .yaml'),
    title: text('the title').describe('Shown above the task'),
    lesson: slug('a lesson slug').describe(
      'Slug of the lesson that embeds the exercise (content/lessons/<slug>.mdx)',
    ),
    scenario: slug('a scenario name').describe(
      'The scenario (content/scenarios/<name>/) whose manifests the exercise starts from',
    ),
    task: text('the task').describe('What the learner must do, in Markdown'),
    cni: z
      .enum(CNI_NAMES as unknown as [CniName, ...CniName[]], { error: oneOf(CNI_NAMES) })
      .optional()
      .describe("The CNI profile; defaults to the scenario's"),
    editable: z
      .array(z.string().regex(FILE_NAME, { error: 'must be a file name ending in .yaml, .yml or .json' }))
      .min(1)
      .optional()
      .describe("The files the learner edits; defaults to the scenario's editable files"),
    files: fileTexts(
      "Starting files that replace the scenario's file of the same name, or add one (e.g. a buggy policy.yaml to repair)",
    ).optional(),
    frozen: z
      .array(objectRef)
      .optional()
      .describe('Objects that must not change (each becomes an unchanged check), as Kind/namespace/name'),
    hints: z.array(text('a hint')).optional().describe('Hints in the order they are revealed, in Markdown'),
    solution: fileTexts(
      'The reference solution: the final text of editable files (missing ones stay as they start)',
    ),
    checks: z.array(checkSchema).min(1, { error: 'an exercise needs at least one check' }),
    wrong: z
      .array(wrongAnswerSchema)
      .min(1, { error: 'give at least one known wrong answer (a classic mistake)' })
      .describe('Known wrong answers: each must fail, showing its message'),
  })
  .strict()
  .describe('A graded exercise: a task on a scenario, a reference solution, checks and known wrong answers')

/** An exercise file as parsed from YAML. */
export type ExerciseSpec = z.infer<typeof exerciseSchema>
export type Check = z.infer<typeof checkSchema>
export type ReachabilityCheck = z.infer<typeof reachabilityCheckSchema>
export type SameAsSolutionCheck = z.infer<typeof sameAsSolutionCheckSchema>
export type DnsCheck = z.infer<typeof dnsCheckSchema>
export type CountCheck = z.infer<typeof countCheckSchema>
export type UnchangedCheck = z.infer<typeof unchangedCheckSchema>
export type FieldCheck = z.infer<typeof fieldCheckSchema>
export type WrongAnswer = z.infer<typeof wrongAnswerSchema>

let jsonSchema: unknown
/** The exercise file's JSON Schema (for editors), made once on first use. */
export function exerciseJsonSchema(): unknown {
  return (jsonSchema ??= z.toJSONSchema(exerciseSchema, { io: 'input', unrepresentable: 'any' }))
}

/**
 * The first problem of a parse as `{ path, message }`, worded for an author: a missing
 * field is "is required", an unknown one "unknown field", and the path points at it.
 */
export function firstProblem(data: unknown, error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0]!
  if (issue.code === 'unrecognized_keys')
    return {
      path: formatPath([...issue.path, issue.keys[0]!]),
      message: `unknown field${issue.keys.length > 1 ? ` (also ${issue.keys.slice(1).join(', ')})` : ''}`,
    }
  if (issue.code === 'invalid_type' && issue.path.length && valueAt(data, issue.path) === undefined)
    return { path: formatPath(issue.path), message: 'is required' }
  if (issue.code === 'invalid_key')
    return { path: formatPath(issue.path), message: issue.issues[0]?.message ?? issue.message }
  if (!issue.path.length && (data === null || typeof data !== 'object' || Array.isArray(data)))
    return { path: '', message: 'an exercise file is a YAML mapping (id: …, title: …)' }
  return { path: formatPath(issue.path), message: issue.message }
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur = data
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<PropertyKey, unknown>)[seg]
  }
  return cur
}

/** `checks[2].expect` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out ? `.${String(seg)}` : String(seg)
  }
  return out
}

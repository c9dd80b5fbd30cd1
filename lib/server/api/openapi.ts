// The OpenAPI 3.1 document, generated from the route registry: the same zod schemas that
// validate requests describe them (zod 4's toJSONSchema).
import { z } from 'zod'
import type { RouteDef } from './route'
import { CSRF_HEADER } from './handle'
import { SECURE_COOKIE } from './cookies'

const schemaOf = (s: z.ZodType, io: 'input' | 'output') => {
  const j = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >
  delete j.$schema
  return j
}

const ERROR = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    field: { type: 'string', description: 'the request field at fault' },
  },
  required: ['error'],
}

function parameters(route: RouteDef) {
  const out: unknown[] = []
  const add = (schema: z.ZodType | undefined, where: 'path' | 'query') => {
    if (!schema) return
    const j = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
    for (const [name, s] of Object.entries(j.properties ?? {}))
      out.push({
        name,
        in: where,
        required: where === 'path' || (j.required ?? []).includes(name),
        schema: s,
      })
  }
  add(route.params, 'path')
  add(route.query, 'query')
  for (const name of route.paramNames)
    if (!out.some((p) => (p as { name: string }).name === name))
      out.push({ name, in: 'path', required: true, schema: { type: 'string' } })
  return out
}

export function openApiDocument(routes: readonly RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const r of routes) {
    const responses: Record<string, unknown> = {}
    for (const [status, spec] of Object.entries(r.responses)) {
      const type = spec.contentType ?? 'application/json'
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? { content: { [type]: { schema: schemaOf(spec.schema, 'output') } } }
          : type !== 'application/json'
            ? { content: { [type]: { schema: { type: 'string' } } } }
            : {}),
      }
    }
    const common: [number, string][] = [
      [400, 'a parameter, the query or the body is invalid (the field is named)'],
    ]
    if (r.access !== 'public')
      common.push([401, 'no valid session'], [403, 'the session may not do this (or a missing CSRF token)'])
    const bodyType = r.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json'
    if (r.body) common.push([413, 'the body is over 1 MB'], [415, `the body is not ${bodyType}`])
    if (r.access.startsWith('cohort-')) common.push([404, 'no such cohort'])
    for (const [status, description] of common)
      responses[status] ??= { description, content: { 'application/json': { schema: ERROR } } }
    const op: Record<string, unknown> = {
      operationId: r.id,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      security: r.access === 'public' ? [] : [{ session: [] }],
      parameters: parameters(r),
      responses,
    }
    if (r.body)
      op.requestBody = {
        required: true,
        content: { [bodyType]: { schema: schemaOf(r.body, 'input') } },
      }
    if (r.crossSite) op['x-cross-site'] = r.crossSite
    ;(paths[r.path] ??= {})[r.method.toLowerCase()] = op
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Podnet Lab cohort API',
      version: '1',
      description: `State changes with a session need the session's CSRF token (GET /api/session) in the ${CSRF_HEADER} header.`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SECURE_COOKIE,
          description:
            'the session cookie set by sign-in (podnet-session over plain http on a non-loopback address)',
        },
      },
    },
  }
}

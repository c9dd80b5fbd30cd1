// Every /api/ operation, in one list. app/api/[...path]/route.ts serves exactly these;
// the OpenAPI document and the authorization test enumerate them from here. A new group of
// operations (LTI, say) adds its list here and gets the same access checks and validation.
import { z } from 'zod'
import { defineRoute } from '../api/route'
import type { RouteDef } from '../api/route'
import { openApiDocument } from '../api/openapi'
import { cohortRoutes } from './cohorts'
import { instructorRoutes } from './instructor'
import { joinRoutes } from './join'
import { learningRoutes } from './learning'
import { ltiRoutes } from './lti'
import { oidcRoutes } from './oidc'
import { sessionRoutes } from './session'

const openApiRoute = defineRoute({
  id: 'openApi',
  method: 'GET',
  path: '/api/openapi.json',
  tag: 'meta',
  summary: 'This document',
  access: 'public',
  responses: { 200: { description: 'the OpenAPI 3.1 document', schema: z.record(z.string(), z.unknown()) } },
  async handler() {
    return { body: document ?? (document = openApiDocument(ROUTES)) }
  },
})

let document: ReturnType<typeof openApiDocument> | undefined

export const ROUTES: readonly RouteDef[] = [
  ...sessionRoutes,
  ...oidcRoutes,
  ...joinRoutes,
  ...cohortRoutes,
  ...learningRoutes,
  ...instructorRoutes,
  ...ltiRoutes,
  openApiRoute,
]

const seen = new Set<string>()
for (const r of ROUTES) {
  const key = `${r.method} ${r.path}`
  if (seen.has(key) || seen.has(r.id)) throw new Error(`duplicate API operation ${key} (${r.id})`)
  seen.add(key)
  seen.add(r.id)
}

// Every /api/ operation is declared once in lib/server/routes/registry.ts; this handler
// hands each request to the route layer, which checks access and validates input there.
import { handleApiRequest } from '@/lib/server'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export const GET = handleApiRequest
export const HEAD = handleApiRequest
export const POST = handleApiRequest
export const PUT = handleApiRequest
export const PATCH = handleApiRequest
export const DELETE = handleApiRequest

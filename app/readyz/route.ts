// Readiness: the database answers and is migrated.
import { readyz } from '@/lib/server'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'
export const GET = readyz

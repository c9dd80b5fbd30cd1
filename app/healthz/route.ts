// Liveness: the process answers (the database is not asked).
import { healthz } from '@/lib/server'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'
export const GET = healthz

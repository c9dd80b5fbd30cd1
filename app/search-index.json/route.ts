// The search index, built once at build time and served as a static JSON file. The search
// box fetches it the first time it is used.
import { getCourse } from '@/lib/content/course'
import { buildSearchIndex } from '@/lib/content/search'

export const dynamic = 'force-static'

export function GET() {
  return Response.json(buildSearchIndex(getCourse()))
}

import Link from 'next/link'
import type { LessonNeighbours } from '@/lib/content/types'

/** Links to the previous and next lesson in reading order. */
export function Pager({ previous, next }: LessonNeighbours) {
  if (!previous && !next) return null
  return (
    <nav aria-label="Previous and next lesson" className="pager">
      {previous ? (
        <Link href={`/lessons/${previous.slug}`} rel="prev" className="pager-link pager-prev">
          <span className="pager-label">Previous</span>
          <span className="pager-title">{previous.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={`/lessons/${next.slug}`} rel="next" className="pager-link pager-next">
          <span className="pager-label">Next</span>
          <span className="pager-title">{next.title}</span>
        </Link>
      )}
    </nav>
  )
}

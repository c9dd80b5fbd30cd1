import type { TocEntry } from '@/lib/content/types'
import { TocHighlight } from './TocHighlight'

interface TocNode extends TocEntry {
  children: TocEntry[]
}

function nest(entries: TocEntry[]): TocNode[] {
  const out: TocNode[] = []
  for (const e of entries) {
    const parent = out[out.length - 1]
    if (e.depth === 3 && parent) parent.children.push(e)
    else out.push({ ...e, children: [] })
  }
  return out
}

/** "On this page": the lesson's h2 and h3 headings, linking to their anchors. */
export function Toc({ entries }: { entries: TocEntry[] }) {
  if (entries.length === 0) return null
  return (
    <nav aria-label="On this page" className="toc">
      <p className="toc-title" aria-hidden="true">
        On this page
      </p>
      <ol>
        {nest(entries).map((e) => (
          <li key={e.id}>
            <a href={`#${e.id}`}>{e.text}</a>
            {e.children.length > 0 && (
              <ol>
                {e.children.map((c) => (
                  <li key={c.id}>
                    <a href={`#${c.id}`}>{c.text}</a>
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
      <TocHighlight ids={entries.map((e) => e.id)} />
    </nav>
  )
}

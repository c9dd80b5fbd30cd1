'use client'

import { useEffect } from 'react'

/**
 * Marks the "On this page" link of the section being read (`aria-current="location"`).
 * Renders nothing: it only watches the headings the TOC links to.
 */
export function TocHighlight({ ids }: { ids: string[] }) {
  useEffect(() => {
    const headings = ids.map((id) => document.getElementById(id)).filter((h): h is HTMLElement => h !== null)
    const links = new Map(
      ids.map((id) => [id, document.querySelector<HTMLAnchorElement>(`.toc a[href="#${CSS.escape(id)}"]`)]),
    )
    if (headings.length === 0 || typeof IntersectionObserver === 'undefined') return
    const visible = new Set<string>()
    let current: string | null = null
    const update = () => {
      // the first heading in view, else the last one above the viewport
      let next = headings.find((h) => visible.has(h.id))?.id ?? null
      if (!next) {
        for (const h of headings) if (h.getBoundingClientRect().top < 0) next = h.id
      }
      if (next === current) return
      if (current) links.get(current)?.removeAttribute('aria-current')
      if (next) links.get(next)?.setAttribute('aria-current', 'location')
      current = next
    }
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) visible.add(e.target.id)
          else visible.delete(e.target.id)
        }
        update()
      },
      { rootMargin: '0px 0px -60% 0px' },
    )
    headings.forEach((h) => io.observe(h))
    return () => {
      io.disconnect()
      if (current) links.get(current)?.removeAttribute('aria-current')
    }
  }, [ids])
  return null
}

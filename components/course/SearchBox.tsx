'use client'

import Link from 'next/link'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { KeyboardEvent, ReactNode } from 'react'
import { prepareIndex, search } from '@/lib/content/search'
import type { PreparedIndex, SearchIndex, SearchResult } from '@/lib/content/search'

export const SEARCH_INDEX_URL = '/search-index.json'

// One fetch per page load, started the first time the box is used.
let indexPromise: Promise<PreparedIndex> | undefined

function loadIndex(): Promise<PreparedIndex> {
  indexPromise ??= fetch(SEARCH_INDEX_URL)
    .then((r) => {
      if (!r.ok) throw new Error(`search index: HTTP ${r.status}`)
      return r.json() as Promise<SearchIndex>
    })
    .then(prepareIndex)
    .catch((e: unknown) => {
      indexPromise = undefined
      throw e
    })
  return indexPromise
}

function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: ReactNode[] = []
  let at = 0
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start))
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>)
    at = end
  }
  if (at < text.length) parts.push(text.slice(at))
  return <>{parts}</>
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
}

type Status = 'idle' | 'loading' | 'ready' | 'error'

/** The search box in the header: loads the index on first use and searches in the browser. */
export function SearchBox() {
  const inputId = useId()
  const panelId = useId()
  const statusId = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [status, setStatus] = useState<Status>('idle')
  const [index, setIndex] = useState<PreparedIndex | null>(null)

  const results: SearchResult[] = useMemo(
    () => (index && query.trim() ? search(index, query) : []),
    [index, query],
  )

  const ensureIndex = () => {
    if (status === 'loading' || status === 'ready') return
    setStatus('loading')
    loadIndex().then(
      (i) => {
        setIndex(i)
        setStatus('ready')
      },
      () => setStatus('error'),
    )
  }

  // "/" focuses the search box, unless the learner is typing somewhere (editor, terminal).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return
      if (isEditable(e.target)) return
      e.preventDefault()
      inputRef.current?.focus()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  const links = () =>
    Array.from(rootRef.current?.querySelectorAll<HTMLAnchorElement>('.search-results a') ?? [])

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      if (open) {
        e.preventDefault()
        setOpen(false)
        inputRef.current?.focus()
      }
      return
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
    const all = links()
    if (all.length === 0) return
    e.preventDefault()
    const i = all.indexOf(document.activeElement as HTMLAnchorElement)
    if (e.key === 'ArrowDown') all[Math.min(i + 1, all.length - 1)]?.focus()
    else if (i <= 0) inputRef.current?.focus()
    else all[i - 1]?.focus()
  }

  const trimmed = query.trim()
  let message = ''
  if (trimmed) {
    if (status === 'loading' || status === 'idle') message = 'Loading the search index…'
    else if (status === 'error') message = 'Search is unavailable right now.'
    else if (results.length === 0) message = `No lessons match “${trimmed}”.`
    else message = `${results.length} result${results.length === 1 ? '' : 's'}`
  }
  const showPanel = open && trimmed !== ''

  return (
    <div
      className="search"
      role="search"
      ref={rootRef}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        if (!rootRef.current?.contains(e.relatedTarget as Node | null)) setOpen(false)
      }}
    >
      <label htmlFor={inputId} className="visually-hidden">
        Search lessons
      </label>
      <svg
        className="search-icon"
        viewBox="0 0 20 20"
        width="16"
        height="16"
        aria-hidden="true"
        focusable="false"
      >
        <circle cx="8.5" cy="8.5" r="5.5" />
        <path d="M12.5 12.5l4.5 4.5" />
      </svg>
      <input
        ref={inputRef}
        id={inputId}
        type="search"
        className="search-input"
        placeholder="Search lessons"
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        value={query}
        aria-describedby={statusId}
        aria-controls={panelId}
        onFocus={() => {
          ensureIndex()
          setOpen(true)
        }}
        onPointerEnter={ensureIndex}
        onChange={(e) => {
          setQuery(e.target.value)
          setOpen(true)
          ensureIndex()
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results[0]) {
            e.preventDefault()
            links()[0]?.click()
          }
        }}
      />
      <kbd className="search-kbd" aria-hidden="true">
        /
      </kbd>
      <p id={statusId} className="visually-hidden" role="status">
        {message}
      </p>
      <div id={panelId} className="search-panel" hidden={!showPanel}>
        {showPanel && (
          <>
            <p className="search-message" aria-hidden="true">
              {message}
            </p>
            {results.length > 0 && (
              <ul className="search-results">
                {results.map((r) => (
                  <li key={r.href}>
                    <Link
                      href={r.href}
                      onClick={() => {
                        setOpen(false)
                        setQuery('')
                      }}
                    >
                      <span className="search-result-title">
                        {r.title}
                        {r.heading && <span className="search-result-heading"> › {r.heading}</span>}
                      </span>
                      <span className="search-result-snippet">
                        <Highlighted text={r.snippet} ranges={r.highlights} />
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  )
}

// Lesson completion, kept in localStorage. A tiny external store read with
// useSyncExternalStore: the server snapshot is "nothing completed", so the first client
// render matches the static HTML, and React re-renders with the stored state right after
// hydration (no hydration mismatch). Other tabs are followed through the `storage` event.
import { useSyncExternalStore } from 'react'

export const PROGRESS_KEY = 'podnet-lab:progress'

interface Stored {
  v: 1
  /** slug → ISO date of completion */
  completed: Record<string, string>
}

const EMPTY: ReadonlySet<string> = new Set()
const listeners = new Set<() => void>()
let lastRaw: string | null | undefined
let lastSet: ReadonlySet<string> = EMPTY

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(PROGRESS_KEY)
  } catch {
    return null
  }
}

function parse(raw: string | null): Stored {
  if (!raw) return { v: 1, completed: {} }
  try {
    const data = JSON.parse(raw) as Partial<Stored>
    if (data && typeof data.completed === 'object' && data.completed !== null)
      return { v: 1, completed: { ...data.completed } }
  } catch {
    // a damaged value counts as no progress
  }
  return { v: 1, completed: {} }
}

function getSnapshot(): ReadonlySet<string> {
  const raw = readRaw()
  if (raw !== lastRaw) {
    lastRaw = raw
    lastSet = new Set(Object.keys(parse(raw).completed))
  }
  return lastSet
}

function getServerSnapshot(): ReadonlySet<string> {
  return EMPTY
}

function onStorage(e: StorageEvent) {
  if (e.key === null || e.key === PROGRESS_KEY) listeners.forEach((l) => l())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (listeners.size === 1) window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) window.removeEventListener('storage', onStorage)
  }
}

/** The slugs of the completed lessons (empty during server rendering and hydration). */
export function useCompleted(): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}

export function setCompleted(slug: string, done: boolean): void {
  const stored = parse(readRaw())
  if (done) stored.completed[slug] = new Date().toISOString()
  else delete stored.completed[slug]
  try {
    window.localStorage.setItem(PROGRESS_KEY, JSON.stringify(stored))
  } catch {
    // storage full or blocked: progress is not kept, the page still works
  }
  listeners.forEach((l) => l())
}

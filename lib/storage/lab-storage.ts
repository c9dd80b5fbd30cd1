// Where a learner's work on a lab is kept between visits: the current attempt, and the
// one before the last reset so it can be brought back. Storage-agnostic (localStorage in
// the browser, a Map in tests) and tolerant of anything it finds there.
import type { SessionState } from '../session/session'
import { isCniName } from '../sim/cni/profiles'
import { isObject } from '../sim/util/json'

/** The part of the Web Storage API the course uses. */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface SavedLab {
  current?: SessionState
  /** the attempt before the last reset */
  previous?: SessionState
}

const VERSION = 1
const key = (labId: string) => `podnet:lab:${labId}:v${VERSION}`

function isState(v: unknown): v is SessionState {
  if (!isObject(v)) return false
  return (
    typeof v.cni === 'string' &&
    isCniName(v.cni) &&
    isObject(v.files) &&
    isObject(v.applied) &&
    Array.isArray(v.deleted) &&
    isObject(v.labels) &&
    isObject(v.annotations) &&
    isObject(v.created)
  )
}

/** What was saved for a lab; an empty record when nothing (or nothing readable) was. */
export function loadLab(store: KeyValueStore | undefined, labId: string): SavedLab {
  if (!store) return {}
  let raw: string | null
  try {
    raw = store.getItem(key(labId))
  } catch {
    return {}
  }
  if (!raw) return {}
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>
    const out: SavedLab = {}
    if (isState(parsed.current)) out.current = parsed.current
    if (isState(parsed.previous)) out.previous = parsed.previous
    return out
  } catch {
    return {}
  }
}

function write(store: KeyValueStore | undefined, labId: string, saved: SavedLab): boolean {
  if (!store) return false
  try {
    store.setItem(key(labId), JSON.stringify(saved))
    return true
  } catch {
    // Quota exceeded or storage disabled (private mode): the lab still works, unsaved.
    return false
  }
}

export function saveLab(store: KeyValueStore | undefined, labId: string, current: SessionState): boolean {
  return write(store, labId, { ...loadLab(store, labId), current })
}

/** A reset keeps the attempt it discards, so the learner can restore it. */
export function resetLab(store: KeyValueStore | undefined, labId: string, discarded: SessionState): boolean {
  return write(store, labId, { previous: discarded })
}

/** Swaps back to the attempt before the reset; the fresh one becomes the restorable one. */
export function restoreLab(
  store: KeyValueStore | undefined,
  labId: string,
  current: SessionState,
): SessionState | undefined {
  const saved = loadLab(store, labId)
  if (!saved.previous) return undefined
  write(store, labId, { current: saved.previous, previous: current })
  return saved.previous
}

export function forgetLab(store: KeyValueStore | undefined, labId: string): void {
  try {
    store?.removeItem(key(labId))
  } catch {
    // nothing to do
  }
}

// Small readers for the decoded JSON the validators walk. Every field may be missing or
// null, so each reader answers with Go's zero value (or undefined where Go has a nil
// pointer and the difference matters).
import type { PathSegment } from '../parse-yaml'

export type Path = PathSegment[]
export type JsonObject = Record<string, unknown>

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The object, or undefined for a missing or null field (Go's nil pointer). */
export function asObject(v: unknown): JsonObject | undefined {
  return isObject(v) ? v : undefined
}

/** The string, or '' (Go's zero value). */
export function asString(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

/** The string, or undefined for a nil *string. */
export function asOptString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined
}

export function asBool(v: unknown): boolean {
  return v === true
}

export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

export function asStringList(v: unknown): string[] {
  return asList(v).map(asString)
}

/** A map[string]string, or undefined for a nil map. */
export function asStringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(v)) out[k] = asString(x)
  return out
}

/** Length in bytes of the UTF-8 encoding, as Go's len(string) counts. */
export function utf8Length(s: string): number {
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

/** Deep copy of plain JSON (the validators default fields on the copy, never the input). */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T)
}

/** Go's sort.Strings order (byte-wise; the same as UTF-16 order for the BMP). */
export function goSorted(values: Iterable<string>): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

// Reading parsed manifests, where any field may be missing, null or of another type.

export type JsonMap = Record<string, unknown>

export function isObject(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The value as a mapping; an empty one when it is not. */
export const obj = (v: unknown): JsonMap => (isObject(v) ? v : {})

/** The value as a list of mappings; empty when it is not a list. */
export const list = (v: unknown): JsonMap[] => (Array.isArray(v) ? v.map(obj) : [])

/** `map[key]` when the map itself has it: never a prototype member such as `toString`. */
export function own<T>(map: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined
}

/** Orders strings by code unit, the same everywhere (unlike localeCompare). */
export const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

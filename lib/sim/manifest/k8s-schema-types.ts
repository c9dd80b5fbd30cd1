/** One field of an API type: its type expression and whether the API requires it. */
export interface SchemaField {
  /** string, integer, number, boolean, int-or-string, quantity, date, any, []T, map[T] or a type name */
  t: string
  /** 1 when the field is required */
  r?: 1
}

export type SchemaTypes = Record<string, Record<string, SchemaField>>

export type SupportedKinds = Record<string, { apiVersions: string[]; model: string }>

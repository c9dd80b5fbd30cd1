// API-server validation of every kind the simulator reads (HTTP 422 errors and warnings).
import type { FieldError, FieldWarning } from './field-error'

export interface ValidationResult {
  errors: FieldError[]
  warnings: FieldWarning[]
}

/**
 * Validates one object the way the API server would on create. `obj` has already passed
 * strict decoding (no unknown fields, JSON types right) and has metadata.namespace
 * defaulted for namespaced kinds.
 */
export function validateObject(_kind: string, _obj: Record<string, unknown>): ValidationResult {
  return { errors: [], warnings: [] }
}

// Problems found while reading manifests, shaped so an editor can underline them and a
// terminal can print them the way kubectl would.

/** A place in a source text, 1-based, end exclusive. */
export interface SourcePos {
  line: number
  col: number
  endLine: number
  endCol: number
}

/** Where an object came from: the file, the document in it, and the document's position. */
export interface SourceRef {
  file: string
  /** 0-based document index within the file (after expanding `---`) */
  doc: number
  /** index within a List's items, when the object came from one */
  item?: number
  pos?: SourcePos
}

/** The API server's field error types (k8s.io/apimachinery/pkg/util/validation/field). */
export type FieldErrorType =
  | 'Invalid value'
  | 'Required value'
  | 'Forbidden'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Too many'
  | 'Too long'
  | 'Not found'
  | 'Internal error'

export type IssueCode =
  /** the text is not valid YAML or JSON */
  | 'syntax'
  /** the input is larger than the simulator reads */
  | 'too-large'
  /** too many aliases, or another sign of a YAML bomb */
  | 'alias-limit'
  /** a document without apiVersion or kind */
  | 'not-an-object'
  /** a kind the simulator does not model; the object is skipped */
  | 'unknown-kind'
  /** a field the API does not know (kubectl's strict decoding) */
  | 'unknown-field'
  /** a value of the wrong JSON type */
  | 'wrong-type'
  /** an API-server validation failure (HTTP 422) */
  | 'invalid'
  /** an API-server validation warning (the object is accepted) */
  | 'warning'
  /** two objects with the same kind, namespace and name */
  | 'duplicate'
  /** the simulated cluster could not place the object (no free IP, port taken, …) */
  | 'allocation'

export interface Issue {
  severity: 'error' | 'warning'
  code: IssueCode
  /** the full message, worded as kubectl or the API server would print it */
  message: string
  /** one line for an editor marker, e.g. `spec.ingress[0].podSelector: unknown field` */
  summary: string
  /** field path as the API server writes it, e.g. `spec.ingress[0].from[0].ipBlock.cidr` */
  field?: string
  errorType?: FieldErrorType
  /** the detail after the value, e.g. `must be a valid CIDR value, …` */
  detail?: string
  kind?: string
  namespace?: string
  name?: string
  source?: SourceRef
  /** the offending node's position; falls back to the object's position */
  pos?: SourcePos
}

/** `file:line:col` for a terminal; the file alone when the position is unknown. */
export function issueLocation(issue: Issue): string {
  const file = issue.source?.file ?? '<input>'
  const pos = issue.pos ?? issue.source?.pos
  return pos ? `${file}:${pos.line}:${pos.col}` : file
}

export function formatIssue(issue: Issue): string {
  const label = issue.severity === 'error' ? 'error' : 'warning'
  return `${issueLocation(issue)}: ${label}: ${issue.message}`
}

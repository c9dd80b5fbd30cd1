// String formats from k8s.io/apimachinery/pkg/util/validation (validation.go) and the name
// functions of pkg/api/validation (generic.go). Each check returns the list of messages Go
// returns; callers wrap every message in its own Invalid value error.
import type { FieldError } from './field-error'
import { invalid, required } from './field-error'
import type { Path } from './util'
import { utf8Length } from './util'

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`
}

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`
  let out = `${msg} (e.g. `
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or '
    out += `'${ex}', `
  })
  return `${out}regex used for validation is '${fmt}')`
}

export const emptyError = (): string => 'must be non-empty'

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`
}

const anchored = (fmt: string) => new RegExp(`^(?:${fmt})$`)

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const qualifiedNameMaxLength = 63
const qualifiedNameRe = anchored(qualifiedNameFmt)

/** IsQualifiedName: an optional DNS subdomain prefix and '/', then a name part. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0]!
  } else if (parts.length === 2) {
    const prefix = parts[0]!
    name = parts[1]!
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`)
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`)
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`)
  else if (utf8Length(name) > qualifiedNameMaxLength)
    errs.push(`name part ${maxLenError(qualifiedNameMaxLength)}`)
  if (!qualifiedNameRe.test(name))
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`,
    )
  return errs
}

const labelValueFmt = `(${qualifiedNameFmt})?`
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const labelValueRe = anchored(labelValueFmt)

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = []
  if (utf8Length(value) > 63) errs.push(maxLenError(63))
  if (!labelValueRe.test(value))
    errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'))
  return errs
}

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
const dns1123LabelRe = anchored(dns1123LabelFmt)
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
const dns1123SubdomainRe = anchored(dns1123SubdomainFmt)
const dns1123LabelFmtWithUnderscore = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?'
const dns1123SubdomainFmtWithUnderscore = `${dns1123LabelFmtWithUnderscore}(\\.${dns1123LabelFmtWithUnderscore})*`
const dns1123SubdomainErrMsgFG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character"
const dns1123SubdomainWithUnderscoreRe = anchored(dns1123SubdomainFmtWithUnderscore)

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = []
  if (utf8Length(value) > 63) errs.push(maxLenError(63))
  if (!dns1123LabelRe.test(value)) {
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots')
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'))
  }
  return errs
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = []
  if (utf8Length(value) > 253) errs.push(maxLenError(253))
  if (!dns1123SubdomainRe.test(value))
    errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'))
  return errs
}

export function isDNS1123SubdomainWithUnderscore(value: string): string[] {
  const errs: string[] = []
  if (utf8Length(value) > 253) errs.push(maxLenError(253))
  if (!dns1123SubdomainWithUnderscoreRe.test(value))
    errs.push(regexError(dns1123SubdomainErrMsgFG, dns1123SubdomainFmtWithUnderscore, 'example.com'))
  return errs
}

const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?'
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
const dns1035LabelRe = anchored(dns1035LabelFmt)

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = []
  if (utf8Length(value) > 63) errs.push(maxLenError(63))
  if (!dns1035LabelRe.test(value))
    errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'))
  return errs
}

/** IsValidPortNum: 1..65535. */
export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)]
}

export function isInRange(value: number, min: number, max: number): string[] {
  return value >= min && value <= max ? [] : [inclusiveRangeError(min, max)]
}

/** IsValidGroupID / IsValidUserID: 0..2^32-1. */
export function isValidID(id: number): string[] {
  return id >= 0 && id <= 0xffffffff ? [] : [inclusiveRangeError(0, 0xffffffff)]
}

/** IsValidPortName: an IANA_SVC_NAME (RFC 6335). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = []
  if (utf8Length(port) > 15) errs.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)')
  if (port.includes('--')) errs.push('must not contain consecutive hyphens')
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errs.push('must not begin or end with a hyphen')
  return errs
}

export function isValidPercent(percent: string): string[] {
  if (/^[0-9]+%$/.test(percent)) return []
  return [
    regexError(
      "a valid percent string must be a numeric string followed by an ending '%'",
      '[0-9]+%',
      '1%',
      '93%',
    ),
  ]
}

export function isHTTPHeaderName(value: string): string[] {
  if (/^[-A-Za-z0-9]+$/.test(value)) return []
  return [
    regexError(
      "a valid HTTP header must consist of alphanumeric characters or '-'",
      '[-A-Za-z0-9]+',
      'X-Header-Name',
    ),
  ]
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"]
  if (value === '..') return ["must not be '..'"]
  if (value.startsWith('..')) return ["must not start with '..'"]
  return []
}

/** IsRelaxedEnvVarName: printable ASCII other than '=' (RelaxedEnvironmentVariableValidation, on by default). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = []
  if (value.length === 0) errs.push(`environment variable name ${emptyError()}`)
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp > 0x7e || cp < 0x20 || ch === '=') {
      errs.push(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      )
      break
    }
  }
  return errs
}

export function isConfigMapKey(value: string): string[] {
  const errs: string[] = []
  if (utf8Length(value) > 253) errs.push(maxLenError(253))
  if (!/^[-._a-zA-Z0-9]+$/.test(value))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        '[-._a-zA-Z0-9]+',
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    )
  errs.push(...hasChDirPrefix(value))
  return errs
}

/** IsFullyQualifiedDomainName: a DNS subdomain of at least two labels, trailing dot allowed. */
export function isFullyQualifiedDomainName(path: Path, name: string): FieldError[] {
  if (name.length === 0) return [required(path, '')]
  if (name.endsWith('.')) name = name.slice(0, -1)
  const errs = isDNS1123Subdomain(name)
  if (errs.length) return [invalid(path, name, errs.join(','))]
  const labels = name.split('.')
  if (labels.length < 2)
    return [invalid(path, name, 'should be a domain with at least two segments separated by dots')]
  for (const label of labels) {
    const e = isDNS1123Label(label)
    if (e.length) return [invalid(path, label, e.join(','))]
  }
  return []
}

/** A name validation function: `prefix` marks a generateName, which may end in '-'. */
export type NameFn = (name: string, prefix: boolean) => string[]

function maskTrailingDash(name: string): string {
  // Go: name[:len(name)-2] + "a"
  return name.endsWith('-') ? `${name.slice(0, Math.max(0, name.length - 2))}a` : name
}

export const nameIsDNSSubdomain: NameFn = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name)
export const nameIsDNSLabel: NameFn = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name)
export const nameIsDNS1035Label: NameFn = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name)

/** One Invalid value error per message, the way every Go caller loops over these lists. */
export function eachInvalid(path: Path, value: unknown, msgs: string[]): FieldError[] {
  return msgs.map((m) => invalid(path, value, m))
}

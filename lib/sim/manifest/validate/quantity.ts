// Resource quantities (k8s.io/apimachinery/pkg/api/resource): parsing, comparison and the
// canonical String() form that error messages print ("1Gi", "500m", "1k").
type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent'

export interface Quantity {
  /** the value in units of 10^-9, rounded away from zero as Go rounds sub-nano precision up */
  nanos: bigint
  format: Format
}

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
}
const BINARY_SUFFIXES: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 }
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]))
const BINARY_NAMES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']

const pow = (base: bigint, exp: number): bigint => base ** BigInt(exp)

function divRoundAway(n: bigint, d: bigint): bigint {
  const q = n / d
  return q * d === n ? q : n < 0n ? q - 1n : q + 1n
}

/** resource.ParseQuantity; undefined when the text is not a quantity. */
export function parseQuantity(v: unknown): Quantity | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined
  if (!text) return undefined
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text)
  if (!m) return undefined
  const [, sign = '', whole = '', frac = '', suffix = ''] = m
  if (whole === '' && frac === '' && !text.includes('.')) return undefined
  const mantissa = BigInt(`${whole}${frac}` || '0') * (sign === '-' ? -1n : 1n)
  let nanos: bigint
  let format: Format
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI'
    nanos = scaleDecimal(mantissa, DECIMAL_SUFFIXES[suffix]! - frac.length)
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI'
    nanos = divRoundAway(mantissa * pow(1024n, BINARY_SUFFIXES[suffix]!) * pow(10n, 9), pow(10n, frac.length))
  } else {
    const e = /^[eE]([-+]?[0-9]+)$/.exec(suffix)
    if (!e) return undefined
    format = 'DecimalExponent'
    nanos = scaleDecimal(mantissa, Number(e[1]) - frac.length)
  }
  return { nanos, format }
}

/** mantissa * 10^exp, in nanos. */
function scaleDecimal(mantissa: bigint, exp: number): bigint {
  const e = exp + 9
  return e >= 0 ? mantissa * pow(10n, e) : divRoundAway(mantissa, pow(10n, -e))
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0
}

/** Quantity.MilliValue (rounded up). */
export function milliValue(q: Quantity): bigint {
  return divRoundAway(q.nanos, 1_000_000n)
}

/** Quantity.String(): the canonical form. */
export function quantityString(q: Quantity): string {
  if (q.nanos === 0n) return '0'
  const neg = q.nanos < 0n
  const abs = neg ? -q.nanos : q.nanos
  let format = q.format
  const ONE = 1_000_000_000n
  if (format === 'BinarySI' && (abs < 1024n * ONE || abs % ONE !== 0n)) format = 'DecimalSI'
  let body: string
  if (format === 'BinarySI') {
    let n = abs / ONE
    let exp = 0
    while (exp < 6 && n % 1024n === 0n) {
      n /= 1024n
      exp++
    }
    body = `${n}${BINARY_NAMES[exp]}`
  } else {
    // remove factors of ten, then step the exponent down to a multiple of three
    let n = abs
    let exp = -9
    while (n % 10n === 0n) {
      n /= 10n
      exp++
    }
    const r = ((exp % 3) + 3) % 3
    n *= pow(10n, r)
    exp -= r
    if (format === 'DecimalExponent') body = exp === 0 ? `${n}` : `${n}e${exp}`
    else {
      const suffix = DECIMAL_BY_EXPONENT.get(exp)
      body = suffix !== undefined ? `${n}${suffix}` : `${n}e${exp}`
    }
  }
  return neg ? `-${body}` : body
}

// CronJob schedules, parsed as github.com/robfig/cron/v3 ParseStandard does for the API
// server: five fields or an @descriptor. Returns the parser's error text, or undefined.
interface Bounds {
  min: number
  max: number
  names?: Record<string, number>
}

const MINUTES: Bounds = { min: 0, max: 59 }
const HOURS: Bounds = { min: 0, max: 23 }
const DOM: Bounds = { min: 1, max: 31 }
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
}
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } }

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'])

class CronError extends Error {}

/** strconv.Atoi as mustParseInt uses it. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr))
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    )
  const num = Number(expr)
  if (!Number.isSafeInteger(num))
    throw new CronError(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`,
    )
  if (num < 0) throw new CronError(`negative number (${num}) not allowed: ${expr}`)
  return num
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()]
  return named !== undefined ? named : mustParseInt(expr)
}

function checkRange(expr: string, r: Bounds): void {
  const rangeAndStep = expr.split('/')
  const lowAndHigh = rangeAndStep[0]!.split('-')
  const singleDigit = lowAndHigh.length === 1
  let start: number
  let end: number
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min
    end = r.max
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names)
    if (lowAndHigh.length === 1) end = start
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names)
    else throw new CronError(`too many hyphens: ${expr}`)
  }
  let step = 1
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!)
    if (singleDigit) end = r.max
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`)
  }
  if (start < r.min) throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`)
  if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`)
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`)
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`)
}

function checkField(field: string, r: Bounds): void {
  for (const expr of field.split(',').filter((x) => x !== '')) checkRange(expr, r)
}

/** time.ParseDuration's acceptance and error text, enough for "@every <duration>". */
function durationError(s: string): string | undefined {
  const quoted = JSON.stringify(s)
  let rest = s.replace(/^[-+]/, '')
  if (rest === '0') return undefined
  if (rest === '') return `time: invalid duration ${quoted}`
  while (rest !== '') {
    const num = /^([0-9]*(\.[0-9]*)?)/.exec(rest)![1]!
    if (num === '' || num === '.') return `time: invalid duration ${quoted}`
    rest = rest.slice(num.length)
    const unit = /^([^0-9.]*)/.exec(rest)![1]!
    if (unit === '') return `time: missing unit in duration ${quoted}`
    if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit))
      return `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`
    rest = rest.slice(unit.length)
  }
  return undefined
}

/** cron.ParseStandard: the error message, or undefined when the schedule parses. */
export function cronScheduleError(spec: string): string | undefined {
  if (spec.length === 0) return 'empty spec string'
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ')
    spec = space >= 0 ? spec.slice(space).trim() : ''
  }
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.has(spec)) return undefined
    if (spec.startsWith('@every ')) {
      const err = durationError(spec.slice('@every '.length))
      return err ? `failed to parse duration ${spec}: ${err}` : undefined
    }
    return `unrecognized descriptor: ${spec}`
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '')
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`
  try {
    checkField(fields[0]!, MINUTES)
    checkField(fields[1]!, HOURS)
    checkField(fields[2]!, DOM)
    checkField(fields[3]!, MONTHS)
    checkField(fields[4]!, DOW)
  } catch (e) {
    if (e instanceof CronError) return e.message
    throw e
  }
  return undefined
}

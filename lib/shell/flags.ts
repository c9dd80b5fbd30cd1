// Command-line flags the way kubectl's cobra/pflag reads them: `--name=value`,
// `--name value`, `-n value`, `-nvalue`, `-n=value`, grouped booleans (`-it`), flags
// anywhere among the arguments, and `--` ending them.

export interface FlagSpec {
  long: string
  short?: string
  type: 'bool' | 'string' | 'array'
  /** the value a string flag takes when given without one (pflag's NoOptDefVal, e.g. `--dry-run`) */
  noOptDefault?: string
}

export interface ParsedFlags {
  /** positional arguments before `--` */
  args: string[]
  /** everything after `--` (undefined when there was no `--`) */
  dashArgs?: string[]
  values: Map<string, string[]>
  bools: Map<string, boolean>
}

export class FlagError extends Error {}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byLong = new Map(specs.map((s) => [s.long, s]))
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]))
  const p: ParsedFlags = { args: [], values: new Map(), bools: new Map() }
  const set = (s: FlagSpec, v: string) => {
    if (s.type === 'bool') {
      if (!/^(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.test(v))
        throw new FlagError(
          `invalid argument "${v}" for "--${s.long}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`,
        )
      p.bools.set(s.long, /^(true|1|t|TRUE|True)$/.test(v))
    } else {
      const prev = p.values.get(s.long) ?? []
      // A string flag given twice keeps the last value; array flags collect (and split commas).
      if (s.type === 'array') p.values.set(s.long, [...prev, ...v.split(',')])
      else p.values.set(s.long, [v])
    }
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      p.dashArgs = argv.slice(i + 1)
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      const s = byLong.get(name)
      if (!s) throw new FlagError(`unknown flag: --${name}`)
      if (eq >= 0) set(s, a.slice(eq + 1))
      else if (s.type === 'bool') p.bools.set(s.long, true)
      else if (s.noOptDefault !== undefined) set(s, s.noOptDefault)
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`)
        set(s, argv[++i]!)
      }
      continue
    }
    if (a.startsWith('-') && a.length > 1) {
      const group = a.slice(1)
      for (let j = 0; j < group.length; j++) {
        const ch = group[j]!
        const s = byShort.get(ch)
        if (!s) throw new FlagError(`unknown shorthand flag: '${ch}' in ${a}`)
        if (s.type === 'bool') {
          if (group[j + 1] === '=') {
            set(s, group.slice(j + 2))
            break
          }
          p.bools.set(s.long, true)
          continue
        }
        let rest = group.slice(j + 1)
        if (rest.startsWith('=')) rest = rest.slice(1)
        if (rest) set(s, rest)
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${ch}' in ${a}`)
          set(s, argv[++i]!)
        }
        break
      }
      continue
    }
    p.args.push(a)
  }
  return p
}

export const flag = (p: ParsedFlags, name: string): string | undefined => p.values.get(name)?.at(-1)
export const flags = (p: ParsedFlags, name: string): string[] => p.values.get(name) ?? []
export const bool = (p: ParsedFlags, name: string): boolean => p.bools.get(name) ?? false

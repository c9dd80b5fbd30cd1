// `npm run netpol -- <command>`: the simulator on the command line, for users' own
// manifests and for CI. Exit codes: 0 ok, 1 invalid input, 2 usage error.
import { fileURLToPath } from 'node:url'
import { CNI_NAMES, cniProfile, isCniName } from '../sim/cni/profiles'
import { clusterFromManifests } from '../sim/cluster/build'
import { connlist, formatConnlistJson, formatConnlistText } from '../sim/connlist/connlist'
import { formatIssue } from '../sim/manifest/issues'
import type { Issue } from '../sim/manifest/issues'
import { formatSimResult } from '../sim/simulate/format'
import { simulate } from '../sim/simulate/simulate'
import type { SimRequest } from '../sim/simulate/simulate'
import { exercisesCommand, gradeCommand } from './exercises'
import { InputError, readManifestInputs } from './read-inputs'
import { parsePortSpec as parsePort, parseSource, parseTarget, TargetError } from '../session/targets'

export interface CommandResult {
  code: 0 | 1 | 2
  stdout: string
  stderr: string
}

export const USAGE = `Usage: npm run netpol -- <command> [options]

Commands:
  connlist <file|dir>... [--format txt|json]
      List the connections the manifests allow between workloads and outside
      address ranges, in netpol-analyzer's \`list\` format.
  explain <file|dir>... --from <ns/pod|node/NAME|IP> --to <ns/pod|ns/svc|IP|NAME>
          [--port 80/TCP] [--cni ${CNI_NAMES.join('|')}] [--json]
      Simulate one connection and print every step it meets and the verdict.
  validate <file|dir>... [--json]
      Check manifests as the API server would and print every problem.
  exercises [--json] [--root <scenarios dir>]
      List the course's graded exercises: id, title, lesson, the files the
      learner edits, and where the starting files and the solution live.
  grade <exercise-id> <dir> [--json] [--root <scenarios dir>]
      Grade the files in <dir>, named as the exercise's editable files (a
      missing file means its starting version), and print every check.

Exit codes: 0 ok, 1 invalid input (messages on stderr), 2 usage error.
grade: 0 passed, 1 not passed, 2 invalid input (manifests the API server
rejects, with file:line on stderr; a file that cannot be read), an unknown id
or a usage error.
`

class UsageError extends Error {}

interface Parsed {
  positional: string[]
  flags: Map<string, string | true>
}

const VALUE_FLAGS = new Set(['--format', '--from', '--to', '--port', '--cni', '--seed', '--root'])
const BOOL_FLAGS = new Set(['--json', '--help', '-h'])

function parseArgs(args: readonly string[]): Parsed {
  const positional: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a.startsWith('-')) {
      const eq = a.indexOf('=')
      const name = eq > 0 ? a.slice(0, eq) : a
      if (VALUE_FLAGS.has(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : args[++i]
        if (value === undefined || value === '') throw new UsageError(`${name} needs a value`)
        flags.set(name, value)
      } else if (BOOL_FLAGS.has(name)) flags.set(name, true)
      else throw new UsageError(`unknown option ${a}`)
    } else positional.push(a)
  }
  return { positional, flags }
}

function flag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name)
  return typeof v === 'string' ? v : undefined
}

function issuesText(issues: readonly Issue[]): string {
  return issues.map((i) => `${formatIssue(i)}\n`).join('')
}

function load(p: Parsed, options: Parameters<typeof clusterFromManifests>[1]) {
  if (!p.positional.length) throw new UsageError('give at least one manifest file or directory')
  const sources = readManifestInputs(p.positional)
  if (!sources.length) throw new InputError(`no .yaml, .yml or .json files under ${p.positional.join(', ')}`)
  const cluster = clusterFromManifests(sources, options)
  const errors = cluster.issues.filter((i) => i.severity === 'error')
  const warnings = cluster.issues.filter((i) => i.severity === 'warning' && i.source?.file !== '<cluster>')
  return { cluster, errors, warnings }
}

function connlistCommand(p: Parsed): CommandResult {
  const format = flag(p, '--format') ?? (p.flags.has('--json') ? 'json' : 'txt')
  if (format !== 'txt' && format !== 'json')
    throw new UsageError(`--format must be txt or json, not ${format}`)
  const { cluster, errors, warnings } = load(p, { analyzerConventions: true })
  if (errors.length) return { code: 1, stdout: '', stderr: issuesText([...errors, ...warnings]) }
  const lines = connlist(cluster)
  return {
    code: 0,
    stdout: format === 'json' ? formatConnlistJson(lines) : formatConnlistText(lines),
    stderr: issuesText(warnings),
  }
}

export function parsePortSpec(text: string): Pick<SimRequest, 'port' | 'protocol'> {
  try {
    return parsePort(text)
  } catch (e) {
    throw new UsageError(`--port ${(e as Error).message}`)
  }
}

function explainCommand(p: Parsed): CommandResult {
  const fromText = flag(p, '--from')
  const toText = flag(p, '--to')
  if (!fromText || !toText) throw new UsageError('explain needs --from and --to')
  const cniName = flag(p, '--cni') ?? 'calico'
  if (!isCniName(cniName)) throw new UsageError(`--cni must be one of ${CNI_NAMES.join(', ')}`)
  const portSpec = flag(p, '--port')
  const ports = portSpec ? parsePortSpec(portSpec) : {}
  const { cluster, errors, warnings } = load(p, { cni: cniProfile(cniName) })
  if (errors.length) return { code: 1, stdout: '', stderr: issuesText([...errors, ...warnings]) }
  let req: SimRequest
  try {
    req = { from: parseSource(cluster, fromText), to: parseTarget(cluster, toText), ...ports }
  } catch (e) {
    if (e instanceof TargetError) throw new InputError(e.message)
    throw e
  }
  const seed = flag(p, '--seed')
  if (seed) req.seed = seed
  const result = simulate(cluster, req)
  if (result.outcome === 'invalid') return { code: 1, stdout: '', stderr: `error: ${result.reason}\n` }
  const stdout = p.flags.has('--json')
    ? `${JSON.stringify(
        {
          outcome: result.outcome,
          verdict: result.verdict,
          reason: result.reason,
          from: result.from,
          to: result.to,
          backend: result.backend,
          service: result.service && {
            id: result.service.id,
            via: result.service.via,
            address: result.service.address,
          },
          trace: result.trace,
          hops: result.hops,
        },
        null,
        2,
      )}\n`
    : formatSimResult(result, cluster.cni.displayName)
  return { code: 0, stdout, stderr: issuesText(warnings) }
}

function validateCommand(p: Parsed): CommandResult {
  const { cluster, errors, warnings } = load(p, {})
  const all = [...errors, ...warnings]
  if (p.flags.has('--json'))
    return {
      code: errors.length ? 1 : 0,
      stdout: `${JSON.stringify(
        all.map(({ source, ...i }) => ({ ...i, file: source?.file })),
        null,
        2,
      )}\n`,
      stderr: '',
    }
  const summary = `${cluster.objects.length} object${cluster.objects.length === 1 ? '' : 's'} read, ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}\n`
  return {
    code: errors.length ? 1 : 0,
    stdout: errors.length ? '' : summary,
    stderr: issuesText(all) + (errors.length ? summary : ''),
  }
}

/** Runs one command line; never throws and never exits the process. */
export function runNetpol(args: readonly string[]): CommandResult {
  try {
    const [command, ...rest] = args
    if (!command || command === 'help' || command === '--help' || command === '-h')
      return { code: command ? 0 : 2, stdout: command ? USAGE : '', stderr: command ? '' : USAGE }
    const p = parseArgs(rest)
    if (p.flags.has('--help') || p.flags.has('-h')) return { code: 0, stdout: USAGE, stderr: '' }
    switch (command) {
      case 'connlist':
        return connlistCommand(p)
      case 'explain':
        return explainCommand(p)
      case 'validate':
        return validateCommand(p)
      case 'exercises': {
        if (p.positional.length) throw new UsageError('exercises takes no arguments')
        const root = flag(p, '--root')
        return exercisesCommand({ json: p.flags.has('--json'), ...(root ? { root } : {}) })
      }
      case 'grade': {
        const [id, dir, ...extra] = p.positional
        if (!id || !dir || extra.length) throw new UsageError('grade needs an exercise id and a directory')
        const root = flag(p, '--root')
        return gradeCommand({ id, dir, json: p.flags.has('--json'), ...(root ? { root } : {}) })
      }
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n\n${USAGE}` }
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: `error: ${e.message}\n` }
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message}\n` }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = runNetpol(process.argv.slice(2))
  if (r.stdout) process.stdout.write(r.stdout)
  if (r.stderr) process.stderr.write(r.stderr)
  process.exitCode = r.code
}

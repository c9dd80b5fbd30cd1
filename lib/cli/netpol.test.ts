import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readExercises } from '../exercises/exercises'
import { parsePortSpec, runNetpol } from './netpol'

const ROOT = resolve(__dirname, '../..')
const EXAMPLE = join(ROOT, 'examples/three-tier.yaml')

function tempManifest(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-'))
  const file = join(dir, 'np.yaml')
  writeFileSync(file, text)
  return file
}

describe('netpol CLI', () => {
  it('connlist prints the analyzer text for the example', () => {
    const r = runNetpol(['connlist', EXAMPLE])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        '0.0.0.0-255.255.255.255[External] => shop/frontend[Deployment] : TCP 80',
        'shop/api[Deployment] => shop/db[StatefulSet] : TCP 5432',
        'shop/frontend[Deployment] => shop/api[Deployment] : TCP 8080',
        '',
      ].join('\n'),
    )
  })

  it('connlist --format json gives the same connections as JSON', () => {
    const r = runNetpol(['connlist', EXAMPLE, '--format', 'json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual([
      { src: '0.0.0.0-255.255.255.255[External]', dst: 'shop/frontend[Deployment]', conn: 'TCP 80' },
      { src: 'shop/api[Deployment]', dst: 'shop/db[StatefulSet]', conn: 'TCP 5432' },
      { src: 'shop/frontend[Deployment]', dst: 'shop/api[Deployment]', conn: 'TCP 8080' },
    ])
  })

  it('explain follows a connection through DNS-free Service DNAT and both policies', () => {
    const r = runNetpol([
      'explain',
      EXAMPLE,
      '--from',
      'shop/frontend',
      '--to',
      'shop/api',
      '--port',
      '80/TCP',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Result: {2}CONNECTED$/m)
    expect(r.stdout).toMatch(/DNAT 10\.\d+\.\d+\.\d+:80 → \d+\.\d+\.\d+\.\d+:8080/)
    expect(r.stdout).toContain('allowed by shop/frontend spec.egress[0]')
    expect(r.stdout).toContain('allowed by shop/api spec.ingress[0]')
  })

  it('explain names the policies that isolate a pod when nothing admits the traffic', () => {
    const r = runNetpol(['explain', EXAMPLE, '--from', 'shop/frontend', '--to', 'shop/db', '--port', '5432'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Result: {2}DROPPED \(the client times out\)$/m)
    expect(r.stdout).toContain('selected for Egress by shop/allow-dns, shop/default-deny-all, shop/frontend')
  })

  it('explain on Flannel shows the policies have no effect (NP-01)', () => {
    const r = runNetpol([
      'explain',
      EXAMPLE,
      '--from',
      'shop/frontend',
      '--to',
      'shop/db',
      '--port',
      '5432',
      '--cni',
      'flannel',
    ])
    expect(r.stdout).toMatch(/^Result: {2}CONNECTED$/m)
    expect(r.stdout).toContain('Flannel does not enforce NetworkPolicy')
  })

  it('explain --json is machine-readable', () => {
    const r = runNetpol(['explain', EXAMPLE, '--from', 'shop/api', '--to', 'db', '--port', '5432', '--json'])
    const j = JSON.parse(r.stdout)
    expect(j.outcome).toBe('connected')
    expect(j.trace[0].kind).toBe('dns')
  })

  it('exit code 1 and located messages on stderr for invalid input', () => {
    const file = tempManifest(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  podSelector: {}\n  ingress:\n  - from: []\n    podSelector: {}\n',
    )
    const r = runNetpol(['explain', file, '--from', 'kube-system/coredns', '--to', '10.96.0.1'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/np\.yaml:8:5: error: .*unknown field "spec\.ingress\[0\]\.podSelector"/)
    // connlist reads as the analyzer does (unknown fields outside a NetworkPolicy's spec are
    // warnings), but broken YAML is an error.
    const broken = tempManifest('kind: Pod\nmetadata: {name: [\n')
    const c = runNetpol(['connlist', broken])
    expect(c.code).toBe(1)
    expect(c.stderr).toMatch(/np\.yaml:\d+:\d+: error: error parsing/)
  })

  it('every command refuses an unknown field in a NetworkPolicy spec, connlist included', () => {
    // Ignored, the misplaced podSelector would leave `ingress: [{}]`: a rule that allows all.
    const file = tempManifest(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  podSelector: {}\n  ingress:\n  - podSelector: {matchLabels: {app: a}}\nstatus: {}\n',
    )
    for (const args of [
      ['validate'],
      ['connlist'],
      ['explain', '--from', 'kube-system/coredns', '--to', '10.96.0.1'],
    ]) {
      const [command, ...rest] = args
      const r = runNetpol([command!, file, ...rest])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(
        /np\.yaml:7:5: error: .*strict decoding error: unknown field "spec\.ingress\[0\]\.podSelector", unknown field "status"$/m,
      )
    }
  })

  it('exit code 1 for a missing file, 2 for usage errors', () => {
    expect(runNetpol(['connlist', '/nonexistent/x.yaml']).code).toBe(1)
    expect(runNetpol([]).code).toBe(2)
    expect(runNetpol(['frobnicate']).code).toBe(2)
    expect(runNetpol(['connlist', EXAMPLE, '--format', 'xml']).code).toBe(2)
    expect(runNetpol(['explain', EXAMPLE, '--from', 'shop/frontend']).code).toBe(2)
    expect(runNetpol(['explain', EXAMPLE, '--from', 'shop/x', '--to', 'shop/api']).code).toBe(1)
    expect(
      runNetpol(['explain', EXAMPLE, '--from', 'shop/frontend', '--to', 'shop/api', '--cni', 'nope']).code,
    ).toBe(2)
  })

  it('validate reports a clean file', () => {
    const r = runNetpol(['validate', EXAMPLE])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^\d+ objects read, 0 errors, 0 warnings$/m)
  })

  it('parses port specs', () => {
    expect(parsePortSpec('53/udp')).toEqual({ port: 53, protocol: 'UDP' })
    expect(parsePortSpec('8080')).toEqual({ port: 8080, protocol: 'TCP' })
    expect(parsePortSpec('icmp')).toEqual({ protocol: 'ICMP' })
    expect(() => parsePortSpec('70000')).toThrow()
  })

  it('the npm script sets the process exit code', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'lib/cli/netpol.ts'), 'connlist'],
      {
        encoding: 'utf8',
      },
    )
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Usage: npm run netpol')
  })
})

describe('netpol exercises and netpol grade', () => {
  const solutionDir = (id: string) => {
    const ex = readExercises(join(ROOT, 'content/scenarios')).find((e) => e.id === id)!
    const dir = mkdtempSync(join(tmpdir(), 'grade-'))
    for (const [name, text] of Object.entries(ex.solution)) writeFileSync(join(dir, name), text)
    return dir
  }

  it('exercises --json lists every exercise with its files', () => {
    const r = runNetpol(['exercises', '--json'])
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout) as Record<string, unknown>[]
    expect(list.length).toBeGreaterThanOrEqual(12)
    expect(list.find((e) => e.id === 'np-fix-and-or')).toEqual({
      id: 'np-fix-and-or',
      title: 'Fix the stray dash',
      lesson: 'networkpolicy-basics',
      scenario: 'shop',
      cni: 'calico',
      editable: ['policy.yaml'],
      source: 'content/scenarios/shop/exercises/np-fix-and-or.yaml',
      start: { 'policy.yaml': 'content/scenarios/shop/exercises/np-fix-and-or.yaml#files.policy.yaml' },
      solution: { 'policy.yaml': 'content/scenarios/shop/exercises/np-fix-and-or.yaml#solution.policy.yaml' },
      checks: 5,
    })
    const text = runNetpol(['exercises'])
    expect(text.stdout).toMatch(/^ID +LESSON +TITLE$/m)
    expect(text.stdout).toMatch(/^np-fix-and-or +networkpolicy-basics +Fix the stray dash$/m)
  })

  it('grade: the solution passes with exit 0 and the JSON shape', () => {
    const r = runNetpol(['grade', 'np-db-only-from-api', solutionDir('np-db-only-from-api'), '--json'])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(Object.keys(j)).toEqual(['id', 'passed', 'checks'])
    expect(j.id).toBe('np-db-only-from-api')
    expect(j.passed).toBe(true)
    for (const c of j.checks) expect(Object.keys(c)).toEqual(['name', 'passed', 'message'])
  })

  it('grade: a missing file means the starting version, which fails with exit 1', () => {
    const empty = mkdtempSync(join(tmpdir(), 'grade-'))
    writeFileSync(join(empty, 'notes.yaml'), 'x: 1\n')
    const r = runNetpol(['grade', 'np-fix-and-or', empty])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^np-fix-and-or: NOT PASSED \(\d of 6 checks pass\)$/m)
    expect(r.stdout).toContain(
      'shop/web → shop/db:5432 should be dropped, but shop/db-from-api spec.ingress[0].from[0] (namespaceSelector team=shop) allows it',
    )
    expect(r.stderr).toContain('note: notes.yaml ignored: np-fix-and-or grades only policy.yaml')
    expect(r.stderr).toContain('grading the starting version')
  })

  const invalidPolicy =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Inbound]\n'

  it('grade: manifests the API server rejects are invalid input, exit 2, with the JSON result and its issues', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grade-'))
    writeFileSync(join(dir, 'policy.yaml'), invalidPolicy)
    const r = runNetpol(['grade', 'np-deny-all-to-db', dir, '--json'])
    expect(r.code).toBe(2)
    const j = JSON.parse(r.stdout)
    expect(j.passed).toBe(false)
    expect(j.issues[0]).toMatchObject({ file: 'policy.yaml', line: 6 })
    expect(r.stderr).toMatch(
      /^error: the API server rejects this, so nothing was graded:\n {2}policy\.yaml:6:\d+: .*Inbound/,
    )
  })

  it('grade: without --json the rejected manifests go to stderr with file:line, nothing to stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grade-'))
    writeFileSync(join(dir, 'policy.yaml'), invalidPolicy)
    const r = runNetpol(['grade', 'np-deny-all-to-db', dir])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(
      /^error: the API server rejects this, so nothing was graded:\n {2}policy\.yaml:6:\d+: The NetworkPolicy "x" is invalid: spec\.policyTypes\[0\]: Unsupported value: "Inbound"/,
    )
    expect(r.stderr).not.toContain('    at ')
  })

  it('grade: an editable file that cannot be read is exit 2 with a clear message, not a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grade-'))
    mkdirSync(join(dir, 'policy.yaml'))
    const r = runNetpol(['grade', 'np-deny-all-to-db', dir])
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${join(dir, 'policy.yaml')}: cannot be read (it is a directory, not a file)\n`,
    })
  })

  it('grade: exit 2 for an unknown id, a missing directory, or missing arguments, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grade-'))
    const unknown = runNetpol(['grade', 'np-nope', dir])
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: no exercise "np-nope" (npm run netpol -- exercises lists them)\n',
    })
    expect(JSON.parse(runNetpol(['grade', 'np-nope', dir, '--json']).stdout)).toEqual({
      id: 'np-nope',
      passed: false,
      error: 'no exercise "np-nope" (npm run netpol -- exercises lists them)',
    })
    const missing = runNetpol(['grade', 'np-fix-and-or', join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^error: .*nope: no such directory\n$/)
    expect(runNetpol(['grade', 'np-fix-and-or']).code).toBe(2)
    expect(runNetpol(['grade', 'np-fix-and-or', dir, '--frobnicate']).code).toBe(2)
    expect(runNetpol(['exercises', 'extra']).code).toBe(2)
  })

  it('grade: an exercise file with a mistake is exit 2 naming the file and field', () => {
    const root = mkdtempSync(join(tmpdir(), 'scenarios-'))
    cpSync(join(ROOT, 'content/scenarios/shop'), join(root, 'shop'), { recursive: true })
    const bad = join(root, 'shop/exercises/np-fix-and-or.yaml')
    writeFileSync(bad, readFileSync(bad, 'utf8').replace('expect: dropped', 'expect: blocked'))
    const r = runNetpol(['exercises', '--root', root])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /np-fix-and-or\.yaml: checks\[0\]\.expect: must be one of connected, dropped, refused, no-such-host\n$/,
    )
    expect(r.stderr).not.toContain('    at ')
  })

  it('a scenario folder as input skips its exercises folder', () => {
    const r = runNetpol(['validate', join(ROOT, 'content/scenarios/shop')])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^12 objects read, 0 errors, 0 warnings$/m)
  })

  it('the npm script exits 1 for an answer that does not pass, 0 for one that does, 2 for invalid manifests', () => {
    const run = (dir: string) =>
      spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
          join(ROOT, 'lib/cli/netpol.ts'),
          'grade',
          'np-deny-all-to-db',
          dir,
        ],
        { encoding: 'utf8', cwd: ROOT },
      )
    expect(run(mkdtempSync(join(tmpdir(), 'grade-'))).status).toBe(1)
    expect(run(solutionDir('np-deny-all-to-db')).status).toBe(0)
    const invalid = mkdtempSync(join(tmpdir(), 'grade-'))
    writeFileSync(join(invalid, 'policy.yaml'), invalidPolicy)
    const r = run(invalid)
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/policy\.yaml:6:\d+: /)
  })
})

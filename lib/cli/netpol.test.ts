import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
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
    // connlist reads as the analyzer does (unknown fields are warnings), but broken YAML is an error.
    const broken = tempManifest('kind: Pod\nmetadata: {name: [\n')
    const c = runNetpol(['connlist', broken])
    expect(c.code).toBe(1)
    expect(c.stderr).toMatch(/np\.yaml:\d+:\d+: error: error parsing/)
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

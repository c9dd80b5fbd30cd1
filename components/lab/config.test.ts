import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { LabSession } from '@/lib/session/session'
import type * as Scenarios from '@/lib/scenarios/scenarios'
import { Shell } from '@/lib/shell/shell'
import { sessionInit } from './config'
import { labConfig } from './Lab'

// <Lab> reads its scenario from content/scenarios; these read theirs from a folder of their own.
const { root } = vi.hoisted(() => ({ root: { dir: '' } }))
vi.mock('@/lib/scenarios/scenarios', async (original) => {
  const real = await original<typeof Scenarios>()
  return { ...real, readScenario: (name: string) => real.readScenario(name, root.dir) }
})
root.dir = mkdtempSync(join(tmpdir(), 'lab-config-'))
afterAll(() => rmSync(root.dir, { recursive: true, force: true }))

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: shop}
spec:
  type: LoadBalancer
  clusterIP: 10.96.20.20
  selector: {app: shop}
  ports: [{port: 80, nodePort: 30080}]
`

/** A scenario folder with one LoadBalancer Service, and the lab config <Lab> makes of it. */
function lab(name: string, labYaml: string) {
  mkdirSync(join(root.dir, name))
  writeFileSync(join(root.dir, name, 'lab.yaml'), labYaml)
  writeFileSync(join(root.dir, name, 'shop.yaml'), SERVICE)
  return labConfig({ id: name, scenario: name })
}

/** The EXTERNAL-IP column of `kubectl get svc shop` in the lab's terminal. */
function externalIp(session: LabSession): string {
  const r = new Shell(session).input('kubectl get svc shop')
  if (r.kind !== 'done') throw new Error('kubectl did not finish')
  const [header, row] = r.output.split('\n')
  return row!.slice(header!.indexOf('EXTERNAL-IP')).split(/\s+/)[0]!
}

describe('lab config: the scenario reaches the browser session', () => {
  it("SV-12: lab.yaml's loadBalancer gives LoadBalancer Services an address from the pool", () => {
    const config = lab('with-lb', 'title: With MetalLB\ncni: calico\nloadBalancer: metallb\n')
    expect(config.loadBalancer).toBe('metallb')
    expect(externalIp(new LabSession(sessionInit(config)))).toBe('198.51.100.10')
  })

  it('SV-12: without loadBalancer in lab.yaml, EXTERNAL-IP stays <pending>', () => {
    const config = lab('without-lb', 'title: No implementation\ncni: calico\n')
    expect(config.loadBalancer).toBeUndefined()
    expect(externalIp(new LabSession(sessionInit(config)))).toBe('<pending>')
    // `none` spelled out is the same as leaving it out.
    const none = lab('none-lb', 'cni: calico\nloadBalancer: none\n')
    expect(externalIp(new LabSession(sessionInit(none)))).toBe('<pending>')
  })

  it('sessionInit keeps the files, CNI and node count', () => {
    const files = [{ name: 'a.yaml', text: SERVICE, editable: true }]
    const base = { id: 'x', title: 'x', panels: [], files, flows: [] }
    expect(sessionInit({ ...base, cni: 'cilium', nodes: 3, loadBalancer: 'cloud' })).toEqual({
      files,
      cni: 'cilium',
      nodes: 3,
      loadBalancer: 'cloud',
    })
    expect(sessionInit({ ...base, cni: 'flannel' })).toEqual({ files, cni: 'flannel' })
  })
})

// lab.yaml's loadBalancer setting (SV-12): checked at build time, with the file named.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readScenario, ScenarioError } from './scenarios'

const root = mkdtempSync(join(tmpdir(), 'scenarios-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function scenario(name: string, lab: string) {
  mkdirSync(join(root, name))
  writeFileSync(join(root, name, 'lab.yaml'), lab)
  writeFileSync(join(root, name, 'app.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n')
}

describe('lab.yaml loadBalancer', () => {
  it('SV-12: is absent by default and read when it names an implementation', () => {
    scenario('plain', 'title: Plain\n')
    scenario('metal', 'title: Metal\nloadBalancer: metallb\n')
    expect(readScenario('plain', root).loadBalancer).toBeUndefined()
    expect(readScenario('metal', root).loadBalancer).toBe('metallb')
  })

  it('SV-12: an unknown implementation fails with the file and the choices', () => {
    scenario('bad', 'loadBalancer: haproxy\n')
    expect(() => readScenario('bad', root)).toThrow(ScenarioError)
    expect(() => readScenario('bad', root)).toThrow(
      /lab\.yaml: loadBalancer must be one of none, cloud, metallb \(got haproxy\)/,
    )
  })
})

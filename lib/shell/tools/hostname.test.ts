// hostname in the pod.
import { describe, expect, it } from 'vitest'
import { open } from './tools.testkit'

describe('hostname', () => {
  it("the pod's name", () => {
    expect(open().run('kubectl exec client -- hostname')).toBe('client\n')
  })
})

// cat over the pod's files.
import { describe, expect, it } from 'vitest'
import { open } from './tools.testkit'

describe('cat in the pod', () => {
  it('/etc/resolv.conf, and a file that does not exist', () => {
    const l = open()
    expect(l.run('kubectl exec client -- cat /etc/resolv.conf')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    )
    expect(l.run('kubectl exec client -- cat /nope')).toBe(
      "cat: can't open '/nope': No such file or directory\ncommand terminated with exit code 1\n",
    )
  })
})

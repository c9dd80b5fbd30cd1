import { describe, expect, it } from 'vitest'
import { DESCRIBE_WRITER, goTime, humanDuration, rfc1123z, table, tabwrite } from './format'

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H

describe('table layout (cli-runtime tabwriter: minwidth 6, padding 3, last column unpadded)', () => {
  it('reproduces the docs example of get svc byte for byte (course-facts §1.3, VERBATIM)', () => {
    expect(
      table(
        ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
        [['my-nginx', 'ClusterIP', '10.0.162.149', '<none>', '80/TCP', '21s']],
      ),
    ).toBe(
      'NAME       TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\n' +
        'my-nginx   ClusterIP   10.0.162.149   <none>        80/TCP    21s\n',
    )
  })

  it('reproduces the docs example of get endpointslices and of get networkpolicy', () => {
    expect(
      table(
        ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
        [['my-nginx-7vzhx', 'IPv4', '80', '10.244.2.5,10.244.3.4', '21s']],
      ),
    ).toBe(
      'NAME             ADDRESSTYPE   PORTS   ENDPOINTS               AGE\n' +
        'my-nginx-7vzhx   IPv4          80      10.244.2.5,10.244.3.4   21s\n',
    )
    expect(
      table(['NAME', 'POD-SELECTOR', 'AGE'], [['backend-ingress-allow-frontend', 'app=backend', '1h']]),
    ).toBe(
      'NAME                             POD-SELECTOR   AGE\n' +
        'backend-ingress-allow-frontend   app=backend    1h\n',
    )
  })

  it('reproduces the rendered pods -o wide example (kubectl-rendered-examples.txt)', () => {
    const text = table(
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
      [
        ['web-7d4b9c8f6d-2xk9p', '1/1', 'Running', '0', '12m', '10.244.1.5', 'worker-1', '<none>', '<none>'],
        [
          'web-7d4b9c8f6d-q8wzt',
          '1/1',
          'Running',
          '1 (3m ago)',
          '12m',
          '10.244.2.7',
          'worker-2',
          '<none>',
          '<none>',
        ],
        ['db-0', '0/1', 'Pending', '0', '8s', '<none>', '<none>', '<none>', '<none>'],
      ],
    )
    expect(text)
      .toBe(`NAME                   READY   STATUS    RESTARTS     AGE   IP           NODE       NOMINATED NODE   READINESS GATES
web-7d4b9c8f6d-2xk9p   1/1     Running   0            12m   10.244.1.5   worker-1   <none>           <none>
web-7d4b9c8f6d-q8wzt   1/1     Running   1 (3m ago)   12m   10.244.2.7   worker-2   <none>           <none>
db-0                   0/1     Pending   0            8s    <none>       <none>     <none>           <none>
`)
  })

  it('keeps short columns at the minimum width of 6', () => {
    expect(table(['A', 'B'], [['x', 'y']])).toBe('A     B\nx     y\n')
  })
})

describe('describe writer (minwidth 0, padding 2; a line without a tab ends the block)', () => {
  it('aligns each block on its own widest label', () => {
    const text =
      'Name:\tweb\nAnnotations:\t<none>\nSpec:\n  PodSelector: x\nIPs:\n  IP:\t10.0.0.1\nControlled By:\tReplicaSet/web\n'
    expect(tabwrite(text, DESCRIBE_WRITER)).toBe(
      'Name:         web\nAnnotations:  <none>\nSpec:\n  PodSelector: x\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n',
    )
  })

  it('aligns a middle column over the lines that have one', () => {
    expect(tabwrite('Port:\t<unset>\t80/TCP\nTargetPort:\t80/TCP\n', DESCRIBE_WRITER)).toBe(
      'Port:        <unset>  80/TCP\nTargetPort:  80/TCP\n',
    )
  })
})

describe('AGE (apimachinery HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'],
    [-5 * S, '<invalid>'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [2 * M, '2m'],
    [8 * M + 18 * S, '8m18s'],
    [5 * M, '5m'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H + 5 * M, '3h5m'],
    [5 * H, '5h'],
    [30 * H, '30h'],
    [3 * D + 4 * H, '3d4h'],
    [3 * D, '3d'],
    [45 * D, '45d'],
    [2 * 365 * D + 3 * D, '2y3d'],
    [9 * 365 * D, '9y'],
  ])('%i ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text)
  })
})

describe('timestamps', () => {
  it('prints Go time formats in UTC', () => {
    const t = Date.UTC(2017, 5, 4, 21, 45, 56)
    expect(rfc1123z(t)).toBe('Sun, 04 Jun 2017 21:45:56 +0000')
    expect(goTime(t)).toBe('2017-06-04 21:45:56 +0000 UTC')
  })
})

import { Box, Label, Zone, type DiagramDef } from './kit'

interface Source {
  name: string
  label: string
}

const OPS: Source[] = [
  { name: 'monitor', label: 'role=monitor' },
  { name: 'debug', label: 'no role label' },
]
const DEMO: Source[] = [
  { name: 'client', label: 'app=client' },
  { name: 'other', label: 'role=monitor' },
]

function Pod({ x, y, s, allowed }: { x: number; y: number; s: Source; allowed: boolean }) {
  return (
    <Box
      x={x}
      y={y}
      w={125}
      h={70}
      kind={allowed ? 'ok' : 'deny'}
      label={s.name}
      lines={[s.label, allowed ? '✓ let in' : '✕ dropped']}
    />
  )
}

function Panel({ x, or }: { x: number; or: boolean }) {
  const code = or
    ? ['from:', '  - namespaceSelector: ops', '  - podSelector: role=monitor']
    : ['from:', '  - namespaceSelector: ops', '    podSelector: role=monitor']
  // which of ops/monitor, ops/debug, demo/client, demo/other each version admits (NP-11)
  const admits = or ? [true, true, false, true] : [true, false, false, false]
  return (
    <g>
      <Zone x={x} y={10} w={305} h={440} label={or ? 'Two peers: OR' : 'One peer, both selectors: AND'} />
      <Box x={x + 12} y={40} w={281} h={70} kind="plain" lines={code} mono align="start" />
      <Label x={x + 152} y={132}>
        {or ? 'every pod in ops, or role=monitor' : 'pods labelled role=monitor'}
      </Label>
      <Label x={x + 152} y={150}>
        {or ? 'in the policy’s namespace demo' : 'and in the namespace ops'}
      </Label>
      <Zone x={x + 12} y={166} w={281} h={128} label="namespace ops" dashed />
      <Pod x={x + 20} y={200} s={OPS[0]!} allowed={admits[0]!} />
      <Pod x={x + 161} y={200} s={OPS[1]!} allowed={admits[1]!} />
      <Zone x={x + 12} y={306} w={281} h={128} label="namespace demo (the policy’s)" dashed />
      <Pod x={x + 20} y={340} s={DEMO[0]!} allowed={admits[2]!} />
      <Pod x={x + 161} y={340} s={DEMO[1]!} allowed={admits[3]!} />
    </g>
  )
}

export const andOrSelectors: DiagramDef = {
  title: 'One peer (AND) or two peers (OR): who may reach web',
  description:
    'Two versions of an ingress rule for the pod web in namespace demo, and four source pods: monitor (role=monitor) and debug (no role label) in namespace ops, client (app=client) and other, here labelled role=monitor, in demo. Left, one peer holding namespaceSelector ops and podSelector role=monitor: both must match, so only ops/monitor is let in; ops/debug, demo/client and demo/other are dropped. Right, two peers, one namespaceSelector ops and one podSelector role=monitor: either may match, and a podSelector alone means the policy’s own namespace, so ops/monitor, ops/debug and demo/other are let in and only demo/client is dropped.',
  width: 640,
  height: 460,
  draw: () => (
    <g>
      <Panel x={10} or={false} />
      <Panel x={325} or />
    </g>
  ),
}

import { Arrow, Box, Label, type BoxKind, type DiagramDef } from './kit'

const ROWS: { tier: string; sub: string; kind: BoxKind; decides: string[]; next: string }[] = [
  {
    tier: 'Admin tier',
    sub: 'ClusterNetworkPolicy',
    kind: 'rule',
    decides: ['Accept: allowed', 'Deny: dropped'],
    next: 'Pass, or no rule matches',
  },
  {
    tier: 'NetworkPolicy',
    sub: 'the namespace’s own',
    kind: 'pod',
    decides: ['pod isolated: allowed if a rule', 'allows it, dropped if none does'],
    next: 'pod not isolated',
  },
  {
    tier: 'Baseline tier',
    sub: 'ClusterNetworkPolicy',
    kind: 'rule',
    decides: ['Accept: allowed', 'Deny: dropped'],
    next: 'no rule matches',
  },
]

const ROW = 104

export const policyTiers: DiagramDef = {
  title: 'Who decides: the Admin tier, NetworkPolicy, the Baseline tier',
  description:
    'Traffic is evaluated tier by tier, from top to bottom, and the first tier that decides wins. 1, the Admin tier of ClusterNetworkPolicy, lowest priority number first: Accept allows the traffic and Deny drops it, and NetworkPolicies cannot override either; Pass, or no matching rule, goes on to the next tier. 2, the namespace’s NetworkPolicies: if they isolate the pod, they decide, allowing what a rule allows and dropping the rest; if the pod is not isolated, evaluation goes on. 3, the Baseline tier of ClusterNetworkPolicy: Accept or Deny as defaults that NetworkPolicies have already been able to override. 4, if nothing decided, the traffic is allowed.',
  width: 640,
  height: ROW * ROWS.length + 70,
  draw: (ids) => (
    <g>
      {ROWS.map((r, i) => {
        const y = 12 + i * ROW
        return (
          <g key={r.tier}>
            <Box x={20} y={y} w={240} h={60} kind={r.kind} label={`${i + 1}. ${r.tier}`} lines={[r.sub]} />
            <Arrow d={`M262 ${y + 30}H318`} ids={ids} />
            <Label x={290} y={y + 22}>
              decides
            </Label>
            <Box x={320} y={y} w={300} h={60} kind="plain" lines={r.decides} />
            <Arrow d={`M140 ${y + 62}V${y + ROW - 2}`} ids={ids} kind="muted" />
            <Label x={152} y={y + 87} anchor="start">
              {r.next}
            </Label>
          </g>
        )
      })}
      <Box x={20} y={12 + ROWS.length * ROW} w={300} h={44} kind="ok" label="4. nothing decided: allowed" />
    </g>
  ),
}

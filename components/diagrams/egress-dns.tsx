import { Arrow, Box, Cross, Label, type DiagramDef } from './kit'

export const egressDns: DiagramDef = {
  title: 'Egress default deny with two allow rules: DNS, then the API',
  description:
    'The pod frontend in namespace app is isolated for egress by a default deny, and two allow policies add to it. Rule 1, allow-dns, lets it reach the CoreDNS pods (k8s-app=kube-dns in kube-system) on port 53 over UDP and TCP, so its lookup of api is answered. Rule 2 lets it reach the api pods on their port named http (8080 on api, 9090 on api-canary), the targetPort the Service forwards to, so the connection itself gets through. Everything else it tries, another pod or an address outside the cluster, matches no rule and is dropped, which the client sees as a timeout. Replies on the allowed connections need no rule.',
  width: 640,
  height: 400,
  draw: (ids) => (
    <g>
      <Box
        x={10}
        y={140}
        w={196}
        h={116}
        kind="pod"
        label="frontend"
        lines={['namespace app', 'egress: default deny', '+ allow-dns', '+ allow to api']}
      />
      <Box
        x={370}
        y={24}
        w={260}
        h={74}
        kind="ok"
        label="CoreDNS pods"
        lines={['kube-system · k8s-app=kube-dns', 'UDP 53 and TCP 53']}
      />
      <Arrow d="M206 170H300V61H368" ids={ids} kind="ok" />
      <Label x={290} y={112} kind="ok" anchor="end">
        rule 1 ✓
      </Label>
      <Box
        x={370}
        y={160}
        w={260}
        h={74}
        kind="ok"
        label="api pods"
        lines={['app=api · port http (8080 / 9090)', 'the targetPort, after DNAT']}
      />
      <Arrow d="M206 197H368" ids={ids} kind="ok" />
      <Label x={287} y={188} kind="ok">
        rule 2 ✓
      </Label>
      <Box
        x={370}
        y={296}
        w={260}
        h={74}
        kind="deny"
        label="anything else"
        lines={['other pods, the internet']}
      />
      <Arrow d="M206 226H300V333H368" ids={ids} kind="deny" dashed />
      <Cross x={300} y={282} />
      <Label x={290} y={308} kind="deny" anchor="end">
        dropped
      </Label>
      <Label x={290} y={326} kind="deny" anchor="end">
        (timeout)
      </Label>
    </g>
  ),
}

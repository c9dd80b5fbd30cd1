import { Arrow, Box, Label, Step, Zone, type DiagramDef } from './kit'

export const serviceDnat: DiagramDef = {
  title: 'A connection to a ClusterIP, translated on the client’s node',
  description:
    'Step 1: a client pod, 10.244.1.5 on node A, connects to the Service my-nginx at its ClusterIP and port, 10.0.162.149:80. No interface holds that address. Step 2: kube-proxy’s rules on the client’s own node (iptables chains KUBE-SERVICES, KUBE-SVC and KUBE-SEP) pick one of the Service’s ready endpoints at random and rewrite the destination (DNAT) to it; the source stays the client pod. Step 3: the packet travels to the chosen pod, 10.244.2.5:80, the targetPort; the other endpoint, 10.244.3.4:80, is not used for this connection. Step 4: conntrack remembers the choice, so every reply is translated back and reaches the client as if it came from 10.0.162.149:80.',
  width: 640,
  height: 400,
  draw: (ids) => (
    <g>
      <Zone x={10} y={10} w={330} h={380} label="Node A · the client’s node" />
      <Box
        x={30}
        y={44}
        w={290}
        h={56}
        kind="pod"
        label="client pod · 10.244.1.5"
        lines={['connects to 10.0.162.149:80']}
      />
      <Arrow d="M50 102V146" ids={ids} />
      <Step x={72} y={124} n={1} />
      <Label x={90} y={129} anchor="start">
        to the ClusterIP (only in rules)
      </Label>
      <Box
        x={30}
        y={148}
        w={290}
        h={96}
        kind="rule"
        label="kube-proxy’s rules (iptables nat)"
        lines={[
          'KUBE-SERVICES → KUBE-SVC-…',
          'random pick among ready endpoints',
          'KUBE-SEP-…: DNAT 10.244.2.5:80',
        ]}
        mono
      />
      <Arrow d="M50 246V290" ids={ids} />
      <Step x={72} y={268} n={2} />
      <Label x={90} y={273} anchor="start">
        destination rewritten, source kept
      </Label>
      <Box
        x={30}
        y={292}
        w={290}
        h={52}
        label="packet leaves node A"
        lines={['10.244.1.5 → 10.244.2.5:80']}
        mono
      />
      <Zone x={370} y={10} w={260} h={380} label="EndpointSlice of my-nginx" dashed />
      <Box
        x={390}
        y={60}
        w={220}
        h={56}
        kind="pod"
        label="pod 10.244.2.5:80"
        lines={['chosen for this connection']}
      />
      <Box
        x={390}
        y={150}
        w={220}
        h={56}
        kind="muted"
        label="pod 10.244.3.4:80"
        lines={['not chosen this time']}
      />
      <Arrow d="M322 318H356V100H388" ids={ids} />
      <Step x={372} y={130} n={3} />
      <Arrow d="M388 72H322" ids={ids} kind="ok" dashed />
      <Step x={402} y={250} n={4} />
      <Label x={420} y={255} anchor="start">
        the reply (dashed, top) is
      </Label>
      <Label x={420} y={273} anchor="start">
        translated back: it comes
      </Label>
      <Label x={420} y={291} anchor="start">
        from 10.0.162.149:80
      </Label>
      <Label x={420} y={309} anchor="start">
        (conntrack remembers)
      </Label>
    </g>
  ),
}

import { Arrow, Box, Label, Zone, type DiagramDef } from './kit'

export const vethPair: DiagramDef = {
  title: 'Two pods on one node, each joined to the cni0 bridge by a veth pair',
  description:
    'A node with its root network namespace. Inside it sit two pod network namespaces. Pod A’s only interface is eth0 with 10.244.1.2/24, pod B’s is eth0 with 10.244.1.3/24. Each eth0 is one end of a veth pair; the other end of each pair stays in the node’s root namespace, has no address, and is plugged into the cni0 bridge. The bridge holds 10.244.1.1, the pods’ gateway. Pod A reaches pod B through the bridge at layer 2, without routing. Traffic for any other address goes to the gateway, and the node routes it out of its own eth0, 192.168.56.11, towards the other nodes.',
  width: 640,
  height: 420,
  draw: (ids) => (
    <g>
      <Zone x={10} y={10} w={620} h={400} label="Node · root network namespace" />
      <Zone x={30} y={44} w={260} h={96} label="Pod A · its own namespace" dashed />
      <Zone x={350} y={44} w={260} h={96} label="Pod B · its own namespace" dashed />
      <Box x={70} y={78} w={180} h={48} kind="pod" label="eth0" lines={['10.244.1.2/24']} />
      <Box x={390} y={78} w={180} h={48} kind="pod" label="eth0" lines={['10.244.1.3/24']} />
      <Arrow d="M160 128V178" ids={ids} both />
      <Arrow d="M480 128V178" ids={ids} both />
      <Label x={170} y={158} anchor="start">
        veth pair
      </Label>
      <Label x={490} y={158} anchor="start">
        veth pair
      </Label>
      <Box x={70} y={180} w={180} h={48} label="vethXXXX" lines={['host end, no address']} />
      <Box x={390} y={180} w={180} h={48} label="vethYYYY" lines={['host end, no address']} />
      <Arrow d="M160 230V260" ids={ids} kind="muted" />
      <Arrow d="M480 230V260" ids={ids} kind="muted" />
      <Box
        x={70}
        y={262}
        w={500}
        h={52}
        kind="rule"
        label="cni0 bridge"
        lines={['10.244.1.1 · the pods’ gateway']}
      />
      <Label x={320} y={250}>
        pod A ⇄ pod B: switched here, layer 2
      </Label>
      <Arrow d="M320 316V344" ids={ids} />
      <Label x={330} y={336} anchor="start">
        anything else: routed by the node
      </Label>
      <Box x={200} y={346} w={240} h={48} label="eth0" lines={['192.168.56.11 · the node’s own']} />
      <Arrow d="M442 370H612" ids={ids} />
      <Label x={528} y={362}>
        other nodes
      </Label>
    </g>
  ),
}

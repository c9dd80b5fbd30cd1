import { Arrow, Box, Label, Zone, type BoxKind, type DiagramDef } from './kit'

const COLUMNS: { name: string; boxes: [string, string, BoxKind][]; policy: string }[] = [
  {
    name: 'Flannel',
    boxes: [
      ['pod eth0', 'veth pair', 'pod'],
      ['cni0 bridge', 'layer 2, gateway .1', 'iface'],
      ['flannel.1', 'VXLAN, UDP 8472', 'rule'],
    ],
    policy: 'no NetworkPolicy',
  },
  {
    name: 'Calico',
    boxes: [
      ['pod eth0', 'route via 169.254.1.1', 'pod'],
      ['caliXXXX', 'proxy ARP, no bridge', 'iface'],
      ['host routing', 'BGP, or tunl0 / VXLAN', 'rule'],
    ],
    policy: 'policy: Felix',
  },
  {
    name: 'Cilium',
    boxes: [
      ['pod eth0', 'veth pair', 'pod'],
      ['lxcXXXX + eBPF', 'no bridge, no iptables', 'iface'],
      ['tunnel or native', 'VXLAN or Geneve', 'rule'],
    ],
    policy: 'policy: eBPF, by identity',
  },
]

export const cniCompare: DiagramDef = {
  title: 'One packet leaving a pod: Flannel, Calico and Cilium side by side',
  description:
    'Three columns, one per plugin, each from the pod down to the node’s eth0. Flannel: the pod’s eth0 is a veth pair whose host end is plugged into the cni0 bridge, the pods’ gateway; packets for other nodes go through flannel.1, which wraps them in VXLAN on UDP 8472. Flannel enforces no NetworkPolicy. Calico: the pod’s default route points at 169.254.1.1, which the host end caliXXXX answers by proxy ARP; there is no bridge, and the node routes the packet, with BGP routes or an IP-in-IP (tunl0) or VXLAN tunnel; Felix enforces policy. Cilium: eBPF programs on the host end lxcXXXX handle the packet, with no bridge and no iptables chains, and send it through a VXLAN (UDP 8472) or Geneve (UDP 6081) tunnel or by native routing; policy is decided in eBPF, by identity.',
  width: 640,
  height: 400,
  draw: (ids) => (
    <g>
      {COLUMNS.map((c, i) => {
        const x = 10 + i * 212
        return (
          <g key={c.name}>
            <Zone x={x} y={10} w={196} h={380} label={c.name} />
            {c.boxes.map(([label, sub, kind], j) => (
              <g key={label}>
                <Box x={x + 12} y={42 + j * 80} w={172} h={56} kind={kind} label={label} lines={[sub]} />
                <Arrow d={`M${x + 98} ${100 + j * 80}V${120 + j * 80}`} ids={ids} />
              </g>
            ))}
            <Box x={x + 12} y={282} w={172} h={44} label="eth0" lines={['the node’s address']} />
            <Label x={x + 98} y={358} kind={i === 0 ? 'deny' : 'ok'}>
              {c.policy}
            </Label>
          </g>
        )
      })}
    </g>
  ),
}

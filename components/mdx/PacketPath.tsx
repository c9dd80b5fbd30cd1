import { useId } from 'react'
import type { PacketPathVariant } from '@/lib/content/authoring'

// The path of a packet from a pod on node A to a pod on node B, drawn as SVG. The numbered
// steps under the drawing are its text alternative (and the explanation), so the picture
// adds nothing a screen reader user misses.

interface Box {
  label: string
  sub: string
  kind: 'pod' | 'iface' | 'route'
}

interface Variant {
  title: string
  nodeA: { name: string; boxes: Box[] }
  nodeB: { name: string; boxes: Box[] }
  underlay: [string, string]
  steps: string[]
}

const VARIANTS = {
  'flannel-vxlan': {
    title: 'Flannel with VXLAN: pod A on node A to pod B on node B',
    nodeA: {
      name: 'Node A · 192.168.56.11',
      boxes: [
        { label: 'Pod A', sub: 'eth0 · 10.244.1.5', kind: 'pod' },
        { label: 'veth', sub: 'host end of the pod’s pair', kind: 'iface' },
        { label: 'cni0 bridge', sub: '10.244.1.1', kind: 'iface' },
        { label: 'flannel.1', sub: 'VXLAN: wrap', kind: 'route' },
        { label: 'eth0', sub: '192.168.56.11', kind: 'iface' },
      ],
    },
    nodeB: {
      name: 'Node B · 192.168.56.12',
      boxes: [
        { label: 'Pod B', sub: 'eth0 · 10.244.2.5', kind: 'pod' },
        { label: 'veth', sub: 'host end of the pod’s pair', kind: 'iface' },
        { label: 'cni0 bridge', sub: '10.244.2.1', kind: 'iface' },
        { label: 'flannel.1', sub: 'VXLAN: unwrap', kind: 'route' },
        { label: 'eth0', sub: '192.168.56.12', kind: 'iface' },
      ],
    },
    underlay: ['Underlay network: UDP to port 8472', 'outer header 192.168.56.11 → 192.168.56.12'],
    steps: [
      'Pod A (10.244.1.5) sends a packet to 10.244.2.5 from its eth0, one end of a veth pair.',
      'The other end of the pair is attached to the cni0 bridge on node A (10.244.1.1), the pod’s gateway.',
      'Node A’s route “10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink” hands the packet to flannel.1.',
      'flannel.1 wraps it in VXLAN: a UDP datagram to port 8472 from node A (192.168.56.11) to node B (192.168.56.12).',
      'The underlay network carries the datagram between the nodes. It only ever sees node addresses.',
      'flannel.1 on node B unwraps the original packet.',
      'Node B’s cni0 bridge forwards it through the veth pair to pod B’s eth0 (10.244.2.5).',
    ],
  },
  calico: {
    title: 'Calico, routed: pod A on node A to pod B on node B',
    nodeA: {
      name: 'Node A',
      boxes: [
        { label: 'Pod A', sub: 'default route via 169.254.1.1', kind: 'pod' },
        { label: 'caliXXXX', sub: 'host end · answers ARP (proxy ARP)', kind: 'iface' },
        { label: 'Node A routing', sub: 'route to pod B’s /26 block', kind: 'route' },
        { label: 'BGP route or tunnel', sub: 'tunl0 (IP-in-IP) / vxlan.calico', kind: 'route' },
        { label: 'eth0', sub: 'node A’s address', kind: 'iface' },
      ],
    },
    nodeB: {
      name: 'Node B',
      boxes: [
        { label: 'Pod B', sub: 'eth0', kind: 'pod' },
        { label: 'caliYYYY', sub: 'host end of pod B’s veth', kind: 'iface' },
        { label: 'Node B routing', sub: 'route to pod B via caliYYYY', kind: 'route' },
        { label: 'Tunnel end', sub: 'unwrap, if a tunnel is used', kind: 'route' },
        { label: 'eth0', sub: 'node B’s address', kind: 'iface' },
      ],
    },
    underlay: ['Underlay network', 'plain routed packets, or IP-in-IP / VXLAN between nodes'],
    steps: [
      'Pod A sends the packet from its eth0. Its default route points at 169.254.1.1.',
      'Node A answers for 169.254.1.1 on caliXXXX, the host end of pod A’s veth (proxy ARP), so the packet enters the node. There is no bridge.',
      'Node A routes the packet like any router: toward the node that holds pod B’s address block.',
      'With BGP routing, the packet goes out as it is. In overlay mode it is wrapped first, in tunl0 (IP-in-IP) or vxlan.calico (VXLAN).',
      'The underlay carries the packet to node B, which unwraps it if a tunnel was used.',
      'Node B routes the packet to caliYYYY, the host end of pod B’s veth.',
      'Pod B receives it on its eth0. Even between two pods on the same node, the node routes the packet.',
    ],
  },
} satisfies Record<PacketPathVariant, Variant>

const W = 760
const H = 420
const NODE_W = 330
const NODE_H = 330
const BOX_W = 250
const BOX_H = 44
const BOX_GAP = 14
const TOP = 52

function NodeColumn({
  x,
  node,
  direction,
  marker,
}: {
  x: number
  node: Variant['nodeA']
  direction: 'down' | 'up'
  marker: string
}) {
  const bx = x + (NODE_W - BOX_W) / 2
  const cx = x + NODE_W / 2
  return (
    <g>
      <rect x={x} y={10} width={NODE_W} height={NODE_H} rx={14} className="pp-node" />
      <text x={x + 16} y={36} className="pp-node-label">
        {node.name}
      </text>
      {node.boxes.map((b, i) => {
        const y = TOP + i * (BOX_H + BOX_GAP)
        return (
          <g key={i}>
            <rect x={bx} y={y} width={BOX_W} height={BOX_H} rx={8} className={`pp-box pp-${b.kind}`} />
            <text x={cx} y={y + 18} textAnchor="middle" className="pp-label">
              {b.label}
            </text>
            <text x={cx} y={y + 35} textAnchor="middle" className="pp-sub">
              {b.sub}
            </text>
            {i < node.boxes.length - 1 &&
              (direction === 'down' ? (
                <line
                  x1={cx}
                  y1={y + BOX_H + 1}
                  x2={cx}
                  y2={y + BOX_H + BOX_GAP - 2}
                  className="pp-arrow"
                  markerEnd={`url(#${marker})`}
                />
              ) : (
                <line
                  x1={cx}
                  y1={y + BOX_H + BOX_GAP - 1}
                  x2={cx}
                  y2={y + BOX_H + 2}
                  className="pp-arrow"
                  markerEnd={`url(#${marker})`}
                />
              ))}
          </g>
        )
      })}
    </g>
  )
}

/** A packet's path between two pods on two nodes, as an SVG with the steps written out. */
export function PacketPath({
  variant = 'flannel-vxlan',
  caption,
}: {
  variant?: PacketPathVariant
  caption?: string
}) {
  const v: Variant | undefined = VARIANTS[variant]
  if (!v)
    throw new Error(
      `<PacketPath variant="${variant}">: variant must be one of ${Object.keys(VARIANTS).join(', ')}`,
    )
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const titleId = `pp-title-${uid}`
  const marker = `pp-arrow-${uid}`
  const ax = 10
  const bxNode = W - 10 - NODE_W
  const lastY = TOP + 4 * (BOX_H + BOX_GAP) + BOX_H
  const aCx = ax + NODE_W / 2
  const bCx = bxNode + NODE_W / 2
  const wireY = 372
  return (
    <figure className="diagram packet-path">
      {/* On a phone the drawing scrolls sideways: focusable, so the keyboard can scroll it. */}
      <div className="diagram-scroll" tabIndex={0} role="region" aria-labelledby={titleId}>
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby={titleId}>
          <title id={titleId}>{`${v.title}. The steps are listed below the drawing.`}</title>
          <defs>
            <marker
              id={marker}
              viewBox="0 0 10 10"
              refX="8"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0 0L10 5L0 10z" className="pp-arrowhead" />
            </marker>
          </defs>
          <NodeColumn x={ax} node={v.nodeA} direction="down" marker={marker} />
          <NodeColumn x={bxNode} node={v.nodeB} direction="up" marker={marker} />
          <path
            d={`M${aCx} ${lastY + 1} V${wireY} H${bCx} V${lastY + 3}`}
            className="pp-arrow pp-wire"
            fill="none"
            markerEnd={`url(#${marker})`}
          />
          <text x={W / 2} y={wireY - 10} textAnchor="middle" className="pp-label">
            {v.underlay[0]}
          </text>
          <text x={W / 2} y={wireY + 24} textAnchor="middle" className="pp-sub">
            {v.underlay[1]}
          </text>
        </svg>
      </div>
      <figcaption>
        <p className="diagram-caption">{caption ?? v.title}</p>
        <ol className="diagram-steps">
          {v.steps.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      </figcaption>
    </figure>
  )
}

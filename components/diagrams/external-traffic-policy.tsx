import { Arrow, Box, Cross, Label, Zone, type DiagramDef } from './kit'

function Panel({ x, local, ids }: { x: number; local: boolean; ids: Parameters<DiagramDef['draw']>[0] }) {
  return (
    <g>
      <Zone x={x} y={10} w={305} h={420} label={`externalTrafficPolicy: ${local ? 'Local' : 'Cluster'}`} />
      <Box x={x + 77} y={42} w={150} h={48} kind="plain" label="client" lines={['203.0.113.7']} />
      <Zone x={x + 15} y={150} w={130} h={180} label="node 1 · .11" />
      <Zone x={x + 160} y={150} w={130} h={180} label="node 2 · .12" />
      <Box x={x + 25} y={180} w={110} h={48} label=":30080" lines={['no endpoint']} />
      <Box x={x + 170} y={180} w={110} h={48} label=":30080" lines={['one endpoint']} />
      <Box
        x={x + 170}
        y={262}
        w={110}
        h={56}
        kind="pod"
        label="web pod"
        lines={['sees', local ? '203.0.113.7' : '192.168.56.11']}
      />
      <Arrow d={`M${x + 225} 230V260`} ids={ids} />
      {local ? (
        <g>
          <Arrow d={`M${x + 130} 92L${x + 95} 178`} ids={ids} kind="deny" dashed />
          <Cross x={x + 112} y={135} />
          <Label x={x + 80} y={262} kind="deny">
            dropped
          </Label>
          <Arrow d={`M${x + 175} 92L${x + 268} 178`} ids={ids} />
          <Label x={x + 152} y={360}>
            only nodes with an endpoint answer
          </Label>
          <Label x={x + 152} y={382}>
            client address kept
          </Label>
          <Label x={x + 152} y={404}>
            the LB checks healthCheckNodePort
          </Label>
        </g>
      ) : (
        <g>
          <Arrow d={`M${x + 130} 92L${x + 95} 178`} ids={ids} />
          <Arrow d={`M${x + 80} 230V290H${x + 168}`} ids={ids} />
          <Label x={x + 80} y={260}>
            SNAT to
          </Label>
          <Label x={x + 80} y={278}>
            node 1
          </Label>
          <Arrow d={`M${x + 175} 92L${x + 268} 178`} ids={ids} kind="muted" dashed />
          <Label x={x + 152} y={360}>
            any node forwards: an extra hop
          </Label>
          <Label x={x + 152} y={382}>
            source becomes the node’s address
          </Label>
          <Label x={x + 152} y={404}>
            the client’s address is lost
          </Label>
        </g>
      )}
    </g>
  )
}

export const externalTrafficPolicy: DiagramDef = {
  title: 'externalTrafficPolicy: Cluster and Local, side by side',
  description:
    'Two copies of the same cluster: a client at 203.0.113.7 outside it, and a NodePort (30080) open on node 1 (192.168.56.11) and node 2 (192.168.56.12). Only node 2 runs an endpoint, the web pod. Left, Cluster, the default: the client may arrive at node 1, which has no endpoint; node 1 forwards the connection to the pod on node 2 and rewrites its source to its own address (SNAT), so the pod sees 192.168.56.11, not the client, and the path has an extra hop. (A client that arrives at node 2, drawn dashed, reaches the pod there, still with its source rewritten, to node 2’s address.) Right, Local: only node 2, which has an endpoint, takes the traffic and keeps the client’s address, so the pod sees 203.0.113.7; traffic that reaches node 1 is dropped, which is why a load balancer must send only to nodes that pass its health check.',
  width: 640,
  height: 440,
  draw: (ids) => (
    <g>
      <Panel x={10} local={false} ids={ids} />
      <Panel x={325} local ids={ids} />
    </g>
  ),
}

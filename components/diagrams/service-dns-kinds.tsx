import { Arrow, Box, Label, type DiagramDef } from './kit'

// Three rows, one per kind of Service: the Service, what DNS answers for its name, and where
// the client's connection goes. Addresses are the lab's (namespace app of the tiers scenario).
const ROWS = [40, 162, 284]
const ROW_H = 110

type Cell = { label: string; lines: string[] }
const SERVICES: { service: Cell; dns: Cell; connection: Cell & { kind: 'rule' | 'pod' | 'plain' } }[] = [
  {
    service: { label: 'api', lines: ['ClusterIP', '10.98.180.48', 'port 80 → http'] },
    dns: {
      label: 'one A record: the virtual IP',
      lines: ['api.app.svc.cluster.local.', '  A     10.98.180.48'],
    },
    connection: {
      kind: 'rule',
      label: 'kube-proxy DNATs',
      lines: ['10.98.180.48:80 →', '192.168.93.1:8080', 'or 192.168.139.65:9090'],
    },
  },
  {
    service: { label: 'api-pods', lines: ['headless', 'clusterIP: None', 'no virtual IP'] },
    dns: {
      label: 'one A record per ready pod',
      lines: ['api-pods.app.svc.cluster.local.', '  A     192.168.93.1', '  A     192.168.139.65'],
    },
    connection: {
      kind: 'pod',
      label: 'no proxy',
      lines: ['the client picks a pod', 'and uses its own port', '(8080 or 9090)'],
    },
  },
  {
    service: { label: 'partner-db', lines: ['ExternalName', 'no ClusterIP,', 'no endpoints'] },
    dns: {
      label: 'a CNAME to the outside name',
      lines: [
        'partner-db.app.svc.cluster.local.',
        '  CNAME db.partner.example.com.',
        'db.partner.example.com.',
        '  A     203.0.113.223',
      ],
    },
    connection: {
      kind: 'plain',
      label: 'no proxy',
      lines: ['straight to 203.0.113.223', 'on the server’s own port', '(ports are ignored)'],
    },
  },
]

export const serviceDnsKinds: DiagramDef = {
  title: 'ClusterIP, headless and ExternalName: what DNS answers',
  description:
    'Three Services in namespace app, one per row, with what DNS answers for each name and where the client then connects. ClusterIP Service api (ClusterIP 10.98.180.48, port 80 to the port named http): api.app.svc.cluster.local answers with one A record, the virtual IP 10.98.180.48; the client connects to 10.98.180.48:80 and kube-proxy rewrites the destination (DNAT) to one ready pod, 192.168.93.1:8080 or 192.168.139.65:9090. Headless Service api-pods (clusterIP: None, no virtual IP): api-pods.app.svc.cluster.local answers with one A record per ready pod, 192.168.93.1 and 192.168.139.65; nothing proxies, the client picks one and connects to that pod’s own port. ExternalName Service partner-db (no ClusterIP, no endpoints): partner-db.app.svc.cluster.local answers with a CNAME to db.partner.example.com, which the client resolves as usual to 203.0.113.223; nothing proxies, the client connects straight to 203.0.113.223 on the outside server’s own port, because the Service’s ports are ignored, and HTTP Host and TLS SNI still say partner-db. Only the ClusterIP Service has kube-proxy rules; the other two are DNS only.',
  width: 680,
  height: 440,
  draw: (ids) => (
    <g>
      <Label x={85} y={26} kind="label">
        Service
      </Label>
      <Label x={322} y={26} kind="label">
        DNS answer
      </Label>
      <Label x={577} y={26} kind="label">
        connection
      </Label>

      {SERVICES.map((row, k) => (
        <g key={row.service.label}>
          <Box x={10} y={ROWS[k]!} w={150} h={ROW_H} kind="iface" {...row.service} />
          <Box x={188} y={ROWS[k]!} w={268} h={ROW_H} kind="ok" mono align="start" {...row.dns} />
          <Box x={484} y={ROWS[k]!} w={186} h={ROW_H} {...row.connection} />
        </g>
      ))}

      {ROWS.map((y) => (
        <g key={y}>
          <Arrow d={`M162 ${y + ROW_H / 2}H186`} ids={ids} />
          <Arrow d={`M458 ${y + ROW_H / 2}H482`} ids={ids} />
        </g>
      ))}

      <Label x={340} y={414}>
        Only the ClusterIP Service has kube-proxy rules; the other two are DNS only.
      </Label>
      <Label x={340} y={432}>
        ExternalName keeps the name in protocols: HTTP Host and TLS SNI stay partner-db.
      </Label>
    </g>
  ),
}

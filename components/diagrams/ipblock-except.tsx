import { Arrow, Box, Label, Zone, type DiagramDef } from './kit'

// The addresses of 203.0.113.0/24 drawn to scale on one bar (420px for 256 addresses), so
// the except /25 is exactly its upper half and each sample points at its own place.
const BAR_X = 110
const BAR_W = 420
const at = (lastOctet: number) => BAR_X + (lastOctet / 256) * BAR_W

export const ipblockExcept: DiagramDef = {
  title: 'ipBlock with except: which source addresses a rule admits',
  description:
    'An ingress rule of a policy on the pod web admits from an ipBlock with cidr 203.0.113.0/24 and except 203.0.113.128/25. The 256 addresses of the cidr are drawn as a bar: its lower half, 203.0.113.0 to 203.0.113.127, is admitted; its upper half, 203.0.113.128 to 203.0.113.255, is cut out by except; addresses outside the cidr on either side match nothing. Three sample clients: 203.0.113.10 falls in the lower half and is let in, 203.0.113.200 falls in the excepted half and is dropped, 198.51.100.7 is outside the cidr and is dropped. A from rule compares the source address, a to rule the destination. Below, the address compared is the one the packet carries when the policy checks it: a client at 203.0.113.10 that comes in through a NodePort with externalTrafficPolicy Cluster may reach a pod on another node with its source rewritten (SNAT) to node 1’s address, 192.168.56.11, which is not in the cidr, so the rule does not match; with externalTrafficPolicy Local the source stays 203.0.113.10 and the rule admits it. Kubernetes leaves the order of NAT and policy for such traffic to the implementation.',
  width: 640,
  height: 540,
  draw: (ids) => (
    <g>
      <Box
        x={10}
        y={10}
        w={270}
        h={120}
        kind="plain"
        lines={[
          'ingress:',
          '  - from:',
          '      - ipBlock:',
          '          cidr: 203.0.113.0/24',
          '          except:',
          '            - 203.0.113.128/25',
        ]}
        mono
        align="start"
      />
      <Label x={300} y={36} kind="label" anchor="start">
        admitted = cidr minus except
      </Label>
      <Label x={300} y={60} anchor="start">
        cidr: the range (required)
      </Label>
      <Label x={300} y={80} anchor="start">
        except: holes, each strictly inside cidr
      </Label>
      <Label x={300} y={104} anchor="start">
        a from rule checks the source address,
      </Label>
      <Label x={300} y={124} anchor="start">
        a to rule the destination
      </Label>

      <Label x={BAR_X + BAR_W / 2} y={154}>
        cidr 203.0.113.0/24: .0 to .255
      </Label>
      <Arrow d={`M${BAR_X + 2} 164H${BAR_X + BAR_W - 2}`} ids={ids} kind="muted" both />
      <Label x={at(192)} y={186}>
        except 203.0.113.128/25: .128 to .255
      </Label>
      <Arrow d={`M${at(128) + 2} 196H${BAR_X + BAR_W - 2}`} ids={ids} kind="deny" both />

      <Box x={10} y={206} w={92} h={56} kind="muted" label="outside" lines={['✕ no match']} />
      <Box
        x={BAR_X}
        y={206}
        w={BAR_W / 2 - 2}
        h={56}
        kind="ok"
        label="203.0.113.0 – .127"
        lines={['✓ admitted']}
      />
      <Box
        x={at(128)}
        y={206}
        w={BAR_W / 2}
        h={56}
        kind="deny"
        label="203.0.113.128 – .255"
        lines={['✕ excepted']}
      />
      <Box x={538} y={206} w={92} h={56} kind="muted" label="outside" lines={['✕ no match']} />

      <Arrow d="M56 300V266" ids={ids} kind="muted" />
      <Box x={10} y={302} w={130} h={52} kind="deny" label="198.51.100.7" lines={['✕ dropped']} />
      <Arrow d={`M200 300L${at(10) + 2} 266`} ids={ids} kind="muted" />
      <Box x={150} y={302} w={140} h={52} kind="ok" label="203.0.113.10" lines={['✓ let in']} />
      <Arrow d={`M${at(200)} 300V266`} ids={ids} kind="muted" />
      <Box x={at(200) - 70} y={302} w={140} h={52} kind="deny" label="203.0.113.200" lines={['✕ dropped']} />

      <Zone
        x={10}
        y={374}
        w={620}
        h={156}
        label="the address compared is the one the packet carries at the check"
      />
      <Box x={24} y={408} w={150} h={70} kind="plain" label="client" lines={['203.0.113.10']} />
      <Arrow d="M176 443H210" ids={ids} />
      <Box
        x={212}
        y={408}
        w={206}
        h={70}
        kind="rule"
        label="node 1 · NodePort"
        lines={['eTP: Cluster, pod elsewhere:', 'SNAT source → 192.168.56.11']}
      />
      <Arrow d="M420 443H446" ids={ids} />
      <Box
        x={448}
        y={408}
        w={168}
        h={70}
        kind="deny"
        label="policy on web"
        lines={['sees 192.168.56.11', '✕ not in the cidr']}
      />
      <Label x={320} y={500}>
        with externalTrafficPolicy: Local the source stays 203.0.113.10: ✓ let in
      </Label>
      <Label x={320} y={518}>
        Kubernetes leaves the order of NAT and policy for such traffic to the implementation
      </Label>
    </g>
  ),
}

import { Arrow, Box, Label, Step, Zone, type DiagramDef } from './kit'

export const dnsLookup: DiagramDef = {
  title: 'A pod looks up the short name api',
  description:
    'Step 1: a program in the pod toolbox, in namespace app, asks for the name api. Its /etc/resolv.conf, written by the kubelet, says: search app.svc.cluster.local svc.cluster.local cluster.local; nameserver 10.96.0.10; options ndots:5. Because api has fewer than five dots, the resolver tries the search list first, so the first query is for api.app.svc.cluster.local. Step 2: the query goes to 10.96.0.10 port 53, the ClusterIP of the kube-dns Service, over UDP (TCP for large answers); kube-proxy forwards it to one of the CoreDNS pods in kube-system. Step 3: CoreDNS answers with an A record holding the ClusterIP of the Service api. A name that matches no Service in any search domain gets NXDOMAIN.',
  width: 640,
  height: 400,
  draw: (ids) => (
    <g>
      <Zone x={10} y={10} w={300} h={256} label="pod toolbox · namespace app" />
      <Box
        x={25}
        y={42}
        w={270}
        h={52}
        kind="pod"
        label="looks up “api”"
        lines={['0 dots < ndots:5: search list first']}
      />
      <Box
        x={25}
        y={108}
        w={270}
        h={140}
        label="/etc/resolv.conf"
        lines={[
          'search app.svc.cluster.local',
          '       svc.cluster.local',
          '       cluster.local',
          'nameserver 10.96.0.10',
          'options ndots:5',
        ]}
        mono
        align="start"
      />
      <Arrow d="M297 68H348" ids={ids} />
      <Step x={322} y={48} n={1} />
      <Box
        x={350}
        y={40}
        w={280}
        h={56}
        kind="rule"
        label="Service kube-dns · 10.96.0.10"
        lines={['port 53, UDP and TCP']}
      />
      <Arrow d="M490 98V138" ids={ids} />
      <Label x={500} y={124} anchor="start">
        kube-proxy: one pod
      </Label>
      <Step x={470} y={118} n={2} />
      <Zone x={340} y={140} w={290} h={126} label="namespace kube-system" />
      <Box x={352} y={176} w={130} h={74} kind="pod" label="CoreDNS" lines={['k8s-app=', 'kube-dns']} />
      <Box x={490} y={176} w={130} h={74} kind="pod" label="CoreDNS" lines={['k8s-app=', 'kube-dns']} />
      <Arrow d="M417 252V300" ids={ids} kind="ok" dashed />
      <Step x={397} y={278} n={3} />
      <Box
        x={10}
        y={302}
        w={620}
        h={88}
        kind="ok"
        label="first query: api.app.svc.cluster.local"
        lines={[
          'answer: an A record with the ClusterIP of the Service api',
          'a name with no Service in any search domain: NXDOMAIN',
        ]}
      />
    </g>
  ),
}

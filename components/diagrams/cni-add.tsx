import { Arrow, Box, Label, Step, type DiagramDef } from './kit'

export const cniAdd: DiagramDef = {
  title: 'Who calls whom when a pod gets its network: CNI ADD',
  description:
    'Step 1: the kubelet asks the container runtime (containerd or CRI-O) over the CRI to create the pod’s sandbox. Step 2: the runtime reads the network configuration from /etc/cni/net.d and executes the plugin binary it names, from /opt/cni/bin, with CNI_COMMAND=ADD, the container ID, the path of the pod’s network namespace and the interface name eth0 in environment variables, and the configuration as JSON on stdin. Step 3: the plugin, for example bridge, executes the IPAM plugin the configuration names, for example host-local, with the same input; the IPAM plugin picks a free address and returns it with the gateway and routes. Step 4: the plugin creates the veth pair, puts eth0 with that address into the namespace, and prints the result on stdout: interfaces, IPs and routes. The runtime hands the pod’s IP back to the kubelet.',
  width: 640,
  height: 480,
  draw: (ids) => (
    <g>
      <Box x={20} y={16} w={300} h={52} label="kubelet" lines={['creates the pod’s sandbox (CRI)']} />
      <Arrow d="M80 70V102" ids={ids} />
      <Step x={104} y={86} n={1} />
      <Arrow d="M280 102V70" ids={ids} kind="ok" dashed />
      <Label x={290} y={90} anchor="start">
        the pod’s IP
      </Label>
      <Box x={20} y={104} w={300} h={52} label="container runtime" lines={['containerd or CRI-O']} />
      <Box
        x={380}
        y={104}
        w={240}
        h={52}
        kind="plain"
        label="/etc/cni/net.d/"
        lines={['the network config (JSON)']}
      />
      <Arrow d="M378 130H322" ids={ids} kind="muted" />
      <Label x={350} y={122}>
        reads
      </Label>
      <Arrow d="M50 158V290" ids={ids} />
      <Step x={32} y={224} n={2} />
      {[
        'exec /opt/cni/bin/bridge',
        'CNI_COMMAND=ADD',
        'CNI_CONTAINERID=…',
        'CNI_NETNS=/run/netns/…',
        'CNI_IFNAME=eth0',
        'stdin: the config',
      ].map((l, i) => (
        <Label key={l} x={62} y={184 + i * 18} kind="mono" anchor="start">
          {l}
        </Label>
      ))}
      <Arrow d="M300 290V158" ids={ids} kind="ok" dashed />
      <Step x={282} y={224} n={4} />
      <Label x={312} y={210} anchor="start">
        stdout: the result
      </Label>
      <Label x={312} y={230} anchor="start" kind="mono">
        {'{ interfaces, ips, routes }'}
      </Label>
      <Box
        x={20}
        y={292}
        w={300}
        h={60}
        kind="rule"
        label="CNI plugin, e.g. bridge"
        lines={['veth pair; eth0 + IP in the pod’s netns']}
      />
      <Arrow d="M90 354V402" ids={ids} />
      <Step x={70} y={378} n={3} />
      <Label x={100} y={383} anchor="start">
        exec, same input
      </Label>
      <Arrow d="M250 402V354" ids={ids} kind="ok" dashed />
      <Label x={260} y={383} anchor="start">
        IP, gateway, routes
      </Label>
      <Box
        x={20}
        y={404}
        w={300}
        h={60}
        kind="rule"
        label="IPAM plugin, e.g. host-local"
        lines={['picks a free address']}
      />
    </g>
  ),
}

import { Arrow, Box, Label, Step, type DiagramDef } from './kit'

const STEPS: { name: string; check: string; symptom: string[] }[] = [
  {
    name: 'DNS',
    check: 'nslookup api',
    symptom: ['NXDOMAIN: check the name and namespace', 'no answer: DNS egress blocked, or CoreDNS'],
  },
  {
    name: 'Service',
    check: 'kubectl describe svc',
    symptom: ['selector matches no pod: no endpoints', 'wrong targetPort: refused at the pod'],
  },
  {
    name: 'Endpoints',
    check: 'get endpointslices',
    symptom: ['empty, or none ready: refused', '(kube-proxy rejects the connection)'],
  },
  {
    name: 'Policy',
    check: 'get / describe netpol',
    symptom: ['egress or ingress drops it: timeout', 'check both ends, on the pod’s port'],
  },
  {
    name: 'Pod',
    check: 'connect to podIP:targetPort',
    symptom: ['nothing listens there: refused', 'compare containerPort and logs'],
  },
]

const ROW = 84

export const troubleshootingFlow: DiagramDef = {
  title: 'Troubleshooting a connection: DNS, Service, endpoints, policy, pod',
  description:
    'Five checks in the order a connection meets the cluster; stop at the first that fails. 1, DNS, with nslookup: NXDOMAIN means a wrong name or namespace, or no such Service; no answer at all means DNS egress is blocked or CoreDNS is down. 2, the Service, with kubectl describe svc: check its ports, that its selector matches the pods and which targetPort it forwards to. 3, the endpoints, with kubectl get endpointslices: an empty slice, or no ready endpoint, gives connection refused, because kube-proxy rejects it. 4, policy, with kubectl get and describe netpol: a connection dropped by egress or ingress policy times out; both ends must allow it, on the pod’s port. 5, the pod, connecting to its IP and targetPort directly: refused means nothing listens there. When all five pass, the connection works.',
  width: 640,
  height: ROW * STEPS.length + 56,
  draw: (ids) => (
    <g>
      {STEPS.map((s, i) => {
        const y = 12 + i * ROW
        return (
          <g key={s.name}>
            <Box x={20} y={y} w={210} h={60} kind="pod" label={s.name} lines={[s.check]} />
            <Step x={20} y={y} n={i + 1} />
            <Arrow d={`M232 ${y + 30}H282`} ids={ids} kind="deny" />
            <Label x={257} y={y + 22}>
              fails
            </Label>
            <Box x={284} y={y} w={340} h={60} kind="deny" lines={s.symptom} />
            <Arrow d={`M125 ${y + 62}V${y + ROW - 2}`} ids={ids} kind="ok" />
            <Label x={135} y={y + 78} anchor="start" kind="ok">
              ✓
            </Label>
          </g>
        )
      })}
      <Box x={20} y={12 + STEPS.length * ROW} w={210} h={36} kind="ok" label="the connection works" />
    </g>
  ),
}

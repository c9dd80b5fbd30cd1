import { Arrow, Box, Cross, Label, Zone, type DiagramDef } from './kit'

export const threeTier: DiagramDef = {
  title: 'Least privilege for the three-tier app: the four allowed paths',
  description:
    'The namespace app under a default deny for both directions. Four paths are allowed, and each needs an egress rule on the client and an ingress rule on the server: anyone to frontend on port http (80); frontend to the api pods, api and api-canary, on their port http (8080 and 9090); the api pods to db on 5432/TCP; and every pod of app to the CoreDNS pods in kube-system on 53/UDP and 53/TCP. Anything else, for example frontend straight to db, matches no rule and is dropped. Replies on allowed connections need no rule.',
  width: 640,
  height: 400,
  draw: (ids) => (
    <g>
      <Box x={10} y={80} w={100} h={56} kind="plain" label="anyone" lines={['clients']} />
      <Zone x={130} y={10} w={500} h={220} label="namespace app · default deny, both ways" />
      <Box x={145} y={80} w={130} h={56} kind="pod" label="frontend" lines={['http = 80']} />
      <Box
        x={310}
        y={70}
        w={150}
        h={76}
        kind="pod"
        label="api, api-canary"
        lines={['app=api', 'http = 8080 / 9090']}
      />
      <Box x={495} y={80} w={125} h={56} kind="pod" label="db" lines={['5432/TCP']} />
      <Arrow d="M112 108H143" ids={ids} kind="ok" />
      <Arrow d="M277 108H308" ids={ids} kind="ok" />
      <Arrow d="M462 108H493" ids={ids} kind="ok" />
      <Arrow d="M210 78V62H557V78" ids={ids} kind="deny" dashed />
      <Cross x={400} y={62} />
      <Label x={420} y={49} kind="deny" anchor="start">
        frontend → db: dropped
      </Label>
      <Arrow d="M210 138L270 268" ids={ids} kind="ok" dashed />
      <Arrow d="M385 148V268" ids={ids} kind="ok" dashed />
      <Arrow d="M557 138L500 268" ids={ids} kind="ok" dashed />
      <Box
        x={200}
        y={270}
        w={370}
        h={56}
        kind="ok"
        label="CoreDNS · kube-system"
        lines={['53/UDP and 53/TCP, from every pod of app']}
      />
      <Label x={320} y={356}>
        every arrow is two rules: egress on the client, ingress on the server
      </Label>
      <Label x={320} y={378}>
        replies need no rule; everything not drawn is dropped
      </Label>
    </g>
  ),
}

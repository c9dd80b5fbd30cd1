// kubectl get against the layouts of course-facts §1.2–1.3 and kubectl-rendered-examples.txt,
// on clusters built to hold the same data (Flannel, so pod addresses are 10.244.x.y).
import { describe, expect, it } from 'vitest'
import { DAY, HOUR, lab, MIN, T0 } from './shell.testkit'

const pod = (name: string, node: string, ip: string, labels: string, phase = 'Running') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: ${labels}}
spec: {nodeName: ${node}, containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
status: {phase: ${phase}, podIP: ${ip}}
`

const EXAMPLE =
  pod('web-7d4b9c8f6d-2xk9p', 'worker-1', '10.244.1.5', '{app: web, pod-template-hash: 7d4b9c8f6d}') +
  pod('web-7d4b9c8f6d-q8wzt', 'worker-2', '10.244.2.7', '{app: web, pod-template-hash: 7d4b9c8f6d}') +
  pod('db-0', 'worker-2', '10.244.2.9', '{app: db}', 'Pending') +
  `---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, clusterIP: 10.96.45.12, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec: {type: NodePort, selector: {app: web}, clusterIP: 10.96.201.7, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec: {type: LoadBalancer, selector: {app: web}, clusterIP: 10.96.88.140, ports: [{port: 80, nodePort: 31234}]}
---
apiVersion: v1
kind: Service
metadata: {name: db-headless}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext-db}
spec: {type: ExternalName, externalName: db.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: web-broken}
spec: {selector: {app: nothing}, clusterIP: 10.96.12.34, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all}
spec: {podSelector: {}, ingress: []}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-allow-frontend}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: frontend}}}]}]
---
apiVersion: v1
kind: Namespace
metadata: {name: prod, labels: {purpose: production}}
`

const created = {
  'Pod/default/web-7d4b9c8f6d-2xk9p': T0 - 12 * MIN,
  'Pod/default/web-7d4b9c8f6d-q8wzt': T0 - 12 * MIN,
  'Pod/default/db-0': T0 - 8000,
  'Service/default/kubernetes': T0 - 3 * DAY,
  'Service/default/web': T0 - 12 * MIN,
  'Service/default/web-np': T0 - 2 * MIN,
  'Service/default/web-lb': T0 - 40_000,
  'Service/default/db-headless': T0 - HOUR,
  'Service/default/ext-db': T0 - 5000,
  'Service/default/web-broken': T0 - MIN,
  'NetworkPolicy/default/default-deny-all': T0 - 10 * MIN,
  'NetworkPolicy/default/web-allow-frontend': T0 - 2 * MIN,
  'Node//control-plane': T0 - 3 * DAY,
  'Node//worker-1': T0 - 3 * DAY,
  'Node//worker-2': T0 - 3 * DAY,
  'Namespace//default': T0 - 3 * DAY,
  'Namespace//kube-system': T0 - 3 * DAY,
  'Namespace//kube-public': T0 - 3 * DAY,
  'Namespace//kube-node-lease': T0 - 3 * DAY,
  'Namespace//prod': T0 - 5 * MIN,
}

const example = () => lab(EXAMPLE, { cni: 'flannel', created })

describe('kubectl get tables', () => {
  it('pods -o wide: the rendered layout; a Pending pod shows the status.podIP it already has', () => {
    expect(example().run('kubectl get pods -o wide'))
      .toBe(`NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES
db-0                   0/1     Pending   0          8s    10.244.2.9   worker-2   <none>           <none>
web-7d4b9c8f6d-2xk9p   1/1     Running   0          12m   10.244.1.5   worker-1   <none>           <none>
web-7d4b9c8f6d-q8wzt   1/1     Running   0          12m   10.244.2.7   worker-2   <none>           <none>
`)
  })

  it('pods --show-labels and -l', () => {
    expect(example().run('kubectl get po -l app=web --show-labels'))
      .toBe(`NAME                   READY   STATUS    RESTARTS   AGE   LABELS
web-7d4b9c8f6d-2xk9p   1/1     Running   0          12m   app=web,pod-template-hash=7d4b9c8f6d
web-7d4b9c8f6d-q8wzt   1/1     Running   0          12m   app=web,pod-template-hash=7d4b9c8f6d
`)
  })

  // HumanDuration prints an hour as 60m and a minute as 60s (the rendered examples' `1h`
  // and `1m` are the older ShortHumanDuration); a cluster without a load-balancer
  // implementation (the lab's default, SV-12) leaves a LoadBalancer's address <pending>.
  it('services: TYPE, None for headless, <none> for ExternalName, node ports', () => {
    expect(example().run('kubectl get svc'))
      .toBe(`NAME          TYPE           CLUSTER-IP     EXTERNAL-IP      PORT(S)        AGE
db-headless   ClusterIP      None           <none>           5432/TCP       60m
ext-db        ExternalName   <none>         db.example.com   <none>         5s
kubernetes    ClusterIP      10.96.0.1      <none>           443/TCP        3d
web           ClusterIP      10.96.45.12    <none>           80/TCP         12m
web-broken    ClusterIP      10.96.12.34    <none>           80/TCP         60s
web-lb        LoadBalancer   10.96.88.140   <pending>        80:31234/TCP   40s
web-np        NodePort       10.96.201.7    <none>           80:30080/TCP   2m
`)
  })

  it('services -o wide adds SELECTOR', () => {
    expect(example().run('kubectl get svc web -o wide'))
      .toBe(`NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE   SELECTOR
web    ClusterIP   10.96.45.12   <none>        80/TCP    12m   app=web
`)
  })

  it('endpoints: ready ip:port, <none> without pods, at most three then + N more...', () => {
    let scenario = EXAMPLE.replace(
      'spec: {selector: {app: nothing}, ports: [{port: 80}]}',
      'spec: {selector: {app: nothing}, ports: [{port: 80}]}',
    )
    for (const [i, ip] of ['10.244.1.9', '10.244.2.3', '10.244.3.4', '10.244.3.5', '10.244.3.6'].entries())
      scenario += pod(
        `big-${i}`,
        ip.startsWith('10.244.1') ? 'worker-1' : ip.startsWith('10.244.2') ? 'worker-2' : 'worker-3',
        ip,
        '{app: big}',
      )
    scenario += `---
apiVersion: v1
kind: Service
metadata: {name: big}
spec: {selector: {app: big}, ports: [{port: 80, targetPort: 8080}]}
`
    const l = lab(scenario.replace(/containerPort: 80}/g, 'containerPort: 80}, {containerPort: 8080}'), {
      cni: 'flannel',
      nodes: 4,
      created: { ...created, 'Service/default/big': T0 - 5 * MIN },
    })
    expect(l.run('kubectl get endpoints kubernetes web web-broken big'))
      .toBe(`NAME         ENDPOINTS                                                     AGE
kubernetes   172.18.0.2:6443                                               3d
web          10.244.1.5:80,10.244.2.7:80                                   12m
web-broken   <none>                                                        60s
big          10.244.1.9:8080,10.244.2.3:8080,10.244.3.4:8080 + 2 more...   5m
`)
  })

  it('endpointslices: port numbers, addresses without ports, <unset> when empty', () => {
    const l = example()
    const slice = (svc: string) => l.session.cluster.endpointSlices.find((s) => s.serviceName === svc)!.name
    // Slice names end in a generated suffix: db-headless-xxxxx (17) is the longest.
    expect(slice('db-headless')).toHaveLength(17)
    const name = (svc: string) => slice(svc).padEnd(17)
    expect(l.run('kubectl get endpointslices')).toBe(
      `NAME                ADDRESSTYPE   PORTS     ENDPOINTS               AGE
${name('db-headless')}   IPv4          5432      10.244.2.9              60m
kubernetes          IPv4          6443      172.18.0.2              3d
${name('web-broken')}   IPv4          <unset>   <unset>                 60s
${name('web-lb')}   IPv4          80        10.244.1.5,10.244.2.7   40s
${name('web')}   IPv4          80        10.244.1.5,10.244.2.7   12m
${name('web-np')}   IPv4          80        10.244.1.5,10.244.2.7   2m
`,
    )
  })

  it('networkpolicies: an empty podSelector shows <none>', () => {
    expect(example().run('kubectl get netpol')).toBe(`NAME                 POD-SELECTOR   AGE
default-deny-all     <none>         10m
web-allow-frontend   app=web        2m
`)
  })

  it('nodes -o wide', () => {
    expect(example().run('kubectl get nodes -o wide'))
      .toBe(`NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME
control-plane   Ready    control-plane   3d    v1.31.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://1.7.18
worker-1        Ready    <none>          3d    v1.31.0   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://1.7.18
worker-2        Ready    <none>          3d    v1.31.0   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://1.7.18
`)
  })

  it('namespaces --show-labels carry kubernetes.io/metadata.name', () => {
    expect(example().run('kubectl get ns --show-labels')).toBe(`NAME              STATUS   AGE   LABELS
default           Active   3d    kubernetes.io/metadata.name=default
kube-node-lease   Active   3d    kubernetes.io/metadata.name=kube-node-lease
kube-public       Active   3d    kubernetes.io/metadata.name=kube-public
kube-system       Active   3d    kubernetes.io/metadata.name=kube-system
prod              Active   5m    kubernetes.io/metadata.name=prod,purpose=production
`)
  })

  it('several kinds: one table each, names prefixed, a blank line between', () => {
    expect(example().run('kubectl get pods,netpol -l app=web'))
      .toBe(`NAME                       READY   STATUS    RESTARTS   AGE
pod/web-7d4b9c8f6d-2xk9p   1/1     Running   0          12m
pod/web-7d4b9c8f6d-q8wzt   1/1     Running   0          12m
`)
    expect(example().run('kubectl get netpol ns/prod'))
      .toBe(`error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'
`)
    expect(example().run('kubectl get svc/web networkpolicy/default-deny-all')).toBe(
      `NAME          TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE
service/web   ClusterIP   10.96.45.12   <none>        80/TCP    12m

NAME                                                    POD-SELECTOR   AGE
networkpolicy.networking.k8s.io/default-deny-all   <none>         10m
`.replace(
        'NAME                                                    POD',
        'NAME                                               POD',
      ),
    )
  })

  it('-A adds NAMESPACE; deployments show READY/UP-TO-DATE/AVAILABLE', () => {
    const l = lab()
    const out = l.run('kubectl get deploy -A')
    expect(out).toBe(`NAMESPACE     NAME      READY   UP-TO-DATE   AVAILABLE   AGE
kube-system   coredns   2/2     2            2           12m
`)
    expect(l.run('kubectl get pods -n kube-system --no-headers').split('\n')[0]).toMatch(
      /^coredns-\S+ {3}1\/1 {3}Running {3}0 {5}12m$/,
    )
  })

  it('-o name, and AGE that follows the clock', () => {
    const l = lab()
    expect(l.run('kubectl get pods,svc -o name')).toBe(
      'pod/client\npod/web\nservice/kubernetes\nservice/web\nservice/web-broken\n',
    )
    l.clock.now += 3 * HOUR + 5 * MIN
    expect(l.run('kubectl get pod web --no-headers')).toBe('web   1/1   Running   0     3h17m\n')
  })
})

describe('kubectl get messages', () => {
  it('No resources found, in a namespace or everywhere', () => {
    const l = lab()
    const r = l.result('kubectl get netpol')
    expect(r).toEqual({ kind: 'done', output: 'No resources found in default namespace.\n', exitCode: 0 })
    expect(l.run('kubectl get netpol -n prod')).toBe('No resources found in prod namespace.\n')
    expect(l.run('kubectl get netpol -A')).toBe('No resources found\n')
  })

  it('NotFound with the group-qualified resource, after the rows that were found', () => {
    const l = lab()
    expect(l.run('kubectl get pod x')).toBe('Error from server (NotFound): pods "x" not found\n')
    expect(l.run('kubectl get netpol x')).toBe(
      'Error from server (NotFound): networkpolicies.networking.k8s.io "x" not found\n',
    )
    expect(l.run('kubectl get svc hostnames')).toBe(
      'Error from server (NotFound): services "hostnames" not found\n',
    )
    const r = l.result('kubectl get pod web nope --no-headers')
    expect(r).toMatchObject({
      exitCode: 1,
      output: 'web   1/1   Running   0     12m\nError from server (NotFound): pods "nope" not found\n',
    })
  })

  it('unknown types and flags, and a missing type', () => {
    const l = lab()
    expect(l.result('kubectl get foo')).toMatchObject({
      output: 'error: the server doesn\'t have a resource type "foo"\n',
      exitCode: 1,
    })
    expect(l.run('kubectl get pods --foo')).toBe(
      "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
    )
    expect(l.run('kubectl get pods -x')).toBe(
      "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n",
    )
    expect(l.run('kubectl get pods -n')).toBe(
      "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n",
    )
    expect(l.run('kubectl get')).toContain('error: Required resource not specified.')
    expect(l.run('kubectl get pods -o foo')).toContain(
      'error: unable to match a printer suitable for the output format "foo"',
    )
    expect(l.run('kubectl get pods -l "app in (web"')).toMatch(/^error: unable to parse requirement/)
  })

  it('accepts flags before the subcommand and resource aliases', () => {
    const l = lab()
    expect(l.run('kubectl -n kube-system get svc kube-dns --no-headers')).toBe(
      'kube-dns   ClusterIP   10.96.0.10   <none>   53/UDP,53/TCP,9153/TCP   12m\n',
    )
    expect(l.run('kubectl get networkpolicies.networking.k8s.io')).toBe(
      'No resources found in default namespace.\n',
    )
  })
})

describe('kubectl get -o yaml|json|jsonpath', () => {
  it('prints the stored object with the API server defaults (NP-04: policyTypes, NP-17: protocol)', () => {
    const l = lab()
    l.lines(
      'kubectl apply -f - <<EOF',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: allow}',
      'spec:',
      '  podSelector: {matchLabels: {app: web}}',
      '  egress: [{ports: [{port: 53}]}]',
      'EOF',
    )
    const yaml = l.run('kubectl get netpol allow -o yaml')
    expect(yaml).toMatch(
      /^apiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}creationTimestamp: "2024-01-01T00:00:00Z"\n {2}generation: 1\n {2}name: allow\n {2}namespace: default\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\n/,
    )
    expect(yaml.slice(yaml.indexOf('spec:'))).toBe(`spec:
  egress:
  - ports:
    - port: 53
      protocol: TCP
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
  - Egress
`)
    const json = JSON.parse(l.run('kubectl get netpol allow -o json')) as { spec: { policyTypes: string[] } }
    expect(json.spec.policyTypes).toEqual(['Ingress', 'Egress'])
    expect(l.run('kubectl get netpol allow -o json').split('\n')[1]).toBe(
      '    "apiVersion": "networking.k8s.io/v1",',
    )
  })

  it('a Service comes back with its allocations and defaults', () => {
    const yaml = lab().run('kubectl get svc web -o yaml')
    expect(yaml.slice(yaml.indexOf('spec:'))).toBe(`spec:
  clusterIP: 10.96.45.12
  clusterIPs:
  - 10.96.45.12
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: web
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
`)
  })

  it('a list is a kind: List; jsonpath picks fields', () => {
    const l = lab()
    expect(l.run('kubectl get netpol -o yaml')).toBe(
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    )
    expect(l.run("kubectl get pods -o jsonpath='{.items[*].metadata.name}'")).toBe('client web')
    expect(l.run('kubectl get svc web -o jsonpath=\'{.spec.clusterIP}{"\\n"}\'')).toBe('10.96.45.12\n')
    expect(l.run(`kubectl get pod web -o jsonpath={.status.podIP}`)).toBe(l.ip('web'))
  })
})

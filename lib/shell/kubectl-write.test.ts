import { describe, expect, it } from 'vitest'
import { lab } from './shell.testkit'

const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-deny-all
spec:
  podSelector:
    matchLabels:
      app: web
  ingress: []
`

describe('kubectl apply', () => {
  it('applies a lab file: created, unchanged, configured', () => {
    const l = lab(undefined, {
      files: [
        { name: 'policy.yaml', text: '' },
        { name: 'deny.yaml', text: DENY, editable: false },
      ],
    })
    expect(l.result('kubectl apply -f ./deny.yaml')).toMatchObject({
      output: 'networkpolicy.networking.k8s.io/web-deny-all unchanged\n',
      exitCode: 0,
    })
    l.session.setFile('policy.yaml', DENY.replace('web-deny-all', 'other'))
    expect(l.run('kubectl apply -f policy.yaml')).toBe('networkpolicy.networking.k8s.io/other unchanged\n')
    expect(l.session.cluster.policies.map((p) => p.name)).toEqual(['other', 'web-deny-all'])
  })

  it('applies a here-document from stdin, then reports configured and unchanged', () => {
    const l = lab()
    const apply = (text: string) => l.lines('kubectl apply -f - <<EOF', ...text.trimEnd().split('\n'), 'EOF')
    expect(apply(DENY)).toMatchObject({
      output: 'networkpolicy.networking.k8s.io/web-deny-all created\n',
      exitCode: 0,
    })
    expect(apply(DENY)).toMatchObject({ output: 'networkpolicy.networking.k8s.io/web-deny-all unchanged\n' })
    expect(apply(DENY.replace('app: web', 'app: other'))).toMatchObject({
      output: 'networkpolicy.networking.k8s.io/web-deny-all configured\n',
    })
    expect(l.run('kubectl get netpol --no-headers')).toBe('web-deny-all   app=other   0s\n')
  })

  it('asks for more while a here-document is open', () => {
    const l = lab()
    expect(l.result('cat <<EOF | kubectl apply -f -')).toEqual({ kind: 'more', prompt: '> ' })
    expect(l.result('apiVersion: v1')).toEqual({ kind: 'more', prompt: '> ' })
    expect(l.result('kind: Namespace')).toEqual({ kind: 'more', prompt: '> ' })
    expect(l.result('metadata: {name: prod}')).toEqual({ kind: 'more', prompt: '> ' })
    expect(l.result('EOF')).toEqual({ kind: 'done', output: 'namespace/prod created\n', exitCode: 0 })
  })

  it('prints the API server errors and a missing file as kubectl does', () => {
    const l = lab()
    expect(l.result('kubectl apply -f nope.yaml')).toMatchObject({
      output: 'error: the path "nope.yaml" does not exist\n',
      exitCode: 1,
    })
    const bad = l.lines(
      'kubectl apply -f - <<EOF',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: bad}',
      'spec:',
      '  podSelector: {}',
      '  ingress: [{ports: [{port: 80, protocol: tcp}]}]',
      'EOF',
    )
    expect(bad).toMatchObject({ exitCode: 1 })
    expect(bad.kind === 'done' && bad.output).toBe(
      'The NetworkPolicy "bad" is invalid: spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"\n',
    )
    expect(l.run('kubectl apply -f - -n prod <<EOF\napiVersion: v1\nkind: ConfigMap\nEOF')).toMatch(/^error:/)
  })

  it('-n puts objects without a namespace there; a different one is refused', () => {
    const l = lab()
    l.run('kubectl create namespace dev')
    expect(l.lines('kubectl apply -n dev -f - <<EOF', ...DENY.trimEnd().split('\n'), 'EOF')).toMatchObject({
      output: 'networkpolicy.networking.k8s.io/web-deny-all created\n',
    })
    expect(l.session.cluster.policies.map((p) => p.id)).toEqual(['dev/web-deny-all'])
    const withNs = DENY.replace('name: web-deny-all', 'name: x\n  namespace: prod')
    expect(l.lines('kubectl apply -n dev -f - <<EOF', ...withNs.trimEnd().split('\n'), 'EOF')).toMatchObject({
      output:
        'error: the namespace from the provided object "prod" does not match the namespace "dev". You must pass \'--namespace=prod\' to perform this operation.\n',
      exitCode: 1,
    })
  })

  describe('-n reads the files as apply without -n does, under the same limits', () => {
    // "Billion laughs": nine lists of nine aliases of the one before.
    const laughs = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: lol}',
      'spec:',
      '  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...'bcdefghi'
        .split('')
        .map((c, i) => `  ${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n')
    it.each([
      ['deep.yaml', '['.repeat(200_000), /^nesting deeper than 100 levels at line 1 of deep\.yaml\n$/],
      [
        'laughs.yaml',
        laughs,
        /^document 1 of laughs\.yaml expands too many YAML aliases \(at most 100 are followed; the limit is passed by the alias at line \d+\): /,
      ],
      [
        'syntax.yaml',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   ports: 1\n',
        /^error parsing syntax\.yaml: line 4, column 9: Nested mappings are not allowed in compact mappings\n$/,
      ],
    ])('%s: the message apply and create give without -n, at once', (name, text, message) => {
      const l = lab(undefined, { files: [{ name, text }] })
      l.run('kubectl create namespace dev')
      for (const verb of ['apply', 'create']) {
        const plain = l.result(`kubectl ${verb} -f ${name}`)
        const start = performance.now()
        const placed = l.result(`kubectl ${verb} -f ${name} -n dev`)
        expect(performance.now() - start).toBeLessThan(1000)
        expect(placed).toEqual(plain)
        expect(placed).toMatchObject({ output: expect.stringMatching(message), exitCode: 1 })
      }
    })

    const MIXED = `apiVersion: v1
kind: Service
metadata:
  name: one
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: two
  bad: [
--- # flow style, after a comment
{apiVersion: v1, kind: Service, metadata: {name: three, labels: {a: b}}, spec: {ports: [{port: 443}]}}
`
    it.each([
      ['LF', MIXED],
      ['CRLF', MIXED.replace(/\n/g, '\r\n')],
    ])(
      '%s: good documents go to the namespace; a broken one is reported at its own line, as without -n',
      (_, text) => {
        const l = lab(undefined, { files: [{ name: 'mixed.yaml', text }] })
        l.run('kubectl create namespace dev')
        const error =
          'error parsing mixed.yaml: line 9, column 18: Implicit keys need to be on a single line\n'
        expect(l.run('kubectl apply -f mixed.yaml')).toBe(
          `service/one unchanged\nservice/three unchanged\n${error}`,
        )
        expect(l.run('kubectl apply -f mixed.yaml -n dev')).toBe(
          `service/one created\nservice/three created\n${error}`,
        )
        expect(l.run('kubectl get svc -n dev -o name')).toBe('service/one\nservice/three\n')
        expect(l.run('kubectl get svc three -n dev --show-labels --no-headers')).toMatch(/ a=b\n$/)
      },
    )

    it("a List's items get the namespace, a typed list's too; an item naming another is refused", () => {
      const l = lab()
      l.run('kubectl create namespace dev')
      const list = [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- {apiVersion: v1, kind: Service, metadata: {name: l1}, spec: {ports: [{port: 80}]}}',
        '- {apiVersion: v1, kind: Namespace, metadata: {name: extra}}',
      ]
      expect(l.lines('kubectl apply -n dev -f - <<EOF', ...list, 'EOF')).toMatchObject({
        output: 'service/l1 created\nnamespace/extra created\n',
        exitCode: 0,
      })
      const typed = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ServiceList',
        items: [{ metadata: { name: 't1' }, spec: { ports: [{ port: 80 }] } }],
      })
      expect(l.lines('kubectl apply -n dev -f - <<EOF', typed, 'EOF')).toMatchObject({
        output: 'service/t1 created\n',
      })
      expect(l.run('kubectl get svc -n dev -o name')).toBe('service/l1\nservice/t1\n')
      const other = list[3]!.replace('{name: l1}', '{name: l2, namespace: prod}')
      expect(l.lines('kubectl apply -n dev -f - <<EOF', ...list.slice(0, 3), other, 'EOF')).toMatchObject({
        output:
          'error: the namespace from the provided object "prod" does not match the namespace "dev". You must pass \'--namespace=prod\' to perform this operation.\n',
        exitCode: 1,
      })
    })
  })

  it('create -f refuses what exists', () => {
    const l = lab(undefined, { files: [{ name: 'deny.yaml', text: DENY }] })
    expect(l.result('kubectl create -f deny.yaml')).toMatchObject({
      output:
        'Error from server (AlreadyExists): error when creating "deny.yaml": networkpolicies.networking.k8s.io "web-deny-all" already exists\n',
      exitCode: 1,
    })
  })
})

describe('kubectl delete', () => {
  it('deletes by name and by file, with NotFound for what is not there', () => {
    const l = lab(undefined, { files: [{ name: 'deny.yaml', text: DENY }] })
    expect(l.result('kubectl delete networkpolicy web-deny-all')).toMatchObject({
      output: 'networkpolicy.networking.k8s.io "web-deny-all" deleted\n',
      exitCode: 0,
    })
    expect(l.session.cluster.policies).toEqual([])
    expect(l.result('kubectl delete netpol web-deny-all')).toMatchObject({
      output: 'Error from server (NotFound): networkpolicies.networking.k8s.io "web-deny-all" not found\n',
      exitCode: 1,
    })
    expect(l.run('kubectl delete -f deny.yaml')).toBe(
      'Error from server (NotFound): error when deleting "deny.yaml": networkpolicies.networking.k8s.io "web-deny-all" not found\n',
    )
    expect(l.run('kubectl apply -f deny.yaml')).toBe('networkpolicy.networking.k8s.io/web-deny-all created\n')
    expect(l.run('kubectl delete -f deny.yaml')).toBe(
      'networkpolicy.networking.k8s.io "web-deny-all" deleted\n',
    )
  })

  it("pods, --all, protected namespaces and the cluster's own objects", () => {
    const l = lab()
    expect(l.result('kubectl delete pod client')).toMatchObject({
      output: 'pod "client" deleted\n',
      delayMs: 800,
    })
    expect(l.run('kubectl delete pod/web svc/web')).toBe('pod "web" deleted\nservice "web" deleted\n')
    expect(l.run('kubectl get pods')).toBe('No resources found in default namespace.\n')
    expect(l.run('kubectl delete svc')).toBe('error: resource(s) were provided, but no name was specified\n')
    expect(l.run('kubectl delete svc --all')).toBe(
      'error: service "kubernetes" is part of the simulated cluster and cannot be deleted in this lab\nservice "web-broken" deleted\n',
    )
    expect(l.run('kubectl delete ns default')).toBe(
      'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
    )
    expect(l.run('kubectl delete')).toMatch(
      /^error: You must provide one or more resources by argument or filename\./,
    )
  })

  it('a namespace takes its objects with it', () => {
    const l = lab()
    l.run('kubectl create ns dev')
    l.run('kubectl run t -n dev --image=busybox -- sleep 3600')
    expect(l.run('kubectl delete namespace dev')).toBe('namespace "dev" deleted\n')
    expect(l.session.cluster.namespaces.map((n) => n.name)).not.toContain('dev')
    expect(l.session.cluster.pods.some((p) => p.namespace === 'dev')).toBe(false)
  })
})

describe('kubectl label and annotate', () => {
  it('labels, refuses to overwrite, overwrites, removes, and changes selection', () => {
    const l = lab()
    expect(l.run('kubectl label pod client role=monitoring')).toBe('pod/client labeled\n')
    expect(l.result('kubectl label pod client app=web')).toMatchObject({
      output: "error: 'app' already has a value (client), and --overwrite is false\n",
      exitCode: 1,
    })
    expect(l.run('kubectl label pod client app=client')).toBe('pod/client not labeled\n')
    expect(l.run('kubectl label pods client app=web --overwrite')).toBe('pod/client labeled\n')
    expect(l.run('kubectl label pod/client role- tier-')).toBe(
      'label "tier" not found.\npod/client unlabeled\n',
    )
    expect(l.run('kubectl label pod client a=1 app-')).toBe('pod/client label(s) changed\n')
    expect(l.session.cluster.pods.find((p) => p.name === 'client')!.labels).toEqual({ a: '1' })
  })

  it('namespaces and nodes; the messages for bad input', () => {
    const l = lab()
    l.run('kubectl create namespace dev')
    expect(l.run('kubectl label namespace/dev purpose=testing')).toBe('namespace/dev labeled\n')
    expect(l.session.cluster.namespaces.find((n) => n.name === 'dev')!.labels).toEqual({
      'kubernetes.io/metadata.name': 'dev',
      purpose: 'testing',
    })
    expect(l.run('kubectl label node worker-1 zone=a')).toBe('node/worker-1 labeled\n')
    expect(l.run('kubectl label pod nope a=b')).toBe('Error from server (NotFound): pods "nope" not found\n')
    expect(l.run('kubectl label pod client')).toBe('error: at least one label update is required\n')
    expect(l.run('kubectl label pod client "a=my app"')).toMatch(
      /^error: invalid label value: "a=my app": a valid label must be/,
    )
    expect(l.run('kubectl label')).toBe(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n',
    )
  })

  it('annotates', () => {
    const l = lab()
    expect(l.run('kubectl annotate svc web note=hi')).toBe('service/web annotated\n')
    expect(l.run('kubectl annotate svc web note=ho')).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hi)\n",
    )
    expect(l.run('kubectl describe svc web')).toContain('Annotations:              note: hi\n')
  })
})

describe('kubectl run, create, expose, scale', () => {
  it('creates a pod (and a Service with --expose) and prints what it created', () => {
    const l = lab()
    expect(
      l.run('kubectl run db --image=redis:4 --labels="app=bookstore,role=db" --expose --port=6379'),
    ).toBe('pod/db created\nservice/db created\n')
    expect(l.run('kubectl get pod db --show-labels --no-headers')).toBe(
      'db    1/1   Running   0     0s    app=bookstore,role=db\n',
    )
    expect(l.run('kubectl get svc db -o wide --no-headers')).toMatch(
      /^db {4}ClusterIP {3}[\d.]+ {3}<none> {3}6379\/TCP {3}0s {4}app=bookstore,role=db\n$/,
    )
    expect(l.run('kubectl run db --image=redis')).toBe(
      'Error from server (AlreadyExists): pods "db" already exists\n',
    )
  })

  it('validates like kubectl', () => {
    const l = lab()
    expect(l.run('kubectl run x')).toBe('error: --image is required\n')
    expect(l.run('kubectl run --image=nginx')).toBe('error: NAME is required for run\n')
    expect(l.run('kubectl run x --image=nginx --rm')).toBe(
      'error: --rm should only be used for attached containers\n',
    )
    expect(l.run('kubectl run x --image=nginx -t')).toBe(
      'error: -i/--stdin is required for containers with -t/--tty=true\n',
    )
    expect(l.run('kubectl run x --image=nginx --expose')).toBe(
      'error: --port must be set when exposing a service\n',
    )
  })

  it('--dry-run=client -o yaml prints the pod it would create', () => {
    expect(lab().run('kubectl run web2 --image=nginx --port=80 --dry-run=client -o yaml'))
      .toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    run: web2
  name: web2
  namespace: default
spec:
  containers:
  - image: nginx
    name: web2
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Always
status: {}
`)
  })

  it('create namespace, deployment and service; expose; scale', () => {
    const l = lab()
    expect(l.run('kubectl create namespace prod')).toBe('namespace/prod created\n')
    expect(l.run('kubectl create ns prod')).toBe(
      'Error from server (AlreadyExists): namespaces "prod" already exists\n',
    )
    expect(l.run('kubectl create deployment api --image=nginx --replicas=2 --port=80')).toBe(
      'deployment.apps/api created\n',
    )
    expect(l.run('kubectl get deploy api --no-headers')).toBe('api   2/2   2     2     0s\n')
    expect(l.run('kubectl expose deployment api --port=8080 --target-port=80')).toBe('service/api exposed\n')
    expect(l.run('kubectl get ep api --no-headers')).toMatch(/^api {3}[\d.]+:80,[\d.]+:80 {3}0s\n$/)
    expect(l.run('kubectl scale deployment api --replicas=3')).toBe('deployment.apps/api scaled\n')
    expect(l.run('kubectl get deploy api --no-headers')).toBe('api   3/3   3     3     0s\n')
    expect(l.run('kubectl expose pod web --port=80 --name=web2 --type=NodePort')).toBe(
      'service/web2 exposed\n',
    )
    expect(l.run('kubectl create service clusterip apiserver --tcp 8001:8000 --tcp 5001:5000')).toBe(
      'service/apiserver created\n',
    )
    expect(l.run('kubectl get svc apiserver -o jsonpath={.spec.ports[*].name}')).toBe('8001-8000 5001-5000')
  })

  it('pod addresses stay where they were when something is created', () => {
    const l = lab()
    const before = l.session.cluster.pods.map((p) => `${p.id} ${p.ip}`)
    l.run('kubectl run tmp --image=busybox -- sleep 3600')
    const after = l.session.cluster.pods.filter((p) => p.name !== 'tmp').map((p) => `${p.id} ${p.ip}`)
    expect(after).toEqual(before)
  })
})

describe('kubectl config and others', () => {
  it('set-context --current --namespace changes the default namespace', () => {
    const l = lab()
    l.run('kubectl create namespace prod')
    expect(l.run('kubectl config set-context --current --namespace=prod')).toBe(
      'Context "kind-podnet" modified.\n',
    )
    expect(l.run('kubectl get pods')).toBe('No resources found in prod namespace.\n')
    expect(l.run('kubectl config get-contexts')).toBe(
      'CURRENT   NAME          CLUSTER       AUTHINFO      NAMESPACE\n*         kind-podnet   kind-podnet   kind-podnet   prod\n',
    )
  })

  it('unknown and unsupported subcommands', () => {
    const l = lab()
    expect(l.result('kubectl foo')).toMatchObject({
      output: 'error: unknown command "foo" for "kubectl"\nRun \'kubectl --help\' for usage.\n',
      exitCode: 1,
    })
    expect(l.run('kubectl edit pod web')).toBe(
      'error: "kubectl edit" is not simulated in this lab; type \'help\' to see what the terminal supports\n',
    )
    expect(l.run('kubectl version')).toBe(
      'Client Version: v1.31.0\nKustomize Version: v5.4.2\nServer Version: v1.31.0\n',
    )
  })
})

describe('kubectl apply --validate', () => {
  // A selector indented one level too deep: strict decoding refuses it; with validation
  // off the API server drops it and the rule it sat in admits every source.
  const MISPLACED = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-client
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
  - podSelector:
      matchLabels:
        app: client
`
  const apply = (flag: string) => {
    const l = lab()
    const r = l.lines(`kubectl apply ${flag} -f - <<EOF`, ...MISPLACED.trimEnd().split('\n'), 'EOF')
    return { l, r: r as { output: string; exitCode: number } }
  }

  it('strict (the default, or true) refuses the unknown field and creates nothing', () => {
    for (const flag of ['', '--validate=strict', '--validate=true']) {
      const { l, r } = apply(flag)
      expect(r.exitCode, flag).toBe(1)
      expect(r.output, flag).toContain('strict decoding error: unknown field "spec.ingress[0].podSelector"')
      expect(l.session.cluster.policies.map((p) => p.name)).not.toContain('web-from-client')
    }
  })

  it('warn drops the field with a warning, and the rule left admits everyone', () => {
    const { l, r } = apply('--validate=warn')
    expect(r.exitCode).toBe(0)
    expect(r.output).toBe(
      'Warning: unknown field "spec.ingress[0].podSelector"\nnetworkpolicy.networking.k8s.io/web-from-client created\n',
    )
    expect(l.run('kubectl get netpol web-from-client -o jsonpath={.spec.ingress}')).toBe('[{}]')
  })

  it('ignore (or false) drops it silently', () => {
    for (const flag of ['--validate=ignore', '--validate=false']) {
      const { l, r } = apply(flag)
      expect(r.output, flag).toBe('networkpolicy.networking.k8s.io/web-from-client created\n')
      expect(l.run('kubectl get netpol web-from-client -o jsonpath={.spec.ingress}')).toBe('[{}]')
    }
  })

  it('kubectl create -f takes the flag too', () => {
    const l = lab()
    const r = l.lines('kubectl create --validate=warn -f - <<EOF', ...MISPLACED.trimEnd().split('\n'), 'EOF')
    expect(r).toMatchObject({
      exitCode: 0,
      output:
        'Warning: unknown field "spec.ingress[0].podSelector"\nnetworkpolicy.networking.k8s.io/web-from-client created\n',
    })
  })

  it('a value kubectl does not know is refused', () => {
    expect(apply('--validate=maybe').r).toMatchObject({
      exitCode: 1,
      output:
        'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n',
    })
  })

  it('a wrong type still blocks, whatever the mode', () => {
    const l = lab()
    const r = l.lines(
      'kubectl apply --validate=false -f - <<EOF',
      ...MISPLACED.replace('app: web', 'app: web\n  policyTypes: Ingress').trimEnd().split('\n'),
      'EOF',
    )
    expect(r).toMatchObject({
      exitCode: 1,
      output: expect.stringContaining('cannot be handled as a NetworkPolicy'),
    })
  })
})

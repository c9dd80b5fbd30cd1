import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'

const pod = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', ...metadata },
  spec,
})
const errors = (spec: Record<string, unknown>, metadata?: Record<string, unknown>) =>
  validateObject('Pod', pod(spec, metadata)).errors.map(formatFieldError)
const warnings = (spec: Record<string, unknown>) =>
  validateObject('Pod', pod(spec)).warnings.map((w) => w.message)
const container = (extra: Record<string, unknown> = {}) => ({ name: 'app', image: 'nginx:1.27', ...extra })
const LABEL_ERROR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

describe('Pod validation', () => {
  it('accepts a realistic Pod', () => {
    const p = pod(
      {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 80 }],
            env: [
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'LOG_LEVEL', value: 'info' },
            ],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 80 } },
            resources: {
              requests: { cpu: '100m', memory: '64Mi' },
              limits: { cpu: '500m', memory: '128Mi' },
            },
            volumeMounts: [{ name: 'cache', mountPath: '/var/cache/nginx' }],
          },
        ],
        initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'true'] }],
        volumes: [{ name: 'cache', emptyDir: {} }],
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 50,
                podAffinityTerm: {
                  labelSelector: { matchLabels: { app: 'web' } },
                  topologyKey: 'kubernetes.io/hostname',
                },
              },
            ],
          },
        },
      },
      { labels: { app: 'web' } },
    )
    expect(validateObject('Pod', p)).toEqual({ errors: [], warnings: [] })
  })

  it('the name must be a DNS subdomain', () => {
    expect(errors({ containers: [container()] }, { name: 'Web' })).toEqual([
      "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ])
  })

  it('needs containers', () => {
    expect(errors({})).toEqual(['spec.containers: Required value'])
    expect(errors({ containers: [] })).toEqual(['spec.containers: Required value'])
  })

  it('container names are unique DNS labels; images are required', () => {
    expect(
      errors({ containers: [container({ name: 'Web_1', image: '' }), container({ name: 'Web_1' })] }),
    ).toEqual([
      `spec.containers[0].name: Invalid value: "Web_1": ${LABEL_ERROR}`,
      'spec.containers[0].image: Required value',
      `spec.containers[1].name: Invalid value: "Web_1": ${LABEL_ERROR}`,
      'spec.containers[1].name: Duplicate value: "Web_1"',
    ])
    expect(errors({ containers: [container()], initContainers: [container()] })).toEqual([
      'spec.initContainers[0].name: Duplicate value: "app"',
    ])
    expect(errors({ containers: [container({ image: 'nginx ' })] })).toEqual([
      'spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace',
    ])
  })

  it('container ports: numbers, IANA_SVC_NAME names unique per container, protocols', () => {
    const ports = [
      { containerPort: 0, name: 'HTTP' },
      { containerPort: 70000, protocol: 'ICMP', hostPort: 70000 },
      { containerPort: 80, name: 'http' },
      { containerPort: 81, name: 'http' },
    ]
    expect(errors({ containers: [container({ ports })] })).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      'spec.containers[0].ports[0].containerPort: Required value',
      'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[3].name: Duplicate value: "http"',
    ])
  })

  it('host ports may not collide across containers', () => {
    const containers = [
      container({ name: 'a', ports: [{ containerPort: 80, hostPort: 8080 }] }),
      container({ name: 'b', ports: [{ containerPort: 81, hostPort: 8080 }] }),
    ]
    expect(errors({ containers })).toEqual([
      'spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"',
    ])
  })

  it('hostNetwork requires hostPort to equal containerPort (unset hostPort defaults to it)', () => {
    const ports = [{ containerPort: 80, hostPort: 81 }, { containerPort: 443 }]
    expect(errors({ hostNetwork: true, containers: [container({ ports })] })).toEqual([
      'spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true',
    ])
  })

  it('env vars, downward API and volume mounts', () => {
    const c = container({
      env: [
        { name: 'A=B' },
        { name: '' },
        { name: 'X', valueFrom: {} },
        { name: 'Y', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
        { name: 'Z', value: 'z', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
      ],
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
    })
    expect(errors({ containers: [c] })).toEqual([
      'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[0].env[1].name: Required value',
      'spec.containers[0].env[2].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[3].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      'spec.containers[0].env[4].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ])
  })

  it('probes and lifecycle handlers', () => {
    const c = container({
      livenessProbe: { httpGet: { port: 'http_x' }, successThreshold: 2 },
      readinessProbe: {},
      startupProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } },
      lifecycle: { preStop: { sleep: { seconds: 60 } } },
    })
    expect(errors({ containers: [c] })).toEqual([
      'spec.containers[0].lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)',
      'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "http_x": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
      'spec.containers[0].startupProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ])
    expect(
      errors({
        containers: [container()],
        initContainers: [container({ name: 'init', livenessProbe: { tcpSocket: { port: 1 } } })],
      }),
    ).toEqual([
      'spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ])
  })

  it('restartPolicy, dnsPolicy and dnsConfig', () => {
    expect(errors({ containers: [container()], restartPolicy: 'Sometimes', dnsPolicy: 'Google' })).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ])
    expect(errors({ containers: [container()], dnsPolicy: 'None' })).toEqual([
      'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None',
    ])
    expect(
      errors({
        containers: [container()],
        dnsConfig: { nameservers: ['1.1.1', '8.8.8.8'], searches: ['svc.cluster.local.', 'Bad Domain'] },
      }),
    ).toEqual([
      'spec.dnsConfig.nameservers[0]: Invalid value: "1.1.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      "spec.dnsConfig.searches[1]: Invalid value: \"Bad Domain\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
    ])
  })

  it('volumes, resources, nodeSelector and tolerations', () => {
    const spec = {
      containers: [
        container({
          resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '500m', memory: '512Mi' } },
        }),
      ],
      volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/x' } }, { name: 'Data' }],
      nodeSelector: { 'kubernetes.io/os': 'linux os' },
      tolerations: [
        { operator: 'Equal', value: 'x' },
        { key: 'k', operator: 'Exists', value: 'v', tolerationSeconds: 5 },
      ],
    }
    expect(errors(spec)).toEqual([
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      `spec.volumes[1].name: Invalid value: "Data": ${LABEL_ERROR}`,
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m',
      'spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 512Mi',
      "spec.nodeSelector: Invalid value: \"linux os\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Invalid value: "": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.tolerations[1].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
    ])
  })

  it('extended resources must be whole and requested at their limit', () => {
    const c = container({
      resources: { requests: { 'example.com/gpu': '1' }, limits: { 'example.com/gpu': '2' } },
    })
    expect(errors({ containers: [c] })).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ])
  })

  it('ephemeral containers cannot be set on create', () => {
    expect(
      errors({ containers: [container()], ephemeralContainers: [{ name: 'debug', image: 'busybox' }] }),
    ).toEqual(['spec.ephemeralContainers: Forbidden: cannot be set on create'])
  })

  it('affinity terms', () => {
    const affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } } }],
      },
    }
    expect(errors({ containers: [container()], affinity })).toEqual([
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty',
      'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty',
      "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ])
  })

  it('warns about duplicate ports, hidden env vars and deprecated labels', () => {
    expect(
      warnings({
        containers: [
          container({
            name: 'a',
            ports: [{ containerPort: 80 }],
            env: [
              { name: 'A', value: '1' },
              { name: 'A', value: '2' },
            ],
          }),
          container({ name: 'b', ports: [{ containerPort: 80 }, { containerPort: 81, hostIP: '10.0.0.1' }] }),
        ],
        nodeSelector: { 'beta.kubernetes.io/os': 'linux' },
      }),
    ).toEqual([
      'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
      'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]',
      'spec.containers[1].ports[1]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:81 Protocol:TCP HostIP:10.0.0.1}',
    ])
  })
})

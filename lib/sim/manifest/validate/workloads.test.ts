import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'

const template = (labels: Record<string, string> | undefined, spec: Record<string, unknown> = {}) => ({
  metadata: labels ? { labels } : {},
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec },
})
const workload = (spec: Record<string, unknown>, name = 'web') => ({
  metadata: { name, namespace: 'default' },
  spec,
})
const errors = (kind: string, spec: Record<string, unknown>, name?: string) =>
  validateObject(kind, workload(spec, name)).errors.map(formatFieldError)
const LABELS_MISMATCH = (labels: string) =>
  `spec.template.metadata.labels: Invalid value: ${labels}: \`selector\` does not match template \`labels\``

describe('Deployment validation', () => {
  it('accepts a realistic Deployment', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '50%' } },
        template: {
          metadata: { labels: { app: 'web', tier: 'frontend' } },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] }],
          },
        },
      },
    }
    expect(validateObject('Deployment', d)).toEqual({ errors: [], warnings: [] })
  })

  it('needs a selector that matches the template labels', () => {
    expect(errors('Deployment', { template: template({ app: 'web', tier: 'fe' }) })).toEqual([
      'spec.selector: Required value',
      LABELS_MISMATCH('map[string]string{"app":"web", "tier":"fe"}'),
    ])
    expect(
      errors('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'api' }) }),
    ).toEqual([LABELS_MISMATCH('map[string]string{"app":"api"}')])
    expect(
      errors('Deployment', { selector: { matchLabels: { app: 'web' } }, template: template(undefined) }),
    ).toEqual([LABELS_MISMATCH('map[string]string(nil)')])
    expect(errors('Deployment', { selector: {}, template: template({ app: 'web' }) })).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ])
  })

  it('matchExpressions select too', () => {
    const selector = {
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['web', 'api'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    }
    expect(errors('Deployment', { selector, template: template({ app: 'api' }) })).toEqual([])
    expect(errors('Deployment', { selector, template: template({ app: 'api', canary: 'yes' }) })).toEqual([
      LABELS_MISMATCH('map[string]string{"app":"api", "canary":"yes"}'),
    ])
  })

  it('an invalid selector is reported twice, as Go does', () => {
    expect(
      errors('Deployment', {
        selector: { matchExpressions: [{ key: 'app', operator: 'In' }] },
        template: template({ app: 'web' }),
      }),
    ).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}: invalid label selector',
    ])
  })

  it('replicas, strategy and the template pod spec', () => {
    const base = { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }
    expect(errors('Deployment', { ...base, replicas: -1 })).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ])
    expect(
      errors('Deployment', { ...base, strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }),
    ).toEqual([
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ])
    expect(
      errors('Deployment', { ...base, strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ])
    expect(
      errors('Deployment', { ...base, strategy: { rollingUpdate: { maxUnavailable: '120%' } } }),
    ).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    ])
    expect(errors('Deployment', { ...base, strategy: { type: 'BlueGreen' } })).toEqual([
      'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    ])
    expect(
      errors('Deployment', {
        ...base,
        template: template({ app: 'web' }, { restartPolicy: 'Never', containers: [] }),
      }),
    ).toEqual([
      'spec.template.spec.containers: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ])
    expect(
      errors('Deployment', {
        ...base,
        template: { metadata: { labels: { app: 'web', 'bad key!': 'x' } }, spec: template(undefined).spec },
      }),
    ).toEqual([
      "spec.template.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ])
  })

  it('warns when the name is not a DNS label', () => {
    const d = workload(
      { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) },
      'web.v1',
    )
    expect(validateObject('Deployment', d).warnings.map((w) => w.message)).toEqual([
      'metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]',
    ])
  })
})

describe('ReplicaSet, DaemonSet, StatefulSet and ReplicationController validation', () => {
  it('ReplicaSet: selector rules (with the Deployment wording Go reuses)', () => {
    expect(errors('ReplicaSet', { selector: {}, template: template({ app: 'web' }) })).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ])
    expect(
      errors('ReplicaSet', { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) }),
    ).toEqual([])
  })

  it('DaemonSet: a missing selector matches nothing', () => {
    expect(errors('DaemonSet', { template: template({ app: 'agent' }) })).toEqual([
      LABELS_MISMATCH('map[string]string{"app":"agent"}'),
    ])
    expect(
      errors('DaemonSet', {
        selector: { matchLabels: { app: 'agent' } },
        template: template({ app: 'agent' }),
      }),
    ).toEqual([])
  })

  it('DaemonSet: update strategy', () => {
    const base = { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) }
    expect(
      errors('DaemonSet', { ...base, updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }),
    ).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0',
    ])
    expect(
      errors('DaemonSet', { ...base, updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }),
    ).toEqual([
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero',
    ])
    expect(errors('DaemonSet', { ...base, updateStrategy: { type: 'Never' } })).toEqual([
      'spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Never", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"',
    ])
  })

  it('StatefulSet: a realistic one, with a volume claim template mounted by the pod', () => {
    const sts = {
      serviceName: 'db',
      replicas: 3,
      selector: { matchLabels: { app: 'db' } },
      template: template(
        { app: 'db' },
        {
          containers: [
            {
              name: 'db',
              image: 'postgres:16',
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }],
            },
          ],
        },
      ),
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    }
    expect(validateObject('StatefulSet', workload(sts, 'db'))).toEqual({ errors: [], warnings: [] })
  })

  it('StatefulSet: name is a DNS label; policy and strategy values', () => {
    const spec = {
      selector: { matchLabels: { app: 'db' } },
      template: template({ app: 'db' }),
      podManagementPolicy: 'Random',
      updateStrategy: { type: 'Canary' },
    }
    expect(errors('StatefulSet', spec, 'db.primary')).toEqual([
      'metadata.name: Invalid value: "db.primary": must not contain dots',
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Canary\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
    ])
    expect(errors('StatefulSet', { template: template({ app: 'db' }) }, 'db')).toEqual([
      'spec.selector: Required value',
      LABELS_MISMATCH('map[string]string{"app":"db"}'),
    ])
  })

  it('ReplicationController: the selector defaults to the template labels', () => {
    expect(errors('ReplicationController', { template: template({ app: 'web' }) })).toEqual([])
    expect(
      errors('ReplicationController', { selector: { app: 'api' }, template: template({ app: 'web' }) }),
    ).toEqual([LABELS_MISMATCH('map[string]string{"app":"web"}')])
    expect(errors('ReplicationController', {})).toEqual([
      'spec.selector: Required value',
      'spec.template: Required value',
    ])
  })
})

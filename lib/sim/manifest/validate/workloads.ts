// Workload controllers: Deployment, ReplicaSet, DaemonSet, StatefulSet (pkg/apis/apps/validation)
// and ReplicationController (pkg/apis/core/validation), each on a defaulted copy.
import type { FieldError, FieldWarning } from './field-error'
import { forbidden, invalid, required, unsupported } from './field-error'
import { goIntOrString, goLabelSelector, goQuote, goStringMap, rawInvalid, rawUnsupported } from './go-value'
import type { Selector } from './labels'
import {
  labelSelectorAsSelector,
  selectorEmpty,
  selectorFromSet,
  selectorMatches,
  validateLabelSelector,
} from './labels'
import { validateObjectMeta } from './metadata'
import { isDNS1123Label, isValidPercent, nameIsDNSLabel, nameIsDNSSubdomain } from './names'
import { validatePodTemplateSpec } from './pod'
import { podNameWarning, podSpecWarnings } from './pod-warnings'
import type { JsonObject, Path } from './util'
import { asList, asNumber, asObject, asString, asStringMap } from './util'

export function nonNegative(value: unknown, path: Path): FieldError[] {
  const n = asNumber(value)
  return n !== undefined && n < 0 ? [invalid(path, n, 'must be greater than or equal to 0')] : []
}

function templateLabels(template: unknown): Record<string, string> | undefined {
  return asStringMap(asObject(asObject(template)?.metadata)?.labels)
}

/** The "`selector` does not match template `labels`" error. */
export function selectorMismatch(path: Path, template: unknown): FieldError {
  return rawInvalid(
    [...path, 'metadata', 'labels'],
    goStringMap(asObject(asObject(template)?.metadata)?.labels),
    '`selector` does not match template `labels`',
  )
}

function restartAlwaysOnly(template: JsonObject, path: Path, kindName: string): FieldError[] {
  const spec = asObject(template.spec) ?? {}
  const errs: FieldError[] = []
  const restart = asString(spec.restartPolicy)
  if (restart !== 'Always') errs.push(unsupported([...path, 'spec', 'restartPolicy'], restart, ['Always']))
  if (spec.activeDeadlineSeconds != null)
    errs.push(
      forbidden(
        [...path, 'spec', 'activeDeadlineSeconds'],
        `activeDeadlineSeconds in ${kindName} is not Supported`,
      ),
    )
  return errs
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments and ReplicaSets). */
function validateTemplateForReplicaSet(template: JsonObject, selector: Selector, path: Path): FieldError[] {
  const errs: FieldError[] = []
  if (!selectorEmpty(selector) && !selectorMatches(selector, templateLabels(template)))
    errs.push(selectorMismatch(path, template))
  errs.push(...validatePodTemplateSpec(template, path))
  errs.push(...restartAlwaysOnly(template, path, 'ReplicaSet'))
  return errs
}

/** The shared selector checks of Deployment, ReplicaSet and StatefulSet. */
function validateRequiredSelector(spec: JsonObject, kindName: string): FieldError[] {
  const sel = asObject(spec.selector)
  const path = ['spec', 'selector']
  if (!sel) return [required(path, '')]
  const errs = validateLabelSelector(sel, path)
  if (Object.keys(asObject(sel.matchLabels) ?? {}).length + asList(sel.matchExpressions).length === 0)
    errs.push(rawInvalid(path, goLabelSelector(sel), `empty selector is invalid for ${kindName}`))
  return errs
}

// IntOrString percentages (apps validation helpers).

function percentValue(v: unknown): number | undefined {
  return typeof v === 'string' && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : undefined
}

function intOrPercentValue(v: unknown): number {
  const p = percentValue(v)
  if (p !== undefined) return p
  if (typeof v === 'number') return v
  const n = typeof v === 'string' && /^[+-]?[0-9]+$/.test(v) ? Number(v) : 0
  return n
}

function validatePositiveIntOrPercent(v: unknown, path: Path): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => rawInvalid(path, goIntOrString(v), msg))
  return nonNegative(typeof v === 'number' ? v : 0, path)
}

function notMoreThan100Percent(v: unknown, path: Path): FieldError[] {
  const p = percentValue(v)
  return p !== undefined && p > 100
    ? [rawInvalid(path, goIntOrString(v), 'must not be greater than 100%')]
    : []
}

function validateDeploymentStrategy(strategy: JsonObject, path: Path): FieldError[] {
  const type = asString(strategy.type)
  const ru = asObject(strategy.rollingUpdate)
  switch (type) {
    case 'Recreate':
      return ru
        ? [forbidden([...path, 'rollingUpdate'], "may not be specified when strategy `type` is 'Recreate'")]
        : []
    case 'RollingUpdate': {
      if (!ru) return [required([...path, 'rollingUpdate'], 'this should be defaulted and never be nil')]
      const p = [...path, 'rollingUpdate']
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, [...p, 'maxUnavailable']),
        ...validatePositiveIntOrPercent(ru.maxSurge, [...p, 'maxSurge']),
      ]
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(
          rawInvalid(
            [...p, 'maxUnavailable'],
            goIntOrString(ru.maxUnavailable),
            'may not be 0 when `maxSurge` is 0',
          ),
        )
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, [...p, 'maxUnavailable']))
      return errs
    }
    default: {
      const ruText = ru
        ? '(*apps.RollingUpdateDeployment)(0xc000000000)'
        : '(*apps.RollingUpdateDeployment)(nil)'
      return [
        rawUnsupported(path, `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ruText}}`, [
          'Recreate',
          'RollingUpdate',
        ]),
      ]
    }
  }
}

export function validateDeployment(d: JsonObject): FieldError[] {
  const spec = asObject(d.spec) ?? {}
  const template = asObject(spec.template) ?? {}
  const errs = validateObjectMeta(d.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  errs.push(...nonNegative(spec.replicas, ['spec', 'replicas']))
  errs.push(...validateRequiredSelector(spec, 'deployment'))
  const selector = labelSelectorAsSelector(spec.selector)
  if (!selector)
    errs.push(rawInvalid(['spec', 'selector'], goLabelSelector(spec.selector), 'invalid label selector'))
  else errs.push(...validateTemplateForReplicaSet(template, selector, ['spec', 'template']))
  errs.push(...validateDeploymentStrategy(asObject(spec.strategy) ?? {}, ['spec', 'strategy']))
  errs.push(...nonNegative(spec.minReadySeconds, ['spec', 'minReadySeconds']))
  errs.push(...nonNegative(spec.revisionHistoryLimit, ['spec', 'revisionHistoryLimit']))
  const pds = asNumber(spec.progressDeadlineSeconds)
  if (pds !== undefined) {
    errs.push(...nonNegative(pds, ['spec', 'progressDeadlineSeconds']))
    if (pds <= (asNumber(spec.minReadySeconds) ?? 0))
      errs.push(invalid(['spec', 'progressDeadlineSeconds'], pds, 'must be greater than minReadySeconds'))
  }
  return errs
}

export function validateReplicaSet(rs: JsonObject): FieldError[] {
  const spec = asObject(rs.spec) ?? {}
  const template = asObject(spec.template) ?? {}
  const errs = validateObjectMeta(rs.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  errs.push(...nonNegative(spec.replicas, ['spec', 'replicas']))
  errs.push(...nonNegative(spec.minReadySeconds, ['spec', 'minReadySeconds']))
  // Go's ReplicaSet validation reuses the Deployment wording here
  errs.push(...validateRequiredSelector(spec, 'deployment'))
  const selector = labelSelectorAsSelector(spec.selector)
  if (!selector)
    errs.push(rawInvalid(['spec', 'selector'], goLabelSelector(spec.selector), 'invalid label selector'))
  else errs.push(...validateTemplateForReplicaSet(template, selector, ['spec', 'template']))
  return errs
}

function validateDaemonSetUpdateStrategy(strategy: JsonObject, path: Path): FieldError[] {
  const type = asString(strategy.type)
  if (type === 'OnDelete') return []
  if (type === 'RollingUpdate') {
    const ru = asObject(strategy.rollingUpdate)
    if (!ru) return [required([...path, 'rollingUpdate'], '')]
    const p = [...path, 'rollingUpdate']
    const errs = [
      ...validatePositiveIntOrPercent(ru.maxUnavailable, [...p, 'maxUnavailable']),
      ...validatePositiveIntOrPercent(ru.maxSurge, [...p, 'maxSurge']),
      ...notMoreThan100Percent(ru.maxUnavailable, [...p, 'maxUnavailable']),
      ...notMoreThan100Percent(ru.maxSurge, [...p, 'maxSurge']),
    ]
    const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0
    const hasSurge = intOrPercentValue(ru.maxSurge) !== 0
    if (hasUnavailable && hasSurge)
      errs.push(
        rawInvalid(
          [...p, 'maxSurge'],
          goIntOrString(ru.maxSurge),
          'may not be set when maxUnavailable is non-zero',
        ),
      )
    else if (!hasUnavailable && !hasSurge)
      errs.push(required([...p, 'maxUnavailable'], 'cannot be 0 when maxSurge is 0'))
    return errs
  }
  const ruText =
    strategy.rollingUpdate != null
      ? '(*apps.RollingUpdateDaemonSet)(0xc000000000)'
      : '(*apps.RollingUpdateDaemonSet)(nil)'
  return [
    rawUnsupported(path, `apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ruText}}`, [
      'RollingUpdate',
      'OnDelete',
    ]),
  ]
}

export function validateDaemonSet(ds: JsonObject): FieldError[] {
  const spec = asObject(ds.spec) ?? {}
  const template = asObject(spec.template) ?? {}
  const errs = validateObjectMeta(ds.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']))
  const selector = labelSelectorAsSelector(spec.selector)
  if (selector && !selectorMatches(selector, templateLabels(template)))
    errs.push(selectorMismatch(['spec', 'template'], template))
  const sel = asObject(spec.selector)
  if (sel && Object.keys(asObject(sel.matchLabels) ?? {}).length + asList(sel.matchExpressions).length === 0)
    errs.push(
      rawInvalid(['spec', 'selector'], goLabelSelector(sel), 'empty selector is invalid for daemonset'),
    )
  errs.push(...validatePodTemplateSpec(template, ['spec', 'template']))
  errs.push(...restartAlwaysOnly(template, ['spec', 'template'], 'DaemonSet'))
  errs.push(...nonNegative(spec.minReadySeconds, ['spec', 'minReadySeconds']))
  // templateGeneration: PrepareForCreate raises anything below 1 to 1 before validation
  errs.push(
    ...validateDaemonSetUpdateStrategy(asObject(spec.updateStrategy) ?? {}, ['spec', 'updateStrategy']),
  )
  errs.push(...nonNegative(spec.revisionHistoryLimit, ['spec', 'revisionHistoryLimit']))
  return errs
}

function goStatefulSetRollingUpdate(ru: JsonObject): string {
  const mu = ru.maxUnavailable != null ? '(*intstr.IntOrString)(0xc000000000)' : '(*intstr.IntOrString)(nil)'
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${asNumber(ru.partition) ?? 0}, MaxUnavailable:${mu}}`
}

function validateStatefulSetUpdateStrategy(strategy: JsonObject, path: Path): FieldError[] {
  const type = asString(strategy.type)
  const ru = asObject(strategy.rollingUpdate)
  switch (type) {
    case '':
      return [required(path, '')]
    case 'OnDelete':
      return ru
        ? [
            rawInvalid(
              [...path, 'rollingUpdate'],
              goStatefulSetRollingUpdate(ru),
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : []
    case 'RollingUpdate': {
      if (!ru) return []
      const p = [...path, 'rollingUpdate']
      const errs = nonNegative(ru.partition, [...p, 'partition'])
      if (ru.maxUnavailable != null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, [...p, 'maxUnavailable']))
        if (intOrPercentValue(ru.maxUnavailable) === 0)
          errs.push(rawInvalid([...p, 'maxUnavailable'], goIntOrString(ru.maxUnavailable), 'cannot be 0'))
        errs.push(...notMoreThan100Percent(ru.maxUnavailable, [...p, 'maxUnavailable']))
      }
      return errs
    }
    default: {
      const ruText = ru
        ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)'
        : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'
      return [
        rawInvalid(
          path,
          `apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ruText}}`,
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      ]
    }
  }
}

export function validateStatefulSet(sts: JsonObject): FieldError[] {
  const spec = asObject(sts.spec) ?? {}
  const template = asObject(spec.template) ?? {}
  const errs = validateObjectMeta(sts.metadata, { namespaced: true, nameFn: nameIsDNSLabel })
  const pmp = asString(spec.podManagementPolicy)
  if (!pmp) errs.push(required(['spec', 'podManagementPolicy'], ''))
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid(['spec', 'podManagementPolicy'], pmp, "must be 'OrderedReady' or 'Parallel'"))
  errs.push(
    ...validateStatefulSetUpdateStrategy(asObject(spec.updateStrategy) ?? {}, ['spec', 'updateStrategy']),
  )
  const retention = asObject(spec.persistentVolumeClaimRetentionPolicy)
  if (retention) {
    for (const key of ['whenDeleted', 'whenScaled']) {
      const v = asString(retention[key])
      if (v !== 'Retain' && v !== 'Delete')
        errs.push(unsupported(['spec', 'persistentVolumeClaimRetentionPolicy', key], v, ['Retain', 'Delete']))
    }
  }
  errs.push(...nonNegative(spec.replicas, ['spec', 'replicas']))
  errs.push(...nonNegative(spec.minReadySeconds, ['spec', 'minReadySeconds']))
  const ordinals = asObject(spec.ordinals)
  if (ordinals) errs.push(...nonNegative(ordinals.start, ['spec', 'ordinals.start']))
  errs.push(...validateRequiredSelector(spec, 'statefulset'))
  const selector = labelSelectorAsSelector(spec.selector)
  if (!selector) errs.push(rawInvalid(['spec', 'selector'], goLabelSelector(spec.selector), ''))
  else {
    if (!selectorEmpty(selector) && !selectorMatches(selector, templateLabels(template)))
      errs.push(selectorMismatch(['spec', 'template'], template))
    // Since v1.34 the template's PodSpec is validated too, with one PVC volume per claim template.
    const claimNames = asList(spec.volumeClaimTemplates).map((t) =>
      asString(asObject(asObject(t)?.metadata)?.name),
    )
    errs.push(...validatePodTemplateSpec(template, ['spec', 'template'], { extraVolumes: claimNames }))
  }
  const tspec = asObject(template.spec) ?? {}
  const restart = asString(tspec.restartPolicy)
  if (restart !== 'Always')
    errs.push(unsupported(['spec', 'template', 'spec', 'restartPolicy'], restart, ['Always']))
  if (tspec.activeDeadlineSeconds != null)
    errs.push(
      forbidden(
        ['spec', 'template', 'spec', 'activeDeadlineSeconds'],
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    )
  return errs
}

export function validateReplicationController(rc: JsonObject): FieldError[] {
  const spec = asObject(rc.spec) ?? {}
  const errs = validateObjectMeta(rc.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  errs.push(...nonNegative(spec.minReadySeconds, ['spec', 'minReadySeconds']))
  const selectorMap = asStringMap(spec.selector)
  if (Object.keys(selectorMap ?? {}).length === 0) errs.push(required(['spec', 'selector'], ''))
  errs.push(...nonNegative(spec.replicas, ['spec', 'replicas']))
  const template = asObject(spec.template)
  const tpath = ['spec', 'template']
  if (!template) {
    errs.push(required(tpath, ''))
    return errs
  }
  const selector = selectorFromSet(selectorMap)
  if (!selectorEmpty(selector) && !selectorMatches(selector, templateLabels(template)))
    errs.push(selectorMismatch(tpath, template))
  errs.push(...validatePodTemplateSpec(template, tpath))
  errs.push(...restartAlwaysOnly(template, tpath, 'ReplicationController'))
  return errs
}

/** WarningsOnCreate of Deployments, ReplicaSets, DaemonSets and ReplicationControllers. */
export function workloadWarnings(obj: JsonObject, withNameWarning: boolean): FieldWarning[] {
  const name = asString(asObject(obj.metadata)?.name)
  const template = asObject(asObject(obj.spec)?.template) ?? {}
  return [
    ...(withNameWarning ? podNameWarning(name, isDNS1123Label(name)) : []),
    ...podSpecWarnings(
      ['spec', 'template'],
      asObject(template.spec) ?? {},
      asObject(template.metadata) ?? {},
    ),
  ]
}

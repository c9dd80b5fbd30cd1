// Job and CronJob (pkg/apis/batch/validation) on a defaulted copy. A Job without
// manualSelector gets its selector and pod labels generated first, as the registry's
// PrepareForCreate does, from the Job's UID.
import type { FieldError, FieldWarning } from './field-error'
import { invalid, required, unsupported } from './field-error'
import { cronScheduleError } from './cron'
import { goLabelSelector, goStringMap, rawInvalid } from './go-value'
import { keyed } from './container'
import { labelSelectorAsSelector, selectorMatches, validateLabelSelector } from './labels'
import { validateObjectMeta } from './metadata'
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain } from './names'
import { validatePodTemplateSpec } from './pod'
import { podNameWarning, podSpecWarnings } from './pod-warnings'
import { nonNegative, selectorMismatch } from './workloads'
import type { JsonObject, Path } from './util'
import { asNumber, asObject, asOptString, asString, asStringMap } from './util'

/** Stands in for the UID the API server assigns on create (it appears in generated labels). */
export const PLACEHOLDER_UID = '00000000-0000-0000-0000-000000000000'

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid'
const JOB_NAME = 'batch.kubernetes.io/job-name'
const LEGACY_CONTROLLER_UID = 'controller-uid'
const LEGACY_JOB_NAME = 'job-name'

/** generateSelector (pkg/registry/batch/job/strategy.go), in place. */
export function generateJobSelector(job: JsonObject, uid = PLACEHOLDER_UID): void {
  const spec = asObject(job.spec)
  if (!spec || spec.manualSelector === true) return
  const name = asString(asObject(job.metadata)?.name)
  const template = asObject(spec.template) ?? {}
  spec.template = template
  const meta = asObject(template.metadata) ?? {}
  template.metadata = meta
  const labels = asObject(meta.labels) ?? {}
  meta.labels = labels
  for (const key of [LEGACY_JOB_NAME, JOB_NAME]) if (!(key in labels)) labels[key] = name
  for (const key of [LEGACY_CONTROLLER_UID, CONTROLLER_UID]) if (!(key in labels)) labels[key] = uid
  const selector = asObject(spec.selector) ?? {}
  spec.selector = selector
  const matchLabels = asObject(selector.matchLabels) ?? {}
  selector.matchLabels = matchLabels
  if (!(CONTROLLER_UID in matchLabels)) matchLabels[CONTROLLER_UID] = uid
}

/** ValidateHasLabel. */
function validateHasLabel(meta: JsonObject, path: Path, key: string, expected: string): FieldError[] {
  const labels = asStringMap(meta.labels) ?? {}
  const labelPath = keyed([...path, 'labels'], key)
  if (!(key in labels)) return [required(labelPath, `must be '${expected}'`)]
  if (labels[key] !== expected)
    return [rawInvalid(labelPath, goStringMap(meta.labels), `must be '${expected}'`)]
  return []
}

function validateGeneratedSelector(job: JsonObject, uid: string): FieldError[] {
  const spec = asObject(job.spec) ?? {}
  if (spec.manualSelector === true || !asObject(spec.selector)) return []
  const name = asString(asObject(job.metadata)?.name)
  const meta = asObject(asObject(spec.template)?.metadata) ?? {}
  const metaPath = ['spec', 'template', 'metadata']
  const errs = [
    ...validateHasLabel(meta, metaPath, LEGACY_CONTROLLER_UID, uid),
    ...validateHasLabel(meta, metaPath, LEGACY_JOB_NAME, name),
    ...validateHasLabel(meta, metaPath, CONTROLLER_UID, uid),
    ...validateHasLabel(meta, metaPath, JOB_NAME, name),
  ]
  const expected = {
    [CONTROLLER_UID]: uid,
    [JOB_NAME]: name,
    [LEGACY_CONTROLLER_UID]: uid,
    [LEGACY_JOB_NAME]: name,
  }
  const selector = labelSelectorAsSelector(spec.selector)
  if (selector && !selectorMatches(selector, expected))
    errs.push(
      rawInvalid(['spec', 'selector'], goLabelSelector(spec.selector), '`selector` not auto-generated'),
    )
  return errs
}

/** validateJobSpec: the checks shared by Jobs and CronJob job templates. */
function validateJobSpecCommon(spec: JsonObject, path: Path): FieldError[] {
  const errs: FieldError[] = []
  for (const key of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
  ])
    errs.push(...nonNegative(spec[key], [...path, key]))
  const completions = asNumber(spec.completions)
  const parallelism = asNumber(spec.parallelism)
  const maxFailedIndexes = asNumber(spec.maxFailedIndexes)
  const backoffLimitPerIndex = asNumber(spec.backoffLimitPerIndex)
  if (maxFailedIndexes !== undefined) {
    errs.push(...nonNegative(maxFailedIndexes, [...path, 'maxFailedIndexes']))
    if (backoffLimitPerIndex === undefined)
      errs.push(required([...path, 'backoffLimitPerIndex'], 'when maxFailedIndexes is specified'))
  }
  const managedBy = asOptString(spec.managedBy)
  if (managedBy !== undefined) {
    const p = [...path, 'managedBy']
    const slash = managedBy.indexOf('/')
    if (!managedBy) errs.push(required(p, ''))
    else if (slash <= 0 || slash === managedBy.length - 1)
      errs.push(invalid(p, managedBy, 'must be a domain-prefixed path (such as "acme.io/foo")'))
    else
      for (const msg of isDNS1123Subdomain(managedBy.slice(0, slash)))
        errs.push(invalid(p, managedBy.slice(0, slash), msg))
    if (managedBy.length > 63)
      errs.push({ path: p, type: 'Too long', detail: 'may not be more than 63 bytes' })
  }
  const mode = asOptString(spec.completionMode)
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed')
      errs.push(unsupported([...path, 'completionMode'], mode, ['NonIndexed', 'Indexed']))
    if (mode === 'Indexed') {
      if (completions === undefined)
        errs.push(required([...path, 'completions'], 'when completion mode is Indexed'))
      if (parallelism !== undefined && parallelism > 100000)
        errs.push(
          invalid(
            [...path, 'parallelism'],
            parallelism,
            'must be less than or equal to 100000 when completion mode is Indexed',
          ),
        )
      if (completions !== undefined && maxFailedIndexes !== undefined && maxFailedIndexes > completions)
        errs.push(
          invalid(
            [...path, 'maxFailedIndexes'],
            maxFailedIndexes,
            'must be less than or equal to completions',
          ),
        )
      if (maxFailedIndexes !== undefined && maxFailedIndexes > 100000)
        errs.push(
          invalid([...path, 'maxFailedIndexes'], maxFailedIndexes, 'must be less than or equal to 100000'),
        )
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (backoffLimitPerIndex !== undefined)
      errs.push(
        invalid([...path, 'backoffLimitPerIndex'], backoffLimitPerIndex, 'requires indexed completion mode'),
      )
    if (maxFailedIndexes !== undefined)
      errs.push(invalid([...path, 'maxFailedIndexes'], maxFailedIndexes, 'requires indexed completion mode'))
  }
  const replacement = asOptString(spec.podReplacementPolicy)
  if (replacement !== undefined) {
    if (spec.podFailurePolicy != null) {
      if (replacement !== 'Failed')
        errs.push(unsupported([...path, 'podReplacementPolicy'], replacement, ['Failed']))
    } else if (replacement !== 'Failed' && replacement !== 'TerminatingOrFailed') {
      errs.push(
        unsupported([...path, 'podReplacementPolicy'], replacement, ['Failed', 'TerminatingOrFailed']),
      )
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, [...path, 'template']))
  const restart = asString(asObject(asObject(spec.template)?.spec)?.restartPolicy)
  const restartPath = [...path, 'template', 'spec', 'restartPolicy']
  if (restart === 'Always' || restart === '')
    errs.push(required(restartPath, 'valid values: "OnFailure", "Never"'))
  else if (restart !== 'OnFailure' && restart !== 'Never')
    errs.push(unsupported(restartPath, restart, ['OnFailure', 'Never']))
  else if (spec.podFailurePolicy != null && restart !== 'Never')
    errs.push(invalid(restartPath, restart, 'only "Never" is supported when podFailurePolicy is specified'))
  return errs
}

export function validateJob(job: JsonObject, uid = PLACEHOLDER_UID): FieldError[] {
  const spec = asObject(job.spec) ?? {}
  const name = asString(asObject(job.metadata)?.name)
  const errs = validateObjectMeta(job.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  errs.push(...validateGeneratedSelector(job, uid))
  errs.push(...validateJobSpecCommon(spec, ['spec']))
  if (!asObject(spec.selector)) errs.push(required(['spec', 'selector'], ''))
  else errs.push(...validateLabelSelector(spec.selector, ['spec', 'selector']))
  const selector = labelSelectorAsSelector(spec.selector)
  const template = asObject(spec.template) ?? {}
  const labels = asStringMap(asObject(template.metadata)?.labels)
  if (selector && !selectorMatches(selector, labels))
    errs.push(selectorMismatch(['spec', 'template'], template))
  const completions = asNumber(spec.completions)
  if (spec.completionMode === 'Indexed' && completions !== undefined && completions > 0) {
    const hostname = `${name}-${completions - 1}`
    if (isDNS1123Label(hostname).length)
      errs.push(
        invalid(
          ['metadata', 'name'],
          name,
          `will not able to create pod with invalid DNS label: ${hostname}`,
        ),
      )
  }
  return errs
}

/** The TZ/timeZone checks of validateCronJobSpec. */
function validateTimeZone(tz: unknown, path: Path): FieldError[] {
  const timeZone = asOptString(tz)
  if (timeZone === undefined) return []
  if (!timeZone) return [invalid(path, timeZone, 'timeZone must be nil or non-empty string')]
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part))
      return [invalid(path, timeZone, `unknown time zone ${timeZone}`)]
  }
  if (timeZone.toLowerCase() === 'local')
    return [
      invalid(
        path,
        timeZone,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    ]
  return []
}

export function validateCronJob(cj: JsonObject): FieldError[] {
  const spec = asObject(cj.spec) ?? {}
  const name = asString(asObject(cj.metadata)?.name)
  const errs = validateObjectMeta(cj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain })
  const schedule = asString(spec.schedule)
  const schedulePath = ['spec', 'schedule']
  if (!schedule) errs.push(required(schedulePath, ''))
  else {
    const err = cronScheduleError(schedule)
    if (err) errs.push(invalid(schedulePath, schedule, err))
    if (schedule.includes('TZ'))
      errs.push(
        invalid(schedulePath, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'),
      )
  }
  errs.push(...nonNegative(spec.startingDeadlineSeconds, ['spec', 'startingDeadlineSeconds']))
  errs.push(...validateTimeZone(spec.timeZone, ['spec', 'timeZone']))
  const policy = asString(spec.concurrencyPolicy)
  const policies = ['Allow', 'Forbid', 'Replace']
  if (!policy) errs.push(required(['spec', 'concurrencyPolicy'], ''))
  else if (!policies.includes(policy)) errs.push(unsupported(['spec', 'concurrencyPolicy'], policy, policies))
  const jobSpec = asObject(asObject(spec.jobTemplate)?.spec) ?? {}
  const jobPath = ['spec', 'jobTemplate', 'spec']
  errs.push(...validateJobSpecCommon(jobSpec, jobPath))
  if (jobSpec.selector != null)
    errs.push(
      rawInvalid(
        [...jobPath, 'selector'],
        goLabelSelector(jobSpec.selector),
        '`selector` will be auto-generated',
      ),
    )
  if (jobSpec.manualSelector === true)
    errs.push(unsupported([...jobPath, 'manualSelector'], true, ['nil', 'false']))
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, ['spec', 'successfulJobsHistoryLimit']))
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, ['spec', 'failedJobsHistoryLimit']))
  if (name.length > 52) errs.push(invalid(['metadata', 'name'], name, 'must be no more than 52 characters'))
  return errs
}

/** WarningsOnCreate of Jobs and CronJobs. */
export function jobWarnings(obj: JsonObject, kind: 'Job' | 'CronJob'): FieldWarning[] {
  const name = asString(asObject(obj.metadata)?.name)
  const spec = asObject(obj.spec) ?? {}
  const jobSpec = kind === 'Job' ? spec : (asObject(asObject(spec.jobTemplate)?.spec) ?? {})
  const prefix = kind === 'Job' ? ['spec', 'template'] : ['spec', 'jobTemplate', 'spec', 'template']
  const template = asObject(jobSpec.template) ?? {}
  return [
    ...podNameWarning(name, isDNS1123Label(name)),
    ...podSpecWarnings(prefix, asObject(template.spec) ?? {}, asObject(template.metadata) ?? {}),
  ]
}

import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import { validateObject } from './index'
import { cronScheduleError } from './cron'

const podTemplate = (spec: Record<string, unknown> = {}, labels?: Record<string, string>) => ({
  metadata: labels ? { labels } : {},
  spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never', ...spec },
})
const object = (spec: Record<string, unknown>, name = 'pi') => ({
  metadata: { name, namespace: 'default' },
  spec,
})
const errors = (kind: string, spec: Record<string, unknown>, name?: string) =>
  validateObject(kind, object(spec, name)).errors.map(formatFieldError)

describe('Job validation', () => {
  it('accepts a realistic Job (selector and labels are generated)', () => {
    expect(validateObject('Job', object({ backoffLimit: 4, template: podTemplate() }))).toEqual({
      errors: [],
      warnings: [],
    })
    expect(
      errors('Job', { completionMode: 'Indexed', completions: 5, parallelism: 2, template: podTemplate() }),
    ).toEqual([])
  })

  it('the pod template must not restart Always', () => {
    expect(errors('Job', { template: podTemplate({ restartPolicy: undefined }) })).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ])
    expect(errors('Job', { template: podTemplate({ restartPolicy: 'Always' }) })).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ])
  })

  it('a hand-written selector needs manualSelector', () => {
    expect(
      errors('Job', { selector: { matchLabels: { app: 'pi' } }, template: podTemplate({}, { app: 'pi' }) }),
    ).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"00000000-0000-0000-0000-000000000000"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    ])
    expect(
      errors('Job', {
        manualSelector: true,
        selector: { matchLabels: { app: 'pi' } },
        template: podTemplate({}, { app: 'pi' }),
      }),
    ).toEqual([])
    expect(
      errors('Job', {
        manualSelector: true,
        selector: { matchLabels: { app: 'pi' } },
        template: podTemplate({}, { app: 'x' }),
      }),
    ).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    ])
  })

  it('generated labels may not be overridden', () => {
    expect(errors('Job', { template: podTemplate({}, { 'job-name': 'other' }) })).toEqual([
      'spec.template.metadata.labels[job-name]: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"00000000-0000-0000-0000-000000000000", "batch.kubernetes.io/job-name":"pi", "controller-uid":"00000000-0000-0000-0000-000000000000", "job-name":"other"}: must be \'pi\'',
    ])
  })

  it('counts are non-negative; indexed jobs need completions', () => {
    expect(errors('Job', { backoffLimit: -1, parallelism: -2, template: podTemplate() })).toEqual([
      'spec.parallelism: Invalid value: -2: must be greater than or equal to 0',
      'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
    ])
    expect(errors('Job', { completionMode: 'Indexed', parallelism: 2, template: podTemplate() })).toEqual([
      'spec.completions: Required value: when completion mode is Indexed',
    ])
    expect(errors('Job', { completionMode: 'Sometimes', template: podTemplate() })).toEqual([
      'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"',
    ])
  })
})

describe('CronJob validation', () => {
  const jobTemplate = (spec: Record<string, unknown> = {}) => ({ spec: { template: podTemplate(), ...spec } })

  it('accepts a realistic CronJob', () => {
    const cj = object(
      { schedule: '*/5 * * * *', timeZone: 'Europe/Berlin', jobTemplate: jobTemplate() },
      'report',
    )
    expect(validateObject('CronJob', cj)).toEqual({ errors: [], warnings: [] })
    expect(errors('CronJob', { schedule: '@hourly', jobTemplate: jobTemplate() })).toEqual([])
    expect(errors('CronJob', { schedule: '0 9 * jan-mar mon-fri', jobTemplate: jobTemplate() })).toEqual([])
  })

  it('the schedule must parse', () => {
    expect(errors('CronJob', { jobTemplate: jobTemplate() })).toEqual(['spec.schedule: Required value'])
    expect(errors('CronJob', { schedule: '* * *', jobTemplate: jobTemplate() })).toEqual([
      'spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]',
    ])
    expect(errors('CronJob', { schedule: '61 * * * *', jobTemplate: jobTemplate() })).toEqual([
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ])
    expect(errors('CronJob', { schedule: 'TZ=UTC 0 0 * * *', jobTemplate: jobTemplate() })).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 0 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ])
  })

  it('job template rules', () => {
    expect(
      errors('CronJob', {
        schedule: '@daily',
        concurrencyPolicy: 'Sometimes',
        jobTemplate: jobTemplate({ selector: { matchLabels: { a: 'b' } } }),
      }),
    ).toEqual([
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
    ])
    expect(
      errors('CronJob', {
        schedule: '@daily',
        jobTemplate: { spec: { template: podTemplate({ restartPolicy: 'Always' }) } },
      }),
    ).toEqual([
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ])
  })

  it('names longer than 52 characters and local time zones are rejected', () => {
    const name = 'a-very-long-cronjob-name-that-is-longer-than-fifty-two'
    expect(
      errors('CronJob', { schedule: '@daily', timeZone: 'Local', jobTemplate: jobTemplate() }, name),
    ).toEqual([
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      `metadata.name: Invalid value: "${name}": must be no more than 52 characters`,
    ])
  })
})

describe('cron schedule parsing (robfig/cron v3 messages)', () => {
  it('reports the parser error text', () => {
    expect(cronScheduleError('')).toBe('empty spec string')
    expect(cronScheduleError('@fortnightly')).toBe('unrecognized descriptor: @fortnightly')
    expect(cronScheduleError('@every 1x')).toBe(
      'failed to parse duration @every 1x: time: unknown unit "x" in duration "1x"',
    )
    expect(cronScheduleError('@every 90m')).toBeUndefined()
    expect(cronScheduleError('* * * * * *')).toBe('expected exactly 5 fields, found 6: [* * * * * *]')
    expect(cronScheduleError('a * * * *')).toBe(
      'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax',
    )
    expect(cronScheduleError('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1')
    expect(cronScheduleError('*/0 * * * *')).toBe('step of range should be a positive number: */0')
    expect(cronScheduleError('0 0 0 * *')).toBe('beginning of range (0) below minimum (1): 0')
    expect(cronScheduleError('0 0 * * 7')).toBe('end of range (7) above maximum (6): 7')
    expect(cronScheduleError('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3')
  })
})

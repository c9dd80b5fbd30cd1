import { describe, it, expect } from 'vitest'
import { formatFieldError } from './field-error'
import {
  labelSelectorAsSelector,
  selectorEmpty,
  selectorMatches,
  validateAnnotations,
  validateLabelSelector,
  validateLabels,
} from './labels'

describe('labels and annotations', () => {
  it('reports keys and values at the map path', () => {
    expect(validateLabels({ 'app.kubernetes.io/name': 'web', tier: '' }, ['metadata', 'labels'])).toEqual([])
    expect(validateLabels({ app: 'my app' }, ['metadata', 'labels']).map(formatFieldError)).toEqual([
      "metadata.labels: Invalid value: \"my app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ])
  })

  it('annotation keys are case-insensitive qualified names; values are free', () => {
    expect(
      validateAnnotations({ 'Example.com/Note': 'anything at all' }, ['metadata', 'annotations']),
    ).toEqual([])
    expect(validateAnnotations({ 'bad key': 'x' }, ['metadata', 'annotations'])).toHaveLength(1)
    expect(
      validateAnnotations({ big: 'x'.repeat(262144) }, ['metadata', 'annotations']).map(formatFieldError),
    ).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes'])
  })
})

describe('label selectors', () => {
  it('validates requirements', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, ['sel'])).toEqual(
      [],
    )
    expect(validateLabelSelector(null, ['sel'])).toEqual([])
  })

  it('selects like metav1.LabelSelectorAsSelector', () => {
    expect(selectorMatches(labelSelectorAsSelector(null)!, { a: 'b' })).toBe(false)
    expect(selectorEmpty(labelSelectorAsSelector({})!)).toBe(true)
    const s = labelSelectorAsSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'Exists' },
      ],
    })!
    expect(selectorMatches(s, { app: 'web', env: 'prod' })).toBe(true)
    expect(selectorMatches(s, { app: 'web', env: 'prod', tier: 'db' })).toBe(false)
    expect(selectorMatches(s, { app: 'web' })).toBe(false)
    expect(
      labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }),
    ).toBeUndefined()
    expect(labelSelectorAsSelector({ matchLabels: { a: 'not valid' } })).toBeUndefined()
  })
})

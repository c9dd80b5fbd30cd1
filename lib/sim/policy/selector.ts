// Label selectors (metav1.LabelSelector) parsed from manifests and matched against labels.
import type { LabelSelector, LabelSelectorRequirement, Labels } from '../model/types'

export const EMPTY_SELECTOR: LabelSelector = { matchLabels: {}, matchExpressions: [] }

/** Reads a selector as written; a missing or null selector is the empty one (selects all). */
export function parseSelector(raw: unknown): LabelSelector {
  if (typeof raw !== 'object' || raw === null) return EMPTY_SELECTOR
  const r = raw as { matchLabels?: Record<string, string> | null; matchExpressions?: unknown[] | null }
  const matchExpressions: LabelSelectorRequirement[] = []
  for (const e of r.matchExpressions ?? []) {
    // A null list item decodes to an empty requirement, as Go's decoder does.
    const x = (e ?? {}) as { key?: string; operator?: string; values?: string[] | null }
    matchExpressions.push({
      key: x.key ?? '',
      operator: (x.operator ?? 'In') as LabelSelectorRequirement['operator'],
      values: [...(x.values ?? [])],
    })
  }
  return { matchLabels: { ...(r.matchLabels ?? {}) }, matchExpressions }
}

/** NP-13: matchLabels and matchExpressions are ANDed; NotIn and DoesNotExist match a missing key. */
export function selectorMatches(s: LabelSelector, labels: Labels): boolean {
  for (const k in s.matchLabels) if (labels[k] !== s.matchLabels[k]) return false
  for (const e of s.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key)
    const v = labels[e.key]
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(v!)) return false
        break
      case 'NotIn':
        if (has && e.values.includes(v!)) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
    }
  }
  return true
}

/** kubectl's way of writing a selector: `app=web,tier in (a,b)`; `<none>` when empty. */
export function formatSelector(s: LabelSelector): string {
  const reqs: { key: string; text: string }[] = Object.entries(s.matchLabels).map(([k, v]) => ({
    key: k,
    text: `${k}=${v}`,
  }))
  for (const e of s.matchExpressions) {
    const values = [...e.values].sort().join(',')
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`
    reqs.push({ key: e.key, text })
  }
  // kubectl prints the requirements sorted by key.
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return reqs.length ? reqs.map((r) => r.text).join(',') : '<none>'
}

export function formatLabels(labels: Labels): string {
  const e = Object.entries(labels)
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '<none>'
}

import { describe, expect, it } from 'vitest'
import type { SessionState } from '../session/session'
import { loadLab, resetLab, restoreLab, saveLab } from './lab-storage'
import type { KeyValueStore } from './lab-storage'

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

const state = (text: string): SessionState => ({
  cni: 'calico',
  files: { 'policy.yaml': text },
  applied: {},
  deleted: [],
  labels: {},
  annotations: {},
  created: {},
})

describe('lab storage', () => {
  it('saves and loads the current attempt per lab', () => {
    const s = memory()
    saveLab(s, 'a', state('one'))
    saveLab(s, 'b', state('two'))
    expect(loadLab(s, 'a').current?.files['policy.yaml']).toBe('one')
    expect(loadLab(s, 'b').current?.files['policy.yaml']).toBe('two')
  })

  it('a reset keeps the discarded attempt, and restore swaps it back', () => {
    const s = memory()
    saveLab(s, 'a', state('mine'))
    resetLab(s, 'a', state('mine'))
    expect(loadLab(s, 'a')).toEqual({ previous: state('mine') })
    expect(restoreLab(s, 'a', state('fresh'))?.files['policy.yaml']).toBe('mine')
    expect(loadLab(s, 'a').current?.files['policy.yaml']).toBe('mine')
    expect(loadLab(s, 'a').previous?.files['policy.yaml']).toBe('fresh')
  })

  it('ignores garbage and survives a storage that throws', () => {
    const s = memory()
    s.data.set('podnet:lab:a:v1', '{not json')
    expect(loadLab(s, 'a')).toEqual({})
    s.data.set('podnet:lab:a:v1', JSON.stringify({ current: { cni: 1 } }))
    expect(loadLab(s, 'a')).toEqual({})
    s.data.set('podnet:lab:a:v1', JSON.stringify({ current: { ...state('x'), files: null } }))
    expect(loadLab(s, 'a')).toEqual({})
    s.data.set('podnet:lab:a:v1', JSON.stringify({ current: { ...state('x'), cni: 'frobnet' } }))
    expect(loadLab(s, 'a')).toEqual({})
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('quota')
      },
      removeItem: () => {},
    }
    expect(loadLab(broken, 'a')).toEqual({})
    expect(saveLab(broken, 'a', state('x'))).toBe(false)
    expect(loadLab(undefined, 'a')).toEqual({})
  })
})

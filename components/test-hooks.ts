// The one place that creates `window.__podnet`, the handles browser tests drive. Terminals
// and exercises register from separate components in whatever order they mount; when each
// created the object with only its own map, an exercise mounting first left no `terminals`
// map and the terminal's registration threw, so its lab never became drivable.
import type { TerminalHandle } from './lab/terminal/LabTerminal'
import type { ExerciseTestHandle } from './exercise/ExerciseChecks'

export interface TestHooks {
  terminals: Record<string, TerminalHandle>
  exercises: Record<string, ExerciseTestHandle>
}

declare global {
  interface Window {
    __podnet?: Partial<TestHooks>
  }
}

/** The page's hook registry, with both maps present whoever asks first. */
export function testHooks(): TestHooks {
  const hooks = (window.__podnet ??= {})
  hooks.terminals ??= {}
  hooks.exercises ??= {}
  return hooks as TestHooks
}

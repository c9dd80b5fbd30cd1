// The commands the terminal knows, at the top level and inside a pod's shell: what runs
// them (shell.ts) and what completes them (complete.ts) share these lists.
import { POD_TOOLS } from './tools'

/** Commands of the terminal itself (outside any pod). */
export const TOP_COMMANDS = [
  'kubectl',
  'trace',
  'help',
  'clear',
  'history',
  'exit',
  'echo',
  'cat',
  'ls',
  'grep',
  'head',
  'tail',
  'wc',
  'sort',
  'true',
  'false',
  'sleep',
  'export',
  'cd',
  'pwd',
]
/** Commands inside a pod's shell. */
export const POD_COMMANDS = [
  ...Object.keys(POD_TOOLS),
  'echo',
  'grep',
  'head',
  'tail',
  'wc',
  'sort',
  'true',
  'false',
  'sleep',
  'exit',
  'clear',
  'history',
  'help',
  'sh',
  'ls',
  'pwd',
  'cd',
  'export',
]

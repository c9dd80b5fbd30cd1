// The lab terminal's public surface.
export { Shell } from './shell'
export { TOP_COMMANDS, POD_COMMANDS } from './commands'
export type { ShellOptions, ShellOutput } from './shell'
export { parse } from './parse'
export type { ParseResult } from './parse'

// The lab terminal's public surface.
export { Shell, TOP_COMMANDS, POD_COMMANDS } from './shell'
export type { ShellOptions, ShellOutput } from './shell'
export { parse } from './parse'
export type { ParseResult } from './parse'

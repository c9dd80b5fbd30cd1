// The server's log lines. One place writes them, so a test can capture every line and
// check that no token, password or cookie ever appears in one.
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const consoleLogger: Logger = {
  info: (m) => console.log(`[podnet] ${m}`),
  warn: (m) => console.warn(`[podnet] ${m}`),
  error: (m) => console.error(`[podnet] ${m}`),
}

/** An error for the log: its message and stack, never the request that caused it. */
export function describeError(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e)
}

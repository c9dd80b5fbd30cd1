// Errors a handler throws on purpose; the route layer turns them into JSON responses.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the request field at fault, e.g. `body.displayName` */
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, message, field)
export const notFound = (what = 'not found') => new HttpError(404, what)
export const forbidden = (message = 'not allowed') => new HttpError(403, message)
export const conflict = (message: string, field?: string) => new HttpError(409, message, field)
export const tooMany = (retryAfter: number) =>
  new HttpError(429, 'too many attempts; try again later', undefined, { 'Retry-After': String(retryAfter) })

import type { z } from 'zod';

/** Kinds of failure every transport reports the same way, each with its HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
} as const;

/** One of ERROR_STATUS's kinds. */
export type ApiErrorCode = keyof typeof ERROR_STATUS;

/** The JSON body of every error: `{error, detail}`, plus the offending field when there is one. */
export interface ApiErrorBody {
  readonly error: ApiErrorCode;
  readonly detail: string;
  readonly field?: string;
}

/** An error with a kind a client can act on; the HTTP server turns it into its status and body. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: string,
    readonly field?: string,
    /** HTTP headers the answer needs (`Allow` on a 405); a 503 always gets `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }

  /** The HTTP status of this error. */
  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** The error body sent to clients. */
  toBody(): ApiErrorBody {
    return this.field === undefined ? { error: this.code, detail: this.detail } : { error: this.code, detail: this.detail, field: this.field };
  }
}

/** A 400 for one field. */
export function invalidField(field: string, problem: string): ApiError {
  return new ApiError('invalid_request', `${field}: ${problem}`, field);
}

/** A 404 naming what was not found. */
export function notFound(what: string): ApiError {
  return new ApiError('not_found', what);
}

/**
 * A 400 from zod issues: the first issue's field path and message (`n_steps_ahead: Too big: expected ...`).
 * Further issues are appended so a client sees everything wrong at once.
 */
export function fromZodError(error: z.ZodError, prefix = ''): ApiError {
  const parts = error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const first = error.issues[0];
  const field = first ? [prefix, ...first.path.map(String)].filter(Boolean).join('.') || undefined : undefined;
  return new ApiError('invalid_request', parts.join('; ') || 'invalid request', field);
}

/** Whether an unknown value is an error body as sent by the server or an IPC bridge. */
export function isApiErrorBody(v: unknown): v is ApiErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ApiErrorBody).error === 'string'
    && typeof (v as ApiErrorBody).detail === 'string' && (v as ApiErrorBody).error in ERROR_STATUS;
}

/** An ApiError back from its body (client side of a transport). */
export function apiErrorFromBody(body: ApiErrorBody): ApiError {
  return new ApiError(body.error, body.detail, body.field);
}

/** Seconds a client is told to wait (`Retry-After`) before repeating a request that got 503. */
export const RETRY_AFTER_S = 5;

/**
 * Any thrown value as an ApiError: ApiErrors pass through; an error whose `code` is an error kind keeps it;
 * SQLite's lock timeout ("database is locked": another process is writing) is 503 `unavailable`, which a retry
 * fixes; anything else becomes `internal` (the caller decides whether to show its message).
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return new ApiError('unavailable', 'the data home is busy: another Candlecast process is writing to it; try again in a few seconds');
  }
  if (typeof code === 'string' && code !== 'internal' && Object.hasOwn(ERROR_STATUS, code)) return new ApiError(code as ApiErrorCode, message);
  // Work cancelled under a request (a training it waited for was cancelled): a conflict with that cancel, not a fault.
  if (err instanceof Error && err.name === 'AbortError') return new ApiError('conflict', message);
  return new ApiError('internal', message);
}

// Errors with a stable string code; http-errors.ts is the one place that maps codes to status.
import type { ErrorCode } from '@encore/core/protocol';

/**
 * HTTP-level codes only the server's edge sends (timeouts, limits of the HTTP layer); the
 * protocol's ERROR_CODES do not list them, and clients treat them like any unknown code.
 */
export type HttpErrorCode =
  'METHOD_NOT_ALLOWED' | 'REQUEST_TIMEOUT' | 'URI_TOO_LONG' | 'HEADERS_TOO_LARGE';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode | HttpErrorCode,
    message: string,
    /** Extra response headers (retry-after). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function rateLimited(message: string, retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AppError('RATE_LIMITED', `${message}; retry in ${seconds} s`, {
    'retry-after': String(seconds),
  });
}

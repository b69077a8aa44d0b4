// Errors carry a stable string code; messages name the file or field that was wrong.
// Codes a client can see are the contract's ENGINE_ERROR_CODES (contract/errors.ts); file
// problems recorded in the library (DECODE_FAILED, ...) use their own codes.
import type { EngineErrorCode, WireError } from '../contract/errors.js';

export type ErrorDetails = Record<string, unknown>;

export class EncoreError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(
    code: string,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EncoreError';
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/**
 * What every engine call rejects with: a code from the contract's constant set, the field
 * to blame when there is one, and details; `toWire()` is what crosses a transport.
 */
export class EngineError extends EncoreError {
  declare readonly code: EngineErrorCode;
  readonly field: string | null;

  constructor(
    code: EngineErrorCode,
    message: string,
    options: { field?: string | null; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(code, message, options.details ?? {}, { cause: options.cause });
    this.name = 'EngineError';
    this.field = options.field ?? null;
  }

  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
      ...(Object.keys(this.details).length ? { details: this.details } : {}),
    };
  }

  override toJSON(): WireError {
    return this.toWire();
  }
}

/** Bad input from the user (arguments, settings, files they pointed us at). */
export class UsageError extends EngineError {
  constructor(message: string, options: { field?: string; details?: ErrorDetails } = {}) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** A file that cannot be ingested; `code` says why (UNSUPPORTED_FORMAT, DECODE_FAILED, ...). */
export class MediaError extends EncoreError {
  constructor(
    code: string,
    message: string,
    details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
    this.name = 'MediaError';
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

// Errors carry a stable string code; messages name the file or field that was wrong.
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

/** Bad input from the user (arguments, settings, files they pointed us at). */
export class UsageError extends EncoreError {
  constructor(message: string, details: ErrorDetails = {}) {
    super('USAGE', message, details);
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

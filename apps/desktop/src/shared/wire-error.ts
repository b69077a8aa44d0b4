import { parseWireError, type EngineErrorCode, type WireError } from '@encore/core/contract';

/**
 * An engine call that failed on the far side of a transport: the contract's code, the field
 * to blame and the details, exactly as the engine sent them.
 */
export class EngineCallError extends Error {
  readonly code: EngineErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(error: WireError) {
    super(error.message);
    this.name = 'EngineCallError';
    this.code = error.code;
    this.field = error.field;
    this.details = error.details;
  }

  toWire(): WireError {
    return parseWireError(this);
  }
}

/** What crosses a transport for a thrown error: code, message, field and details, never a stack. */
export function toWireError(err: unknown): WireError {
  if (typeof err === 'object' && err !== null) {
    const e = err as { toWire?: () => WireError };
    if (typeof e.toWire === 'function') return e.toWire();
  }
  return parseWireError(
    err instanceof Error ? { code: 'INTERNAL', message: err.message } : { message: String(err) },
  );
}

import type { WireError } from '@encore/core/contract';

/** An engine call that failed on the far side of a transport, with its stable code. */
export class EngineCallError extends Error {
  readonly code: string;

  constructor(error: WireError) {
    super(error.message);
    this.name = 'EngineCallError';
    this.code = error.code;
  }
}

/** What crosses a transport for a thrown error: the code and message, never a stack. */
export function toWireError(err: unknown): WireError {
  if (typeof err === 'object' && err !== null) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') return { code, message };
    if (typeof message === 'string') return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(err) };
}

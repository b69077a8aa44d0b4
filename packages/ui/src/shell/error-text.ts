import type { WireError } from '@encore/core/contract';

/** Turns whatever a call rejected with into the {code, message} pair the UI shows. */
export function toWireError(err: unknown): WireError {
  if (typeof err === 'object' && err !== null) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : 'INTERNAL',
      message: typeof message === 'string' ? message : String(err),
    };
  }
  return { code: 'INTERNAL', message: String(err) };
}

export function errorText(err: unknown): string {
  const { code, message } = toWireError(err);
  return `${message} (${code})`;
}

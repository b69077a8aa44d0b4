// What crosses Electron's IPC and contextBridge: plain envelopes, no Error objects.
import {
  parseWireError,
  type EventName,
  type HandlerName,
  type WireError,
} from '@encore/core/contract';
import { EngineCallError, toWireError } from './wire-error.js';

export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: WireError };

/** The shape of window.encore as the preload exposes it. */
export interface EncoreBridge {
  call(name: HandlerName, arg?: unknown): Promise<IpcEnvelope>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

export async function toEnvelope(run: () => Promise<unknown>): Promise<IpcEnvelope> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

export function unwrapEnvelope(value: unknown): unknown {
  const env = value as Partial<{ ok: boolean; result: unknown; error: WireError }> | null;
  if (env && env.ok === true) return env.result;
  if (env && env.ok === false && env.error) throw new EngineCallError(parseWireError(env.error));
  throw new EngineCallError({ code: 'INTERNAL', message: 'Malformed reply from the engine' });
}

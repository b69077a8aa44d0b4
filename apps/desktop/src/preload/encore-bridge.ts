// Builds window.encore from a minimal IPC surface, checking every channel on the way out.
// Pure (no electron import) so it is unit-tested; preload.ts plugs in ipcRenderer.
import type { EventName, HandlerName } from '@encore/core/contract';
import { isEventName, isHandlerName } from '../shared/contract-names.js';
import type { EncoreBridge, IpcEnvelope } from '../shared/ipc-envelope.js';
import { eventChannel, handlerChannel, validateChannel } from '../shared/ipc-channels.js';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

export function createEncoreBridge(ipc: IpcRendererLike): EncoreBridge {
  return {
    async call(name: HandlerName, arg?: unknown): Promise<IpcEnvelope> {
      if (!isHandlerName(name)) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(name)}` },
        };
      }
      return (await ipc.invoke(validateChannel(handlerChannel(name)), arg)) as IpcEnvelope;
    },
    on(event: EventName, listener: (payload: unknown) => void): () => void {
      if (!isEventName(event)) throw new Error(`Unknown event: ${String(event)}`);
      if (typeof listener !== 'function') throw new Error('Listener must be a function');
      return ipc.subscribe(validateChannel(eventChannel(event)), listener);
    },
  };
}

// EngineClient over Electron IPC: window.encore (from the preload) answers each call with an
// {ok, result | error} envelope, because Error objects lose their code crossing the bridge.
import type {
  EngineClient,
  EventName,
  Events,
  HandlerName,
  CallArgs,
  ResponseOf,
} from '@encore/core/contract';
import type { EncoreBridge } from '../shared/ipc-envelope.js';
import { unwrapEnvelope } from '../shared/ipc-envelope.js';

export function bridgeEngineClient(bridge: EncoreBridge): EngineClient {
  return {
    async call<K extends HandlerName>(name: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
      return unwrapEnvelope(await bridge.call(name, args[0])) as ResponseOf<K>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as Events[E]));
    },
  };
}

// EngineClient over the headless WebSocket bridge. Calls made while (re)connecting wait in
// a queue; calls in flight when the socket drops fail with ENGINE_GONE, and the client
// reconnects with backoff.
import type {
  EngineClient,
  EventName,
  Events,
  HandlerName,
  CallArgs,
  ResponseOf,
  WireError,
} from '@encore/core/contract';
import { EngineCallError } from '../shared/wire-error.js';

/** The subset of the browser WebSocket this client uses (the `ws` package fits too). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface WsClientOptions {
  url: string;
  connect?: (url: string) => SocketLike;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface WsEngineClient extends EngineClient {
  close(): void;
}

const OPEN = 1;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export function createWsEngineClient(opts: WsClientOptions): WsEngineClient {
  const connect = opts.connect ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const baseBackoff = opts.backoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 5000;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let backoff = baseBackoff;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let socket = open();

  function open(): SocketLike {
    const s = connect(opts.url);
    s.onopen = () => {
      backoff = baseBackoff;
      for (const msg of queue.splice(0)) s.send(msg);
    };
    s.onmessage = (ev) => receive(ev.data);
    s.onerror = () => {};
    s.onclose = () => {
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(
          new EngineCallError({ code: 'ENGINE_GONE', message: 'Lost the engine connection' }),
        );
      }
      if (!closed) {
        timer = setTimeout(() => {
          timer = null;
          socket = open();
        }, backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    };
    return s;
  }

  function receive(data: unknown): void {
    let msg: {
      id?: unknown;
      result?: unknown;
      error?: WireError;
      event?: unknown;
      payload?: unknown;
    };
    try {
      msg = JSON.parse(String(data)) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.event === 'string') {
      for (const listener of listeners.get(msg.event) ?? []) listener(msg.payload);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new EngineCallError(msg.error));
    else p.resolve(msg.result);
  }

  return {
    call<K extends HandlerName>(name: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
      if (closed) {
        return Promise.reject(
          new EngineCallError({
            code: 'ENGINE_GONE',
            message: 'This window closed its engine connection',
          }),
        );
      }
      const id = nextId++;
      const message = JSON.stringify({ id, name, args });
      return new Promise<ResponseOf<K>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (socket.readyState === OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket.close();
    },
  };
}

// Main's handle on the engine host: correlates requests with replies over a port and hands
// engine events to whoever listens. No electron import, so it is tested with a fake port.
import { parseWireError, type EventName, type HandlerName } from '@encore/core/contract';
import type { RemoteVariant, ThumbSize } from '../engine/host-engine.js';
import { isEventName } from '../shared/contract-names.js';
import type { PortLike } from '../shared/host-link.js';
import { EngineCallError } from '../shared/wire-error.js';

interface Reply {
  id?: unknown;
  result?: unknown;
  error?: unknown;
  event?: unknown;
  payload?: unknown;
}

export class EngineLink {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly eventListeners = new Set<(event: EventName, payload: unknown) => void>();
  private readonly detach: () => void;

  constructor(private readonly port: PortLike) {
    this.detach = port.onMessage((message) => this.receive(message as Reply));
  }

  call(name: HandlerName, arg: unknown): Promise<unknown> {
    return this.request((id) => ({ id, name, args: arg === undefined ? [] : [arg] }));
  }

  async thumbnailPath(photoId: string, size: ThumbSize): Promise<string | null> {
    const result = await this.request((id) => ({ id, op: 'thumbnailPath', photoId, size }));
    return typeof result === 'string' ? result : null;
  }

  async remoteFile(photoId: string, variant: RemoteVariant): Promise<string | null> {
    const result = await this.request((id) => ({ id, op: 'remoteFile', photoId, variant }));
    return typeof result === 'string' ? result : null;
  }

  onEvent(listener: (event: EventName, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  shutdown(): void {
    this.port.postMessage({ op: 'shutdown' });
  }

  /** The host went away: fail what is in flight. */
  dispose(reason = 'The engine process exited'): void {
    this.detach();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new EngineCallError({ code: 'ENGINE_GONE', message: reason }));
    }
  }

  private request(build: (id: number) => unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage(build(id));
    });
  }

  private receive(message: Reply): void {
    if (typeof message !== 'object' || message === null) return;
    if (isEventName(message.event)) {
      for (const listener of this.eventListeners) listener(message.event, message.payload);
      return;
    }
    if (typeof message.id !== 'number') return;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (message.error) p.reject(new EngineCallError(parseWireError(message.error)));
    else p.resolve(message.result);
  }
}

// The engine: one library, its sources, the ingest pool and sync, behind one door. Every
// client (CLI, Electron utility process, headless server, tests, benches) opens an Engine
// and calls `engine.call(name, params)`; the operations are the handler groups in
// handlers/, one per domain, combined here. Params are checked against the contract's zod
// schema at this door, and every failure leaves as an EngineError with a contract code.
// What stays here is lifecycle: open, background watching and syncing, close.
import {
  handlerSchemas,
  type CallArgs,
  type EngineClient,
  type EventName,
  type Events,
  type HandlerName,
  type ResponseOf,
  type SourceInfo,
} from '../contract/index.js';
import { EngineError } from '../domain/errors.js';
import { createApp, type HandlerImpl, type HandlerMap } from './app.js';
import { EngineContext, type EngineOptions, type StartSyncOptions } from './engine.context.js';
import { fromZodError, toEngineError } from './engine-errors.js';
import { concertsHandlers } from './handlers/concerts.handlers.js';
import { libraryHandlers } from './handlers/library.handlers.js';
import { photosHandlers } from './handlers/photos.handlers.js';
import { settingsHandlers } from './handlers/settings.handlers.js';
import { sourcesHandlers } from './handlers/sources.handlers.js';
import { syncHandlers } from './handlers/sync.handlers.js';

export type { EngineOptions, StartSyncOptions };

/** Every engine operation, by domain. A name declared twice fails here, at open. */
function engineHandlers(ctx: EngineContext): HandlerMap {
  return createApp().combine(
    libraryHandlers(ctx),
    photosHandlers(ctx),
    sourcesHandlers(ctx),
    settingsHandlers(ctx),
    concertsHandlers(ctx),
    syncHandlers(ctx),
  ).handlers;
}

/** Test and bench access to the parts behind the door (`@encore/core/testing`). */
const internals = new WeakMap<Engine, EngineContext>();
export function engineInternals(engine: Engine): EngineContext {
  const ctx = internals.get(engine);
  if (!ctx) throw new Error('not an open engine');
  return ctx;
}

export class Engine implements EngineClient {
  readonly #ctx: EngineContext;
  readonly #handlers: HandlerMap;
  #purgeTimer: NodeJS.Timeout | null = null;

  private constructor(options: EngineOptions) {
    this.#ctx = new EngineContext(options);
    this.#handlers = engineHandlers(this.#ctx);
    internals.set(this, this.#ctx);
  }

  static async open(options: EngineOptions): Promise<Engine> {
    return new Engine(options);
  }

  get libraryDir(): string {
    return this.#ctx.library.dir;
  }

  /** Calls one operation: params checked against its schema, errors as EngineError. */
  async call<K extends HandlerName>(name: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
    const handler = this.#handlers[name] as HandlerImpl<K> | undefined;
    const schema = handlerSchemas[name];
    if (!handler || !schema)
      throw new EngineError('UNKNOWN_METHOD', `unknown engine method ${String(name)}`);
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) throw fromZodError(name, parsed.error);
    try {
      return await handler(parsed.data as Parameters<HandlerImpl<K>>[0]);
    } catch (err) {
      throw toEngineError(err, name);
    }
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    this.#ctx.events.on(event, listener);
    return () => this.#ctx.events.off(event, listener);
  }

  /** Problems that belong to no call: a watcher failed, a background sync pass failed. */
  onError(listener: (err: EngineError) => void): () => void {
    const wrapped = (err: unknown) => listener(toEngineError(err));
    this.#ctx.events.on('engine.error', wrapped);
    return () => this.#ctx.events.off('engine.error', wrapped);
  }

  /**
   * Rescans every source, then keeps watching them until close(): new, changed, moved and
   * deleted files are ingested as they happen; photos whose last file vanished leave after
   * the `orphanGraceSeconds` setting (a move between folders keeps its identity).
   */
  async watch(onError: (err: EngineError) => void = () => {}): Promise<SourceInfo[]> {
    const ctx = this.#ctx;
    const report = (err: unknown) => onError(toEngineError(err));
    const ingest = ctx.ingest();
    const sources = ctx.sources.list();
    for (const s of sources) {
      await ctx.sources.watch(s, report, ctx.options.watch);
      await ctx.sources.rescan(s).catch(report);
      ingest.kick();
    }
    const grace = ctx.orphanGraceMs();
    this.#purgeTimer = setInterval(
      () => {
        try {
          ctx.purgeOrphans(grace);
        } catch (err) {
          report(err);
        }
      },
      Math.max(1000, Math.min(grace, 30_000)),
    );
    return sources.map((s) => ctx.sourceInfo(s));
  }

  /**
   * Keeps this library in sync in the background while the engine is open (false when not
   * signed in). Local changes made through the engine sync within a second.
   */
  startSync(options: StartSyncOptions | null = null): boolean {
    return this.#ctx.startSync(options);
  }

  stopSync(): Promise<void> {
    return this.#ctx.stopSync();
  }

  async close(): Promise<void> {
    if (this.#ctx.closed) return;
    if (this.#purgeTimer) clearInterval(this.#purgeTimer);
    await this.#ctx.close();
  }
}

export function openEngine(options: EngineOptions): Promise<Engine> {
  return Engine.open(options);
}

// The folders Encore watches: list, add (watched and scanned at once while the engine
// ingests), remove (photos found in no other source leave the library).
import { createApp, type App } from '../app.js';
import type { EngineContext } from '../engine.context.js';

export function sourcesHandlers(ctx: EngineContext): App {
  return createApp()
    .method('sources.list', () => ctx.sources.list().map((s) => ctx.sourceInfo(s)))
    .method('sources.add', async ({ path: folder }) => {
      const s = ctx.sources.add(folder);
      if (ctx.ingestRunning) {
        const onError = (err: Error) => ctx.emit('engine.error', err);
        await ctx.sources.watch(s, onError, ctx.options.watch);
        void ctx.sources
          .rescan(s)
          .then(() => ctx.ingest().kick())
          .catch(onError);
      }
      return ctx.sourceInfo(s);
    })
    .method('sources.remove', async ({ id }) => {
      const removed = await ctx.sources.remove(id);
      // The removed source's photos were orphaned at time 0, so they leave now; photos still
      // in their grace period (a move in progress elsewhere) keep it.
      ctx.purgeOrphans(ctx.orphanGraceMs());
      return { ...ctx.sourceInfo(removed), status: 'idle' };
    });
}

// The library as a whole: its status, the grid's pages and counts, scanning the sources,
// problems, duplicates, and photos starred on other devices.
import type { LibraryQuery, RemoteStarredInfo, ScanSummary } from '../../contract/index.js';
import { remoteRenditionUrl } from '../../contract/index.js';
import { EngineError, UsageError } from '../../domain/errors.js';
import type { PhotoId } from '../../domain/ids.js';
import { createApp, type App } from '../app.js';
import { similarGroups } from '../duplicates.js';
import type { EngineContext } from '../engine.context.js';
import { decodeCursor, encodeCursor, toSummary } from '../photo.views.js';

export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_DUPLICATE_DISTANCE = 6;

export function libraryHandlers(ctx: EngineContext): App {
  const lib = ctx.library;
  return createApp()
    .method('library.status', () => {
      // While this engine ingests, its session's counts (as 'ingest.progress' sends them);
      // otherwise what the queue holds. Either way done + failed + queued + running = total.
      const c = lib.jobs.counts();
      const session = ctx.ingestProgress();
      const done = session?.done ?? 0;
      const failed = session?.failed ?? c.quarantined;
      const running = session?.running ?? c.running;
      return {
        library: lib.dir,
        photos: lib.photos.count(),
        locations: lib.locations.count(),
        sources: lib.sources.list().length,
        errors: lib.errors.count(),
        jobs: {
          queued: c.queued,
          running,
          done,
          failed,
          total: done + failed + c.queued + running,
        },
      };
    })
    .method('library.page', (q) => {
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after)
        throw new UsageError('library.page: the cursor is not one this engine gave out', {
          field: 'cursor',
        });
      const page = lib.photos.page({ limit: q.limit ?? DEFAULT_PAGE_SIZE, after, ...filterOf(q) });
      return { items: page.items.map(toSummary), next: page.last ? encodeCursor(page.last) : null };
    })
    .method('library.count', (q) => lib.photos.countWhere(filterOf(q)))
    .method('library.scan', (q) => scan(ctx, q?.paths ?? []))
    .method('library.remoteStarred', () =>
      ctx.remotePhotos.starred(lib.dir).map((r): RemoteStarredInfo => ({
        id: r.id,
        starred: true,
        rating: r.rating,
        caption: r.caption,
        thumbUrl: remoteRenditionUrl(r.id, 'thumb'),
        previewUrl: remoteRenditionUrl(r.id, 'preview'),
        fetched: r.fetched,
      })),
    )
    .method('errors.list', () => lib.errors.list())
    .method('duplicates.list', (q) => {
      const paths = (id: string): string[] =>
        lib.locations.forPhoto(id as PhotoId).map((l) => l.absPath);
      const identical = lib.photos
        .withSeveralLocations()
        .map((id) => ({ kind: 'identical' as const, photos: [{ id, paths: paths(id) }] }));
      const similar = similarGroups(
        lib.photos.phashes(),
        q?.distance ?? DEFAULT_DUPLICATE_DISTANCE,
      ).map((ids) => ({
        kind: 'similar' as const,
        photos: ids.map((id) => ({ id, paths: paths(id) })),
      }));
      return [...identical, ...similar];
    });
}

function filterOf(q: Omit<LibraryQuery, 'cursor' | 'limit'>) {
  return {
    fromMs: q.from ? Date.parse(q.from) : null,
    toMs: q.to ? Date.parse(q.to) : null,
    cityId: q.cityId ?? null,
    starredOnly: q.starred === true,
  };
}

/**
 * Adds the folders as sources (none: every source), rescans them, and waits until every
 * file is ingested or has failed. Photos whose last file vanished are then removed.
 * Progress goes out as 'ingest.progress' events.
 */
async function scan(ctx: EngineContext, folders: string[]): Promise<ScanSummary> {
  const targets = folders.length > 0 ? folders.map((f) => ctx.sources.add(f)) : ctx.sources.list();
  const ingest = ctx.ingest();
  const results: ScanSummary['sources'] = [];
  for (const source of targets) {
    try {
      const r = await ctx.sources.rescan(source);
      results.push({ path: source.path, ...r });
    } catch (err) {
      // One unmounted source must not stop the others; its photos are left as they are.
      if (!(err instanceof EngineError && err.code === 'PATH_UNUSABLE')) throw err;
      results.push({ path: source.path, seen: 0, queued: 0, removed: 0, problem: err.message });
    }
    ingest.kick();
  }
  await ingest.drain();
  ctx.purgeOrphans(0);
  return {
    sources: results,
    photos: ctx.library.photos.count(),
    errors: ctx.library.errors.count(),
  };
}

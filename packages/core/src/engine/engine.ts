// The engine: one library, its sources, the ingest pool, and the contract handlers over them.
// Hosts (CLI, Electron utility process, headless server, tests) open one and talk to it.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type {
  EngineClient,
  Events,
  Handlers,
  LibraryStatus,
  ResponseOf,
  SourceInfo,
} from '../contract/index.js';
import { defaultWorkerCount, machineTimeZone } from '../config/config.js';
import { settingSpec } from '../config/settings.js';
import { EncoreError, UsageError } from '../domain/errors.js';
import { isPhotoId, type PhotoId } from '../domain/ids.js';
import { IngestService, type IngestOptions } from '../ingest/ingest.service.js';
import { WorkerPool } from '../ingest/worker.pool.js';
import { Library } from '../library/library.js';
import type { SourceRow } from '../library/source.repository.js';
import type { FileWriter } from '../library/thumbnail.store.js';
import type { ThumbnailSize } from '../media/types.js';
import { SourceService, type RescanResult } from '../sources/source.service.js';
import type { WatchOptions } from '../sources/folder.watcher.js';
import { SyncOutbox } from '../sync/outbox.js';
import { similarGroups } from './duplicates.js';
import {
  decodeCursor,
  encodeCursor,
  toDetail,
  allPhotoViews,
  toPhotoView,
  toSummary,
  type PhotoView,
} from './photo.views.js';

export interface EngineOptions {
  libraryDir: string;
  workers?: number | null;
  homeZone?: string | null;
  ingest?: IngestOptions;
  watch?: WatchOptions;
  fileWriter?: FileWriter;
  /** Open read-only: for a second process that only lists (never takes the write lock). */
  readonly?: boolean;
}

export interface ScanSummary {
  /** Per source; `problem` says why a source could not be scanned (e.g. its folder is missing). */
  sources: { path: string; seen: number; queued: number; removed: number; problem?: string }[];
  photos: number;
  errors: number;
}

export interface DuplicateGroup {
  kind: 'identical' | 'similar';
  photos: { id: string; paths: string[] }[];
}

export class Engine implements EngineClient {
  readonly library: Library;
  readonly sources: SourceService;
  readonly outbox: SyncOutbox;
  private pool: WorkerPool | null = null;
  private ingestService: IngestService | null = null;
  private readonly events = new EventEmitter();
  private purgeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(private readonly options: EngineOptions) {
    this.library = Library.open(options.libraryDir, {
      readonly: options.readonly ?? false,
      ...(options.fileWriter ? { fileWriter: options.fileWriter } : {}),
    });
    this.sources = new SourceService(this.library, () => this.ingestService?.kick());
    this.outbox = new SyncOutbox(this.library.db);
    if (!options.readonly) this.library.thumbStore.sweepTemp();
  }

  static async open(options: EngineOptions): Promise<Engine> {
    return new Engine(options);
  }

  get libraryDir(): string {
    return this.library.dir;
  }

  homeZone(): string {
    return this.options.homeZone ?? this.library.settings.get('homeZone') ?? machineTimeZone();
  }

  workerCount(): number {
    const setting = this.library.settings.get('workers');
    return this.options.workers ?? (setting ? Number(setting) : defaultWorkerCount());
  }

  /** Starts the worker pool and the queue (lazily: listing commands never spawn workers). */
  ingest(): IngestService {
    if (this.ingestService) return this.ingestService;
    if (this.options.readonly)
      throw new EncoreError('READONLY', 'this engine was opened read-only');
    this.pool = new WorkerPool({
      size: this.workerCount(),
      settings: { libraryDir: this.library.dir, homeZone: this.homeZone() },
    });
    const service = new IngestService(this.library, this.pool, this.options.ingest);
    service.on('progress', (p) => this.events.emit('ingest.progress', p));
    service.on('committed', (ids) => this.events.emit('library.changed', { photoIds: ids }));
    service.on('error', (err) => this.events.emit('engine.error', err));
    service.start();
    this.ingestService = service;
    return service;
  }

  // ---- sources -------------------------------------------------------------------------

  addSource(folder: string): SourceRow {
    return this.sources.add(folder);
  }

  async removeSource(idOrPath: string | number): Promise<SourceRow> {
    const removed = await this.sources.remove(idOrPath);
    this.purgeOrphans(0);
    return removed;
  }

  /**
   * Adds the folders as sources (none: every source), rescans them, and waits until every
   * file is ingested or has failed. Photos whose last file vanished are then removed.
   */
  async scan(
    folders: string[] = [],
    onProgress?: (p: ReturnType<IngestService['progress']>) => void,
  ): Promise<ScanSummary> {
    const targets =
      folders.length > 0 ? folders.map((f) => this.addSource(f)) : this.sources.list();
    const ingest = this.ingest();
    const listener = onProgress
      ? (p: ReturnType<IngestService['progress']>) => onProgress(p)
      : null;
    if (listener) ingest.on('progress', listener);
    try {
      const results: ScanSummary['sources'] = [];
      for (const source of targets) {
        try {
          const r: RescanResult = await this.sources.rescan(source);
          results.push({ path: source.path, ...r });
        } catch (err) {
          // One unmounted source must not stop the others; its photos are left as they are.
          if (!(err instanceof UsageError)) throw err;
          results.push({ path: source.path, seen: 0, queued: 0, removed: 0, problem: err.message });
        }
        ingest.kick();
      }
      await ingest.drain();
      this.purgeOrphans(0);
      return {
        sources: results,
        photos: this.library.photos.count(),
        errors: this.library.errors.count(),
      };
    } finally {
      if (listener) ingest.off('progress', listener);
    }
  }

  /** Rescans every source, then keeps watching them until close(). */
  async watch(onError: (err: Error) => void = () => {}): Promise<SourceRow[]> {
    const ingest = this.ingest();
    const sources = this.sources.list();
    for (const s of sources) {
      await this.sources.watch(s, onError, this.options.watch);
      await this.sources.rescan(s).catch(onError);
      ingest.kick();
    }
    const grace = this.orphanGraceMs();
    this.purgeTimer = setInterval(
      () => {
        try {
          this.purgeOrphans(grace);
        } catch (err) {
          onError(err as Error);
        }
      },
      Math.max(1000, Math.min(grace, 30_000)),
    );
    return sources;
  }

  orphanGraceMs(): number {
    const setting = this.library.settings.get('orphanGraceSeconds');
    return (setting ? Number(setting) : 60) * 1000;
  }

  /** Deletes photos (and their thumbnails) that have had no location for graceMs. */
  purgeOrphans(graceMs: number): number {
    const lib = this.library;
    const ids = lib.photos.orphansBefore(Date.now() - graceMs);
    if (ids.length === 0) return 0;
    const files: string[] = [];
    lib.transaction(() => {
      for (const id of ids) {
        for (const t of lib.thumbnails.forPhoto(id)) files.push(t.file);
        lib.photos.delete(id);
      }
    });
    // Files go after the commit: a crash in between leaves only unreferenced files.
    for (const f of files) lib.thumbStore.remove(f);
    if (ids.length) this.events.emit('library.changed', { photoIds: ids });
    return ids.length;
  }

  // ---- queries -------------------------------------------------------------------------

  status(): LibraryStatus {
    const lib = this.library;
    const c = lib.jobs.counts();
    const session = this.ingestService?.progress();
    return {
      library: lib.dir,
      photos: lib.photos.count(),
      locations: lib.locations.count(),
      sources: lib.sources.list().length,
      errors: lib.errors.count(),
      jobs: {
        queued: c.queued,
        running: c.running,
        done: session?.done ?? 0,
        failed: c.quarantined,
        total: c.queued + c.running + c.quarantined,
      },
    };
  }

  photos(options: { starredOnly?: boolean } = {}): PhotoView[] {
    return allPhotoViews(this.library, this.library.photos.all(options));
  }

  photo(id: string): PhotoView | null {
    if (!isPhotoId(id)) throw new UsageError(`not a photo id (64 hex digits): ${id}`);
    const p = this.library.photos.get(id);
    return p ? toPhotoView(this.library, p) : null;
  }

  errors(): { path: string; code: string; message: string; severity: string; at: string }[] {
    return this.library.errors.list();
  }

  duplicates(maxDistance = 6): DuplicateGroup[] {
    const lib = this.library;
    const paths = (id: string): string[] =>
      lib.locations.forPhoto(id as PhotoId).map((l) => l.absPath);
    const identical: DuplicateGroup[] = lib.photos
      .withSeveralLocations()
      .map((id) => ({ kind: 'identical', photos: [{ id, paths: paths(id) }] }));
    const similar: DuplicateGroup[] = similarGroups(lib.photos.phashes(), maxDistance).map(
      (ids) => ({
        kind: 'similar',
        photos: ids.map((id) => ({ id, paths: paths(id) })),
      }),
    );
    return [...identical, ...similar];
  }

  /** A photo id from a full id or a unique prefix of at least 8 hex digits. */
  resolvePhotoId(idOrPrefix: string): PhotoId {
    const value = idOrPrefix.toLowerCase();
    if (!/^[0-9a-f]{8,64}$/.test(value)) {
      throw new UsageError(`not a photo id (8 to 64 hex digits): ${idOrPrefix}`);
    }
    const ids = this.library.photos.idsWithPrefix(value);
    if (ids.length === 0) throw new UsageError(`no photo ${idOrPrefix} in this library`);
    if (ids.length > 1)
      throw new UsageError(`photo id ${idOrPrefix} is ambiguous: give more digits`);
    return ids[0]!;
  }

  /**
   * Stars or unstars photos. The flag and its sync message are written in one transaction,
   * all photos or none (an unknown id changes nothing).
   */
  setStarred(idsOrPrefixes: string[], starred: boolean): PhotoId[] {
    const ids = idsOrPrefixes.map((i) => this.resolvePhotoId(i));
    const now = new Date();
    this.library.transaction(() => {
      const changed = ids.filter((id) => this.library.photos.get(id)?.starred !== starred);
      for (const id of changed) this.library.photos.setStarred(id, starred, now);
      this.outbox.record(
        changed.map((id) => ({ table: 'photos', row: id, column: 'starred', value: starred })),
      );
    });
    if (ids.length) this.events.emit('library.changed', { photoIds: ids });
    return ids;
  }

  thumbnailPath(photoId: string, size: ThumbnailSize): string | null {
    if (!isPhotoId(photoId)) return null;
    const t = this.library.thumbnails.forPhoto(photoId).find((r) => r.size === size);
    return t ? path.join(this.library.dir, t.file) : null;
  }

  setting(key: string, value?: string): string | null {
    const spec = settingSpec(key);
    if (value !== undefined) this.library.settings.set(spec.key, spec.parse(value));
    return this.library.settings.get(spec.key);
  }

  // ---- contract ------------------------------------------------------------------------

  private readonly handlers: Handlers = {
    'library.status': async () => this.status(),
    'library.page': async (q) => {
      const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
      const after = q.cursor ? decodeCursor(q.cursor) : null;
      if (q.cursor && !after)
        throw new UsageError('library.page: the cursor is not one this engine gave out');
      const page = this.library.photos.page({ limit, after, ...parseFilter(q) });
      return { items: page.items.map(toSummary), next: page.last ? encodeCursor(page.last) : null };
    },
    'library.count': async (q) => this.library.photos.countWhere(parseFilter(q)),
    'photo.get': async ({ id }) => {
      if (!isPhotoId(id)) return null;
      const p = this.library.photos.get(id);
      return p ? toDetail(this.library, p) : null;
    },
    'sources.list': async () => this.sources.list().map((s) => this.sourceInfo(s)),
    'sources.add': async ({ path: folder }) => {
      const s = this.addSource(folder);
      if (this.ingestService) {
        await this.sources.watch(
          s,
          (err) => this.events.emit('engine.error', err),
          this.options.watch,
        );
        void this.sources.rescan(s).then(() => this.ingestService?.kick());
      }
      return this.sourceInfo(s);
    },
    'sources.remove': async ({ id }) => {
      await this.removeSource(id);
    },
    'errors.list': async () => this.errors(),
  };

  private sourceInfo(s: SourceRow): SourceInfo {
    return {
      id: s.id,
      kind: s.kind,
      path: s.path,
      addedAt: s.addedAt,
      fileCount: s.fileCount,
      status: this.sources.isWatching(s.id) ? 'watching' : 'idle',
    };
  }

  call<K extends keyof Handlers>(
    name: K,
    ...args: Parameters<Handlers[K]>
  ): Promise<ResponseOf<K>> {
    const handler = this.handlers[name] as
      ((...a: unknown[]) => Promise<ResponseOf<K>>) | undefined;
    if (!handler)
      return Promise.reject(
        new EncoreError('UNKNOWN_METHOD', `unknown engine method ${String(name)}`),
      );
    return handler(...args);
  }

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  onError(listener: (err: Error) => void): () => void {
    this.events.on('engine.error', listener);
    return () => this.events.off('engine.error', listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.sources.closeAll();
    await this.ingestService?.stop();
    await this.pool?.close();
    this.library.close();
  }
}

function parseFilter(q: { from?: string | null; to?: string | null; cityId?: number | null }): {
  fromMs: number | null;
  toMs: number | null;
  cityId: number | null;
} {
  const instant = (value: string | null | undefined, name: string): number | null => {
    if (value == null || value === '') return null;
    const ms = Date.parse(value);
    if (Number.isNaN(ms))
      throw new UsageError(`library filter: ${name} is not an ISO 8601 date: "${value}"`);
    return ms;
  };
  if (q.cityId != null && !Number.isInteger(q.cityId))
    throw new UsageError(`library filter: cityId must be a GeoNames id`);
  return { fromMs: instant(q.from, 'from'), toMs: instant(q.to, 'to'), cityId: q.cityId ?? null };
}

export function openEngine(options: EngineOptions): Promise<Engine> {
  return Engine.open(options);
}

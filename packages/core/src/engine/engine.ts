// The engine: one library, its sources, the ingest pool, and the contract handlers over them.
// Hosts (CLI, Electron utility process, headless server, tests) open one and talk to it.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type {
  EngineClient,
  Events,
  Handlers,
  LibraryStatus,
  RemoteStarredInfo,
  ResponseOf,
  SourceInfo,
  SyncSignInRequest,
  SyncSignOutInfo,
  SyncStatusInfo,
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
import { SyncClient, type SyncSummary } from '../sync/client.js';
import { SyncLoop, type SyncLoopOptions } from '../sync/loop.js';
import type { SyncOutbox } from '../sync/outbox.js';
import { RemotePhotoRepository, type RemotePhotoView } from '../sync/remote-photos.js';
import { ConcertsApi } from './concerts.api.js';
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

export type StartSyncOptions = Omit<SyncLoopOptions, 'onPass'> & {
  onPass?: SyncLoopOptions['onPass'];
};

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
  /** The sync client (signed in or not); `startSync` runs it in the background. */
  readonly sync: SyncClient;
  private readonly remotePhotos: RemotePhotoRepository;
  /** Events, decisions and show search for the Concerts page. */
  private readonly concerts: ConcertsApi;
  private syncLoop: SyncLoop | null = null;
  private syncLoopOptions: StartSyncOptions = {};
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
    this.concerts = new ConcertsApi(this.library, {
      readonly: options.readonly ?? false,
      onDecision: () => this.syncLoop?.nudge(),
      emit: (payload) => this.events.emit('events.changed', payload),
    });
    this.sync = new SyncClient(this.library.db, this.library.dir, {
      onApplied: (changes) => {
        const photoIds = [
          ...new Set(changes.filter((c) => c.table === 'photos').map((c) => c.row)),
        ];
        if (photoIds.length) this.events.emit('library.changed', { photoIds });
        this.concerts.syncApplied(changes.map((c) => c.table));
      },
    });
    this.outbox = this.sync.outbox;
    this.remotePhotos = new RemotePhotoRepository(this.library.db);
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
    // Concerts: one 'events.changed' once a batch of photos is in, not one per photo.
    service.on('committed', () => this.concerts.photosCommitted());
    service.on('idle', () => this.concerts.ingestIdle());
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
    this.concerts.photosRemoved();
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

  /**
   * Photos starred on another device that this library has no file of: their bytes are on
   * the sync server (`sync fetch`), with any copy already fetched.
   */
  remoteStarred(): RemotePhotoView[] {
    return this.remotePhotos.starred(this.library.dir);
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
    let ids: string[] = this.library.photos.idsWithPrefix(value);
    // A photo known only through sync (starred elsewhere) can be unstarred here too.
    if (ids.length === 0) ids = this.remotePhotos.idsWithPrefix(value);
    if (ids.length === 0) throw new UsageError(`no photo ${idOrPrefix} in this library`);
    if (ids.length > 1)
      throw new UsageError(`photo id ${idOrPrefix} is ambiguous: give more digits`);
    return ids[0]! as PhotoId;
  }

  /**
   * Stars or unstars photos. The flag and its sync message are written in one transaction,
   * all photos or none (an unknown id changes nothing).
   */
  setStarred(idsOrPrefixes: string[], starred: boolean): PhotoId[] {
    const ids = idsOrPrefixes.map((i) => this.resolvePhotoId(i));
    const now = new Date();
    this.library.transaction(() => {
      const changed = ids.filter(
        (id) =>
          (this.outbox.value('photos', id, 'starred') ?? false) !== starred ||
          (this.library.photos.get(id)?.starred ?? starred) !== starred,
      );
      for (const id of changed) this.library.photos.setStarred(id, starred, now);
      this.outbox.record(
        changed.map((id) => ({ table: 'photos', row: id, column: 'starred', value: starred })),
      );
    });
    this.changedPhotos(ids);
    return ids;
  }

  /** Sets (or with null clears) the 0-5 rating of photos; synced like stars. */
  setRating(idsOrPrefixes: string[], rating: number | null): PhotoId[] {
    if (rating !== null && (!Number.isInteger(rating) || rating < 0 || rating > 5)) {
      throw new UsageError(`rating must be a whole number 0 to 5 (got ${rating})`);
    }
    const ids = idsOrPrefixes.map((i) => this.resolvePhotoId(i));
    const now = new Date();
    this.library.transaction(() => {
      for (const id of ids) this.library.photos.setRating(id, rating, now);
      this.outbox.recordChanged(
        ids.map((id) => ({ table: 'photos', row: id, column: 'rating', value: rating })),
      );
    });
    this.changedPhotos(ids);
    return ids;
  }

  /** Sets (or with null clears) a photo's caption; synced like stars. */
  setCaption(idOrPrefix: string, caption: string | null): PhotoId {
    const text = caption === null ? null : caption.trim() || null;
    if (text !== null && text.length > 2000) {
      throw new UsageError(`a caption is at most 2000 characters (got ${text.length})`);
    }
    const id = this.resolvePhotoId(idOrPrefix);
    this.library.transaction(() => {
      this.library.photos.setCaption(id, text, new Date());
      this.outbox.recordChanged([{ table: 'photos', row: id, column: 'caption', value: text }]);
    });
    this.changedPhotos([id]);
    return id;
  }

  /**
   * Keeps this library in sync in the background while the engine is open (no-op when not
   * signed in). Local changes made through the engine sync within a second.
   */
  startSync(options: StartSyncOptions | null = null): boolean {
    // Signing in from the UI restarts the loop with the options the host chose.
    if (options) this.syncLoopOptions = options;
    else options = this.syncLoopOptions;
    if (this.syncLoop?.running) return true;
    if (!this.sync.account()?.token) return false;
    this.syncLoop = new SyncLoop(this.sync, {
      ...options,
      onPass: (r) => {
        if (!r.ok) this.events.emit('engine.error', r.error);
        this.emitSyncStatus();
        options?.onPass?.(r);
      },
    });
    this.syncLoop.start();
    return true;
  }

  async stopSync(): Promise<void> {
    await this.syncLoop?.stop();
    this.syncLoop = null;
  }

  /**
   * Signs in (or up), then runs a first pass and starts background sync. Only signing in
   * can fail: a failed first pass is recorded in the status the caller gets back.
   */
  async signIn(request: SyncSignInRequest): Promise<SyncStatusInfo> {
    const { create, ...credentials } = parseSignIn(request);
    const wasRunning = this.syncLoop?.running ?? false;
    // The loop holds the old account's cursor and token; it must not write into the new one.
    await this.stopSync();
    try {
      if (create) await this.sync.signUp(credentials);
      else await this.sync.signIn(credentials);
    } catch (err) {
      if (wasRunning) this.startSync();
      throw err;
    } finally {
      this.emitSyncStatus();
    }
    try {
      await this.syncNow();
    } catch (err) {
      this.events.emit('engine.error', err);
    }
    this.startSync();
    const status = this.syncStatus();
    this.emitSyncStatus();
    return status;
  }

  /** Stops syncing and signs out; signed out already is not an error. */
  async signOut(): Promise<SyncSignOutInfo> {
    await this.stopSync();
    let warning: string | null = null;
    try {
      if (this.sync.account()) ({ warning } = await this.sync.signOut());
    } finally {
      this.emitSyncStatus();
    }
    return { ...this.syncStatus(), warning };
  }

  /** One sync pass now (signed in only). */
  syncNow(): Promise<SyncSummary> {
    return this.sync.syncNow();
  }

  private changedPhotos(ids: string[]): void {
    if (ids.length === 0) return;
    this.events.emit('library.changed', { photoIds: ids });
    this.syncLoop?.nudge();
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
    'photo.setStarred': async ({ ids, starred }) => {
      if (typeof starred !== 'boolean')
        throw new UsageError('photo.setStarred: starred must be true or false');
      this.setStarred(idList(ids, 'photo.setStarred'), starred);
    },
    'photo.setRating': async ({ ids, rating }) => {
      this.setRating(idList(ids, 'photo.setRating'), rating ?? null);
    },
    'photo.setCaption': async ({ id, caption }) => {
      if (typeof id !== 'string') throw new UsageError('photo.setCaption: id must be a photo id');
      if (caption != null && typeof caption !== 'string')
        throw new UsageError('photo.setCaption: caption must be text or null');
      this.setCaption(id, caption ?? null);
    },
    'library.remoteStarred': async () =>
      this.remoteStarred().map((r): RemoteStarredInfo => ({
        id: r.id,
        rating: r.rating,
        caption: r.caption,
        thumbUrl: `/remote/thumb/${r.id}`,
        previewUrl: `/remote/preview/${r.id}`,
      })),
    'sync.status': async () => this.syncStatus(),
    'sync.signIn': async (q) => this.signIn(q),
    'sync.signOut': async () => this.signOut(),
    'sync.now': async () => {
      try {
        const { pushed, pulled, applied, uploaded } = await this.syncNow();
        return { pushed, pulled, applied, uploaded };
      } finally {
        this.emitSyncStatus();
      }
    },
    // ---- concerts (Concerts page): events, decisions, show search -----------------------
    'events.list': async (q) => this.concerts.list(q),
    'events.assign': async (q) => this.concerts.assign(q),
    'events.unassign': async (q) => this.concerts.unassign(q),
    'events.notConcert': async (q) => this.concerts.notConcert(q),
    'events.clearDecision': async (q) => this.concerts.clearDecision(q),
    'concerts.list': async (q) => this.concerts.concerts(q),
    // ---- end concerts ---------------------------------------------------------------------
  };

  private syncStatus(): SyncStatusInfo {
    const s = this.sync.status();
    return {
      state: s.state,
      server: s.server,
      account: s.account,
      device: s.device,
      lastSyncAt: s.lastSyncAt,
      pendingMessages: s.pendingMessages,
      pendingUploads: s.pendingUploads,
      lastError: s.lastError,
      defaultDeviceName: this.sync.defaultDeviceName(),
    };
  }

  private emitSyncStatus(): void {
    if (!this.closed) this.events.emit('sync.changed', this.syncStatus());
  }

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
    await this.stopSync();
    await this.concerts.close();
    await this.sources.closeAll();
    await this.ingestService?.stop();
    await this.pool?.close();
    this.library.close();
  }
}

/** Request input crosses a transport unchecked: a clear message beats a TypeError. */
function idList(ids: unknown, method: string): string[] {
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'string'))
    throw new UsageError(`${method}: ids must be a non-empty list of photo ids`);
  return ids as string[];
}

/** Sign-in input crosses a transport unchecked; the password is never echoed back. */
function parseSignIn(q: unknown): {
  server: string;
  email: string;
  password: string;
  deviceName?: string;
  create: boolean;
} {
  const r = (typeof q === 'object' && q !== null ? q : {}) as Record<string, unknown>;
  const text = (name: string): string => {
    const v = r[name];
    // A password is taken as typed (spaces count); the other fields are trimmed.
    const value = typeof v === 'string' ? (name === 'password' ? v : v.trim()) : '';
    if (value === '') throw new UsageError(`sync.signIn: ${name} is required`);
    return value;
  };
  const server = text('server');
  const email = text('email');
  const password = text('password');
  if (r.deviceName != null && typeof r.deviceName !== 'string')
    throw new UsageError('sync.signIn: deviceName must be text');
  if (r.create != null && typeof r.create !== 'boolean')
    throw new UsageError('sync.signIn: create must be true or false');
  const deviceName = typeof r.deviceName === 'string' ? r.deviceName.trim() : '';
  if (deviceName.length > 100)
    throw new UsageError('sync.signIn: deviceName must be at most 100 characters');
  return {
    server,
    email,
    password,
    ...(deviceName ? { deviceName } : {}),
    create: r.create === true,
  };
}

function parseFilter(q: {
  from?: string | null;
  to?: string | null;
  cityId?: number | null;
  starred?: boolean;
}): {
  fromMs: number | null;
  toMs: number | null;
  cityId: number | null;
  starredOnly: boolean;
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
  return {
    fromMs: instant(q.from, 'from'),
    toMs: instant(q.to, 'to'),
    cityId: q.cityId ?? null,
    starredOnly: q.starred === true,
  };
}

export function openEngine(options: EngineOptions): Promise<Engine> {
  return Engine.open(options);
}

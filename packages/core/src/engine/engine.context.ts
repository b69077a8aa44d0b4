// The engine's private parts and the few operations several handler groups share. Only the
// engine and its handler groups see this; clients go through `engine.call`.
import { EventEmitter } from 'node:events';
import type { Events, SourceInfo, SyncStatusInfo } from '../contract/index.js';
import { DEFAULT_SETLISTFM_URL, defaultWorkerCount, machineTimeZone } from '../config/config.js';
import { Catalog } from '../catalog/catalog.service.js';
import { EncoreError, UsageError } from '../domain/errors.js';
import { isPhotoId, type PhotoId } from '../domain/ids.js';
import { IngestService, type IngestOptions } from '../ingest/ingest.service.js';
import { WorkerPool } from '../ingest/worker.pool.js';
import { Library } from '../library/library.js';
import { purgeOrphans } from '../library/orphan.purge.js';
import type { SourceRow } from '../library/source.repository.js';
import type { FileWriter } from '../library/thumbnail.store.js';
import type { WatchOptions } from '../sources/folder.watcher.js';
import { SourceService } from '../sources/source.service.js';
import { SyncClient } from '../sync/client.js';
import { SyncLoop, type SyncLoopOptions } from '../sync/loop.js';
import type { SyncOutbox } from '../sync/outbox.js';
import { RemotePhotoRepository } from '../sync/remote-photos.repository.js';
import { ConcertsApi } from './concerts.api.js';
import { toWire } from './engine-errors.js';

export interface EngineOptions {
  libraryDir: string;
  workers?: number | null;
  homeZone?: string | null;
  ingest?: IngestOptions;
  watch?: WatchOptions;
  fileWriter?: FileWriter;
  /** Open read-only: for a second process that only lists (never takes the write lock). */
  readonly?: boolean;
  /** setlist.fm API base (default https://api.setlist.fm/rest; the config module reads ENCORE_SETLISTFM_URL). */
  setlistfmUrl?: string;
}

export type StartSyncOptions = Omit<SyncLoopOptions, 'onPass'> & {
  onPass?: SyncLoopOptions['onPass'];
};

/** Internal events besides the contract's: problems that do not belong to one call. */
export interface InternalEvents extends Events {
  'engine.error': Error;
}

export class EngineContext {
  readonly library: Library;
  readonly sources: SourceService;
  readonly sync: SyncClient;
  readonly outbox: SyncOutbox;
  readonly remotePhotos: RemotePhotoRepository;
  /** Events, decisions and show search for the Concerts page. */
  readonly concerts: ConcertsApi;
  readonly catalog: Catalog;
  readonly events = new EventEmitter();
  syncLoop: SyncLoop | null = null;
  syncLoopOptions: StartSyncOptions = {};
  private pool: WorkerPool | null = null;
  private ingestService: IngestService | null = null;
  closed = false;

  constructor(readonly options: EngineOptions) {
    this.library = Library.open(options.libraryDir, {
      readonly: options.readonly ?? false,
      ...(options.fileWriter ? { fileWriter: options.fileWriter } : {}),
    });
    this.catalog = Catalog.forLibrary(this.library);
    this.sources = new SourceService(this.library, () => this.ingestService?.kick());
    this.concerts = new ConcertsApi(this.library, this.catalog, {
      readonly: options.readonly ?? false,
      setlistfmUrl: options.setlistfmUrl ?? DEFAULT_SETLISTFM_URL,
      onDecision: () => this.syncLoop?.nudge(),
      emit: (payload) => this.emit('events.changed', payload),
    });
    this.sync = new SyncClient(this.library.db, this.library.dir, {
      onApplied: (changes) => {
        const photoIds = [
          ...new Set(changes.filter((c) => c.table === 'photos').map((c) => c.row)),
        ];
        if (photoIds.length) this.emit('library.changed', { photoIds });
        this.concerts.syncApplied(changes.map((c) => c.table));
      },
    });
    this.outbox = this.sync.outbox;
    this.remotePhotos = new RemotePhotoRepository(this.library.db);
    if (!options.readonly) this.library.thumbStore.sweepTemp();
  }

  emit<E extends keyof InternalEvents>(event: E, payload: InternalEvents[E]): void {
    this.events.emit(event, payload);
  }

  homeZone(): string {
    return this.options.homeZone ?? this.library.settings.get('homeZone') ?? machineTimeZone();
  }

  workerCount(): number {
    const setting = this.library.settings.get('workers');
    return this.options.workers ?? (setting ? Number(setting) : defaultWorkerCount());
  }

  get ingestRunning(): boolean {
    return this.ingestService !== null;
  }

  /** Starts the worker pool and the queue (lazily: listing commands never spawn workers). */
  ingest(): IngestService {
    if (this.ingestService) return this.ingestService;
    if (this.options.readonly)
      throw new EncoreError('READONLY', 'this library was opened read-only');
    this.pool = new WorkerPool({
      size: this.workerCount(),
      settings: { libraryDir: this.library.dir, homeZone: this.homeZone() },
    });
    const service = new IngestService(this.library, this.pool, this.options.ingest);
    service.on('progress', (p) => this.emit('ingest.progress', p));
    service.on('committed', (ids) => this.emit('library.changed', { photoIds: ids }));
    // Concerts: one 'events.changed' once a batch of photos is in, not one per photo.
    service.on('committed', () => this.concerts.photosCommitted());
    service.on('idle', () => this.concerts.ingestIdle());
    service.on('error', (err) => this.emit('engine.error', err));
    service.start();
    this.ingestService = service;
    return service;
  }

  ingestProgress(): ReturnType<IngestService['progress']> | null {
    return this.ingestService?.progress() ?? null;
  }

  orphanGraceMs(): number {
    const setting = this.library.settings.get('orphanGraceSeconds');
    return (setting ? Number(setting) : 60) * 1000;
  }

  /** Deletes photos (and their thumbnails) that have had no location for graceMs. */
  purgeOrphans(graceMs: number): number {
    const ids = purgeOrphans(this.library, graceMs);
    if (ids.length === 0) return 0;
    this.emit('library.changed', { photoIds: ids });
    this.concerts.photosRemoved();
    return ids.length;
  }

  /** A photo id from a full id or a unique prefix of at least 8 hex digits. */
  resolvePhotoId(idOrPrefix: string, field = 'id'): PhotoId {
    const value = idOrPrefix.toLowerCase();
    if (!/^[0-9a-f]{8,64}$/.test(value))
      throw new UsageError(`not a photo id (8 to 64 hex digits): ${idOrPrefix}`, { field });
    if (isPhotoId(value) && this.library.photos.get(value)) return value;
    let ids: string[] = this.library.photos.idsWithPrefix(value);
    // A photo known only through sync (starred elsewhere) can be unstarred here too.
    if (ids.length === 0) ids = this.remotePhotos.idsWithPrefix(value);
    if (ids.length === 0)
      throw new EncoreError('NOT_FOUND', `no photo ${idOrPrefix} in this library`, { field });
    if (ids.length > 1)
      throw new EncoreError(
        'AMBIGUOUS_ID',
        `photo id ${idOrPrefix} is ambiguous: give more digits`,
        {
          field,
        },
      );
    return ids[0]! as PhotoId;
  }

  changedPhotos(ids: string[]): void {
    if (ids.length === 0) return;
    this.emit('library.changed', { photoIds: ids });
    this.syncLoop?.nudge();
  }

  sourceInfo(s: SourceRow): SourceInfo {
    return {
      id: s.id,
      kind: s.kind,
      path: s.path,
      addedAt: s.addedAt,
      fileCount: s.fileCount,
      lastScanAt: s.lastScanAt ?? null,
      status: this.sources.isWatching(s.id) ? 'watching' : 'idle',
    };
  }

  // ---- background sync ------------------------------------------------------------------

  startSync(options: StartSyncOptions | null = null): boolean {
    // Signing in from the UI restarts the loop with the options the host chose.
    if (options) this.syncLoopOptions = options;
    else options = this.syncLoopOptions;
    if (this.syncLoop?.running) return true;
    if (!this.sync.account()?.token) return false;
    this.syncLoop = new SyncLoop(this.sync, {
      ...options,
      onPass: (r) => {
        if (!r.ok) this.emit('engine.error', r.error);
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

  syncStatus(): SyncStatusInfo {
    const s = this.sync.status();
    return {
      state: s.state,
      server: s.server,
      account: s.account,
      device: s.device,
      lastSyncAt: s.lastSyncAt,
      pendingMessages: s.pendingMessages,
      pendingUploads: s.pendingUploads,
      failedUploads: s.failedUploads,
      lastError: s.lastError ? toWire(s.lastError.code, s.lastError.message) : null,
      defaultDeviceName: this.sync.defaultDeviceName(),
    };
  }

  emitSyncStatus(): void {
    if (!this.closed) this.emit('sync.changed', this.syncStatus());
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stopSync();
    await this.concerts.close();
    await this.sources.closeAll();
    await this.ingestService?.stop();
    await this.pool?.close();
    this.library.close();
  }
}

// An in-memory engine for UI and transport tests: a handful of photos across a few cities,
// sources and errors, stars and a pretend sync account, with events the test fires by hand.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  handlerSchemas,
  type CallArgs,
  type CityRef,
  type EngineErrorCode,
  type ErrorEntry,
  type EventName,
  type Events,
  type HandlerName,
  type LibraryQuery,
  type Page,
  type ParamsOf,
  type PhotoSummary,
  type RemoteStarredInfo,
  type ResponseOf,
  type SourceInfo,
  type SyncSignInRequest,
  type SyncStatusInfo,
  type WireError,
} from '@encore/core/contract';
import type { HostEngine, RemoteVariant, ThumbSize } from '../engine/host-engine.js';
import { FakeConcerts } from './fake-concerts.js';

export const FAKE_CITIES: CityRef[] = [
  { name: 'Berlin', country: 'DE', geonameId: 2950159 },
  { name: 'London', country: 'GB', geonameId: 2643743 },
  { name: 'Austin', country: 'US', geonameId: 4671654 },
];

export class FakeEngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FakeEngineError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

/** The UI's part of the contract; the rest answers UNKNOWN_METHOD, as an older engine would. */
type FakeHandlers = {
  [K in HandlerName]?: (q: ParamsOf<K>) => Promise<ResponseOf<K>>;
};

export interface FakeEngineOptions {
  photos?: number;
  /**
   * Folder holding `<id>-<size>.webp` files (and `<id>-remote-<variant>.webp` for remote
   * photos); thumbnailPath() and remoteFile() return null without it.
   */
  thumbDir?: string | null;
  /** Photos starred on another device with no file here (ids fakeRemoteId(0..n-1)). */
  remoteStarred?: number;
  /** The starting sync status (default: signed out). */
  sync?: Partial<SyncStatusInfo>;
}

export function fakePhotoId(i: number): string {
  return createHash('sha256').update(`fake-photo-${i}`).digest('hex');
}

export function fakeRemoteId(i: number): string {
  return createHash('sha256').update(`fake-remote-photo-${i}`).digest('hex');
}

export const FAKE_DEVICE_NAME = 'Fake laptop (library)';
/** The one password `sync.signIn` accepts; see `signInFailure` for the scripted failures. */
export const FAKE_PASSWORD = 'correct horse battery staple';
/** A sign-up with this email fails with EMAIL_TAKEN. */
export const FAKE_TAKEN_EMAIL = 'taken@example.test';
/** Signing in to this server fails with OFFLINE. */
export const FAKE_OFFLINE_SERVER = 'http://offline.invalid';

export const SIGNED_OUT: SyncStatusInfo = {
  state: 'signed-out',
  server: null,
  account: null,
  device: null,
  lastSyncAt: null,
  pendingMessages: 0,
  pendingUploads: 0,
  failedUploads: 0,
  lastError: null,
  defaultDeviceName: FAKE_DEVICE_NAME,
};

/** A signed-in status for tests: `fakeSignedIn({ pendingMessages: 2 })`. */
export function fakeSignedIn(over: Partial<SyncStatusInfo> = {}): SyncStatusInfo {
  return {
    state: 'up-to-date',
    server: 'https://sync.example.test',
    account: 'me@example.test',
    device: { id: 'device-1', name: 'Test laptop' },
    lastSyncAt: '2024-06-01T21:00:00.000Z',
    pendingMessages: 0,
    pendingUploads: 0,
    failedUploads: 0,
    lastError: null,
    defaultDeviceName: FAKE_DEVICE_NAME,
    ...over,
  };
}

/**
 * The scripted sign-in failures, checked in the real engine's order (input, URL, network,
 * account): password "wrong" is INVALID_CREDENTIALS and "too-many" RATE_LIMITED; any other
 * password but FAKE_PASSWORD is INVALID_CREDENTIALS too.
 */
function signInFailure(q: SyncSignInRequest): FakeEngineError | null {
  let url: URL;
  try {
    url = new URL(q.server.trim());
  } catch {
    return new FakeEngineError('BAD_SERVER_URL', `--server ${q.server}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return new FakeEngineError('BAD_SERVER_URL', `--server ${q.server}: must be http(s)`);
  if (url.origin === FAKE_OFFLINE_SERVER)
    return new FakeEngineError('OFFLINE', `cannot reach ${url.origin} (ENOTFOUND)`);
  if (q.create && q.email.trim() === FAKE_TAKEN_EMAIL)
    return new FakeEngineError('EMAIL_TAKEN', `email: an account for ${q.email} exists already`);
  if (q.password === 'too-many')
    return new FakeEngineError('RATE_LIMITED', 'Too many failed sign-ins');
  if (q.password !== FAKE_PASSWORD)
    return new FakeEngineError('INVALID_CREDENTIALS', 'Wrong email or password');
  return null;
}

function fakePhoto(i: number): PhotoSummary {
  const id = fakePhotoId(i);
  const city = FAKE_CITIES[i % FAKE_CITIES.length] ?? null;
  // One show every ~9 days from 2024-01-02, a few shots each, in the evening UTC.
  const at = new Date(Date.UTC(2024, 0, 2 + Math.floor(i / 4) * 9, 20, (i % 4) * 11));
  const iso = at.toISOString();
  return {
    id,
    format: 'jpeg',
    width: 4032,
    height: 3024,
    takenAt: iso.slice(0, 19),
    takenAtUtc: iso,
    city,
    thumbhash: null,
    gridUrl: `/thumbs/grid/${id}.webp`,
    previewUrl: `/thumbs/preview/${id}.webp`,
    starred: i % 5 === 0,
    rating: null,
    caption: null,
  };
}

export class FakeEngine implements HostEngine {
  readonly photos: PhotoSummary[];
  readonly sources: SourceInfo[] = [];
  readonly errors: ErrorEntry[] = [];
  readonly calls: { name: HandlerName; args: unknown[] }[] = [];
  /** Photos starred elsewhere; unstarring one here drops it. */
  remote: { id: string; rating: number | null; caption: string | null }[];
  syncStatus: SyncStatusInfo;
  /** What the next `sync.now` does: the default succeeds, or throw this error. */
  syncFailure: FakeEngineError | null = null;
  /** While set, `sync.signIn` waits for it (tests look at the pending form). */
  signInGate: Promise<void> | null = null;
  /** What the next `sync.signOut` warns (as when the server cannot be reached). */
  signOutWarning: string | null = null;
  thumbDir: string | null;
  /** Events and the catalog of the Concerts page (fake-concerts.ts). */
  readonly concerts: FakeConcerts;
  closed = false;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private nextSourceId = 1;

  constructor(opts: FakeEngineOptions = {}) {
    this.photos = Array.from({ length: opts.photos ?? 12 }, (_, i) => fakePhoto(i));
    this.thumbDir = opts.thumbDir ?? null;
    this.remote = Array.from({ length: opts.remoteStarred ?? 0 }, (_, i) => ({
      id: fakeRemoteId(i),
      rating: i === 0 ? 5 : null,
      caption: `Starred elsewhere #${i + 1}`,
    }));
    this.syncStatus = { ...SIGNED_OUT, ...opts.sync };
    this.concerts = new FakeConcerts(this.photos.map((p) => p.id));
  }

  private readonly handlers: FakeHandlers = {
    'library.status': async () => ({
      library: '/fake/library',
      photos: this.photos.length,
      locations: this.photos.length,
      sources: this.sources.length,
      errors: this.errors.length,
      jobs: {
        queued: 0,
        running: 0,
        done: this.photos.length,
        // Warnings are photos imported with a doubt, not failures.
        failed: this.errors.filter((e) => e.severity === 'error').length,
        total: this.photos.length + this.errors.filter((e) => e.severity === 'error').length,
      },
    }),
    'library.page': async (q) => this.page(q),
    'library.count': async (q) => this.matching(q).length,
    'photo.get': async ({ id }) => {
      const p = this.photos.find((x) => x.id === id);
      return p
        ? {
            ...p,
            paths: [`/fake/photos/${id.slice(0, 8)}.jpg`],
            orientation: 1,
            timeZone: 'UTC',
            timeSource: 'exif',
            lat: null,
            lon: null,
            alt: null,
            make: 'Fake',
            model: 'Cam',
            phash: null,
          }
        : null;
    },
    'sources.list': async () => [...this.sources],
    'sources.add': async ({ path: dir }) => {
      // As the real engine does: a relative path is taken from the working folder, and a
      // folder inside (or around) a source is refused.
      const abs = path.resolve(dir);
      for (const s of this.sources) {
        if (abs.startsWith(s.path + path.sep))
          throw new FakeEngineError(
            'SOURCE_OVERLAP',
            `${abs} is already inside the source ${s.path}`,
            'path',
          );
        if (s.path.startsWith(abs + path.sep))
          throw new FakeEngineError(
            'SOURCE_OVERLAP',
            `${abs} contains the source ${s.path}`,
            'path',
          );
      }
      const source: SourceInfo = {
        id: this.nextSourceId++,
        kind: 'local',
        path: abs,
        addedAt: new Date().toISOString(),
        fileCount: 0,
        lastScanAt: null,
        status: 'watching',
      };
      this.sources.push(source);
      return source;
    },
    'sources.remove': async ({ id }) => {
      const at = this.sources.findIndex((s) => s.id === id || s.path === id);
      if (at < 0) throw new FakeEngineError('NOT_FOUND', `no source ${id}`, 'id');
      const [removed] = this.sources.splice(at, 1);
      return { ...removed!, status: 'idle' };
    },
    'errors.list': async () => [...this.errors],
    'photo.setStarred': async ({ ids, starred }) => {
      const known = new Set([...this.photos, ...this.remote].map((p) => p.id));
      const unknown = ids.find((id) => !known.has(id));
      if (unknown) throw new FakeEngineError('NOT_FOUND', `no photo ${unknown} in this library`);
      for (const p of this.photos) if (ids.includes(p.id)) p.starred = starred;
      if (!starred) this.remote = this.remote.filter((r) => !ids.includes(r.id));
      this.localChange(ids);
      return { ids };
    },
    'photo.setRating': async ({ ids, rating }) => {
      for (const p of this.photos) if (ids.includes(p.id)) p.rating = rating;
      this.localChange(ids);
      return { ids };
    },
    'photo.setCaption': async ({ id, caption }) => {
      const p = this.photos.find((x) => x.id === id);
      if (p) p.caption = caption?.trim() || null;
      this.localChange([id]);
      return { id };
    },
    'library.remoteStarred': async () =>
      this.remote.map((r): RemoteStarredInfo => ({
        ...r,
        starred: true,
        thumbUrl: `/remote/thumb/${r.id}`,
        previewUrl: `/remote/preview/${r.id}`,
        fetched: {},
      })),
    'sync.status': async () => ({ ...this.syncStatus }),
    'sync.now': async () => {
      if (this.syncStatus.state === 'signed-out') {
        throw new FakeEngineError(
          'NOT_SIGNED_IN',
          'this library is not signed in to a sync server',
        );
      }
      const failure = this.syncFailure;
      if (failure) {
        this.setSync({
          state: 'error',
          lastError: { code: failure.code, message: failure.message },
        });
        throw failure;
      }
      const pushed = this.syncStatus.pendingMessages;
      const uploaded = this.syncStatus.pendingUploads;
      this.setSync({
        state: 'up-to-date',
        pendingMessages: 0,
        pendingUploads: 0,
        lastSyncAt: new Date().toISOString(),
        lastError: null,
      });
      return { bootstrapped: false, pushed, pulled: 0, applied: 0, uploaded, uploadFailures: 0 };
    },
    'sync.signIn': async (q) => {
      await this.signInGate;
      const failure = signInFailure(q);
      if (failure) {
        this.emit('sync.changed', { ...this.syncStatus });
        throw failure;
      }
      const server = new URL(q.server.trim()).toString().replace(/\/$/, '');
      this.setSync(
        fakeSignedIn({
          server,
          account: q.email.trim(),
          device: { id: 'device-1', name: q.deviceName?.trim() || FAKE_DEVICE_NAME },
          lastSyncAt: new Date().toISOString(),
        }),
      );
      const firstPass = {
        bootstrapped: true,
        pushed: 0,
        pulled: 0,
        applied: 0,
        uploaded: 0,
        uploadFailures: 0,
      };
      return { ...this.syncStatus, firstPass };
    },
    'sync.signOut': async () => {
      const warning = this.syncStatus.state === 'signed-out' ? null : this.signOutWarning;
      this.setSync(SIGNED_OUT);
      return { ...this.syncStatus, warning };
    },
    // ---- concerts (Concerts page) -------------------------------------------------------
    'events.list': async (q) => this.concerts.list(q),
    'events.assign': async (q) => this.concerts.assign(q),
    'events.unassign': async (q) => this.concerts.unassign(q),
    'events.notConcert': async (q) => this.concerts.notConcert(q),
    'events.clearDecision': async (q) => this.concerts.clearDecision(q),
    'concerts.list': async (q) => this.concerts.concerts(q),
    // ---- end concerts -------------------------------------------------------------------
  };

  /** Changes the sync status and tells listeners, as a background pass would. */
  setSync(over: Partial<SyncStatusInfo>): void {
    this.syncStatus = { ...this.syncStatus, ...over };
    this.emit('sync.changed', { ...this.syncStatus });
  }

  private localChange(ids: string[]): void {
    if (this.syncStatus.state !== 'signed-out') {
      this.syncStatus = {
        ...this.syncStatus,
        pendingMessages: this.syncStatus.pendingMessages + ids.length,
        state: this.syncStatus.state === 'up-to-date' ? 'pending' : this.syncStatus.state,
      };
    }
    this.emit('library.changed', { photoIds: ids });
  }

  private page(q: LibraryQuery): Page<PhotoSummary> {
    const limit = q.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new FakeEngineError('USAGE', `limit must be 1..500, got ${limit}`);
    }
    const matching = this.matching(q);
    const start = q.cursor ? Number(q.cursor) : 0;
    const items = matching.slice(start, start + limit);
    const end = start + items.length;
    return { items, next: end < matching.length ? String(end) : null };
  }

  private matching(q: Omit<LibraryQuery, 'cursor' | 'limit'>): PhotoSummary[] {
    return this.photos
      .filter((p) => !q.from || (p.takenAtUtc ?? '') >= q.from)
      .filter((p) => !q.to || (p.takenAtUtc ?? '') <= q.to)
      .filter((p) => q.cityId == null || p.city?.geonameId === q.cityId)
      .filter((p) => !q.starred || p.starred)
      .sort((a, b) => (b.takenAtUtc ?? '').localeCompare(a.takenAtUtc ?? ''));
  }

  /** The real engine's door: the same schemas check params, unknown names are refused. */
  async call<K extends HandlerName>(name: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
    this.calls.push({ name, args });
    const handler = this.handlers[name] as ((q: unknown) => Promise<ResponseOf<K>>) | undefined;
    const schema = handlerSchemas[name];
    if (!handler || !schema)
      throw new FakeEngineError('UNKNOWN_METHOD', `unknown engine method ${String(name)}`);
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || undefined;
      throw new FakeEngineError('USAGE', `${name}: ${field ?? ''} ${issue?.message}`.trim(), field);
    }
    return handler(parsed.data);
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (p: Events[E]) => void)(payload);
    }
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  async thumbnailPath(photoId: string, size: ThumbSize): Promise<string | null> {
    if (!this.thumbDir) return null;
    const file = path.join(this.thumbDir, `${photoId}-${size}.webp`);
    return existsSync(file) ? file : null;
  }

  async remoteFile(photoId: string, variant: RemoteVariant): Promise<string | null> {
    if (!this.thumbDir || this.syncStatus.state === 'signed-out') return null;
    if (!this.remote.some((r) => r.id === photoId)) return null;
    const file = path.join(this.thumbDir, `${photoId}-remote-${variant}.webp`);
    return existsSync(file) ? file : null;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

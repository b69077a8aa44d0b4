// An in-memory engine for UI and transport tests: a handful of photos across a few cities,
// sources and errors, with events the test fires by hand.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type {
  CityRef,
  ErrorEntry,
  EventName,
  Events,
  Handlers,
  HandlerName,
  LibraryQuery,
  Page,
  PhotoSummary,
  ResponseOf,
  SourceInfo,
} from '@encore/core/contract';
import type { HostEngine, ThumbSize } from '../engine/host-engine.js';

export const FAKE_CITIES: CityRef[] = [
  { name: 'Berlin', country: 'DE', geonameId: 2950159 },
  { name: 'London', country: 'GB', geonameId: 2643743 },
  { name: 'Austin', country: 'US', geonameId: 4671654 },
];

export class FakeEngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FakeEngineError';
  }
}

export interface FakeEngineOptions {
  photos?: number;
  /** Folder holding `<id>-<size>.webp` files; thumbnailPath() returns null without it. */
  thumbDir?: string | null;
}

export function fakePhotoId(i: number): string {
  return createHash('sha256').update(`fake-photo-${i}`).digest('hex');
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
  };
}

export class FakeEngine implements HostEngine {
  readonly photos: PhotoSummary[];
  readonly sources: SourceInfo[] = [];
  readonly errors: ErrorEntry[] = [];
  readonly calls: { name: HandlerName; args: unknown[] }[] = [];
  thumbDir: string | null;
  closed = false;
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private nextSourceId = 1;

  constructor(opts: FakeEngineOptions = {}) {
    this.photos = Array.from({ length: opts.photos ?? 12 }, (_, i) => fakePhoto(i));
    this.thumbDir = opts.thumbDir ?? null;
  }

  private readonly handlers: Handlers = {
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
        failed: this.errors.length,
        total: this.photos.length + this.errors.length,
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
      if (typeof dir !== 'string' || !path.isAbsolute(dir)) {
        throw new FakeEngineError('USAGE', `Folder path must be absolute: '${String(dir)}'`);
      }
      const source: SourceInfo = {
        id: this.nextSourceId++,
        kind: 'local',
        path: dir,
        addedAt: new Date().toISOString(),
        fileCount: 0,
        status: 'watching',
      };
      this.sources.push(source);
      return source;
    },
    'sources.remove': async ({ id }) => {
      const at = this.sources.findIndex((s) => s.id === id);
      if (at < 0) throw new FakeEngineError('NOT_FOUND', `No source with id ${id}`);
      this.sources.splice(at, 1);
    },
    'errors.list': async () => [...this.errors],
  };

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
      .sort((a, b) => (b.takenAtUtc ?? '').localeCompare(a.takenAtUtc ?? ''));
  }

  async call<K extends HandlerName>(
    name: K,
    ...args: Parameters<Handlers[K]>
  ): Promise<ResponseOf<K>> {
    this.calls.push({ name, args });
    const handler = this.handlers[name] as (...a: unknown[]) => Promise<ResponseOf<K>>;
    return handler(...args);
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

  thumbnailPath(photoId: string, size: ThumbSize): string | null {
    if (!this.thumbDir) return null;
    const file = path.join(this.thumbDir, `${photoId}-${size}.webp`);
    return existsSync(file) ? file : null;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

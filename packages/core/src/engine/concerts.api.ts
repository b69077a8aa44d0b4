// The Concerts page's side of the engine: events as the UI lists them (matching brought up to
// date first, incrementally), the user's decisions, catalog search for picking a show, and the
// debounced 'events.changed' push when photos or synced decisions moved events under the UI.
import { Catalog } from '../catalog/catalog.service.js';
import type { ShowId, ShowRecord } from '../catalog/types.js';
import type { ConcertQuery, EventInfo, EventStatus, Events, ShowInfo } from '../contract/index.js';
import { UsageError } from '../domain/errors.js';
import type { Library } from '../library/library.js';
import { matchServiceFor } from '../matching/match.factory.js';
import type { MatchService } from '../matching/match.service.js';
import { offsetIn, wallClock } from '../matching/show-day.js';
import { EVENT_STATUSES, type EventView, type ShowView } from '../matching/types.js';

/** Thumbnails per event row. */
export const EVENT_THUMBS = 4;
/** Quiet time before 'events.changed' goes out: one push per burst of commits or passes. */
export const EVENTS_CHANGED_DEBOUNCE_MS = 400;
const DEFAULT_CONCERT_LIMIT = 100;
const MAX_CONCERT_LIMIT = 500;

export interface ConcertsApiOptions {
  readonly: boolean;
  /** A decision was recorded: sync it soon. */
  onDecision: () => void;
  emit: (payload: Events['events.changed']) => void;
  debounceMs?: number;
}

export class ConcertsApi {
  private service: MatchService | null = null;
  private readonly catalog: Catalog;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private photosDirty = false;
  private pending: Events['events.changed']['reason'] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly library: Library,
    private readonly options: ConcertsApiOptions,
  ) {
    this.catalog = Catalog.forLibrary(library);
  }

  private matching(): MatchService {
    this.service ??= matchServiceFor(this.library);
    return this.service;
  }

  /**
   * Rebuilds events and matches what changed (what `encore match` does; setlist.fm only with
   * the user's API key). Calls during a run share one follow-up run, so a listing never
   * misses a change made while the previous run was going.
   */
  refresh(): Promise<void> {
    if (this.options.readonly) return Promise.resolve();
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.refresh();
      });
    return this.queued;
  }

  private async run(): Promise<void> {
    const service = this.matching();
    service.rebuildEvents();
    await service.match({ onlyChanged: true });
  }

  async list(q: { status?: EventStatus } | undefined): Promise<EventInfo[]> {
    const status = q?.status;
    if (status != null && !EVENT_STATUSES.includes(status))
      throw new UsageError(
        `events.list: status must be one of ${EVENT_STATUSES.join(', ')} (got "${String(status)}")`,
      );
    await this.refresh();
    const views = this.matching().events(status ? { status } : {});
    const infos = this.toInfos(views);
    return infos.sort((a, b) => b.start.localeCompare(a.start) || b.id.localeCompare(a.id));
  }

  assign(q: unknown): EventInfo {
    const { eventId, showId } = (q ?? {}) as { eventId?: unknown; showId?: unknown };
    if (typeof showId !== 'number' || !Number.isInteger(showId) || showId < 1)
      throw new UsageError('events.assign: showId must be a show number from the catalog');
    return this.decided(this.matching().assign(eventIdOf(eventId, 'assign'), showId as ShowId));
  }

  unassign(q: unknown): EventInfo {
    return this.decided(this.matching().unassign(eventIdOf(q, 'unassign')));
  }

  notConcert(q: unknown): EventInfo {
    return this.decided(this.matching().markNotConcert(eventIdOf(q, 'notConcert')));
  }

  clearDecision(q: unknown): EventInfo {
    return this.decided(this.matching().clearDecision(eventIdOf(q, 'clearDecision')));
  }

  private decided(view: EventView): EventInfo {
    this.options.onDecision();
    return this.toInfos([view])[0]!;
  }

  /** The user's shows (not ones only found online) whose text has every word of the query. */
  concerts(q: ConcertQuery | undefined): ShowInfo[] {
    const query = q?.query ?? '';
    if (typeof query !== 'string') throw new UsageError('concerts.list: query must be text');
    const near = q?.near ?? null;
    if (near !== null && (typeof near !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(near)))
      throw new UsageError(`concerts.list: near must be a date YYYY-MM-DD (got "${String(near)}")`);
    const limit = q?.limit ?? DEFAULT_CONCERT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONCERT_LIMIT)
      throw new UsageError(`concerts.list: limit must be 1 to ${MAX_CONCERT_LIMIT}`);
    return searchShows(this.catalog.list().map(showInfo), query, near, limit);
  }

  // ---- events.changed ---------------------------------------------------------------------

  /** Ingest committed photos: push once it is idle again. */
  photosCommitted(): void {
    this.photosDirty = true;
  }

  ingestIdle(): void {
    if (!this.photosDirty) return;
    this.photosDirty = false;
    this.schedule('photos');
  }

  /** Photos left the library (purged orphans). */
  photosRemoved(): void {
    this.schedule('photos');
  }

  /** A sync pass applied changes; only decisions and catalog edits move events. */
  syncApplied(tables: string[]): void {
    if (tables.some((t) => t === 'event_assignments' || t === 'shows' || t === 'show_artists'))
      this.schedule('sync');
  }

  private schedule(reason: Events['events.changed']['reason']): void {
    if (this.closed) return;
    // Photos and sync in one burst: 'photos' says more (new events, not just new outcomes).
    this.pending = this.pending === 'photos' ? 'photos' : reason;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const payload = { reason: this.pending ?? reason };
      this.pending = null;
      if (!this.closed) this.options.emit(payload);
    }, this.options.debounceMs ?? EVENTS_CHANGED_DEBOUNCE_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  private toInfos(views: EventView[]): EventInfo[] {
    const records = new Map<number, ShowRecord | null>();
    const info = (v: ShowView): ShowInfo => {
      let r = records.get(Number(v.id));
      if (r === undefined) records.set(Number(v.id), (r = this.catalog.get(v.id)));
      return r ? showInfo(r) : showInfoOfView(v);
    };
    return views.map((e) => toEventInfo(e, info));
  }
}

function eventIdOf(q: unknown, method: string): string {
  const id =
    typeof q === 'object' && q !== null ? (q as { eventId?: unknown }).eventId : (q as unknown);
  if (typeof id !== 'string' || id === '')
    throw new UsageError(`events.${method}: eventId must be an event id`);
  return id;
}

export function showInfo(r: ShowRecord): ShowInfo {
  return {
    id: Number(r.id),
    date: r.date,
    venue: { name: r.venue.name, city: r.venue.cityName, country: r.venue.country },
    artists: r.artists.map((a) => a.name),
    tour: r.tour,
  };
}

function showInfoOfView(v: ShowView): ShowInfo {
  return {
    id: Number(v.id),
    date: v.date,
    venue: { name: v.venue.name, city: v.venue.city, country: v.venue.country },
    artists: v.artists,
    tour: null,
  };
}

/** Up to `count` photo ids spread evenly over the event, first and last included. */
export function spreadIds(ids: string[], count: number): string[] {
  if (ids.length <= count) return [...ids];
  if (count <= 1) return ids.slice(0, count);
  return Array.from(
    { length: count },
    (_, i) => ids[Math.round((i * (ids.length - 1)) / (count - 1))]!,
  );
}

export function toEventInfo(e: EventView, show: (v: ShowView) => ShowInfo): EventInfo {
  const local = (iso: string): string => {
    const ms = Date.parse(iso);
    return wallClock(ms, offsetIn(e.timeZone, ms));
  };
  return {
    id: e.id,
    start: e.start,
    end: e.end,
    localDate: e.localDate,
    showDay: e.showDay,
    timeZone: e.timeZone,
    localStart: local(e.start),
    localEnd: local(e.end),
    photoCount: e.photoIds.length,
    thumbs: spreadIds(e.photoIds, EVENT_THUMBS).map((id) => ({
      id,
      gridUrl: `/thumbs/grid/${id}.webp`,
    })),
    city: e.city,
    status: e.status,
    decidedBy: e.decidedBy,
    show: e.show ? show(e.show) : null,
    candidates: e.candidates.map((c) => ({
      show: show(c.show),
      score: c.score,
      reasons: c.reasons,
    })),
  };
}

/** Letters without accents, lower case: "Motörhead" is found by "motorhead". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function searchShows(
  shows: ShowInfo[],
  query: string,
  near: string | null,
  limit: number,
): ShowInfo[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const hits = shows.filter((s) => {
    const text = fold(
      [s.date, s.venue.name, s.venue.city, s.venue.country, s.tour, ...s.artists]
        .filter(Boolean)
        .join(' '),
    );
    return words.every((w) => text.includes(w));
  });
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const anchor = near ? day(near) : null;
  hits.sort(
    (a, b) =>
      (anchor === null ? 0 : Math.abs(day(a.date) - anchor) - Math.abs(day(b.date) - anchor)) ||
      b.date.localeCompare(a.date) ||
      b.id - a.id,
  );
  return hits.slice(0, limit);
}

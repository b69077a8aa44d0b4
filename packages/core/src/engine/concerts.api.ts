// The Concerts page's side of the engine: events as the UI lists them (matching brought up to
// date first, incrementally), the user's decisions, catalog search for picking a show, and the
// debounced 'events.changed' push when photos or synced decisions moved events under the UI.
import type { Catalog } from '../catalog/catalog.service.js';
import type { ShowId } from '../catalog/types.js';
import type { EventInfo, Events, MatchRunInfo, ParamsOf, ShowInfo } from '../contract/index.js';
import { needsReview, renditionUrl } from '../contract/index.js';
import type { Library } from '../library/library.js';
import { matchServiceFor } from '../matching/match.factory.js';
import type { MatchService } from '../matching/match.service.js';
import { offsetIn, wallClock } from '../matching/show-day.js';
import { toShowInfo } from '../matching/show-view.js';
import type { EventView } from '../matching/types.js';

/** Thumbnails per event row. */
export const EVENT_THUMBS = 4;
/** Quiet time before 'events.changed' goes out: one push per burst of commits or passes. */
export const EVENTS_CHANGED_DEBOUNCE_MS = 400;
const DEFAULT_CONCERT_LIMIT = 100;

export interface ConcertsApiOptions {
  readonly: boolean;
  /** setlist.fm API base for online lookups (only used with the user's API key). */
  setlistfmUrl: string;
  /** A decision was recorded: sync it soon. */
  onDecision: () => void;
  emit: (payload: Events['events.changed']) => void;
  debounceMs?: number;
}

export class ConcertsApi {
  private service: MatchService | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private photosDirty = false;
  private pending: Events['events.changed']['reason'] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly library: Library,
    private readonly catalog: Catalog,
    private readonly options: ConcertsApiOptions,
  ) {}

  private matching(): MatchService {
    this.service ??= matchServiceFor(this.library, { setlistfmUrl: this.options.setlistfmUrl });
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

  /** Groups photos into events and matches them (what `encore match` does). */
  async match(all: boolean): Promise<MatchRunInfo> {
    const service = this.matching();
    const events = service.rebuildEvents();
    const match = await service.match({ onlyChanged: !all });
    return { events, match };
  }

  async list(q: ParamsOf<'events.list'>): Promise<EventInfo[]> {
    const status = q?.status;
    await this.refresh();
    const views = this.matching().events(status ? { status } : {});
    const infos = views.map((v) => toEventInfo(v, q?.withPhotoIds ?? false));
    return infos.sort((a, b) => b.start.localeCompare(a.start) || b.id.localeCompare(a.id));
  }

  assign(q: ParamsOf<'events.assign'>): EventInfo {
    return this.decided(this.matching().assign(q.eventId, q.showId as ShowId));
  }

  unassign(q: ParamsOf<'events.unassign'>): EventInfo {
    return this.decided(this.matching().unassign(q.eventId));
  }

  notConcert(q: ParamsOf<'events.notConcert'>): EventInfo {
    return this.decided(this.matching().markNotConcert(q.eventId));
  }

  clearDecision(q: ParamsOf<'events.clearDecision'>): EventInfo {
    return this.decided(this.matching().clearDecision(q.eventId));
  }

  private decided(view: EventView): EventInfo {
    this.options.onDecision();
    return toEventInfo(view, false);
  }

  /** The user's shows (not ones only found online) whose text has every word of the query. */
  concerts(q: ParamsOf<'concerts.list'>): ShowInfo[] {
    return searchShows(
      this.catalog.list().map(toShowInfo),
      q?.query ?? '',
      q?.near ?? null,
      q?.limit ?? DEFAULT_CONCERT_LIMIT,
    );
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

export function toEventInfo(e: EventView, withPhotoIds: boolean): EventInfo {
  const local = (iso: string): string => {
    const ms = Date.parse(iso);
    return wallClock(ms, offsetIn(e.timeZone, ms));
  };
  const info: Omit<EventInfo, 'needsReview'> = {
    id: e.id,
    start: e.start,
    end: e.end,
    localDate: e.localDate,
    showDay: e.showDay,
    timeZone: e.timeZone,
    zoneCertain: e.zoneCertain,
    localStart: local(e.start),
    localEnd: local(e.end),
    photoCount: e.photoIds.length,
    thumbs: spreadIds(e.photoIds, EVENT_THUMBS).map((id) => ({
      id,
      gridUrl: renditionUrl(id, 'grid'),
    })),
    lat: e.lat,
    lon: e.lon,
    city: e.city,
    nearbyCityIds: e.nearbyCityIds,
    status: e.status,
    decidedBy: e.decidedBy,
    show: e.show,
    candidates: e.candidates,
    ...(withPhotoIds ? { photoIds: e.photoIds } : {}),
  };
  return { ...info, needsReview: needsReview(info) };
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

// Events and concert matching over one library: rebuild events from the photos, match them
// against the catalog (setlist.fm online only for gaps, only when given a finder), record the
// user's decisions. Incremental on both sides: rebuilding rewrites only events whose photos or
// facts changed, and match({ onlyChanged }) re-scores only events whose facts or user decision
// changed, or whose dates the catalog's change feed (catalog/CONTEXT.md) reports.
import type {
  CatalogChanges,
  LocalDate,
  ShowId,
  ShowLookup,
  ShowRecord,
} from '../catalog/types.js';
import { EncoreError, EngineError } from '../domain/errors.js';
import type { Db } from '../library/database.js';
import { Gazetteer } from '../metadata/geocoder.js';
import {
  candidateDates,
  needsNearby,
  showsOnDates,
  suggestionDates,
  type EventFacts,
} from './candidate.finder.js';
import { decide, type Decision } from './decision.js';
import { DecisionSyncRecorder } from './decision.sync.js';
import { eveningShare, type ScoredShow } from './scorer.js';
import { DEFAULT_CLUSTER_OPTIONS, type ClusterOptions } from './event.builder.js';
import { rebuildEvents } from './event-rebuild.js';
import { outcomeFor, scoreCandidates, scoreSuggestions } from './event.matcher.js';
import { EventRepository, type MatchOutcome, type StoredEvent } from './event.repository.js';
import { MatchStateRepository } from './match-state.repository.js';
import type { Excluded } from './photo-points.js';
import { toEventViews } from './event.views.js';
import type {
  EventStatus,
  EventView,
  MatchSummary,
  OnlineShowFinder,
  RebuildSummary,
} from './types.js';

/** Nearby cities stored on an event: candidates' cities are looked up among them. */
export const NEARBY_CITY_KM = 30;
/** setlist.fm lookups per match run; the rest are retried on the next run. */
export const MAX_ONLINE_LOOKUPS = 50;
/** Nearest GeoNames cities asked about per lookup (one request each). */
const ONLINE_CITIES = 3;
const DATE_CHUNK = 500;

/** What matching needs of the catalog: shows by date and by id, and the change feed. */
export interface CatalogSource extends ShowLookup {
  changedDatesSince(cursor: number): CatalogChanges;
}

export interface MatchServiceOptions {
  catalog: CatalogSource;
  /** Given only when the user set a setlist.fm API key. */
  online?: OnlineShowFinder | null;
  clustering?: Partial<ClusterOptions>;
  now?: () => Date;
}

export class MatchService {
  readonly repo: EventRepository;
  readonly state: MatchStateRepository;
  private readonly catalog: CatalogSource;
  private readonly online: OnlineShowFinder | null;
  private readonly clustering: ClusterOptions;
  private readonly now: () => Date;
  private readonly decisionSync: DecisionSyncRecorder;

  constructor(
    private readonly db: Db,
    options: MatchServiceOptions,
  ) {
    this.repo = new EventRepository(db);
    this.state = new MatchStateRepository(db);
    this.catalog = options.catalog;
    this.online = options.online ?? null;
    this.clustering = { ...DEFAULT_CLUSTER_OPTIONS, ...options.clustering };
    this.now = options.now ?? (() => new Date());
    this.decisionSync = new DecisionSyncRecorder(db);
  }

  /** Groups the library's photos into events; keeps ids and rows of events that did not change. */
  rebuildEvents(): RebuildSummary {
    return rebuildEvents(this.repo, this.state, this.clustering, this.now());
  }

  private showsByDate(dates: Iterable<LocalDate>, into = new Map<string, ShowRecord[]>()) {
    const wanted = [...new Set(dates)].filter((d) => !into.has(d)).sort();
    for (let i = 0; i < wanted.length; i += DATE_CHUNK) {
      const chunk = wanted.slice(i, i + DATE_CHUNK);
      for (const d of chunk) into.set(d, []);
      for (const s of this.catalog.showsOn(chunk)) into.get(s.date)?.push(s);
    }
    return into;
  }

  /**
   * Matches events to shows. onlyChanged (default): only events whose photos or user decision
   * changed since their last match, and events on dates the catalog's change feed reports.
   */
  async match(options: { onlyChanged?: boolean } = {}): Promise<MatchSummary> {
    const onlyChanged = options.onlyChanged ?? true;
    // Read the feed first: a catalog write during this run is then reported again next time.
    const feed = this.catalog.changedDatesSince(this.state.catalogCursor());
    const changed = new Set<string>(feed.dates);
    const deleted = new Set(feed.deletedShowIds.map(Number));
    const events = this.repo.all();
    const decisions = this.state.decisionsByEvent();
    const todo = events.filter(
      (e) =>
        !onlyChanged ||
        e.matchedInput !== e.inputHash ||
        e.decisionSeq !== (decisions.get(e.id)?.seq ?? null) ||
        (e.showId !== null && deleted.has(Number(e.showId))) ||
        (e.status === 'unmatched' ? suggestionDates(e) : candidateDates(e)).some((d) =>
          changed.has(d),
        ),
    );
    const { byDate, autos, suggestions, facts } = this.score(todo);
    const unmatched = todo.filter((e) => autos.get(e.id)!.status === 'unmatched');
    const online = await this.lookOnline(unmatched, decisions, byDate, autos, suggestions);
    const outcomes = new Map<string, MatchOutcome>();
    for (const e of todo) {
      const f = { ...facts.get(e.id)!, inputHash: e.inputHash };
      const o = outcomeFor(f, autos.get(e.id)!, decisions.get(e.id) ?? null, this.catalog);
      // Not asked online yet (lookup cap, offline, budget): match it again next run.
      if (online.pending.has(e.id)) o.matchedInput = '';
      outcomes.set(e.id, o);
    }
    this.repo.saveOutcomes(outcomes, this.now());
    this.state.setCatalogCursor(feed.cursor);
    const counts = this.repo.counts();
    return {
      events: events.length,
      rematched: todo.length,
      matched: counts.matched,
      ambiguous: counts.ambiguous,
      unmatched: counts.unmatched,
      notConcert: counts['not-concert'],
      userDecided: counts.user,
      onlineLookups: online.lookups,
      onlineProblem: online.problem,
    };
  }

  /** Automatic decisions for events; suggestions (nearby days) only for what did not match. */
  private score(events: StoredEvent[]) {
    const byDate = this.showsByDate(events.flatMap((e) => candidateDates(e)));
    const autos = new Map<string, Decision>();
    const facts = new Map<string, EventFacts>();
    for (const e of events) {
      const shows = showsOnDates(byDate, candidateDates(e));
      const f = this.facts(e, shows);
      facts.set(e.id, f);
      autos.set(e.id, decide(scoreCandidates(f, shows)));
    }
    // One more batched catalog read, for the nearby days of what did not match.
    const unmatched = events.filter((e) => autos.get(e.id)!.status === 'unmatched');
    this.showsByDate(
      unmatched.flatMap((e) => suggestionDates(e)),
      byDate,
    );
    const suggestions = new Map<string, ScoredShow[]>();
    for (const e of unmatched) {
      const shows = showsOnDates(byDate, suggestionDates(e));
      const f = this.facts(e, shows);
      facts.set(e.id, f);
      const near = scoreSuggestions(f, shows);
      suggestions.set(e.id, near);
      autos.set(e.id, decide(scoreCandidates(f, showsOnDates(byDate, candidateDates(e))), near));
    }
    return { byDate, autos, suggestions, facts };
  }

  private readonly nearbyCache = new Map<string, [number, number][]>();

  /** Cities within NEARBY_CITY_KM of the event's centre, nearest first (gazetteer, cached). */
  nearbyOf(e: Pick<StoredEvent, 'id' | 'inputHash' | 'lat' | 'lon'>): [number, number][] {
    if (e.lat === null || e.lon === null) return [];
    const key = `${e.id}|${e.inputHash}`;
    let near = this.nearbyCache.get(key);
    if (!near) {
      near = Gazetteer.load()
        .within(e.lat, e.lon, NEARBY_CITY_KM)
        .map((c) => [c.geonameId, Math.round(c.distanceKm * 10) / 10]);
      if (this.nearbyCache.size > 20_000) this.nearbyCache.clear();
      this.nearbyCache.set(key, near);
    }
    return near;
  }

  /** The event with its nearby cities when one of these shows is placed by its city's id. */
  private facts(e: StoredEvent, shows: ShowRecord[]): EventFacts {
    return { ...e, nearby: shows.some((s) => needsNearby(s, e)) ? this.nearbyOf(e) : [] };
  }

  /**
   * setlist.fm for evening events with GPS that no show on their day fits. Never throws: any
   * error stops the lookups for this run and is reported.
   */
  private async lookOnline(
    unmatched: StoredEvent[],
    decisions: Map<string, unknown>,
    byDate: Map<string, ShowRecord[]>,
    autos: Map<string, Decision>,
    suggestions: Map<string, ScoredShow[]>,
  ): Promise<{ lookups: number; problem: string | null; pending: Set<string> }> {
    const result = { lookups: 0, problem: null as string | null, pending: new Set<string>() };
    if (!this.online) return result;
    const wanted = unmatched.filter(
      (e) =>
        !decisions.has(e.id) &&
        this.nearbyOf(e).length > 0 &&
        eveningShare(e) >= 0.5 &&
        !autos.get(e.id)!.candidates.some((c) => c.show.date === e.showDay && c.score > 0),
    );
    for (const e of wanted) {
      if (result.problem !== null || result.lookups >= MAX_ONLINE_LOOKUPS) {
        result.pending.add(e.id);
        continue;
      }
      try {
        result.lookups++;
        const found = await this.online(
          this.nearbyOf(e)
            .slice(0, ONLINE_CITIES)
            .map(([id]) => id),
          e.showDay,
        );
        if (found.length === 0) continue;
        const local = showsOnDates(byDate, candidateDates(e));
        const known = new Set(local.map((s) => Number(s.id)));
        const all = [...local, ...found.filter((s) => !known.has(Number(s.id)))];
        const f = { ...e, nearby: this.nearbyOf(e) };
        autos.set(e.id, decide(scoreCandidates(f, all), suggestions.get(e.id) ?? []));
      } catch (err) {
        result.problem = err instanceof Error ? err.message : String(err);
        result.pending.add(e.id);
      }
    }
    return result;
  }

  /** Re-matches the given events now (after a decision), without asking setlist.fm. */
  private rematch(events: StoredEvent[]): void {
    const decisions = this.state.decisionsByEvent();
    const { autos, facts } = this.score(events);
    const outcomes = new Map<string, MatchOutcome>();
    for (const e of events) {
      const f = { ...facts.get(e.id)!, inputHash: e.inputHash };
      outcomes.set(
        e.id,
        outcomeFor(f, autos.get(e.id)!, decisions.get(e.id) ?? null, this.catalog),
      );
    }
    this.repo.saveOutcomes(outcomes, this.now());
  }

  /** An event by id or by a unique prefix of its id. */
  resolve(idOrPrefix: string): StoredEvent {
    const exact = this.repo.get(idOrPrefix);
    if (exact) return exact;
    const ids = idOrPrefix.length >= 4 ? this.repo.idsStartingWith(idOrPrefix) : [];
    if (ids.length === 1) return this.repo.get(ids[0]!)!;
    if (ids.length > 1)
      throw new EngineError(
        'AMBIGUOUS_ID',
        `event id "${idOrPrefix}" is ambiguous; give more characters`,
        { field: 'eventId' },
      );
    throw new EngineError('NOT_FOUND', `no event "${idOrPrefix}"`, { field: 'eventId' });
  }

  private decideOn(
    eventId: string,
    kind: 'assign' | 'unassign' | 'not-concert',
    showId: ShowId | null,
  ): EventView {
    const e = this.resolve(eventId);
    this.db
      .transaction(() => {
        this.state.decide(e.id, kind, showId, this.now());
        this.decisionSync.record(this.photosOf(e.id), kind, showId);
      })
      .immediate();
    this.rematch([e]);
    return this.event(e.id)!;
  }

  private photosOf(eventId: string): string[] {
    return this.repo.photoIds([eventId]).get(eventId) ?? [];
  }

  /** The user says: this event is that show. Survives every re-match and re-clustering. */
  assign(eventId: string, showId: ShowId): EventView {
    if (!this.catalog.get(showId))
      throw new EncoreError('SHOW_NOT_FOUND', `no show ${showId} in the catalog`, { showId });
    return this.decideOn(eventId, 'assign', showId);
  }

  /** The user says: not this show. The event waits in the review queue; auto-matching leaves it. */
  unassign(eventId: string): EventView {
    return this.decideOn(eventId, 'unassign', this.resolve(eventId).showId);
  }

  markNotConcert(eventId: string): EventView {
    return this.decideOn(eventId, 'not-concert', null);
  }

  /** Forgets the user's decision: the event is matched automatically again. */
  clearDecision(eventId: string): EventView {
    const e = this.resolve(eventId);
    this.db
      .transaction(() => {
        this.state.clearDecision(e.id);
        this.decisionSync.record(this.photosOf(e.id), null, null);
      })
      .immediate();
    this.rematch([e]);
    return this.event(e.id)!;
  }

  events(options: { status?: EventStatus } = {}): EventView[] {
    const events = this.repo.all(options.status);
    return toEventViews(this.repo, this.catalog, events, !options.status, (e) => this.nearbyOf(e));
  }

  event(id: string): EventView | null {
    const e = this.repo.get(id);
    return e
      ? (toEventViews(this.repo, this.catalog, [e], false, (x) => this.nearbyOf(x))[0] ?? null)
      : null;
  }

  excluded(): { photoId: string; reason: Excluded['reason'] }[] {
    return this.repo.excluded();
  }
}

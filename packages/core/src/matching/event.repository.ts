// All SQL of events, their photos and candidates, excluded photos and user decisions.
import type { LocalDate, ShowId } from '../catalog/types.js';
import type { Db } from '../library/database.js';
import type { DecidedBy, EventId, EventStatus, ExclusionReason } from './types.js';

/** A photo as clustering reads it (positional for speed: 100,000 rows per rebuild). */
export type PhotoRow = [
  id: string,
  sortMs: number,
  takenAt: string | null,
  takenAtUtc: string | null,
  timeZone: string | null,
  timeSource: string | null,
  zoneSource: string | null,
  lat: number | null,
  lon: number | null,
  decisionKind: string | null,
  decisionShow: number | null,
  decisionSeq: number | null,
];

export interface StoredEvent {
  id: EventId;
  startMs: number;
  endMs: number;
  localDate: LocalDate;
  showDay: LocalDate;
  timeZone: string;
  zoneCertain: boolean;
  photoCount: number;
  gpsCount: number;
  lat: number | null;
  lon: number | null;
  city: { name: string; country: string; geonameId: number } | null;
  /** [geonameId, km] nearest first. */
  nearby: [number, number][];
  profile: [number, number][];
  inputHash: string;
  status: EventStatus;
  decidedBy: DecidedBy;
  showId: ShowId | null;
  matchedInput: string | null;
  decisionSeq: number | null;
}

/** Clustering output for one event, as written. */
export type EventInput = Omit<
  StoredEvent,
  'status' | 'decidedBy' | 'showId' | 'matchedInput' | 'decisionSeq'
>;

export interface StoredCandidate {
  showId: ShowId;
  score: number;
  reasons: string[];
}

export type DecisionKind = 'assign' | 'unassign' | 'not-concert';

export interface StoredDecision {
  kind: DecisionKind;
  showId: ShowId | null;
  seq: number;
}

export interface MatchOutcome {
  status: EventStatus;
  decidedBy: DecidedBy;
  showId: ShowId | null;
  candidates: StoredCandidate[];
  matchedInput: string;
  decisionSeq: number | null;
}

interface RawEvent {
  id: string;
  start_ms: number;
  end_ms: number;
  local_date: string;
  show_day: string;
  time_zone: string;
  zone_certain: number;
  photo_count: number;
  gps_count: number;
  lat: number | null;
  lon: number | null;
  city_id: number | null;
  city_name: string | null;
  city_country: string | null;
  nearby_cities: string;
  profile: string;
  input_hash: string;
  status: string;
  decided_by: string;
  show_id: number | null;
  matched_input: string | null;
  decision_seq: number | null;
}

function fromRow(r: RawEvent): StoredEvent {
  return {
    id: r.id as EventId,
    startMs: r.start_ms,
    endMs: r.end_ms,
    localDate: r.local_date as LocalDate,
    showDay: r.show_day as LocalDate,
    timeZone: r.time_zone,
    zoneCertain: r.zone_certain === 1,
    photoCount: r.photo_count,
    gpsCount: r.gps_count,
    lat: r.lat,
    lon: r.lon,
    city:
      r.city_id !== null
        ? { name: r.city_name ?? '', country: r.city_country ?? '', geonameId: r.city_id }
        : null,
    nearby: JSON.parse(r.nearby_cities) as [number, number][],
    profile: JSON.parse(r.profile) as [number, number][],
    inputHash: r.input_hash,
    status: r.status as EventStatus,
    decidedBy: r.decided_by as DecidedBy,
    showId: r.show_id as ShowId | null,
    matchedInput: r.matched_input,
    decisionSeq: r.decision_seq,
  };
}

export class EventRepository {
  constructor(private readonly db: Db) {}

  /** Every live photo, oldest first, with the user's decision on it. */
  photosForClustering(): PhotoRow[] {
    return this.db
      .prepare(
        `SELECT p.id, p.sort_ms, p.taken_at, p.taken_at_utc, p.time_zone, p.time_source, p.zone_source,
           p.lat, p.lon, d.kind, d.show_id, d.seq
         FROM photos p LEFT JOIN match_decisions d ON d.photo_id = p.id
         WHERE p.orphaned_at IS NULL ORDER BY p.sort_ms, p.id`,
      )
      .raw()
      .all() as PhotoRow[];
  }

  /** photo id -> event id. */
  membership(): Map<string, string> {
    const rows = this.db.prepare(`SELECT photo_id, event_id FROM event_photos`).raw().all() as [
      string,
      string,
    ][];
    return new Map(rows);
  }

  inputHashes(): Map<string, string> {
    const rows = this.db.prepare(`SELECT id, input_hash FROM events`).raw().all() as [
      string,
      string,
    ][];
    return new Map(rows);
  }

  /** Writes one rebuild: changed events with their photos, removals, and the excluded photos. */
  saveClustering(
    changed: { event: EventInput; photoIds: string[] }[],
    removed: string[],
    excluded: { photoId: string; reason: ExclusionReason }[],
    now: Date,
  ): void {
    const at = now.toISOString();
    const del = this.db.prepare(`DELETE FROM events WHERE id = ?`);
    const clear = this.db.prepare(`DELETE FROM event_photos WHERE event_id = ?`);
    const upsert = this.db.prepare(
      `INSERT INTO events (id, start_ms, end_ms, local_date, show_day, time_zone, zone_certain,
         photo_count, gps_count, lat, lon, city_id, city_name, city_country, nearby_cities, profile,
         input_hash, created_at, updated_at)
       VALUES (@id, @startMs, @endMs, @localDate, @showDay, @timeZone, @zoneCertain, @photoCount,
         @gpsCount, @lat, @lon, @cityId, @cityName, @cityCountry, @nearby, @profile, @inputHash, @at, @at)
       ON CONFLICT (id) DO UPDATE SET start_ms = excluded.start_ms, end_ms = excluded.end_ms,
         local_date = excluded.local_date, show_day = excluded.show_day, time_zone = excluded.time_zone,
         zone_certain = excluded.zone_certain, photo_count = excluded.photo_count,
         gps_count = excluded.gps_count, lat = excluded.lat, lon = excluded.lon, city_id = excluded.city_id,
         city_name = excluded.city_name, city_country = excluded.city_country,
         nearby_cities = excluded.nearby_cities, profile = excluded.profile,
         input_hash = excluded.input_hash, updated_at = excluded.updated_at`,
    );
    const member = this.db.prepare(
      `INSERT OR REPLACE INTO event_photos (photo_id, event_id) VALUES (?, ?)`,
    );
    const exclude = this.db.prepare(`INSERT INTO excluded_photos (photo_id, reason) VALUES (?, ?)`);
    this.db
      .transaction(() => {
        for (const id of removed) del.run(id);
        for (const { event } of changed) clear.run(event.id);
        for (const { event: e, photoIds } of changed) {
          upsert.run({
            id: e.id,
            startMs: e.startMs,
            endMs: e.endMs,
            localDate: e.localDate,
            showDay: e.showDay,
            timeZone: e.timeZone,
            photoCount: e.photoCount,
            gpsCount: e.gpsCount,
            lat: e.lat,
            lon: e.lon,
            inputHash: e.inputHash,
            zoneCertain: e.zoneCertain ? 1 : 0,
            cityId: e.city?.geonameId ?? null,
            cityName: e.city?.name ?? null,
            cityCountry: e.city?.country ?? null,
            nearby: JSON.stringify(e.nearby),
            profile: JSON.stringify(e.profile),
            at,
          });
          for (const p of photoIds) member.run(p, e.id);
        }
        this.db.exec(`DELETE FROM excluded_photos`);
        for (const x of excluded) exclude.run(x.photoId, x.reason);
        // Decisions on photos that left the library for good go with them.
        this.db.exec(`DELETE FROM match_decisions WHERE photo_id NOT IN (SELECT id FROM photos)`);
      })
      .immediate();
  }

  all(status?: EventStatus): StoredEvent[] {
    const rows = status
      ? this.db.prepare(`SELECT * FROM events WHERE status = ? ORDER BY start_ms, id`).all(status)
      : this.db.prepare(`SELECT * FROM events ORDER BY start_ms, id`).all();
    return (rows as RawEvent[]).map(fromRow);
  }

  get(id: string): StoredEvent | null {
    const r = this.db.prepare(`SELECT * FROM events WHERE id = ?`).get(id) as RawEvent | undefined;
    return r ? fromRow(r) : null;
  }

  /** Ids starting with `prefix` (at most 2: enough to tell unique from ambiguous). */
  idsStartingWith(prefix: string): string[] {
    const rows = this.db
      .prepare(`SELECT id FROM events WHERE id >= ? AND id < ? ORDER BY id LIMIT 2`)
      .raw()
      .all(prefix, `${prefix}\uffff`) as [string][];
    return rows.map((r) => r[0]);
  }

  /** event id -> photo ids in time order. */
  photoIds(eventIds: string[] | null): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const stmt = this.db.prepare(
      `SELECT ep.event_id, ep.photo_id FROM event_photos ep JOIN photos p ON p.id = ep.photo_id
       ${eventIds ? 'WHERE ep.event_id = ?' : ''} ORDER BY p.sort_ms, p.id`,
    );
    const rows = (eventIds ? eventIds.flatMap((id) => stmt.raw().all(id)) : stmt.raw().all()) as [
      string,
      string,
    ][];
    for (const [e, p] of rows) {
      const list = out.get(e);
      if (list) list.push(p);
      else out.set(e, [p]);
    }
    return out;
  }

  candidates(eventIds: string[] | null): Map<string, StoredCandidate[]> {
    const out = new Map<string, StoredCandidate[]>();
    const stmt = this.db.prepare(
      `SELECT event_id, show_id, score, reasons FROM event_candidates
       ${eventIds ? 'WHERE event_id = ?' : ''} ORDER BY event_id, rank`,
    );
    const rows = (eventIds ? eventIds.flatMap((id) => stmt.raw().all(id)) : stmt.raw().all()) as [
      string,
      number,
      number,
      string,
    ][];
    for (const [e, showId, score, reasons] of rows) {
      const c = { showId: showId as ShowId, score, reasons: JSON.parse(reasons) as string[] };
      const list = out.get(e);
      if (list) list.push(c);
      else out.set(e, [c]);
    }
    return out;
  }

  saveOutcomes(outcomes: Map<string, MatchOutcome>, now: Date): void {
    const at = now.toISOString();
    const update = this.db.prepare(
      `UPDATE events SET status = ?, decided_by = ?, show_id = ?, matched_input = ?, decision_seq = ?,
         matched_at = ?, updated_at = ? WHERE id = ?`,
    );
    const clear = this.db.prepare(`DELETE FROM event_candidates WHERE event_id = ?`);
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO event_candidates (event_id, show_id, rank, score, reasons) VALUES (?, ?, ?, ?, ?)`,
    );
    this.db
      .transaction(() => {
        for (const [id, o] of outcomes) {
          update.run(o.status, o.decidedBy, o.showId, o.matchedInput, o.decisionSeq, at, at, id);
          clear.run(id);
          o.candidates.forEach((c, rank) =>
            insert.run(id, c.showId, rank, c.score, JSON.stringify(c.reasons)),
          );
        }
      })
      .immediate();
  }

  /** The latest decision among each event's photos. */
  decisions(): Map<string, StoredDecision> {
    // SQLite: with max(), the bare columns come from the row holding the maximum.
    const rows = this.db
      .prepare(
        `SELECT ep.event_id, d.kind, d.show_id, max(d.seq) FROM event_photos ep
         JOIN match_decisions d ON d.photo_id = ep.photo_id GROUP BY ep.event_id`,
      )
      .raw()
      .all() as [string, DecisionKind, number | null, number][];
    return new Map(
      rows.map(([e, kind, showId, seq]) => [e, { kind, showId: showId as ShowId | null, seq }]),
    );
  }

  /** Records a decision on every photo of the event; returns its sequence number. */
  decide(eventId: string, kind: DecisionKind, showId: ShowId | null, now: Date): number {
    return this.db
      .transaction(() => {
        const { seq } = this.db
          .prepare(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM match_decisions`)
          .get() as { seq: number };
        this.db
          .prepare(
            `INSERT OR REPLACE INTO match_decisions (photo_id, kind, show_id, seq, decided_at)
             SELECT photo_id, ?, ?, ?, ? FROM event_photos WHERE event_id = ?`,
          )
          .run(kind, showId, seq, now.toISOString(), eventId);
        return seq;
      })
      .immediate();
  }

  clearDecision(eventId: string): void {
    this.db
      .prepare(
        `DELETE FROM match_decisions WHERE photo_id IN (SELECT photo_id FROM event_photos WHERE event_id = ?)`,
      )
      .run(eventId);
  }

  /** The catalog change-feed cursor matching has caught up with (0: never matched). */
  catalogCursor(): number {
    const row = this.db
      .prepare(`SELECT value FROM match_state WHERE key = 'catalogCursor'`)
      .get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  setCatalogCursor(cursor: number): void {
    this.db
      .prepare(
        `INSERT INTO match_state (key, value) VALUES ('catalogCursor', ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      )
      .run(String(cursor));
  }

  /** Events per status, plus how many carry a user decision. */
  counts(): Record<EventStatus | 'user', number> {
    const out = { matched: 0, ambiguous: 0, unmatched: 0, 'not-concert': 0, user: 0 };
    const rows = this.db
      .prepare(`SELECT status, decided_by, count(*) FROM events GROUP BY status, decided_by`)
      .raw()
      .all() as [EventStatus, DecidedBy, number][];
    for (const [status, by, n] of rows) {
      out[status] += n;
      if (by === 'user') out.user += n;
    }
    return out;
  }

  excluded(): { photoId: string; reason: ExclusionReason }[] {
    return (
      this.db
        .prepare(`SELECT photo_id, reason FROM excluded_photos ORDER BY reason, photo_id`)
        .raw()
        .all() as [string, ExclusionReason][]
    ).map(([photoId, reason]) => ({ photoId, reason }));
  }
}

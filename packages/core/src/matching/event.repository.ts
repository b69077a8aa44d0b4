// SQL of events, their candidates and the photos kept out of events.
import type { ShowId } from '../catalog/types.js';
import type { Db } from '../library/database.js';
import {
  fromRow,
  type EventInput,
  type MatchOutcome,
  type PhotoRow,
  type RawEvent,
  type StoredCandidate,
  type StoredEvent,
} from './event.records.js';
import type { DecidedBy, EventStatus, ExclusionReason, RebuildSummary } from './types.js';

export type { EventInput, MatchOutcome, PhotoRow, StoredCandidate, StoredEvent };

// Everything but the photo list, which only the views and re-clustering read.
const COLUMNS = `id, start_ms, end_ms, local_date, show_day, time_zone, zone_certain, photo_count,
  gps_count, lat, lon, city_id, city_name, city_country, profile, input_hash, status,
  decided_by, show_id, matched_input, decision_seq`;

export class EventRepository {
  constructor(private readonly db: Db) {}

  /** Every live photo, oldest first. */
  photosForClustering(): PhotoRow[] {
    return this.db
      .prepare(
        `SELECT id, sort_ms, taken_at, time_zone,
           zone_source IN ('exif-offset', 'gps-lookup', 'xmp-offset', 'iptc-offset'),
           time_source = 'file-mtime', lat, lon, city_id
         FROM photos WHERE orphaned_at IS NULL ORDER BY sort_ms, id`,
      )
      .raw()
      .all() as PhotoRow[];
  }

  /** photo id -> event id, from the photo lists of the given events. */
  membership(eventIds: string[]): Map<string, string> {
    const out = new Map<string, string>();
    if (eventIds.length === 0) return out;
    const rows = this.db
      .prepare(`SELECT id, photo_ids FROM events WHERE id IN (SELECT value FROM json_each(?))`)
      .raw()
      .all(JSON.stringify(eventIds)) as [string, string][];
    for (const [id, photos] of rows) for (const p of JSON.parse(photos) as string[]) out.set(p, id);
    return out;
  }

  /** Names of GeoNames cities as ingest stored them on photos. */
  cityNames(ids: number[]): Map<number, { name: string; country: string }> {
    if (ids.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT city_id, city_name, city_country FROM photos
         WHERE city_id IN (SELECT value FROM json_each(?)) GROUP BY city_id`,
      )
      .raw()
      .all(JSON.stringify(ids)) as [number, string | null, string | null][];
    return new Map(
      rows.map(([id, name, country]) => [id, { name: name ?? '', country: country ?? '' }]),
    );
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
    const upsert = this.db.prepare(
      `INSERT INTO events (id, start_ms, end_ms, local_date, show_day, time_zone, zone_certain,
         photo_count, photo_ids, gps_count, lat, lon, city_id, city_name, city_country, profile,
         input_hash, created_at, updated_at)
       VALUES (@id, @startMs, @endMs, @localDate, @showDay, @timeZone, @zoneCertain, @photoCount,
         @photoIds, @gpsCount, @lat, @lon, @cityId, @cityName, @cityCountry, @profile, @inputHash,
         @at, @at)
       ON CONFLICT (id) DO UPDATE SET start_ms = excluded.start_ms, end_ms = excluded.end_ms,
         local_date = excluded.local_date, show_day = excluded.show_day, time_zone = excluded.time_zone,
         zone_certain = excluded.zone_certain, photo_count = excluded.photo_count,
         photo_ids = excluded.photo_ids, gps_count = excluded.gps_count, lat = excluded.lat,
         lon = excluded.lon, city_id = excluded.city_id, city_name = excluded.city_name,
         city_country = excluded.city_country, profile = excluded.profile, input_hash = excluded.input_hash, updated_at = excluded.updated_at`,
    );
    const exclude = this.db.prepare(`INSERT INTO excluded_photos (photo_id, reason) VALUES (?, ?)`);
    this.db
      .transaction(() => {
        for (const id of removed) del.run(id);
        for (const { event: e, photoIds } of changed) {
          upsert.run({
            id: e.id,
            startMs: e.startMs,
            endMs: e.endMs,
            localDate: e.localDate,
            showDay: e.showDay,
            timeZone: e.timeZone,
            zoneCertain: e.zoneCertain ? 1 : 0,
            photoCount: e.photoCount,
            photoIds: JSON.stringify(photoIds),
            gpsCount: e.gpsCount,
            lat: e.lat,
            lon: e.lon,
            cityId: e.city?.geonameId ?? null,
            cityName: e.city?.name ?? null,
            cityCountry: e.city?.country ?? null,
            profile: JSON.stringify(e.profile),
            inputHash: e.inputHash,
            at,
          });
        }
        this.db.exec(`DELETE FROM excluded_photos`);
        for (const x of excluded) exclude.run(x.photoId, x.reason);
      })
      .immediate();
  }

  all(status?: EventStatus): StoredEvent[] {
    const rows = status
      ? this.db
          .prepare(`SELECT ${COLUMNS} FROM events WHERE status = ? ORDER BY start_ms, id`)
          .all(status)
      : this.db.prepare(`SELECT ${COLUMNS} FROM events ORDER BY start_ms, id`).all();
    return (rows as RawEvent[]).map(fromRow);
  }

  get(id: string): StoredEvent | null {
    const r = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE id = ?`).get(id) as
      RawEvent | undefined;
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
    const stmt = this.db.prepare(
      `SELECT id, photo_ids FROM events ${eventIds ? 'WHERE id = ?' : ''}`,
    );
    const rows = (eventIds ? eventIds.flatMap((id) => stmt.raw().all(id)) : stmt.raw().all()) as [
      string,
      string,
    ][];
    return new Map(rows.map(([id, photos]) => [id, JSON.parse(photos) as string[]]));
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

  /** What a rebuild that changed nothing reports. */
  unchangedSummary(): RebuildSummary {
    const { events, photos } = this.db
      .prepare(`SELECT count(*) AS events, coalesce(sum(photo_count), 0) AS photos FROM events`)
      .get() as { events: number; photos: number };
    const excluded = this.db
      .prepare(
        `SELECT reason, count(*) AS photos FROM excluded_photos GROUP BY reason ORDER BY reason`,
      )
      .all() as RebuildSummary['excluded'];
    return { events, created: 0, changed: 0, removed: 0, unchanged: events, photos, excluded };
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

// Test helpers: a temporary library, photo rows written straight into it (as ingest would
// store them), and catalog rows in the migration-002 tables.
import { createHash } from 'node:crypto';
import { Library } from '../../library/library.js';
import { formatLocal, formatUtc, offsetAt, zonedWallToUtc } from '../../metadata/time-zone.js';
import { tempDir } from '../../testing/temp.js';

export const PLACES = {
  berlin: { lat: 52.52437, lon: 13.41053, cityId: 2950159, city: 'Berlin', country: 'DE' },
  tokyo: { lat: 35.6895, lon: 139.69171, cityId: 1850147, city: 'Tokyo', country: 'JP' },
  newYork: { lat: 40.71427, lon: -74.00597, cityId: 5128581, city: 'New York', country: 'US' },
  london: { lat: 51.50853, lon: -0.12574, cityId: 2643743, city: 'London', country: 'GB' },
} as const;

export function openTestLibrary(cleanups: (() => void)[]): Library {
  const t = tempDir('encore-match-');
  cleanups.push(t.cleanup);
  const lib = Library.open(t.dir);
  cleanups.unshift(() => lib.close());
  return lib;
}

export interface PhotoSpec {
  /** Local wall time "2024-10-26T22:00" in `zone`; or give `utc`. */
  local?: string;
  utc?: string;
  zone: string;
  zoneSource?: 'exif-offset' | 'gps-lookup' | 'home-zone' | 'utc';
  timeSource?: 'exif-original' | 'file-mtime' | 'video';
  at?: { lat: number; lon: number } | null;
  /** Shifts the recorded instant (a camera clock that is off). */
  clockOffMinutes?: number;
}

let counter = 0;

export function photoId(label: string): string {
  return createHash('sha256').update(`${label}:${counter++}`).digest('hex');
}

function utcOf(spec: PhotoSpec): number {
  if (spec.utc) return Date.parse(spec.utc);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(spec.local ?? '');
  if (!m) throw new Error(`bad local time ${spec.local}`);
  const [, y, mo, d, h, mi] = m.map(Number) as number[];
  return zonedWallToUtc(
    { year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: 0, millisecond: 0 },
    spec.zone,
  ).utcMs;
}

/** Inserts photos; returns their ids in the given order. */
export function addPhotos(lib: Library, specs: PhotoSpec[]): string[] {
  const insert = lib.db.prepare(
    `INSERT INTO photos (id, size, format, kind, taken_at, taken_at_utc, sort_ms, time_zone, time_source,
       zone_source, lat, lon, created_at, updated_at)
     VALUES (?, 1000, 'jpeg', 'image', ?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01', '2024-01-01')`,
  );
  return specs.map((s) => {
    const id = photoId(s.local ?? s.utc ?? '');
    const utcMs = utcOf(s) + (s.clockOffMinutes ?? 0) * 60_000;
    const offset = offsetAt(utcMs, s.zone);
    insert.run(
      id,
      formatLocal(utcMs, offset),
      formatUtc(utcMs),
      utcMs,
      s.zone,
      s.timeSource ?? 'exif-original',
      s.zoneSource ?? (s.at ? 'gps-lookup' : 'home-zone'),
      s.at?.lat ?? null,
      s.at?.lon ?? null,
    );
    return id;
  });
}

/** Photos every `everyMinutes` from `from` to `to` (local wall times in `zone`). */
export function series(
  from: string,
  to: string,
  everyMinutes: number,
  base: Omit<PhotoSpec, 'local' | 'utc'>,
): PhotoSpec[] {
  const start = utcOf({ ...base, local: from });
  const end = utcOf({ ...base, local: to });
  const out: PhotoSpec[] = [];
  for (let t = start; t <= end; t += everyMinutes * 60_000)
    out.push({ ...base, utc: new Date(t).toISOString() });
  return out;
}

export interface CatalogShowSpec {
  date: string;
  venue: string;
  place: { lat: number; lon: number; cityId: number; city: string; country: string };
  artists: string[];
}

/** Inserts a show with its venue, line-up and one setlist per artist; returns its id. */
export function addCatalogShow(lib: Library, s: CatalogShowSpec): number {
  const now = '2024-01-01T00:00:00.000Z';
  const db = lib.db;
  const venue = db
    .prepare(
      `INSERT INTO venues (name, city_name, city_geoname_id, country, city_lat, city_lon, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      s.venue,
      s.place.city,
      s.place.cityId,
      s.place.country,
      s.place.lat,
      s.place.lon,
      now,
      now,
    );
  const show = db
    .prepare(
      `INSERT INTO shows (date, venue_id, origin, created_at, updated_at) VALUES (?, ?, 'manual', ?, ?)`,
    )
    .run(s.date, venue.lastInsertRowid, now, now);
  s.artists.forEach((name, i) => {
    const a = db.prepare(`INSERT INTO artists (name) VALUES (?)`).run(name);
    db.prepare(`INSERT INTO show_artists (show_id, artist_id, position) VALUES (?, ?, ?)`).run(
      show.lastInsertRowid,
      a.lastInsertRowid,
      i,
    );
    db.prepare(`INSERT INTO setlists (show_id, artist_id, setlistfm_id) VALUES (?, ?, ?)`).run(
      show.lastInsertRowid,
      a.lastInsertRowid,
      `${name.slice(0, 3)}${show.lastInsertRowid}`,
    );
  });
  return Number(show.lastInsertRowid);
}

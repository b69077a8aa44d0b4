import type { LocalDateTime, PhotoId, UtcInstant } from '../domain/ids.js';
import type { MediaFormat, MediaKind } from '../media/format.js';
import type { City, TimeSource, ZoneSource } from '../metadata/types.js';
import type { Db } from './database.js';

export interface PhotoRecord {
  id: PhotoId;
  size: number;
  format: MediaFormat;
  kind: MediaKind;
  width: number | null;
  height: number | null;
  orientation: number;
  takenAt: LocalDateTime | null;
  takenAtUtc: UtcInstant | null;
  timeZone: string | null;
  timeSource: TimeSource | null;
  zoneSource: ZoneSource | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  make: string | null;
  model: string | null;
  city: City | null;
  thumbhash: string | null;
  phash: string | null;
  placeholder: boolean;
  starred: boolean;
  /** 0-5 stars, null when unrated (synced). */
  rating: number | null;
  /** The user's caption (synced). */
  caption: string | null;
}

interface RawPhoto {
  id: string;
  size: number;
  format: string;
  kind: string;
  width: number | null;
  height: number | null;
  orientation: number;
  taken_at: string | null;
  taken_at_utc: string | null;
  time_zone: string | null;
  time_source: string | null;
  zone_source: string | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  make: string | null;
  model: string | null;
  city_id: number | null;
  city_name: string | null;
  city_country: string | null;
  thumbhash: string | null;
  phash: string | null;
  placeholder: number;
  starred: number;
  rating: number | null;
  caption: string | null;
  sort_ms: number;
}

export function photoFromRow(r: RawPhoto): PhotoRecord {
  return {
    id: r.id as PhotoId,
    size: r.size,
    format: r.format as MediaFormat,
    kind: r.kind as MediaKind,
    width: r.width,
    height: r.height,
    orientation: r.orientation,
    takenAt: r.taken_at as LocalDateTime | null,
    takenAtUtc: r.taken_at_utc as UtcInstant | null,
    timeZone: r.time_zone,
    timeSource: r.time_source as TimeSource | null,
    zoneSource: r.zone_source as ZoneSource | null,
    lat: r.lat,
    lon: r.lon,
    alt: r.alt,
    make: r.make,
    model: r.model,
    city:
      r.city_id != null
        ? { geonameId: r.city_id, name: r.city_name ?? '', country: r.city_country ?? '' }
        : null,
    thumbhash: r.thumbhash,
    phash: r.phash,
    placeholder: r.placeholder === 1,
    starred: r.starred === 1,
    rating: r.rating,
    caption: r.caption,
  };
}

export interface PhotoPageQuery {
  limit: number;
  /** Keyset cursor: the last row of the previous page. */
  after?: { sortMs: number; id: string } | null;
  fromMs?: number | null;
  toMs?: number | null;
  cityId?: number | null;
  starredOnly?: boolean;
}

export type PhotoFilter = Pick<PhotoPageQuery, 'fromMs' | 'toMs' | 'cityId' | 'starredOnly'>;

/** The grid's filters as SQL over the (sort_ms, id) and (city_id, sort_ms, id) indexes. */
function filterClause(q: PhotoFilter): {
  where: string[];
  params: Record<string, number | string>;
} {
  const where: string[] = ['orphaned_at IS NULL'];
  const params: Record<string, number | string> = {};
  if (q.cityId != null) {
    where.push('city_id = @cityId');
    params.cityId = q.cityId;
  }
  if (q.fromMs != null) {
    where.push('sort_ms >= @fromMs');
    params.fromMs = q.fromMs;
  }
  if (q.toMs != null) {
    where.push('sort_ms <= @toMs');
    params.toMs = q.toMs;
  }
  if (q.starredOnly) where.push('starred = 1');
  return { where, params };
}

export interface PhotoPage {
  items: PhotoRecord[];
  last: { sortMs: number; id: string } | null;
}

const COLUMNS = `id, size, format, kind, width, height, orientation, taken_at, taken_at_utc, time_zone,
  time_source, zone_source, lat, lon, alt, make, model, city_id, city_name, city_country, thumbhash,
  phash, placeholder, starred, rating, caption, sort_ms`;

export class PhotoRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare(`SELECT ${COLUMNS} FROM photos WHERE id = ?`),
      hasRenditions: db.prepare(
        `SELECT p.id FROM photos p WHERE p.id = ? AND (SELECT count(*) FROM thumbnails t WHERE t.photo_id = p.id) >= ?`,
      ),
      upsert:
        db.prepare(`INSERT INTO photos (id, size, format, kind, width, height, orientation, taken_at,
          taken_at_utc, sort_ms, time_zone, time_source, zone_source, lat, lon, alt, make, model, city_id,
          city_name, city_country, thumbhash, phash, placeholder, created_at, updated_at)
        VALUES (@id, @size, @format, @kind, @width, @height, @orientation, @takenAt, @takenAtUtc, @sortMs,
          @timeZone, @timeSource, @zoneSource, @lat, @lon, @alt, @make, @model, @cityId, @cityName,
          @cityCountry, @thumbhash, @phash, @placeholder, @now, @now)
        ON CONFLICT (id) DO UPDATE SET format = excluded.format, kind = excluded.kind, width = excluded.width,
          height = excluded.height, orientation = excluded.orientation, taken_at = excluded.taken_at,
          taken_at_utc = excluded.taken_at_utc, sort_ms = excluded.sort_ms, time_zone = excluded.time_zone,
          time_source = excluded.time_source, zone_source = excluded.zone_source, lat = excluded.lat,
          lon = excluded.lon, alt = excluded.alt, make = excluded.make, model = excluded.model,
          city_id = excluded.city_id, city_name = excluded.city_name, city_country = excluded.city_country,
          thumbhash = excluded.thumbhash, phash = excluded.phash, placeholder = excluded.placeholder,
          orphaned_at = NULL, updated_at = excluded.updated_at`),
      orphan: db.prepare(
        `UPDATE photos SET orphaned_at = ? WHERE id = ? AND orphaned_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.photo_id = photos.id)`,
      ),
      unorphan: db.prepare(
        `UPDATE photos SET orphaned_at = NULL WHERE id = ? AND orphaned_at IS NOT NULL`,
      ),
      orphansBefore: db.prepare(
        `SELECT id FROM photos WHERE orphaned_at IS NOT NULL AND orphaned_at <= ?
           AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.photo_id = photos.id)`,
      ),
      delete: db.prepare(`DELETE FROM photos WHERE id = ?`),
      count: db.prepare(`SELECT count(*) AS n FROM photos WHERE orphaned_at IS NULL`),
      setStarred: db.prepare(`UPDATE photos SET starred = ?, updated_at = ? WHERE id = ?`),
      setRating: db.prepare(`UPDATE photos SET rating = ?, updated_at = ? WHERE id = ?`),
      setCaption: db.prepare(`UPDATE photos SET caption = ?, updated_at = ? WHERE id = ?`),
    };
  }

  get(id: PhotoId): PhotoRecord | null {
    const r = this.stmts.get.get(id) as RawPhoto | undefined;
    return r ? photoFromRow(r) : null;
  }

  /** True when the photo exists with all its renditions, so a copy needs no decode. */
  isComplete(id: PhotoId, renditionCount: number): boolean {
    return this.stmts.hasRenditions.get(id, renditionCount) !== undefined;
  }

  upsert(p: PhotoRecord, now: Date): void {
    this.stmts.upsert.run({
      id: p.id,
      size: p.size,
      format: p.format,
      kind: p.kind,
      width: p.width,
      height: p.height,
      orientation: p.orientation,
      takenAt: p.takenAt,
      takenAtUtc: p.takenAtUtc,
      sortMs: p.takenAtUtc ? Date.parse(p.takenAtUtc) : 0,
      timeZone: p.timeZone,
      timeSource: p.timeSource,
      zoneSource: p.zoneSource,
      lat: p.lat,
      lon: p.lon,
      alt: p.alt,
      make: p.make,
      model: p.model,
      cityId: p.city?.geonameId ?? null,
      cityName: p.city?.name ?? null,
      cityCountry: p.city?.country ?? null,
      thumbhash: p.thumbhash,
      phash: p.phash,
      placeholder: p.placeholder ? 1 : 0,
      now: now.toISOString(),
    });
  }

  /** Marks the photo orphaned when no location points at it any more. */
  orphanIfUnreferenced(id: PhotoId, nowMs: number): boolean {
    return this.stmts.orphan.run(nowMs, id).changes > 0;
  }

  unorphan(id: PhotoId): void {
    this.stmts.unorphan.run(id);
  }

  orphansBefore(cutoffMs: number): PhotoId[] {
    return (this.stmts.orphansBefore.all(cutoffMs) as { id: string }[]).map((r) => r.id as PhotoId);
  }

  delete(id: PhotoId): void {
    this.stmts.delete.run(id);
  }

  count(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }

  /** Photo ids starting with a hex prefix (at most `limit`), for ids typed by a person. */
  idsWithPrefix(prefix: string, limit = 2): PhotoId[] {
    return (
      this.db
        .prepare(
          `SELECT id FROM photos WHERE id >= ? AND id < ? AND orphaned_at IS NULL ORDER BY id LIMIT ?`,
        )
        .all(prefix, prefix + 'g', limit) as { id: string }[]
    ).map((r) => r.id as PhotoId);
  }

  setRating(id: PhotoId, rating: number | null, now: Date): boolean {
    return this.stmts.setRating.run(rating, now.toISOString(), id).changes > 0;
  }

  setCaption(id: PhotoId, caption: string | null, now: Date): boolean {
    return this.stmts.setCaption.run(caption, now.toISOString(), id).changes > 0;
  }

  setStarred(id: PhotoId, starred: boolean, now: Date): boolean {
    return this.stmts.setStarred.run(starred ? 1 : 0, now.toISOString(), id).changes > 0;
  }

  /** A page of the grid, newest first, by keyset (never OFFSET: deep pages stay fast). */
  page(q: PhotoPageQuery): PhotoPage {
    const { where, params } = filterClause(q);
    if (q.after) {
      where.push('(sort_ms < @afterMs OR (sort_ms = @afterMs AND id < @afterId))');
      params.afterMs = q.after.sortMs;
      params.afterId = q.after.id;
    }
    params.limit = q.limit;
    const sql = `SELECT ${COLUMNS} FROM photos WHERE ${where.join(' AND ')} ORDER BY sort_ms DESC, id DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as RawPhoto[];
    const lastRow = rows.length === q.limit ? rows[rows.length - 1] : undefined;
    return {
      items: rows.map(photoFromRow),
      last: lastRow ? { sortMs: lastRow.sort_ms, id: lastRow.id } : null,
    };
  }

  countWhere(q: PhotoFilter): number {
    const { where, params } = filterClause(q);
    const sql = `SELECT count(*) AS n FROM photos WHERE ${where.join(' AND ')}`;
    return (this.db.prepare(sql).get(params) as { n: number }).n;
  }

  /** Every photo, oldest first; for listings and exports. */
  *all(options: { starredOnly?: boolean } = {}): Generator<PhotoRecord> {
    const sql = `SELECT ${COLUMNS} FROM photos WHERE orphaned_at IS NULL ${options.starredOnly ? 'AND starred = 1' : ''}
      ORDER BY sort_ms, id`;
    for (const r of this.db.prepare(sql).iterate() as Iterable<RawPhoto>) yield photoFromRow(r);
  }

  /** Photos stored at more than one place: byte-identical copies collapsed into one photo. */
  withSeveralLocations(): PhotoId[] {
    return (
      this.db
        .prepare(
          `SELECT photo_id AS id FROM locations WHERE photo_id IS NOT NULL GROUP BY photo_id HAVING count(*) > 1 ORDER BY photo_id`,
        )
        .all() as { id: string }[]
    ).map((r) => r.id as PhotoId);
  }

  phashes(): { id: PhotoId; phash: string }[] {
    // A perceptual hash of a tile-sized image says nothing: every flat 8x8 stub looks alike.
    return this.db
      .prepare(
        `SELECT id, phash FROM photos WHERE phash IS NOT NULL AND placeholder = 0 AND orphaned_at IS NULL
           AND width >= 64 AND height >= 64`,
      )
      .all() as { id: PhotoId; phash: string }[];
  }
}

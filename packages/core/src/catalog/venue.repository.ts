// Venues own their SQL here. A venue is found by its setlist.fm id, or by name + city +
// country (ignoring case) for venues typed by people, so a CSV row and a setlist.fm import
// of the same hall end up on one venue.
import type { Db } from '../library/database.js';
import type { VenueDraft } from './show-draft.js';
import type { VenueId, VenueRecord } from './types.js';

export interface VenueRow {
  id: number;
  name: string;
  setlistfm_id: string | null;
  city_name: string | null;
  city_geoname_id: number | null;
  country: string | null;
  city_lat: number | null;
  city_lon: number | null;
  lat: number | null;
  lon: number | null;
}

export const VENUE_COLUMNS =
  'id, name, setlistfm_id, city_name, city_geoname_id, country, city_lat, city_lon, lat, lon';

export function venueFromRow(r: VenueRow): VenueRecord {
  return {
    id: r.id as VenueId,
    name: r.name,
    setlistfmId: r.setlistfm_id,
    cityName: r.city_name,
    cityGeonameId: r.city_geoname_id,
    country: r.country,
    cityLat: r.city_lat,
    cityLon: r.city_lon,
    lat: r.lat,
    lon: r.lon,
  };
}

// Draft field -> column. A draft's null means "not known here", never "erase".
const FIELDS = [
  ['name', 'name'],
  ['setlistfmId', 'setlistfm_id'],
  ['cityName', 'city_name'],
  ['cityGeonameId', 'city_geoname_id'],
  ['country', 'country'],
  ['cityLat', 'city_lat'],
  ['cityLon', 'city_lon'],
  ['lat', 'lat'],
  ['lon', 'lon'],
] as const satisfies readonly (readonly [keyof VenueDraft & keyof VenueRecord, string])[];

/** Fields people type, matched ignoring case: a different case is no change. */
const CASELESS = new Set<string>(['name', 'cityName', 'country']);

export class VenueRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare(`SELECT ${VENUE_COLUMNS} FROM venues WHERE id = ?`),
      bySetlistfmId: db.prepare(`SELECT ${VENUE_COLUMNS} FROM venues WHERE setlistfm_id = ?`),
      // Unknown country on either side matches, so "Berlin" typed without one still meets
      // the setlist.fm venue; venues with a setlist.fm id are preferred, then the oldest.
      byName: db.prepare(
        `SELECT ${VENUE_COLUMNS} FROM venues
          WHERE name = @name COLLATE NOCASE
            AND coalesce(city_name, '') = coalesce(@city, '') COLLATE NOCASE
            AND (@country IS NULL OR country IS NULL OR country = @country COLLATE NOCASE)
            AND (@unlinkedOnly = 0 OR setlistfm_id IS NULL)
          ORDER BY setlistfm_id IS NULL, id LIMIT 1`,
      ),
      touchShows: db.prepare(`UPDATE shows SET updated_at = ? WHERE venue_id = ?`),
      insert: db.prepare(
        `INSERT INTO venues (name, setlistfm_id, city_name, city_geoname_id, country, city_lat,
           city_lon, lat, lon, setlistfm_as_of, created_at, updated_at)
         VALUES (@name, @setlistfmId, @cityName, @cityGeonameId, @country, @cityLat, @cityLon,
           @lat, @lon, @asOf, @now, @now)`,
      ),
    };
  }

  get(id: VenueId): VenueRecord | null {
    const r = this.stmts.get.get(id) as VenueRow | undefined;
    return r ? venueFromRow(r) : null;
  }

  /** The venue this draft describes, or null. */
  find(v: VenueDraft): VenueRecord | null {
    const byName = (unlinkedOnly: boolean) =>
      this.stmts.byName.get({
        name: v.name,
        city: v.cityName,
        country: v.country,
        unlinkedOnly: unlinkedOnly ? 1 : 0,
      }) as VenueRow | undefined;
    if (v.setlistfmId) {
      const r = this.stmts.bySetlistfmId.get(v.setlistfmId) as VenueRow | undefined;
      // A typed venue with no setlist.fm id yet is adopted by the first setlist.fm import.
      const found = r ?? byName(true);
      return found ? venueFromRow(found) : null;
    }
    const found = byName(false);
    return found ? venueFromRow(found) : null;
  }

  /** Finds or inserts the venue, filling in what the draft knows. Returns the id and whether it was new. */
  resolve(v: VenueDraft, now: Date): { id: VenueId; added: boolean; updated: boolean } {
    const existing = this.find(v);
    if (!existing) {
      const r = this.stmts.insert.run({ ...v, now: now.toISOString() });
      return { id: Number(r.lastInsertRowid) as VenueId, added: true, updated: false };
    }
    return { id: existing.id, added: false, updated: this.patch(existing, v, now) };
  }

  /**
   * Writes what the draft knows better; true when something changed. setlist.fm data
   * replaces setlist.fm data that is not newer; typed data (CSV, forms) only fills gaps,
   * except the venue's own position, which only people give.
   */
  patch(existing: VenueRecord, v: Partial<VenueDraft>, now: Date): boolean {
    const stored = (
      this.db
        .prepare(`SELECT setlistfm_as_of AS asOf FROM venues WHERE id = ?`)
        .get(existing.id) as {
        asOf: string | null;
      }
    ).asOf;
    const asOf = v.asOf ?? null;
    const authoritative =
      v.setlistfmId != null && (stored === null || (asOf !== null && asOf > stored));
    const sets: string[] = [];
    const params: Record<string, unknown> = { id: existing.id, now: now.toISOString() };
    for (const [key, column] of FIELDS) {
      const value = v[key];
      const old = existing[key];
      if (value == null || value === old) continue;
      if (
        CASELESS.has(key) &&
        typeof old === 'string' &&
        String(value).toLowerCase() === old.toLowerCase()
      )
        continue;
      const overwrite =
        key === 'lat' || key === 'lon' ? v.setlistfmId == null || old === null : authoritative;
      if (old !== null && !overwrite) continue;
      sets.push(`${column} = @${key}`);
      params[key] = value;
    }
    const visible = sets.length > 0;
    if (authoritative && asOf !== null && asOf !== stored) {
      sets.push('setlistfm_as_of = @asOf');
      params.asOf = asOf;
    }
    if (sets.length === 0) return false;
    this.db
      .prepare(`UPDATE venues SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`)
      .run(params);
    // Every show there now reads differently: its updatedAt says so (matching fingerprints it).
    if (visible) this.stmts.touchShows.run(params.now, existing.id);
    return visible;
  }
}

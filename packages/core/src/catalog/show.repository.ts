// Shows own their SQL here: the reads matching needs (ShowLookup: by local date, by id) and
// the listing, in three queries whatever the number of shows (shows with venues, then the
// bills, then the setlists), plus the row-level writes the catalog writer composes.
import type { Db } from '../library/database.js';
import { artistFromRow } from './artist.repository.js';
import { VENUE_COLUMNS, venueFromRow, type VenueRow } from './venue.repository.js';
import type {
  ArtistId,
  LocalDate,
  SetlistRecord,
  ShowId,
  ShowLookup,
  ShowOrigin,
  ShowRecord,
  Song,
  VenueId,
} from './types.js';

interface ShowRow extends VenueRow {
  show_id: number;
  date: string;
  tour: string | null;
  origin: ShowOrigin;
  sync_key: string;
  updated_at: string;
}

interface BillRow {
  show_id: number;
  id: number;
  name: string;
  mbid: string | null;
}

interface SetlistRow {
  show_id: number;
  artist_id: number;
  setlistfm_id: string | null;
  version_id: string | null;
  last_updated: string | null;
  url: string | null;
  songs: string;
}

export interface ShowQuery {
  /** Substring of an artist's name on the bill (ignoring case). */
  artist?: string;
  venue?: string;
  city?: string;
  year?: number;
  /** Include shows found by online lookups that the user never imported (default false). */
  includeOnline?: boolean;
}

const SHOW_SELECT = `SELECT s.id AS show_id, s.date, s.tour, s.origin, s.sync_key, s.updated_at,
  ${VENUE_COLUMNS.split(', ')
    .map((c) => `v.${c}`)
    .join(', ')}
  FROM shows s JOIN venues v ON v.id = s.venue_id`;

export class ShowRepository implements ShowLookup {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      onDates: db.prepare(
        `${SHOW_SELECT} WHERE s.date IN (SELECT value FROM json_each(?)) ORDER BY s.date, s.id`,
      ),
      byIds: db.prepare(
        `${SHOW_SELECT} WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY s.date, s.id`,
      ),
      bills: db.prepare(
        `SELECT sa.show_id, a.id, a.name, a.mbid FROM show_artists sa
           JOIN artists a ON a.id = sa.artist_id
          WHERE sa.show_id IN (SELECT value FROM json_each(?)) ORDER BY sa.show_id, sa.position`,
      ),
      setlists: db.prepare(
        `SELECT show_id, artist_id, setlistfm_id, version_id, last_updated, url, songs
           FROM setlists WHERE show_id IN (SELECT value FROM json_each(?)) ORDER BY show_id, id`,
      ),
      byVenueDate: db.prepare(`SELECT id FROM shows WHERE venue_id = ? AND date = ?`),
      // A NULL sync key is filled by the trigger of migration 006 (sfm:… or u:…).
      insert: db.prepare(
        `INSERT INTO shows (date, venue_id, tour, origin, sync_key, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      bySyncKey: db.prepare(`SELECT id FROM shows WHERE sync_key = ?`),
      atVenue: db.prepare(`SELECT id FROM shows WHERE venue_id = ?`),
      withArtist: db.prepare(`SELECT show_id FROM show_artists WHERE artist_id = ?`),
      // No UPSERT: an outer conflict clause would override the change-feed triggers' own
      // INSERT OR REPLACE (SQLite applies the outer statement's policy inside triggers).
      moveOnBill: db.prepare(
        `UPDATE show_artists SET position = ? WHERE show_id = ? AND artist_id = ?`,
      ),
      onBillAt: db.prepare(`SELECT position FROM show_artists WHERE show_id = ? AND artist_id = ?`),
      leaveBill: db.prepare(`DELETE FROM show_artists WHERE show_id = ? AND artist_id = ?`),
      leaveSetlists: db.prepare(`DELETE FROM setlists WHERE show_id = ? AND artist_id = ?`),
      clearBill: db.prepare(`DELETE FROM show_artists WHERE show_id = ?`),
      addToBill: db.prepare(
        `INSERT INTO show_artists (show_id, artist_id, position) VALUES (?, ?, ?)`,
      ),
      setlistById: db.prepare(
        `SELECT id, show_id, artist_id, version_id, last_updated, url, songs FROM setlists
          WHERE setlistfm_id = ?`,
      ),
      insertSetlist: db.prepare(
        `INSERT INTO setlists (show_id, artist_id, setlistfm_id, version_id, last_updated, url, songs)
         VALUES (@showId, @artistId, @setlistfmId, @versionId, @lastUpdated, @url, @songs)`,
      ),
      updateSetlist: db.prepare(
        `UPDATE setlists SET show_id = @showId, artist_id = @artistId, version_id = @versionId,
           last_updated = @lastUpdated, url = @url, songs = @songs WHERE id = @id`,
      ),
      deleteSetlistsNotBy: db.prepare(
        `DELETE FROM setlists WHERE show_id = ?
           AND artist_id NOT IN (SELECT artist_id FROM show_artists WHERE show_id = ?)`,
      ),
      delete: db.prepare(`DELETE FROM shows WHERE id = ?`),
      touch: db.prepare(`UPDATE shows SET updated_at = ? WHERE id = ?`),
    };
  }

  showsOn(dates: LocalDate[]): ShowRecord[] {
    if (dates.length === 0) return [];
    return this.hydrate(this.stmts.onDates.all(JSON.stringify(dates)) as ShowRow[]);
  }

  get(id: ShowId): ShowRecord | null {
    return this.getMany([id])[0] ?? null;
  }

  getMany(ids: readonly ShowId[]): ShowRecord[] {
    if (ids.length === 0) return [];
    return this.hydrate(this.stmts.byIds.all(JSON.stringify(ids)) as ShowRow[]);
  }

  /** Shows matching every given filter, oldest first. */
  list(q: ShowQuery = {}): ShowRecord[] {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (!q.includeOnline) where.push(`s.origin <> 'online'`);
    if (q.artist) {
      where.push(`EXISTS (SELECT 1 FROM show_artists sa JOIN artists a ON a.id = sa.artist_id
        WHERE sa.show_id = s.id AND a.name LIKE @artist ESCAPE '\\')`);
      params.artist = like(q.artist);
    }
    if (q.venue) {
      where.push(`v.name LIKE @venue ESCAPE '\\'`);
      params.venue = like(q.venue);
    }
    if (q.city) {
      where.push(`v.city_name LIKE @city ESCAPE '\\'`);
      params.city = like(q.city);
    }
    if (q.year != null) {
      // A range on the indexed date column rather than strftime() on every row.
      where.push(`s.date >= @from AND s.date < @to`);
      params.from = `${String(q.year).padStart(4, '0')}-01-01`;
      params.to = `${String(q.year + 1).padStart(4, '0')}-01-01`;
    }
    const sql = `${SHOW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY s.date, s.id`;
    return this.hydrate(this.db.prepare(sql).all(params) as ShowRow[]);
  }

  // ---- row-level writes (the catalog writer decides when) --------------------------------

  idAt(venueId: VenueId, date: LocalDate): ShowId | null {
    const r = this.stmts.byVenueDate.get(venueId, date) as { id: number } | undefined;
    return r ? (r.id as ShowId) : null;
  }

  /** Inserts a show; without a sync key it gets one (migration 006's trigger). */
  insert(
    s: {
      date: LocalDate;
      venueId: VenueId;
      tour: string | null;
      origin: ShowOrigin;
      syncKey?: string | null;
    },
    now: Date,
  ): ShowId {
    const ts = now.toISOString();
    return Number(
      this.stmts.insert.run(s.date, s.venueId, s.tour, s.origin, s.syncKey ?? null, ts, ts)
        .lastInsertRowid,
    ) as ShowId;
  }

  idBySyncKey(key: string): ShowId | null {
    const r = this.stmts.bySyncKey.get(key) as { id: number } | undefined;
    return r ? (r.id as ShowId) : null;
  }

  idsAtVenue(venueId: VenueId): ShowId[] {
    return (this.stmts.atVenue.all(venueId) as { id: number }[]).map((r) => r.id as ShowId);
  }

  idsWithArtist(artistId: ArtistId): ShowId[] {
    return (this.stmts.withArtist.all(artistId) as { show_id: number }[]).map(
      (r) => r.show_id as ShowId,
    );
  }

  /** Puts one artist on the bill at a position (sync); true when the bill changed. */
  placeOnBill(id: ShowId, artistId: ArtistId, position: number): boolean {
    const cur = this.stmts.onBillAt.get(id, artistId) as { position: number } | undefined;
    if (cur?.position === position) return false;
    if (cur) this.stmts.moveOnBill.run(position, id, artistId);
    else this.stmts.addToBill.run(id, artistId, position);
    return true;
  }

  /** Takes one artist off the bill, with their setlist there; true when they were on it. */
  leaveBill(id: ShowId, artistId: ArtistId): boolean {
    const left = this.stmts.leaveBill.run(id, artistId).changes > 0;
    if (left) this.stmts.leaveSetlists.run(id, artistId);
    return left;
  }

  /** Writes the fields given that differ from the stored ones; true when something changed. */
  update(
    id: ShowId,
    fields: Partial<{ date: LocalDate; venueId: VenueId; tour: string | null; origin: ShowOrigin }>,
  ): boolean {
    const columns = { date: 'date', venueId: 'venue_id', tour: 'tour', origin: 'origin' } as const;
    const sets: string[] = [];
    const differs: string[] = [];
    const params: Record<string, unknown> = { id };
    for (const [key, column] of Object.entries(columns) as [keyof typeof columns, string][]) {
      if (!(key in fields) || fields[key] === undefined) continue;
      sets.push(`${column} = @${key}`);
      differs.push(`${column} IS NOT @${key}`);
      params[key] = fields[key];
    }
    if (sets.length === 0) return false;
    // The WHERE makes a no-op write touch no row, so no change is recorded for it.
    const sql = `UPDATE shows SET ${sets.join(', ')} WHERE id = @id AND (${differs.join(' OR ')})`;
    return this.db.prepare(sql).run(params).changes > 0;
  }

  /** Replaces the bill (position 0 opens); setlists of artists no longer on it go too. */
  setBill(id: ShowId, artistIds: readonly ArtistId[]): void {
    this.stmts.clearBill.run(id);
    artistIds.forEach((a, i) => this.stmts.addToBill.run(id, a, i));
    this.stmts.deleteSetlistsNotBy.run(id, id);
  }

  setlistBySetlistfmId(setlistfmId: string): {
    id: number;
    showId: ShowId;
    artistId: ArtistId;
    versionId: string | null;
    lastUpdated: string | null;
    url: string | null;
    songs: string;
  } | null {
    const r = this.stmts.setlistById.get(setlistfmId) as
      (Omit<SetlistRow, 'setlistfm_id'> & { id: number }) | undefined;
    if (!r) return null;
    return {
      id: r.id,
      showId: r.show_id as ShowId,
      artistId: r.artist_id as ArtistId,
      versionId: r.version_id,
      lastUpdated: r.last_updated,
      url: r.url,
      songs: r.songs,
    };
  }

  insertSetlist(showId: ShowId, s: Omit<SetlistRecord, 'songs'> & { songs: Song[] }): void {
    this.stmts.insertSetlist.run({
      showId,
      artistId: s.artistId,
      setlistfmId: s.setlistfmId,
      versionId: s.versionId ?? null,
      lastUpdated: s.lastUpdated ?? null,
      url: s.url ?? null,
      songs: JSON.stringify(s.songs),
    });
  }

  updateSetlist(rowId: number, showId: ShowId, s: SetlistRecord): void {
    this.stmts.updateSetlist.run({
      id: rowId,
      showId,
      artistId: s.artistId,
      versionId: s.versionId ?? null,
      lastUpdated: s.lastUpdated ?? null,
      url: s.url ?? null,
      songs: JSON.stringify(s.songs),
    });
  }

  touch(id: ShowId, now: Date): void {
    this.stmts.touch.run(now.toISOString(), id);
  }

  delete(id: ShowId): boolean {
    return this.stmts.delete.run(id).changes > 0;
  }

  private hydrate(rows: ShowRow[]): ShowRecord[] {
    if (rows.length === 0) return [];
    const ids = JSON.stringify(rows.map((r) => r.show_id));
    const bills = new Map<number, ShowRecord['artists']>();
    for (const b of this.stmts.bills.all(ids) as BillRow[]) {
      const list = bills.get(b.show_id) ?? [];
      list.push(artistFromRow(b));
      bills.set(b.show_id, list);
    }
    const setlists = new Map<number, SetlistRecord[]>();
    for (const s of this.stmts.setlists.all(ids) as SetlistRow[]) {
      const list = setlists.get(s.show_id) ?? [];
      list.push({
        setlistfmId: s.setlistfm_id,
        artistId: s.artist_id as ArtistId,
        songs: JSON.parse(s.songs) as Song[],
        versionId: s.version_id,
        lastUpdated: s.last_updated,
        url: s.url,
      });
      setlists.set(s.show_id, list);
    }
    return rows.map((r) => ({
      id: r.show_id as ShowId,
      date: r.date as LocalDate,
      venue: venueFromRow(r),
      artists: bills.get(r.show_id) ?? [],
      setlists: setlists.get(r.show_id) ?? [],
      tour: r.tour,
      origin: r.origin,
      syncKey: r.sync_key,
      updatedAt: r.updated_at,
    }));
  }
}

function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

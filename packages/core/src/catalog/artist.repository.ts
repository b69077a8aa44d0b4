// Artists own their SQL here. An artist is its MusicBrainz id when setlist.fm gave one;
// otherwise its name (ignoring case), which is how people type line-ups.
import type { Db } from '../library/database.js';
import type { ArtistDraft } from './show-draft.js';
import type { ArtistId, ArtistRecord } from './types.js';

interface ArtistRow {
  id: number;
  name: string;
  mbid: string | null;
}

export function artistFromRow(r: ArtistRow): ArtistRecord {
  return { id: r.id as ArtistId, name: r.name, mbid: r.mbid };
}

export class ArtistRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      byMbid: db.prepare(`SELECT id, name, mbid FROM artists WHERE mbid = ?`),
      // Prefer the artist setlist.fm knows, then the oldest, so typed names join real ones.
      byName: db.prepare(
        `SELECT id, name, mbid FROM artists WHERE name = @name COLLATE NOCASE
           AND (@unlinkedOnly = 0 OR mbid IS NULL)
         ORDER BY mbid IS NULL, id LIMIT 1`,
      ),
      insert: db.prepare(`INSERT INTO artists (name, mbid) VALUES (?, ?)`),
      update: db.prepare(`UPDATE artists SET name = ?, mbid = ? WHERE id = ?`),
      touchShows: db.prepare(
        `UPDATE shows SET updated_at = ? WHERE id IN (SELECT show_id FROM show_artists WHERE artist_id = ?)`,
      ),
    };
  }

  find(a: ArtistDraft): ArtistRecord | null {
    const byName = (unlinkedOnly: boolean) =>
      this.stmts.byName.get({ name: a.name, unlinkedOnly: unlinkedOnly ? 1 : 0 }) as
        ArtistRow | undefined;
    const r = a.mbid
      ? ((this.stmts.byMbid.get(a.mbid) as ArtistRow | undefined) ?? byName(true))
      : byName(false);
    return r ? artistFromRow(r) : null;
  }

  resolve(a: ArtistDraft, now: Date): { id: ArtistId; added: boolean; updated: boolean } {
    const existing = this.find(a);
    if (!existing) {
      const r = this.stmts.insert.run(a.name, a.mbid);
      return { id: Number(r.lastInsertRowid) as ArtistId, added: true, updated: false };
    }
    // setlist.fm's spelling wins over a typed one; a typed name never renames a known artist.
    const name = a.mbid ? a.name : existing.name;
    const mbid = existing.mbid ?? a.mbid;
    if (name === existing.name && mbid === existing.mbid)
      return { id: existing.id, added: false, updated: false };
    this.stmts.update.run(name, mbid, existing.id);
    // The shows on whose bill the artist is now read differently.
    this.stmts.touchShows.run(now.toISOString(), existing.id);
    return { id: existing.id, added: false, updated: true };
  }
}

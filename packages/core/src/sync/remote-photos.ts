// Photos this library knows only through sync: starred on another device, with no local
// file. Their synced fields live in sync_fields; bytes fetched from the server in remote/.
import path from 'node:path';
import type { Db } from '../library/database.js';

export interface RemotePhotoView {
  id: string;
  /** Always false: no local file (see `paths` of local photos). */
  local: false;
  starred: true;
  rating: number | null;
  caption: string | null;
  /** Variant -> absolute path of the copy fetched from the sync server. */
  fetched: Record<string, string>;
}

export class RemotePhotoRepository {
  private readonly stmts;

  constructor(db: Db) {
    const field = (col: string) =>
      `(SELECT json_extract(value, '$') FROM sync_fields x WHERE x.tbl = 'photos' AND x.row = f.row AND x.col = '${col}')`;
    this.stmts = {
      starred: db.prepare(
        `SELECT f.row AS id, ${field('rating')} AS rating, ${field('caption')} AS caption,
           (SELECT json_group_object(r.variant, r.file) FROM remote_files r WHERE r.photo_id = f.row) AS fetched
         FROM sync_fields f
         WHERE f.tbl = 'photos' AND f.col = 'starred' AND f.value = 'true'
           AND NOT EXISTS (SELECT 1 FROM photos p WHERE p.id = f.row)
         ORDER BY f.row`,
      ),
      prefix: db.prepare(
        `SELECT DISTINCT row FROM sync_fields WHERE tbl = 'photos' AND row >= ? AND row < ?
         ORDER BY row LIMIT 2`,
      ),
    };
  }

  starred(libraryDir: string): RemotePhotoView[] {
    return (
      this.stmts.starred.all() as {
        id: string;
        rating: number | null;
        caption: string | null;
        fetched: string | null;
      }[]
    ).map((r) => ({
      id: r.id,
      local: false,
      starred: true,
      rating: r.rating,
      caption: r.caption,
      fetched: Object.fromEntries(
        Object.entries(JSON.parse(r.fetched ?? '{}') as Record<string, string>).map(([k, v]) => [
          k,
          path.join(libraryDir, v),
        ]),
      ),
    }));
  }

  idsWithPrefix(prefix: string): string[] {
    return (this.stmts.prefix.all(prefix, prefix + 'g') as { row: string }[]).map((r) => r.row);
  }
}

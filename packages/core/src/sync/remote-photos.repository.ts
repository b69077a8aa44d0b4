// Photos this library knows only through sync: starred on another device, with no local
// file. Their synced fields live in sync_fields; bytes fetched from the server in remote/
// (recorded in remote_files).
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
      local: db.prepare(
        `SELECT s.path || '/' || l.rel_path AS file FROM locations l JOIN sources s ON s.id = l.source_id
         WHERE l.photo_id = ? ORDER BY l.id`,
      ),
      fetched: db.prepare(`SELECT file FROM remote_files WHERE photo_id = ? AND variant = ?`),
      recordFetched: db.prepare(
        `INSERT OR REPLACE INTO remote_files (photo_id, variant, file, sha256, size, content_type, fetched_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
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

  /** The photo's local files (source path + relative path, as stored), oldest location first. */
  localFiles(photoId: string): string[] {
    return (this.stmts.local.all(photoId) as { file: string }[]).map((r) => r.file);
  }

  /** The library-relative path of a copy fetched from the server, if one was recorded. */
  fetchedFile(photoId: string, variant: string): string | undefined {
    return (this.stmts.fetched.get(photoId, variant) as { file: string } | undefined)?.file;
  }

  recordFetched(f: {
    photoId: string;
    variant: string;
    file: string;
    sha256: string;
    size: number;
    contentType: string;
    fetchedAt: Date;
  }): void {
    this.stmts.recordFetched.run(
      f.photoId,
      f.variant,
      f.file,
      f.sha256,
      f.size,
      f.contentType,
      f.fetchedAt.toISOString(),
    );
  }

  idsWithPrefix(prefix: string): string[] {
    return (this.stmts.prefix.all(prefix, prefix + 'g') as { row: string }[]).map((r) => r.row);
  }
}

import type { PhotoId } from '../domain/ids.js';
import type { ThumbnailSize } from '../media/types.js';
import type { Db } from './database.js';

export interface ThumbnailRow {
  photoId: PhotoId;
  size: ThumbnailSize;
  /** Path relative to the library folder. */
  file: string;
  width: number;
  height: number;
  bytes: number;
  mime: string;
}

export class ThumbnailRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      upsert: db.prepare(`INSERT INTO thumbnails (photo_id, size, file, width, height, bytes, mime)
        VALUES (@photoId, @size, @file, @width, @height, @bytes, @mime)
        ON CONFLICT (photo_id, size) DO UPDATE SET file = excluded.file, width = excluded.width,
          height = excluded.height, bytes = excluded.bytes, mime = excluded.mime`),
      forPhoto: db.prepare(
        `SELECT photo_id AS photoId, size, file, width, height, bytes, mime FROM thumbnails WHERE photo_id = ?`,
      ),
      all: db.prepare(`SELECT file FROM thumbnails`),
      everything: db.prepare(
        `SELECT photo_id AS photoId, size, file, width, height, bytes, mime FROM thumbnails`,
      ),
    };
  }

  upsert(row: ThumbnailRow): void {
    this.stmts.upsert.run(row);
  }

  forPhoto(photoId: PhotoId): ThumbnailRow[] {
    return this.stmts.forPhoto.all(photoId) as ThumbnailRow[];
  }

  /** Every rendition, grouped by photo. */
  byPhoto(): Map<string, ThumbnailRow[]> {
    const map = new Map<string, ThumbnailRow[]>();
    for (const r of this.stmts.everything.all() as ThumbnailRow[]) {
      const list = map.get(r.photoId);
      if (list) list.push(r);
      else map.set(r.photoId, [r]);
    }
    return map;
  }

  /** Every referenced file (relative paths), to sweep files no row points at. */
  referencedFiles(): Set<string> {
    return new Set((this.stmts.all.all() as { file: string }[]).map((r) => r.file));
  }
}

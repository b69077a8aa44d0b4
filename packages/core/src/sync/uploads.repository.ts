// The upload bookkeeping in SQL: pending uploads derived from starred photos with local
// files (or renditions) minus sync_blobs (held by the server) and parked failures
// (sync_upload_failures); see uploads.ts.
import path from 'node:path';
import type { Db } from '../library/database.js';
import type { BlobVariant } from '../protocol/index.js';
import { contentTypeOf, type UploadTask } from './uploads.js';

/** The library's rendition sizes, by the blob variant they are sent as. */
const RENDITION_OF: Record<Exclude<BlobVariant, 'original'>, string> = {
  preview: 'preview',
  thumb: 'grid',
};

export class UploadRepository {
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly libraryDir: string,
  ) {
    const missing = (variant: string) =>
      `NOT EXISTS (SELECT 1 FROM sync_blobs b WHERE b.photo_id = p.id AND b.variant = '${variant}')
       AND NOT EXISTS (SELECT 1 FROM sync_upload_failures f WHERE f.photo_id = p.id
         AND f.variant = '${variant}' AND f.retry_at > @now)`;
    this.stmts = {
      originals: db.prepare(
        `SELECT p.id, p.format, json_group_array(s.path || '/' || l.rel_path) AS files
         FROM photos p JOIN locations l ON l.photo_id = p.id JOIN sources s ON s.id = l.source_id
         WHERE p.starred = 1 AND ${missing('original')}
         GROUP BY p.id ORDER BY p.id LIMIT @limit`,
      ),
      renditions: db.prepare(
        `SELECT p.id, t.size, t.file, t.mime FROM photos p JOIN thumbnails t ON t.photo_id = p.id
         WHERE p.starred = 1 AND t.size IN ('preview', 'grid')
           AND NOT EXISTS (SELECT 1 FROM sync_blobs b WHERE b.photo_id = p.id
             AND b.variant = CASE t.size WHEN 'grid' THEN 'thumb' ELSE t.size END)
           AND NOT EXISTS (SELECT 1 FROM sync_upload_failures f WHERE f.photo_id = p.id
             AND f.variant = CASE t.size WHEN 'grid' THEN 'thumb' ELSE t.size END
             AND f.retry_at > @now)
         ORDER BY p.id LIMIT @limit`,
      ),
      countOriginals: db.prepare(
        `SELECT count(*) AS n FROM photos p WHERE p.starred = 1
           AND EXISTS (SELECT 1 FROM locations l WHERE l.photo_id = p.id) AND ${missing('original')}`,
      ),
      countRenditions: db.prepare(
        `SELECT count(*) AS n FROM photos p JOIN thumbnails t ON t.photo_id = p.id
         WHERE p.starred = 1 AND t.size IN ('preview', 'grid')
           AND NOT EXISTS (SELECT 1 FROM sync_blobs b WHERE b.photo_id = p.id
             AND b.variant = CASE t.size WHEN 'grid' THEN 'thumb' ELSE t.size END)
           AND NOT EXISTS (SELECT 1 FROM sync_upload_failures f WHERE f.photo_id = p.id
             AND f.variant = CASE t.size WHEN 'grid' THEN 'thumb' ELSE t.size END
             AND f.retry_at > @now)`,
      ),
      held: db.prepare(
        `INSERT OR REPLACE INTO sync_blobs (photo_id, variant, sha256, size, at) VALUES (?, ?, ?, ?, ?)`,
      ),
      clearFailure: db.prepare(
        `DELETE FROM sync_upload_failures WHERE photo_id = ? AND variant = ?`,
      ),
      failure: db.prepare(
        `INSERT INTO sync_upload_failures (photo_id, variant, code, message, attempts, retry_at)
         VALUES (@photoId, @variant, @code, @message, 1, @retryAt)
         ON CONFLICT (photo_id, variant) DO UPDATE SET code = excluded.code,
           message = excluded.message, attempts = attempts + 1, retry_at = excluded.retry_at`,
      ),
      failures: db.prepare(
        `SELECT photo_id AS photoId, variant, code, message, attempts FROM sync_upload_failures
         ORDER BY photo_id, variant`,
      ),
      forget: db.prepare(`DELETE FROM sync_blobs`),
      forgetFailures: db.prepare(`DELETE FROM sync_upload_failures`),
    };
  }

  /** The next uploads to make, originals first (they cannot be remade elsewhere). */
  pending(limit = 100, now = Date.now()): UploadTask[] {
    const tasks: UploadTask[] = [];
    for (const r of this.stmts.originals.all({ now, limit }) as {
      id: string;
      format: string;
      files: string;
    }[]) {
      const files = (JSON.parse(r.files) as string[]).map((f) => path.normalize(f));
      tasks.push({
        photoId: r.id,
        variant: 'original',
        file: files[0]!,
        contentType: contentTypeOf(r.format),
        alternatives: files.slice(1),
      });
    }
    for (const r of this.stmts.renditions.all({ now, limit }) as {
      id: string;
      size: string;
      file: string;
      mime: string;
    }[]) {
      const variant = (Object.entries(RENDITION_OF).find(([, s]) => s === r.size)?.[0] ??
        'thumb') as BlobVariant;
      tasks.push({
        photoId: r.id,
        variant,
        file: path.join(this.libraryDir, r.file),
        contentType: r.mime,
        alternatives: [],
      });
    }
    return tasks.slice(0, limit);
  }

  count(now = Date.now()): number {
    return (
      (this.stmts.countOriginals.get({ now }) as { n: number }).n +
      (this.stmts.countRenditions.get({ now }) as { n: number }).n
    );
  }

  markHeld(photoId: string, variant: BlobVariant, sha256: string, size: number): void {
    this.stmts.held.run(photoId, variant, sha256, size, new Date().toISOString());
    this.stmts.clearFailure.run(photoId, variant);
  }

  markFailed(
    photoId: string,
    variant: BlobVariant,
    code: string,
    message: string,
    retryAt: number,
  ): void {
    this.stmts.failure.run({ photoId, variant, code, message, retryAt });
  }

  failures(): {
    photoId: string;
    variant: string;
    code: string;
    message: string;
    attempts: number;
  }[] {
    return this.stmts.failures.all() as {
      photoId: string;
      variant: string;
      code: string;
      message: string;
      attempts: number;
    }[];
  }

  /** A different account holds different blobs: start over. */
  forgetAll(): void {
    this.stmts.forget.run();
    this.stmts.forgetFailures.run();
  }
}

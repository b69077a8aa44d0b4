// Starred photos' bytes the server should hold: the original (from any local copy) and the
// preview and thumb the desktop already made. Pending work is derived, not queued: the
// starred photos with a local file whose variants are not yet in sync_blobs (and did not
// fail for a reason a retry cannot fix). Starring, unstarring, a new copy appearing, or a
// new account all change the answer without any bookkeeping of their own.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../library/database.js';
import type { BlobVariant } from '../protocol/index.js';

export interface UploadTask {
  photoId: string;
  variant: BlobVariant;
  /** Absolute path of the bytes to send. */
  file: string;
  contentType: string;
  /** Local copies of the original, when the first one is gone. */
  alternatives: string[];
}

const MIME_BY_FORMAT: Record<string, string> = {
  jpeg: 'image/jpeg',
  heic: 'image/heic',
  avif: 'image/avif',
  png: 'image/png',
  webp: 'image/webp',
  tiff: 'image/tiff',
  gif: 'image/gif',
  dng: 'image/x-adobe-dng',
  cr2: 'image/x-canon-cr2',
  cr3: 'image/x-canon-cr3',
  nef: 'image/x-nikon-nef',
  arw: 'image/x-sony-arw',
  orf: 'image/x-olympus-orf',
  rw2: 'image/x-panasonic-rw2',
  raf: 'image/x-fuji-raf',
  mov: 'video/quicktime',
  mp4: 'video/mp4',
};

export function contentTypeOf(format: string): string {
  return MIME_BY_FORMAT[format] ?? 'application/octet-stream';
}

/** A file extension for a blob's content type ('' when unknown). */
export function extensionOf(contentType: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/jpeg') return '.jpg';
  if (type === 'video/quicktime') return '.mov';
  const format = Object.entries(MIME_BY_FORMAT).find(([, mime]) => mime === type)?.[0];
  return format ? `.${format}` : '';
}

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

export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

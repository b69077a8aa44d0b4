// Blob records (user, photo, variant → sha256, size, type) and the locks that keep quota
// checks and object deletion honest across concurrent uploads and server instances.
import type { BlobVariant, BlobView } from '@encore/core/protocol';
import type { Database, Sql } from '../db/database.js';
import { toInt, toIso } from '../db/database.js';

export interface BlobRow extends BlobView {
  userId: string;
}

interface RawBlob {
  user_id: string;
  photo: string;
  variant: string;
  sha256: string;
  size: unknown;
  content_type: string;
  created_at: unknown;
}

const COLUMNS = 'user_id, photo, variant, sha256, size, content_type, created_at';

function toBlob(r: RawBlob): BlobRow {
  return {
    userId: r.user_id,
    photo: r.photo,
    variant: r.variant as BlobVariant,
    sha256: r.sha256,
    size: toInt(r.size),
    contentType: r.content_type,
    createdAt: toIso(r.created_at),
  };
}

export class BlobRepository {
  constructor(private readonly db: Database) {}

  async get(
    userId: string,
    photo: string,
    variant: BlobVariant,
    sql: Sql = this.db,
  ): Promise<BlobRow | null> {
    const rows = await sql.query<RawBlob>(
      `SELECT ${COLUMNS} FROM blobs WHERE user_id = $1 AND photo = $2 AND variant = $3`,
      [userId, photo, variant],
    );
    return rows[0] ? toBlob(rows[0]) : null;
  }

  async usage(userId: string, sql: Sql = this.db): Promise<{ usedBytes: number; count: number }> {
    const rows = await sql.query<{ used: unknown; count: unknown }>(
      'SELECT COALESCE(SUM(size), 0) AS used, COUNT(*) AS count FROM blobs WHERE user_id = $1',
      [userId],
    );
    return { usedBytes: toInt(rows[0]?.used ?? 0), count: toInt(rows[0]?.count ?? 0) };
  }

  /** Inserts the record; null when the user already has this (photo, variant). */
  async insert(
    b: Omit<BlobRow, 'createdAt'> & { now: Date },
    sql: Sql = this.db,
  ): Promise<BlobRow | null> {
    const rows = await sql.query<RawBlob>(
      `INSERT INTO blobs (user_id, photo, variant, sha256, size, content_type, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, photo, variant) DO NOTHING RETURNING ${COLUMNS}`,
      [b.userId, b.photo, b.variant, b.sha256, b.size, b.contentType, b.now],
    );
    return rows[0] ? toBlob(rows[0]) : null;
  }

  /** Deletes the user's record; its sha256, or null when there was none. */
  async delete(userId: string, photo: string, variant: BlobVariant): Promise<string | null> {
    const rows = await this.db.query<{ sha256: string }>(
      'DELETE FROM blobs WHERE user_id = $1 AND photo = $2 AND variant = $3 RETURNING sha256',
      [userId, photo, variant],
    );
    return rows[0]?.sha256 ?? null;
  }

  /**
   * Records of photos whose synced star is false since before `unstarredBefore` (the HLC of
   * the unstar, an ISO instant prefix, sorts as time) and that were stored before
   * `storedBefore`. Photos with no star field at all are left alone.
   */
  async unstarred(
    unstarredBefore: Date,
    storedBefore: Date,
    limit: number,
  ): Promise<{ userId: string; photo: string; variant: BlobVariant }[]> {
    const rows = await this.db.query<{ user_id: string; photo: string; variant: BlobVariant }>(
      `SELECT b.user_id, b.photo, b.variant FROM blobs b
         JOIN sync_state s ON s.user_id = b.user_id AND s.tbl = 'photos'
           AND s.row_key = b.photo AND s.col = 'starred'
       WHERE s.value = 'false' AND s.hlc < $1 AND b.created_at < $2
       ORDER BY b.user_id, b.photo, b.variant LIMIT $3`,
      [unstarredBefore.toISOString(), storedBefore.toISOString(), limit],
    );
    return rows.map((r) => ({ userId: r.user_id, photo: r.photo, variant: r.variant }));
  }

  /**
   * Deletes one record only if its photo is still unstarred since before `unstarredBefore`
   * (checked in the same statement: a re-star racing the sweep keeps its blob). Returns the
   * sha256, or null when nothing was deleted.
   */
  async deleteIfUnstarred(
    userId: string,
    photo: string,
    variant: BlobVariant,
    unstarredBefore: Date,
  ): Promise<string | null> {
    const rows = await this.db.query<{ sha256: string }>(
      `DELETE FROM blobs b USING sync_state s
       WHERE b.user_id = $1 AND b.photo = $2 AND b.variant = $3
         AND s.user_id = b.user_id AND s.tbl = 'photos' AND s.row_key = b.photo
         AND s.col = 'starred' AND s.value = 'false' AND s.hlc < $4
       RETURNING b.sha256`,
      [userId, photo, variant, unstarredBefore.toISOString()],
    );
    return rows[0]?.sha256 ?? null;
  }

  async isReferenced(sha256: string, sql: Sql = this.db): Promise<boolean> {
    const rows = await sql.query('SELECT 1 FROM blobs WHERE sha256 = $1 LIMIT 1', [sha256]);
    return rows.length > 0;
  }

  /** Serialises one user's blob commits until the transaction ends (the quota check). */
  async lockUser(tx: Sql, userId: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('encore:blob-user:' || $1, 0))", [
      userId,
    ]);
  }

  /**
   * Serialises work on one object until the transaction ends: a commit that links and
   * records it, against a collection that checks for records and deletes it.
   */
  async lockObject(tx: Sql, sha256: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('encore:blob:' || $1, 0))", [
      sha256,
    ]);
  }
}

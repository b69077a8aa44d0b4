// The per-user append-only log and its head row. Appends lock the head row, so a user's
// sequence numbers are gap-free and commit in order (a reader never sees seq n+1 before n).
import type { ChangeMessage, Hlc, LoggedMessage, SyncTable } from '@encore/core/protocol';
import type { Database, Sql } from '../db/database.js';
import { toInt } from '../db/database.js';

export interface Head {
  lastSeq: number;
  compactedThrough: number;
}

interface RawMessage {
  seq: unknown;
  device_id: string;
  tbl: string;
  row_key: string;
  col: string;
  value: string;
  hlc: string;
}

export function toLogged(r: RawMessage): LoggedMessage {
  return {
    seq: toInt(r.seq),
    table: r.tbl as SyncTable,
    row: r.row_key,
    column: r.col,
    value: JSON.parse(r.value) as LoggedMessage['value'],
    hlc: r.hlc as Hlc,
    device: r.device_id,
  };
}

export class SyncLogRepository {
  constructor(private readonly db: Database) {}

  /** Locks the user's head row until the transaction ends. */
  async lockHead(tx: Sql, userId: string): Promise<Head> {
    const rows = await tx.query<{ last_seq: unknown; compacted_through: unknown }>(
      'SELECT last_seq, compacted_through FROM sync_heads WHERE user_id = $1 FOR UPDATE',
      [userId],
    );
    const r = rows[0];
    if (!r) throw new Error(`no sync head for user ${userId}`);
    return { lastSeq: toInt(r.last_seq), compactedThrough: toInt(r.compacted_through) };
  }

  async head(userId: string, sql: Sql = this.db): Promise<Head> {
    const rows = await sql.query<{ last_seq: unknown; compacted_through: unknown }>(
      'SELECT last_seq, compacted_through FROM sync_heads WHERE user_id = $1',
      [userId],
    );
    const r = rows[0];
    return r
      ? { lastSeq: toInt(r.last_seq), compactedThrough: toInt(r.compacted_through) }
      : { lastSeq: 0, compactedThrough: 0 };
  }

  /** Of these (device, hlc) pairs, the HLCs already in the user's log. */
  async existingHlcs(
    tx: Sql,
    userId: string,
    deviceId: string,
    hlcs: string[],
  ): Promise<Set<string>> {
    if (hlcs.length === 0) return new Set();
    const placeholders = hlcs.map((_, i) => `$${i + 3}`).join(', ');
    const rows = await tx.query<{ hlc: string }>(
      `SELECT hlc FROM sync_messages WHERE user_id = $1 AND device_id = $2 AND hlc IN (${placeholders})`,
      [userId, deviceId, ...hlcs],
    );
    return new Set(rows.map((r) => r.hlc));
  }

  /** Appends messages numbered firstSeq, firstSeq+1, ...; the caller holds the head lock. */
  async append(
    tx: Sql,
    userId: string,
    firstSeq: number,
    messages: ChangeMessage[],
    now: Date,
  ): Promise<void> {
    for (let start = 0; start < messages.length; start += 500) {
      const chunk = messages.slice(start, start + 500);
      const params: unknown[] = [userId, now];
      const rows = chunk.map((m, i) => {
        const b = params.length;
        params.push(
          firstSeq + start + i,
          m.device,
          m.table,
          m.row,
          m.column,
          JSON.stringify(m.value),
          m.hlc,
        );
        return `($1, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $2)`;
      });
      await tx.query(
        `INSERT INTO sync_messages (user_id, seq, device_id, tbl, row_key, col, value, hlc, received_at)
         VALUES ${rows.join(', ')}`,
        params,
      );
    }
    await tx.query('UPDATE sync_heads SET last_seq = $2 WHERE user_id = $1', [
      userId,
      firstSeq + messages.length - 1,
    ]);
  }

  /** Messages in (since, upTo] not from `exceptDevice`, by seq, at most `limit`. */
  async after(
    userId: string,
    since: number,
    upTo: number,
    exceptDevice: string,
    limit: number,
  ): Promise<LoggedMessage[]> {
    const rows = await this.db.query<RawMessage>(
      `SELECT seq, device_id, tbl, row_key, col, value, hlc FROM sync_messages
       WHERE user_id = $1 AND seq > $2 AND seq <= $3 AND device_id <> $4
       ORDER BY seq LIMIT $5`,
      [userId, since, upTo, exceptDevice, limit],
    );
    return rows.map(toLogged);
  }

  /** Users whose log has messages old enough to compact. */
  async usersWithMessagesBefore(before: Date): Promise<string[]> {
    const rows = await this.db.query<{ user_id: string }>(
      `SELECT DISTINCT h.user_id FROM sync_heads h
       WHERE h.last_seq > h.compacted_through
         AND EXISTS (SELECT 1 FROM sync_messages m
                     WHERE m.user_id = h.user_id AND m.seq > h.compacted_through AND m.received_at < $1)`,
      [before],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * Deletes the user's messages received before `before` that no longer hold any field's
   * current value, and raises the horizon to the highest seq deleted. Caller holds the lock.
   */
  async compact(
    tx: Sql,
    userId: string,
    before: Date,
  ): Promise<{ deleted: number; horizon: number }> {
    const rows = await tx.query<{ seq: unknown }>(
      `DELETE FROM sync_messages m
       WHERE m.user_id = $1 AND m.received_at < $2
         AND NOT EXISTS (SELECT 1 FROM sync_state s WHERE s.user_id = m.user_id AND s.seq = m.seq)
       RETURNING m.seq`,
      [userId, before],
    );
    const horizon = rows.reduce((max, r) => Math.max(max, toInt(r.seq)), 0);
    if (horizon > 0) {
      await tx.query(
        'UPDATE sync_heads SET compacted_through = GREATEST(compacted_through, $2) WHERE user_id = $1',
        [userId, horizon],
      );
    }
    const head = await this.head(userId, tx);
    return { deleted: rows.length, horizon: head.compactedThrough };
  }
}

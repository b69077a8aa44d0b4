// The per-user append-only log and its head row. Appends lock the head row, so a user's
// sequence numbers are gap-free and commit in order (a reader never sees seq n+1 before n).
import type { ChangeMessage, Hlc, LoggedMessage, SyncTable } from '@encore/core/protocol';
import type { Database, Sql } from '../db/database.js';
import { UNPREPARED, toInt } from '../db/database.js';
import { EVENTS_CHANNEL } from './notification.repository.js';
import { STATE_UPSERT_ON_CONFLICT } from './sync-state.repository.js';

export interface Head {
  lastSeq: number;
  compactedThrough: number;
}

export interface AppendResult {
  /** Messages not in the log yet. */
  fresh: number;
  /** The new last seq; null when nothing was appended (none fresh, or `since` off the log). */
  appendedTo: number | null;
  head: Head;
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

  /**
   * Appends one device's messages (distinct HLCs, in order) to the user's log in a single
   * statement, so a sync round trip costs one database round trip, not a transaction of
   * eight: messages whose (device, hlc) the log already holds are skipped; the others are
   * numbered after the head, which the UPDATE locks until commit (so sequence numbers stay
   * gap-free and commit in order); each field's latest message of the batch is upserted into
   * the LWW state; and the log notification is sent on commit. Nothing is written when
   * `since` is not within [compacted_through, last_seq].
   *
   * The duplicate check reads the statement's snapshot, which a concurrent append of the same
   * device may commit after: the (user, device, hlc) unique key then fails the statement
   * (23505) and the caller runs it again.
   */
  async appendBatch(
    userId: string,
    deviceId: string,
    since: number,
    messages: ChangeMessage[],
    now: Date,
  ): Promise<AppendResult> {
    const rows = await this.db.query<{
      last_seq: unknown;
      compacted_through: unknown;
      fresh: unknown;
      appended_to: unknown;
    }>(
      `${UNPREPARED} WITH incoming AS (
         SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           WITH ORDINALITY AS m (tbl, row_key, col, value, hlc, ord)
       ),
       -- One index lookup of (user, device, hlc) per incoming message, never a scan of the
       -- device's log. A LATERAL with LIMIT cannot be flattened, so a generic plan (the
       -- statement is prepared, and PostgreSQL switches to one after a few runs) keeps the
       -- lookup per hlc instead of hashing every message of the device.
       seen AS (
         SELECT h.hlc FROM unnest($8::text[]) AS h (hlc)
         CROSS JOIN LATERAL (SELECT 1 FROM sync_messages m
                             WHERE m.user_id = $1 AND m.device_id = $2 AND m.hlc = h.hlc
                             LIMIT 1) AS found
       ),
       fresh AS (
         SELECT i.*, row_number() OVER (ORDER BY i.ord) AS n FROM incoming i
         WHERE i.hlc NOT IN (SELECT hlc FROM seen)
       ),
       head AS (
         UPDATE sync_heads SET last_seq = last_seq + (SELECT count(*) FROM fresh)
         WHERE user_id = $1 AND last_seq >= $3 AND compacted_through <= $3
           AND EXISTS (SELECT 1 FROM fresh)
         RETURNING last_seq
       ),
       numbered AS (
         SELECT f.*, h.last_seq - (SELECT count(*) FROM fresh) + f.n AS seq
         FROM fresh f CROSS JOIN head h
       ),
       appended AS (
         INSERT INTO sync_messages (user_id, seq, device_id, tbl, row_key, col, value, hlc, received_at)
         SELECT $1, seq, $2, tbl, row_key, col, value, hlc, $9 FROM numbered
       ),
       -- One upsert per field: the batch's latest (one device, so lwwWins is the latest hlc).
       state AS (
         INSERT INTO sync_state AS s (user_id, tbl, row_key, col, value, hlc, device_id, seq)
         SELECT DISTINCT ON (tbl, row_key, col) $1, tbl, row_key, col, value, hlc, $2, seq
         FROM numbered ORDER BY tbl, row_key, col, hlc COLLATE "C" DESC
         ${STATE_UPSERT_ON_CONFLICT}
       )
       SELECT cur.last_seq, cur.compacted_through,
              (SELECT count(*) FROM fresh) AS fresh,
              (SELECT last_seq FROM head) AS appended_to,
              (SELECT pg_notify($10, json_build_object(
                 't', 'log', 'user', $1::text, 'seq', last_seq, 'device', $2::text)::text)
               FROM head) AS notified
       FROM sync_heads cur WHERE cur.user_id = $1`,
      [
        userId,
        deviceId,
        since,
        messages.map((m) => m.table),
        messages.map((m) => m.row),
        messages.map((m) => m.column),
        messages.map((m) => JSON.stringify(m.value)),
        messages.map((m) => m.hlc),
        now,
        EVENTS_CHANNEL,
      ],
    );
    const r = rows[0];
    if (!r) throw new Error(`no sync head for user ${userId}`);
    const appendedTo = r.appended_to === null ? null : toInt(r.appended_to);
    return {
      fresh: toInt(r.fresh),
      appendedTo,
      // The head as the statement's snapshot saw it (before this append).
      head: { lastSeq: toInt(r.last_seq), compactedThrough: toInt(r.compacted_through) },
    };
  }

  /**
   * The head and the messages in (since, head] not from `exceptDevice`, by seq, at most
   * `limit`, read in one statement (one snapshot: an append writes its messages and the head
   * together, so every seq up to the head is there).
   */
  async pull(
    userId: string,
    since: number,
    exceptDevice: string,
    limit: number,
  ): Promise<{ head: Head; messages: LoggedMessage[] }> {
    const rows = await this.db.query<
      { last_seq: unknown; compacted_through: unknown } & {
        [K in keyof RawMessage]: RawMessage[K] | null;
      }
    >(
      `SELECT h.last_seq, h.compacted_through, m.seq, m.device_id, m.tbl, m.row_key, m.col, m.value, m.hlc
       FROM sync_heads h
       LEFT JOIN LATERAL (
         SELECT seq, device_id, tbl, row_key, col, value, hlc FROM sync_messages
         WHERE user_id = h.user_id AND seq > $2 AND seq <= h.last_seq AND device_id <> $3
         ORDER BY seq LIMIT $4
       ) m ON true
       WHERE h.user_id = $1
       ORDER BY m.seq`,
      [userId, since, exceptDevice, limit],
    );
    const first = rows[0];
    if (!first) return { head: { lastSeq: 0, compactedThrough: 0 }, messages: [] };
    return {
      head: { lastSeq: toInt(first.last_seq), compactedThrough: toInt(first.compacted_through) },
      messages: rows.filter((r) => r.seq !== null).map((r) => toLogged(r as RawMessage)),
    };
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

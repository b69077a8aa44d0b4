// The materialized current value per (user, table, row, column): last writer wins by
// (hlc, device), compared byte-wise (the columns use the "C" collation).
import type { ChangeMessage, Hlc, StateRow, SyncTable } from '@encore/core/protocol';
import type { Database, Sql } from '../db/database.js';

export interface StateKey {
  table: string;
  row: string;
  column: string;
}

export class SyncStateRepository {
  constructor(private readonly db: Database) {}

  /** Upserts each message unless the stored value has a later (hlc, device). */
  async apply(
    tx: Sql,
    userId: string,
    messages: (ChangeMessage & { seq: number })[],
  ): Promise<void> {
    for (let start = 0; start < messages.length; start += 500) {
      const chunk = messages.slice(start, start + 500);
      const params: unknown[] = [userId];
      const rows = chunk.map((m) => {
        const b = params.length;
        params.push(m.table, m.row, m.column, JSON.stringify(m.value), m.hlc, m.device, m.seq);
        return `($1, $${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::uuid, $${b + 7}::bigint)`;
      });
      await tx.query(
        `INSERT INTO sync_state AS s (user_id, tbl, row_key, col, value, hlc, device_id, seq)
         VALUES ${rows.join(', ')}
         ON CONFLICT (user_id, tbl, row_key, col) DO UPDATE SET
           value = EXCLUDED.value, hlc = EXCLUDED.hlc, device_id = EXCLUDED.device_id, seq = EXCLUDED.seq
         WHERE (EXCLUDED.hlc, EXCLUDED.device_id::text COLLATE "C") > (s.hlc, s.device_id::text COLLATE "C")`,
        params,
      );
    }
  }

  /** A page of the user's state in key order, after `after` (exclusive). */
  async page(userId: string, after: StateKey | null, limit: number): Promise<StateRow[]> {
    const params: unknown[] = [userId, limit];
    let where = '';
    if (after) {
      params.push(after.table, after.row, after.column);
      where = 'AND (tbl, row_key, col) > ($3, $4, $5)';
    }
    const rows = await this.db.query<{
      tbl: string;
      row_key: string;
      col: string;
      value: string;
      hlc: string;
      device_id: string;
    }>(
      `SELECT tbl, row_key, col, value, hlc, device_id FROM sync_state
       WHERE user_id = $1 ${where} ORDER BY tbl, row_key, col LIMIT $2`,
      params,
    );
    return rows.map((r) => ({
      table: r.tbl as SyncTable,
      row: r.row_key,
      column: r.col,
      value: JSON.parse(r.value) as StateRow['value'],
      hlc: r.hlc as Hlc,
      device: r.device_id,
    }));
  }
}

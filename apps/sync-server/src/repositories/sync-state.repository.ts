// The materialized current value per (user, table, row, column): last writer wins by
// (hlc, device), compared byte-wise (the columns use the "C" collation).
import type { Hlc, StateRow, SyncTable } from '@encore/core/protocol';
import type { Database } from '../db/database.js';

/**
 * The upsert's conflict rule, for `INSERT INTO sync_state AS s ...` (the log append writes the
 * state in the same statement): replace only with a later (hlc, device), compared byte-wise.
 */
export const STATE_UPSERT_ON_CONFLICT = `ON CONFLICT (user_id, tbl, row_key, col) DO UPDATE SET
  value = EXCLUDED.value, hlc = EXCLUDED.hlc, device_id = EXCLUDED.device_id, seq = EXCLUDED.seq
WHERE (EXCLUDED.hlc, EXCLUDED.device_id::text COLLATE "C") > (s.hlc, s.device_id::text COLLATE "C")`;

export interface StateKey {
  table: string;
  row: string;
  column: string;
}

export class SyncStateRepository {
  constructor(private readonly db: Database) {}

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

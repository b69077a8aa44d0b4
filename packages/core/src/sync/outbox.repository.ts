// sync_outbox: changes waiting to be pushed, one per field at most (a newer change of a
// field supersedes the waiting one).
import type { Db } from '../library/database.js';

export interface OutboxRow {
  id: number;
  tbl: string;
  row: string;
  col: string;
  value: string;
  hlc: string;
}

export type RequeueRow = Omit<OutboxRow, 'id'>;

export class SyncOutboxRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO sync_outbox (tbl, row, col, value, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      // Only a field's latest value needs pushing (last writer wins): a newer change
      // replaces the one still waiting, so the outbox stays as small as the set of fields.
      supersede: db.prepare(`DELETE FROM sync_outbox WHERE tbl = ? AND row = ? AND col = ?`),
      count: db.prepare(`SELECT count(*) AS n FROM sync_outbox`),
      // By id and stamp: SQLite may give a drained entry's id to a newer change (no
      // AUTOINCREMENT), which must not be deleted with it.
      remove: db.prepare(`DELETE FROM sync_outbox WHERE id = ? AND hlc = ?`),
      list: db.prepare(`SELECT id, tbl, row, col, value, hlc FROM sync_outbox ORDER BY id LIMIT ?`),
      requeue: db.prepare(
        `SELECT f.tbl, f.row, f.col, f.value, f.hlc FROM sync_fields f
         WHERE (? = 'all' OR f.device IS NULL)
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.tbl = f.tbl AND o.row = f.row AND o.col = f.col)
           AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.hlc = f.hlc)`,
      ),
    };
  }

  /** Queues a field's value (`value` as JSON), replacing the field's entry still waiting. */
  replace(tbl: string, row: string, col: string, value: string, hlc: string, now: number): void {
    this.stmts.supersede.run(tbl, row, col);
    this.stmts.insert.run(tbl, row, col, value, hlc, now);
  }

  insert(tbl: string, row: string, col: string, value: string, hlc: string, now: number): void {
    this.stmts.insert.run(tbl, row, col, value, hlc, now);
  }

  remove(id: number, hlc: string): void {
    this.stmts.remove.run(id, hlc);
  }

  count(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }

  list(limit: number): OutboxRow[] {
    return this.stmts.list.all(limit) as OutboxRow[];
  }

  /**
   * Replica fields not waiting in the outbox (neither the field nor its stamp): `all`, or
   * `own` for this library's own values only.
   */
  requeueCandidates(which: 'all' | 'own'): RequeueRow[] {
    return this.stmts.requeue.all(which) as RequeueRow[];
  }
}

// The outbox: every synced change (a star, a rating, a concert decision, a catalog edit) is
// written here in the same SQLite transaction as the change itself, stamped by this
// library's hybrid logical clock, so a change can never be made without being queued for
// the server, whatever crashes when. The same transaction sets the field in `sync_fields`,
// this library's replica of every synced value (see sync/replica.ts); the push loop drains
// the outbox.
import { randomBytes } from 'node:crypto';
import { EncoreError } from '../domain/errors.js';
import type { Db } from '../library/database.js';
import { HlcClock, columnSchema, isSyncTable, type Hlc } from '../protocol/index.js';

/**
 * How far this library's clock may run ahead of its wall clock by following other devices'
 * stamps: above the server's 10-minute limit on pushes, so whatever the server accepted
 * from another device, a later edit here can be stamped after it.
 */
export const MAX_CLOCK_LEAD_MS = 15 * 60_000;

export interface Change {
  table: string;
  row: string;
  column: string;
  value: unknown;
}

export interface OutboxEntry extends Change {
  id: number;
  hlc: Hlc;
}

export class SyncOutbox {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      clock: db.prepare(`SELECT node, last_hlc AS last FROM sync_clock WHERE id = 1`),
      initClock: db.prepare(
        `INSERT INTO sync_clock (id, node) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      saveClock: db.prepare(`UPDATE sync_clock SET last_hlc = ? WHERE id = 1`),
      insert: db.prepare(
        `INSERT INTO sync_outbox (tbl, row, col, value, hlc, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      // Only a field's latest value needs pushing (last writer wins): a newer change
      // replaces the one still waiting, so the outbox stays as small as the set of fields.
      supersede: db.prepare(`DELETE FROM sync_outbox WHERE tbl = ? AND row = ? AND col = ?`),
      field: db.prepare(`SELECT value FROM sync_fields WHERE tbl = ? AND row = ? AND col = ?`),
      setField: db.prepare(
        `INSERT INTO sync_fields (tbl, row, col, value, hlc, device) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (tbl, row, col) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
           device = NULL`,
      ),
      count: db.prepare(`SELECT count(*) AS n FROM sync_outbox`),
      // By id and stamp: SQLite may give a drained entry's id to a newer change (no
      // AUTOINCREMENT), which must not be deleted with it.
      remove: db.prepare(`DELETE FROM sync_outbox WHERE id = ? AND hlc = ?`),
      held: db.prepare(`SELECT hlc FROM sync_fields WHERE tbl = ? AND row = ? AND col = ?`),
      list: db.prepare(`SELECT id, tbl, row, col, value, hlc FROM sync_outbox ORDER BY id LIMIT ?`),
    };
  }

  /**
   * Queues changes; must run inside the caller's write transaction (the one that makes the
   * change). The clock is read and advanced in that transaction, so timestamps stay strictly
   * increasing across every process writing to this library.
   */
  record(changes: Change[], now: () => number = Date.now): Hlc[] {
    if (!this.db.inTransaction) {
      throw new EncoreError(
        'OUTBOX_OUTSIDE_TRANSACTION',
        'outbox writes belong in the transaction of their change',
      );
    }
    for (const c of changes) validate(c);
    this.stmts.initClock.run(randomBytes(8).toString('hex'));
    const state = this.stmts.clock.get() as { node: string; last: string | null };
    const clock = new HlcClock(state.node, {
      now,
      maxDriftMs: MAX_CLOCK_LEAD_MS,
      ...(state.last ? { last: state.last } : {}),
    });
    const stamps: Hlc[] = [];
    for (const c of changes) {
      // An edit replaces the value the user saw: stamp it after that value's version, even
      // when the version came from a device whose clock runs ahead of this one.
      const held = this.stmts.held.get(c.table, c.row, c.column) as { hlc: string } | undefined;
      if (held && held.hlc > clock.current()) {
        try {
          clock.receive(held.hlc);
        } catch {
          // Further ahead than any server accepts: stamp by this clock.
        }
      }
      const hlc = clock.tick();
      const value = JSON.stringify(c.value);
      this.stmts.supersede.run(c.table, c.row, c.column);
      this.stmts.insert.run(c.table, c.row, c.column, value, hlc, now());
      this.stmts.setField.run(c.table, c.row, c.column, value, hlc);
      stamps.push(hlc);
    }
    if (stamps.length > 0) this.stmts.saveClock.run(stamps[stamps.length - 1]);
    return stamps;
  }

  /**
   * Like `record`, for changes that restate a whole object (a show re-imported, a bill
   * rewritten): fields whose synced value is already equal are left alone, so writing the
   * same data twice sends nothing.
   */
  recordChanged(changes: Change[], now: () => number = Date.now): Hlc[] {
    const changed = changes.filter((c) => {
      const cur = this.stmts.field.get(c.table, c.row, c.column) as { value: string } | undefined;
      return !cur || cur.value !== JSON.stringify(c.value);
    });
    return this.record(changed, now);
  }

  /** The synced value of one field, or undefined when it was never set. */
  value(table: string, row: string, column: string): unknown {
    const cur = this.stmts.field.get(table, row, column) as { value: string } | undefined;
    return cur ? (JSON.parse(cur.value) as unknown) : undefined;
  }

  /** Drops pushed entries (the server acknowledged them); a newer change of a field stays. */
  remove(entries: readonly { id: number; hlc: string }[]): void {
    for (const e of entries) this.stmts.remove.run(e.id, e.hlc);
  }

  pending(): number {
    return (this.stmts.count.get() as { n: number }).n;
  }

  peek(limit = 500): OutboxEntry[] {
    return (
      this.stmts.list.all(limit) as {
        id: number;
        tbl: string;
        row: string;
        col: string;
        value: string;
        hlc: Hlc;
      }[]
    ).map((r) => ({
      id: r.id,
      table: r.tbl,
      row: r.row,
      column: r.col,
      value: JSON.parse(r.value) as unknown,
      hlc: r.hlc,
    }));
  }
}

function validate(c: Change): void {
  const schema = isSyncTable(c.table) ? columnSchema(c.table, c.column) : undefined;
  if (!schema)
    throw new EncoreError('SYNC_UNKNOWN_FIELD', `${c.table}.${c.column} is not a synced field`);
  const parsed = schema.safeParse(c.value);
  if (!parsed.success) {
    throw new EncoreError(
      'SYNC_BAD_VALUE',
      `${c.table}.${c.column} cannot be ${JSON.stringify(c.value)}`,
    );
  }
}

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
import { SyncClockRepository } from './clock.repository.js';
import { SyncFieldsRepository } from './fields.repository.js';
import { SyncOutboxRepository } from './outbox.repository.js';

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
  private readonly entries: SyncOutboxRepository;
  private readonly fields: SyncFieldsRepository;
  private readonly clock: SyncClockRepository;

  constructor(private readonly db: Db) {
    this.entries = new SyncOutboxRepository(db);
    this.fields = new SyncFieldsRepository(db);
    this.clock = new SyncClockRepository(db);
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
    const state = this.clock.getOrCreate(randomBytes(8).toString('hex'));
    const clock = new HlcClock(state.node, {
      now,
      maxDriftMs: MAX_CLOCK_LEAD_MS,
      ...(state.last ? { last: state.last } : {}),
    });
    const stamps: Hlc[] = [];
    for (const c of changes) {
      // An edit replaces the value the user saw: stamp it after that value's version, even
      // when the version came from a device whose clock runs ahead of this one.
      const held = this.fields.version(c.table, c.row, c.column);
      if (held && held.hlc > clock.current()) {
        try {
          clock.receive(held.hlc);
        } catch {
          // Further ahead than any server accepts: stamp by this clock.
        }
      }
      const hlc = clock.tick();
      const value = JSON.stringify(c.value);
      this.entries.replace(c.table, c.row, c.column, value, hlc, now());
      this.fields.set(c.table, c.row, c.column, value, hlc, null);
      stamps.push(hlc);
    }
    if (stamps.length > 0) this.clock.save(stamps[stamps.length - 1]!);
    return stamps;
  }

  /**
   * Like `record`, for changes that restate a whole object (a show re-imported, a bill
   * rewritten): fields whose synced value is already equal are left alone, so writing the
   * same data twice sends nothing.
   */
  recordChanged(changes: Change[], now: () => number = Date.now): Hlc[] {
    const changed = changes.filter((c) => {
      const cur = this.fields.storedValue(c.table, c.row, c.column);
      return cur === undefined || cur !== JSON.stringify(c.value);
    });
    return this.record(changed, now);
  }

  /** The synced value of one field, or undefined when it was never set. */
  value(table: string, row: string, column: string): unknown {
    const cur = this.fields.storedValue(table, row, column);
    return cur !== undefined ? (JSON.parse(cur) as unknown) : undefined;
  }

  /** Drops pushed entries (the server acknowledged them); a newer change of a field stays. */
  remove(entries: readonly { id: number; hlc: string }[]): void {
    for (const e of entries) this.entries.remove(e.id, e.hlc);
  }

  pending(): number {
    return this.entries.count();
  }

  peek(limit = 500): OutboxEntry[] {
    return this.entries.list(limit).map((r) => ({
      id: r.id,
      table: r.tbl,
      row: r.row,
      column: r.col,
      value: JSON.parse(r.value) as unknown,
      hlc: r.hlc as Hlc,
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

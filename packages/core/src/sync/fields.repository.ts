// sync_fields, the replica of synced values: one field's value and version (the outbox and
// the replica's LWW merge), and reads by row for code that needs a row's whole state rather
// than one message: projections (a show's fields arrive one message each, in any order) and
// recorders (which bill entries were synced before).
import type { Db } from '../library/database.js';

export type FieldValues = Record<string, unknown>;

/** A sync_fields row as stored (value as JSON; device null: set on this library). */
export interface StoredField {
  tbl: string;
  row: string;
  col: string;
  value: string;
  hlc: string;
  device: string | null;
}

export class SyncFieldsRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      value: db.prepare(`SELECT value FROM sync_fields WHERE tbl = ? AND row = ? AND col = ?`),
      version: db.prepare(
        `SELECT hlc, device FROM sync_fields WHERE tbl = ? AND row = ? AND col = ?`,
      ),
      set: db.prepare(
        `INSERT INTO sync_fields (tbl, row, col, value, hlc, device) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tbl, row, col) DO UPDATE SET value = excluded.value, hlc = excluded.hlc,
           device = excluded.device`,
      ),
      all: db.prepare(
        `SELECT tbl, row, col, value, hlc, device FROM sync_fields ORDER BY tbl, row, col`,
      ),
      row: db.prepare(`SELECT col, value FROM sync_fields WHERE tbl = ? AND row = ?`),
      // Rows "<prefix>…" for a prefix ending in '/': '0' is the character after '/'.
      prefixed: db.prepare(
        `SELECT row, col, value FROM sync_fields WHERE tbl = ? AND row >= ? AND row < ?
         ORDER BY row, col`,
      ),
      assignedTo: db.prepare(
        `SELECT row FROM sync_fields WHERE tbl = 'event_assignments'
           AND json_extract(value, '$.show') = ? ORDER BY row`,
      ),
    };
  }

  /** One field's value as stored (JSON), or undefined when it was never set. */
  storedValue(table: string, row: string, column: string): string | undefined {
    return (this.stmts.value.get(table, row, column) as { value: string } | undefined)?.value;
  }

  /** The version (stamp, device; null = this library) that set a field. */
  version(
    table: string,
    row: string,
    column: string,
  ): { hlc: string; device: string | null } | undefined {
    return this.stmts.version.get(table, row, column) as
      { hlc: string; device: string | null } | undefined;
  }

  /** Sets a field (`value` as JSON) to the version of `device` (null: this library). */
  set(
    table: string,
    row: string,
    column: string,
    value: string,
    hlc: string,
    device: string | null,
  ): void {
    this.stmts.set.run(table, row, column, value, hlc, device);
  }

  /** Every field, as stored, by table, row and column. */
  all(): StoredField[] {
    return this.stmts.all.all() as StoredField[];
  }

  /** Every synced column of one row (absent: never set here). */
  row(table: string, row: string): FieldValues {
    const out: FieldValues = {};
    for (const r of this.stmts.row.all(table, row) as { col: string; value: string }[])
      out[r.col] = JSON.parse(r.value) as unknown;
    return out;
  }

  /** Rows whose key starts with `prefix` (which must end in '/'), with their columns. */
  rowsUnder(table: string, prefix: string): Map<string, FieldValues> {
    if (!prefix.endsWith('/')) throw new Error(`row prefix must end in '/': ${prefix}`);
    const out = new Map<string, FieldValues>();
    const end = `${prefix.slice(0, -1)}0`;
    for (const r of this.stmts.prefixed.all(table, prefix, end) as {
      row: string;
      col: string;
      value: string;
    }[]) {
      const values = out.get(r.row) ?? {};
      values[r.col] = JSON.parse(r.value) as unknown;
      out.set(r.row, values);
    }
    return out;
  }

  /** Photos whose synced concert decision assigns them to this show key. */
  photosAssignedTo(showKey: string): string[] {
    return (this.stmts.assignedTo.all(showKey) as { row: string }[]).map((r) => r.row);
  }
}

import { sep } from 'node:path';
import type { Db } from './database.js';

export type Severity = 'error' | 'warning';

export interface ErrorRow {
  path: string;
  code: string;
  message: string;
  severity: Severity;
  at: string;
}

/**
 * Per-file problems: one row per (path, code), replaced when the same problem recurs. A
 * problem of a location lives as long as the location (ON DELETE CASCADE); a problem found by
 * a scan (a path the library has no location for) has location_id NULL.
 */
export class ErrorRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      // One statement, so "is the location still there" and the insert cannot be split by
      // another connection: a problem of a location that a concurrent rescan (or the watcher)
      // just removed is dropped, as the cascade would have dropped it a moment later. (A plain
      // INSERT failed with "FOREIGN KEY constraint failed" there.) The WHERE also keeps SQLite
      // from reading ON CONFLICT as a join constraint.
      record: db.prepare(
        `INSERT INTO errors (location_id, path, code, message, severity, at)
         SELECT @locationId, @path, @code, @message, @severity, @at
         WHERE @locationId IS NULL OR EXISTS (SELECT 1 FROM locations WHERE id = @locationId)
         ON CONFLICT (path, code) DO UPDATE SET message = excluded.message, severity = excluded.severity,
           at = excluded.at, location_id = excluded.location_id`,
      ),
      clearUnder: db.prepare(
        `DELETE FROM errors WHERE location_id IS NULL
           AND code IN (SELECT value FROM json_each(@codes))
           AND (path = @root OR substr(path, 1, length(@prefix)) = @prefix)`,
      ),
    };
  }

  record(
    entry: {
      locationId: number | null;
      path: string;
      code: string;
      message: string;
      severity: Severity;
    },
    now: Date,
  ): boolean {
    return (
      this.stmts.record.run({
        locationId: entry.locationId,
        path: entry.path,
        code: entry.code,
        message: entry.message,
        severity: entry.severity,
        at: now.toISOString(),
      }).changes > 0
    );
  }

  /**
   * Deletes the problems with one of `codes` that belong to no location, at `root` or under it
   * (a source folder's scan problems, before the next scan records its own).
   */
  clearUnder(root: string, codes: readonly string[]): void {
    const prefix = root.endsWith(sep) ? root : root + sep;
    this.stmts.clearUnder.run({ codes: JSON.stringify(codes), root, prefix });
  }

  clearForLocation(locationId: number): void {
    this.db.prepare(`DELETE FROM errors WHERE location_id = ?`).run(locationId);
  }

  clearForPath(path: string): void {
    this.db.prepare(`DELETE FROM errors WHERE path = ?`).run(path);
  }

  list(): ErrorRow[] {
    return this.db
      .prepare(`SELECT path, code, message, severity, at FROM errors ORDER BY severity, path, code`)
      .all() as ErrorRow[];
  }

  count(severity?: Severity): number {
    const row = (
      severity
        ? this.db.prepare(`SELECT count(*) AS n FROM errors WHERE severity = ?`).get(severity)
        : this.db.prepare(`SELECT count(*) AS n FROM errors`).get()
    ) as { n: number };
    return row.n;
  }
}

import type { Db } from './database.js';

export type Severity = 'error' | 'warning';

export interface ErrorRow {
  path: string;
  code: string;
  message: string;
  severity: Severity;
  at: string;
}

/** Per-file problems: one row per (path, code), replaced when the same problem recurs. */
export class ErrorRepository {
  constructor(private readonly db: Db) {}

  record(
    entry: {
      locationId: number | null;
      path: string;
      code: string;
      message: string;
      severity: Severity;
    },
    now: Date,
  ): void {
    this.db
      .prepare(
        `INSERT INTO errors (location_id, path, code, message, severity, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path, code) DO UPDATE SET message = excluded.message, severity = excluded.severity,
           at = excluded.at, location_id = excluded.location_id`,
      )
      .run(
        entry.locationId,
        entry.path,
        entry.code,
        entry.message,
        entry.severity,
        now.toISOString(),
      );
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

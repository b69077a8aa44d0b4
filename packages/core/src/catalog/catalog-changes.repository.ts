// The change feed matching reads: triggers in migration 002 record the local date of every
// show write under a growing catalog version; deleted shows leave a tombstone.
import type { Db } from '../library/database.js';
import type { CatalogChanges, LocalDate, ShowId } from './types.js';

export class CatalogChangesRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      version: db.prepare(`SELECT version FROM catalog_version WHERE id = 1`),
      dates: db.prepare(`SELECT date FROM catalog_changes WHERE version > ? ORDER BY date`),
      deleted: db.prepare(
        `SELECT show_id FROM catalog_deletions WHERE version > ? ORDER BY show_id`,
      ),
    };
  }

  /** Grows with every write to the catalog; 0 for a new library. */
  catalogVersion(): number {
    return (this.stmts.version.get() as { version: number }).version;
  }

  /**
   * The local dates whose shows changed after `cursor` (0 = since the beginning) and the
   * shows deleted since; pass the returned cursor next time. Read in one transaction so a
   * write landing in between is reported next time rather than lost.
   */
  changedDatesSince(cursor: number): CatalogChanges {
    return this.db.transaction(() => ({
      cursor: this.catalogVersion(),
      dates: (this.stmts.dates.all(cursor) as { date: string }[]).map((r) => r.date as LocalDate),
      deletedShowIds: (this.stmts.deleted.all(cursor) as { show_id: number }[]).map(
        (r) => r.show_id as ShowId,
      ),
    }))();
  }
}

// sync_clock: this library's hybrid logical clock (one row: node id, last stamp issued or
// followed). Read and advanced inside write transactions, so every process writing the
// library issues increasing stamps.
import type { Db } from '../library/database.js';

export interface ClockState {
  node: string;
  last: string | null;
}

export class SyncClockRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare(`SELECT node, last_hlc AS last FROM sync_clock WHERE id = 1`),
      init: db.prepare(
        `INSERT INTO sync_clock (id, node) VALUES (1, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      initRandom: db.prepare(
        `INSERT INTO sync_clock (id, node) VALUES (1, lower(hex(randomblob(8)))) ON CONFLICT (id) DO NOTHING`,
      ),
      save: db.prepare(`UPDATE sync_clock SET last_hlc = ? WHERE id = 1`),
    };
  }

  /** The clock, created with this node id when the library has none yet. */
  getOrCreate(node: string): ClockState {
    this.stmts.init.run(node);
    return this.stmts.get.get() as ClockState;
  }

  /** The clock, created with a random node id when the library has none yet. */
  getOrCreateRandom(): ClockState {
    this.stmts.initRandom.run();
    return this.stmts.get.get() as ClockState;
  }

  save(last: string): void {
    this.stmts.save.run(last);
  }
}

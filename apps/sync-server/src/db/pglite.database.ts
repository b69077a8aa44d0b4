// Embedded PostgreSQL (PGlite, WASM) in DATA_DIR: the server runs with no setup. One
// connection: transactions run one at a time, which is also what keeps sequence numbers
// gap-free here. NOTIFY is delivered in-process.
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Database, Sql } from './database.js';

function wrap(db: PGlite | Transaction): Sql {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const res = await db.query<R>(text, params as unknown[] | undefined);
      return res.rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
  };
}

/** dataDir null: in memory (tests). */
export async function openPgliteDatabase(dataDir: string | null): Promise<Database> {
  const db = dataDir === null ? await PGlite.create() : await PGlite.create(dataDir);
  const base = wrap(db);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onPayload) {
      const unlisten = await db.listen(channel, onPayload);
      return async () => {
        await unlisten();
      };
    },
    async close() {
      await db.close();
    },
  };
}

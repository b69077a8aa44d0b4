// Forward-only numbered migrations, applied on start in one transaction under an advisory
// lock, so two instances starting together apply them once. Never edit a released one.
import type { Database } from '../database.js';
import { toInt } from '../database.js';
import { m001Initial } from './001-initial.js';
import { m002Blobs } from './002-blobs.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002Blobs];

/** pg_advisory_xact_lock key: "encore:migrate". */
const MIGRATION_LOCK = 0x656e636f72;

export class MigrationError extends Error {
  readonly code = 'MIGRATION';
}

/** Applies what is missing; returns the ids applied now. */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        id          integer PRIMARY KEY,
        name        text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
    const rows = await tx.query<{ id: unknown }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((r) => toInt(r.id)));
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...applied].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new MigrationError(
        `the database has migrations this server does not know (${unknown.join(', ')}): it was written by a newer version`,
      );
    }
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      done.push(m.id);
    }
    return done;
  });
}

/** True when every known migration is applied (for /ready). */
export async function migrationsDone(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<boolean> {
  const rows = await db.query<{ id: unknown }>('SELECT id FROM schema_migrations');
  const applied = new Set(rows.map((r) => toInt(r.id)));
  return migrations.every((m) => applied.has(m.id));
}

import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { openPgliteDatabase } from '../pglite.database.js';
import { MIGRATIONS, migrate, migrationsDone } from './index.js';

describe('migrations', () => {
  let db: Database;
  afterEach(() => db.close());

  it('apply in order once, and report done', async () => {
    db = await openPgliteDatabase(null);
    expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
    expect(await migrationsDone(db)).toBe(true);
  });

  it('roll back as a whole when one fails', async () => {
    db = await openPgliteDatabase(null);
    const broken = [
      ...MIGRATIONS,
      { id: 99, name: 'broken', sql: 'CREATE TABLE x (); SELECT nonsense' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow(/nonsense/);
    await expect(db.query('SELECT 1 FROM users')).rejects.toThrow(/users/);
  });

  it('refuse a database written by a newer server', async () => {
    db = await openPgliteDatabase(null);
    await migrate(db);
    await db.query("INSERT INTO schema_migrations (id, name) VALUES (999, 'from the future')");
    await expect(migrate(db)).rejects.toThrow(/newer version/);
  });
});

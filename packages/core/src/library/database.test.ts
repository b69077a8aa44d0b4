import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { currentVersion, migrate, openDatabase } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { Library } from './library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('library database', () => {
  it('creates the schema at the latest version in WAL mode with foreign keys on', () => {
    const lib = Library.open(temp());
    expect(currentVersion(lib.db)).toBe(MIGRATIONS.length);
    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(lib.integrityCheck()).toBe('ok');
    lib.close();
  });

  it('applies no migration twice', () => {
    const dir = temp();
    Library.open(dir).close();
    const db = openDatabase(path.join(dir, 'library.db'));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('refuses a library written by a newer schema, naming the versions', () => {
    const dir = temp();
    const db = openDatabase(path.join(dir, 'library.db'));
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    expect(() => Library.open(dir)).toThrow(/newer Encore \(schema \d+, this build knows \d+\)/);
  });

  it('cascades: removing a source removes its locations and jobs', () => {
    const lib = Library.open(temp());
    const s = lib.sources.insert('/photos', new Date());
    const { id } = lib.locations.seen(s.id, 'a.jpg', 10, 1);
    lib.jobs.enqueue(id, 0);
    lib.sources.delete(s.id);
    expect(lib.locations.get(id)).toBeNull();
    expect(lib.jobs.counts().queued).toBe(0);
    lib.close();
  });
});

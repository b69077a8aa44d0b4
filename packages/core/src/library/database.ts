// Opens the library's SQLite file with the settings every connection needs, and applies
// forward-only numbered migrations in one transaction each.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EncoreError } from '../domain/errors.js';
import { MIGRATIONS } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (!options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (err) {
    throw new EncoreError(
      'LIBRARY_OPEN_FAILED',
      `cannot open library database ${file}: ${(err as Error).message}`,
      { file },
      { cause: err },
    );
  }
  // busy_timeout first: every later statement may need to wait for another process.
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32000');
  return db;
}

export function currentVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration newer than the file's user_version. Returns the versions applied. */
export function migrate(db: Db): number[] {
  const applied: number[] = [];
  const latest = MIGRATIONS.length;
  const version = currentVersion(db);
  if (version > latest) {
    throw new EncoreError(
      'LIBRARY_TOO_NEW',
      `this library was written by a newer Encore (schema ${version}, this build knows ${latest}); update Encore`,
    );
  }
  for (let v = version + 1; v <= latest; v++) {
    const migration = MIGRATIONS[v - 1]!;
    // IMMEDIATE: take the write lock up front so two processes opening a new library
    // at once cannot both run the same migration.
    db.transaction(() => {
      if (currentVersion(db) >= v) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${v}`);
      applied.push(v);
    }).immediate();
  }
  return applied;
}

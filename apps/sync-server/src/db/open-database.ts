// Chooses the backend from the config: DATABASE_URL means PostgreSQL, none means PGlite.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { ServerConfig } from '../config.js';
import type { Database } from './database.js';
import { openPgDatabase } from './pg.database.js';
import { openPgliteDatabase } from './pglite.database.js';

export async function openDatabase(
  config: Pick<ServerConfig, 'databaseUrl' | 'dbPoolMax' | 'dataDir'>,
  onError?: (err: Error, where: string) => void,
): Promise<Database> {
  if (config.databaseUrl) {
    return openPgDatabase({
      connectionString: config.databaseUrl,
      poolMax: config.dbPoolMax,
      ...(onError ? { onError } : {}),
    });
  }
  const dir = path.join(config.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  return openPgliteDatabase(dir);
}

// PostgreSQL through a `pg` pool (DATABASE_URL, DB_POOL_MAX), plus one dedicated connection
// for LISTEN that reconnects when it drops.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { UNPREPARED, type Database, type Sql } from './database.js';

export interface PgOptions {
  connectionString: string;
  poolMax: number;
  onError?: (err: Error, where: string) => void;
}

// Statements with parameters run as named prepared statements: each connection parses and
// plans one once, not on every call (the sync path's statements run thousands of times a
// second). Names come from the text; only statements with few parameters, so text built for
// a variable number of values cannot pile up prepared statements on a connection.
const MAX_PREPARED_PARAMS = 32;

const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `encore_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
}

function wrap(client: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      const res =
        params &&
        params.length > 0 &&
        params.length <= MAX_PREPARED_PARAMS &&
        !text.includes(UNPREPARED)
          ? await client.query({ name: statementName(text), text, values: params as unknown[] })
          : await client.query(text, params as unknown[] | undefined);
      return res.rows as R[];
    },
    async exec(script: string) {
      await client.query(script);
    },
  };
}

export async function openPgDatabase(options: PgOptions): Promise<Database> {
  const onError = options.onError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolMax,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'encore-sync-server',
    // A stuck statement or an abandoned transaction must not hold a user's log lock forever.
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => onError(err, 'pool'));
  const base = wrap(pool);
  // Fail fast on a wrong URL or password.
  await base.query('select 1');

  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listener: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;

  async function connectListener(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'encore-sync-server-listen',
    });
    client.on('notification', (msg) => {
      for (const fn of listeners.get(msg.channel) ?? []) fn(msg.payload ?? '');
    });
    client.on('error', (err) => {
      onError(err, 'listener');
      if (listener === client) listener = null;
      void client.end().catch(() => {});
      if (!closed) setTimeout(() => void ensureListener().catch(() => {}), 1000).unref();
    });
    await client.connect();
    for (const channel of listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    return client;
  }

  async function ensureListener(): Promise<pg.Client> {
    if (listener) return listener;
    connecting ??= connectListener().then(
      (c) => {
        listener = c;
        connecting = null;
        return c;
      },
      (err: unknown) => {
        connecting = null;
        throw err;
      },
    );
    return connecting;
  }

  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => {
          broken = e;
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onPayload) {
      let set = listeners.get(channel);
      const first = !set;
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(onPayload);
      const client = await ensureListener();
      if (first) await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        set.delete(onPayload);
        if (set.size === 0) {
          listeners.delete(channel);
          await listener?.query(`UNLISTEN ${quoteIdent(channel)}`).catch(() => {});
        }
      };
    },
    async close() {
      closed = true;
      const l = listener ?? (await connecting?.catch(() => null)) ?? null;
      listener = null;
      await l?.end().catch(() => {});
      await pool.end();
    },
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// The database seam: PostgreSQL through a `pg` pool, or embedded PGlite. Repositories speak
// only this interface and PostgreSQL 15 SQL, so both backends run the same statements.

export interface Sql {
  /** One statement with $1.. parameters; returns its rows. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** A script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction (READ COMMITTED); commits on return, rolls back on throw. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Delivers NOTIFY payloads on channel (from any connection or server); returns unlisten. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** int8/bigint columns: `pg` answers strings, PGlite numbers (or bigint past 2^53). */
export function toInt(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n))
    throw new TypeError(`not an integer from the database: ${String(value)}`);
  return n;
}

/** timestamptz columns as ISO strings (both drivers answer Date). */
export function toIso(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/**
 * On PostgreSQL through `pg`, statements with parameters run as named prepared statements. A
 * statement whose text carries this comment is planned for its actual values on every run:
 * for a prepared statement PostgreSQL switches to a generic plan after five runs when it
 * looks no costlier, and for the sync append that plan is several times slower (measured
 * with bench:sync), so which plan a connection ended up with decided the server's speed.
 */
export const UNPREPARED = '/* unprepared */';

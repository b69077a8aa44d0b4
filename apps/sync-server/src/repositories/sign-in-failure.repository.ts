import type { Database } from '../db/database.js';

export interface FailureRow {
  failures: number;
  lastFailure: Date;
  lockedUntil: Date | null;
}

export class SignInFailureRepository {
  constructor(private readonly db: Database) {}

  async get(emailKey: string, ip: string): Promise<FailureRow | null> {
    const rows = await this.db.query<{
      failures: unknown;
      last_failure: Date;
      locked_until: Date | null;
    }>(
      'SELECT failures, last_failure, locked_until FROM sign_in_failures WHERE email_key = $1 AND ip = $2',
      [emailKey, ip],
    );
    const r = rows[0];
    return r
      ? {
          failures: Number(r.failures),
          lastFailure: new Date(r.last_failure),
          lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
        }
      : null;
  }

  /** Counts one more failure (starting again after a quiet `resetBefore`); returns the count. */
  async recordFailure(emailKey: string, ip: string, now: Date, resetBefore: Date): Promise<number> {
    const rows = await this.db.query<{ failures: unknown }>(
      `INSERT INTO sign_in_failures AS f (email_key, ip, failures, last_failure)
       VALUES ($1, $2, 1, $3)
       ON CONFLICT (email_key, ip) DO UPDATE SET
         failures = CASE WHEN f.last_failure < $4 THEN 1 ELSE f.failures + 1 END,
         last_failure = EXCLUDED.last_failure
       RETURNING failures`,
      [emailKey, ip, now, resetBefore],
    );
    return Number(rows[0]?.failures ?? 1);
  }

  async lock(emailKey: string, ip: string, until: Date): Promise<void> {
    await this.db.query(
      'UPDATE sign_in_failures SET locked_until = $3 WHERE email_key = $1 AND ip = $2',
      [emailKey, ip, until],
    );
  }

  async clear(emailKey: string, ip: string): Promise<void> {
    await this.db.query('DELETE FROM sign_in_failures WHERE email_key = $1 AND ip = $2', [
      emailKey,
      ip,
    ]);
  }

  /** Forgets failures older than `before` (run with compaction). */
  async prune(before: Date): Promise<void> {
    await this.db.query(
      'DELETE FROM sign_in_failures WHERE last_failure < $1 AND (locked_until IS NULL OR locked_until < $1)',
      [before],
    );
  }
}

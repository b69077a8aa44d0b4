// The setlist.fm client's memory in the library: responses by request (so a re-match costs
// no request; "no results" is remembered too) and requests made per UTC day (so several
// processes on one library stay within the key's daily allowance together).
import type { Db } from '../../library/database.js';

export interface CachedResponse {
  status: number;
  body: string | null;
}

export class SetlistfmStore {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare(`SELECT status, body FROM setlistfm_cache WHERE key = ? AND expires_at > ?`),
      put: db.prepare(
        `INSERT INTO setlistfm_cache (key, status, body, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET status = excluded.status, body = excluded.body,
           fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
      ),
      prune: db.prepare(`DELETE FROM setlistfm_cache WHERE expires_at <= ?`),
      // One statement: counting and checking cannot interleave with another process.
      spend: db.prepare(
        `INSERT INTO setlistfm_budget (day, requests) VALUES (@day, 1)
         ON CONFLICT (day) DO UPDATE SET requests = requests + 1 WHERE requests < @limit`,
      ),
      spent: db.prepare(`SELECT requests FROM setlistfm_budget WHERE day = ?`),
    };
  }

  cached(key: string, nowMs: number): CachedResponse | null {
    return (this.stmts.get.get(key, nowMs) as CachedResponse | undefined) ?? null;
  }

  remember(key: string, response: CachedResponse, nowMs: number, ttlMs: number): void {
    this.stmts.put.run(key, response.status, response.body, nowMs, nowMs + ttlMs);
  }

  prune(nowMs: number): number {
    return this.stmts.prune.run(nowMs).changes;
  }

  /** Counts one request against today's budget; false (and nothing counted) when it is spent. */
  spend(nowMs: number, limit: number): boolean {
    if (limit <= 0) return false;
    return this.stmts.spend.run({ day: utcDay(nowMs), limit }).changes > 0;
  }

  spentToday(nowMs: number): number {
    return (this.stmts.spent.get(utcDay(nowMs)) as { requests: number } | undefined)?.requests ?? 0;
  }
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

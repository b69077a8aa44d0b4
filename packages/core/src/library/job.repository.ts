import type { Db } from './database.js';

export interface JobRow {
  id: number;
  locationId: number;
  attempts: number;
}

export interface JobCounts {
  queued: number;
  running: number;
  quarantined: number;
}

/**
 * The durable ingest queue. Claiming is one UPDATE ... RETURNING, so two processes on one
 * library never take the same job; a job whose owner died goes back to the queue.
 */
export class JobRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      enqueue: db.prepare(`INSERT INTO jobs (location_id, state, attempts, run_after, created_at)
        VALUES (?, 'queued', 0, 0, ?)
        ON CONFLICT (location_id) DO UPDATE SET state = 'queued', attempts = 0, run_after = 0,
          lease_until = NULL, lease_owner = NULL, last_error = NULL
        WHERE jobs.state <> 'running'`),
      claim:
        db.prepare(`UPDATE jobs SET state = 'running', lease_until = @leaseUntil, lease_owner = @owner,
          attempts = attempts + 1
        WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_after <= @now)
                      OR (state = 'running' AND lease_until < @now)
                    ORDER BY run_after, id LIMIT 1)
        RETURNING id, location_id AS locationId, attempts`),
      complete: db.prepare(`DELETE FROM jobs WHERE id = ?`),
      retry:
        db.prepare(`UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, lease_until = NULL,
          lease_owner = NULL WHERE id = ?`),
      quarantine:
        db.prepare(`UPDATE jobs SET state = 'quarantined', last_error = ?, lease_until = NULL,
          lease_owner = NULL WHERE id = ?`),
      requeueOwners: db.prepare(
        `SELECT DISTINCT lease_owner AS owner FROM jobs WHERE state = 'running'`,
      ),
      releaseOwner:
        db.prepare(`UPDATE jobs SET state = 'queued', lease_until = NULL, lease_owner = NULL
        WHERE state = 'running' AND lease_owner IS ?`),
      nextRunAfter: db.prepare(`SELECT min(run_after) AS t FROM jobs WHERE state = 'queued'`),
      counts: db.prepare(`SELECT state, count(*) AS n FROM jobs GROUP BY state`),
      renew: db.prepare(
        `UPDATE jobs SET lease_until = ? WHERE lease_owner = ? AND state = 'running'`,
      ),
    };
  }

  enqueue(locationId: number, nowMs: number): void {
    this.stmts.enqueue.run(locationId, nowMs);
  }

  claim(nowMs: number, leaseMs: number, owner: number): JobRow | null {
    return (
      (this.stmts.claim.get({ now: nowMs, leaseUntil: nowMs + leaseMs, owner }) as
        JobRow | undefined) ?? null
    );
  }

  complete(id: number): void {
    this.stmts.complete.run(id);
  }

  retry(id: number, runAfterMs: number, error: string): void {
    this.stmts.retry.run(runAfterMs, error, id);
  }

  quarantine(id: number, error: string): void {
    this.stmts.quarantine.run(error, id);
  }

  /** Jobs left 'running' by processes that no longer exist go back to the queue. */
  releaseDeadOwners(isAlive: (pid: number) => boolean): number {
    let released = 0;
    for (const { owner } of this.stmts.requeueOwners.all() as { owner: number | null }[]) {
      if (owner == null || !isAlive(owner)) released += this.stmts.releaseOwner.run(owner).changes;
    }
    return released;
  }

  renewLeases(owner: number, leaseUntilMs: number): void {
    this.stmts.renew.run(leaseUntilMs, owner);
  }

  nextRunAfter(): number | null {
    return (this.stmts.nextRunAfter.get() as { t: number | null }).t;
  }

  counts(): JobCounts {
    const out: JobCounts = { queued: 0, running: 0, quarantined: 0 };
    for (const r of this.stmts.counts.all() as { state: keyof JobCounts; n: number }[])
      out[r.state] = r.n;
    return out;
  }
}

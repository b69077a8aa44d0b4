import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { Library } from './library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup(): { lib: Library; dir: string; locs: number[] } {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const lib = Library.open(t.dir);
  cleanups.unshift(() => lib.close());
  const s = lib.sources.insert('/photos', new Date());
  const locs = ['a.jpg', 'b.jpg', 'c.jpg'].map((n) => lib.locations.seen(s.id, n, 1, 1).id);
  for (const l of locs) lib.jobs.enqueue(l, 0);
  return { lib, dir: t.dir, locs };
}

describe('job queue', () => {
  it('hands each job to exactly one of two connections', () => {
    const { lib, dir } = setup();
    const other = Library.open(dir);
    const claimed = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const a = lib.jobs.claim(1000, 60_000, 1);
      const b = other.jobs.claim(1000, 60_000, 2);
      for (const j of [a, b])
        if (j) {
          expect(claimed.has(j.id)).toBe(false);
          claimed.add(j.id);
        }
    }
    expect(claimed.size).toBe(3);
    expect(lib.jobs.claim(1000, 60_000, 1)).toBeNull();
    other.close();
  });

  it('waits for run_after before handing a retried job out again', () => {
    const { lib } = setup();
    const job = lib.jobs.claim(0, 60_000, 1)!;
    lib.jobs.retry(job.id, 5_000, 'IO_ERROR: x');
    const seen: number[] = [];
    for (let j = lib.jobs.claim(100, 60_000, 1); j; j = lib.jobs.claim(100, 60_000, 1))
      seen.push(j.id);
    expect(seen).not.toContain(job.id);
    const again = lib.jobs.claim(5_000, 60_000, 1);
    expect(again?.id).toBe(job.id);
    expect(again?.attempts).toBe(2);
  });

  it('gives the jobs of a dead process back to the queue, and leaves a live one alone', () => {
    const { lib } = setup();
    lib.jobs.claim(0, 600_000, 111);
    lib.jobs.claim(0, 600_000, 222);
    expect(lib.jobs.counts()).toMatchObject({ queued: 1, running: 2 });
    expect(lib.jobs.releaseDeadOwners((pid) => pid === 222)).toBe(1);
    expect(lib.jobs.counts()).toMatchObject({ queued: 2, running: 1 });
  });

  it('takes back a job whose lease expired', () => {
    const { lib } = setup();
    const first = lib.jobs.claim(0, 1_000, 1)!;
    lib.jobs.claim(0, 1_000, 1);
    lib.jobs.claim(0, 1_000, 1);
    expect(lib.jobs.claim(500, 1_000, 2)).toBeNull();
    expect(lib.jobs.claim(2_000, 1_000, 2)?.id).toBe(first.id);
  });

  it('re-enqueueing a quarantined file resets it; a running one is left alone', () => {
    const { lib, locs } = setup();
    const job = lib.jobs.claim(0, 60_000, 1)!;
    lib.jobs.quarantine(job.id, 'DECODE_FAILED: bad');
    expect(lib.jobs.counts().quarantined).toBe(1);
    lib.jobs.enqueue(job.locationId, 0);
    expect(lib.jobs.counts().quarantined).toBe(0);
    const running = lib.jobs.claim(0, 60_000, 1)!;
    lib.jobs.enqueue(running.locationId, 0);
    expect(lib.jobs.counts().running).toBe(1);
    expect(locs).toContain(running.locationId);
  });
});

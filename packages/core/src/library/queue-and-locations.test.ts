// The rest of the job queue, the location repository and the error list.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoId } from '../domain/ids.js';
import { openTestLibrary } from '../matching/testing/fixtures-library.js';
import { photoRecord } from './testing/photo-rows.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const lib = openTestLibrary(cleanups);
  const src = lib.sources.insert('/photos', new Date());
  return { lib, src };
}

describe('job queue, the rest', () => {
  it('completes, renews leases, knows the next run time, and releases jobs of a null owner', () => {
    const { lib, src } = setup();
    const [a, b] = ['a.jpg', 'b.jpg'].map((n) => lib.locations.seen(src.id, n, 1, 1).id) as [
      number,
      number,
    ];
    expect(lib.jobs.nextRunAfter()).toBeNull();
    lib.jobs.enqueue(a, 0);
    lib.jobs.enqueue(b, 0);
    const job = lib.jobs.claim(1000, 60_000, 7)!;
    lib.jobs.retry(job.id, 5000, 'later');
    expect(lib.jobs.nextRunAfter()).toBe(0);
    const other = lib.jobs.claim(1000, 60_000, 7)!;
    expect(lib.jobs.nextRunAfter()).toBe(5000);
    // Renewed, the lease outlives the original expiry.
    lib.jobs.renewLeases(7, 500_000);
    expect(lib.jobs.claim(100_000, 60_000, 8)?.id).toBe(job.id); // the retried one
    expect(lib.jobs.claim(100_000, 60_000, 8)).toBeNull();
    lib.jobs.complete(other.id);
    expect(lib.jobs.counts()).toEqual({ queued: 0, running: 1, quarantined: 0 });
    // A live owner keeps its job.
    expect(lib.jobs.releaseDeadOwners(() => true)).toBe(0);
    expect(lib.jobs.releaseDeadOwners((pid) => pid !== 8)).toBe(1);
    lib.jobs.claim(100_000, 60_000, 8);
    // A running job without an owner goes back whatever isAlive says.
    lib.db.prepare(`UPDATE jobs SET lease_owner = NULL`).run();
    expect(lib.jobs.releaseDeadOwners(() => true)).toBe(1);
    expect(lib.jobs.counts()).toEqual({ queued: 1, running: 0, quarantined: 0 });
  });
});

describe('locations, the rest', () => {
  it('re-seen unchanged: ingest only when it never finished', () => {
    const { lib, src } = setup();
    const first = lib.locations.seen(src.id, 'a.jpg', 10, 100);
    expect(first.needsIngest).toBe(true);
    expect(lib.locations.seen(src.id, 'a.jpg', 10, 100)).toEqual({
      id: first.id,
      needsIngest: true,
    });
    const photo = photoRecord('a', null);
    lib.photos.upsert(photo, new Date());
    lib.locations.attachPhoto(first.id, photo.id, 10, 100);
    expect(lib.locations.seen(src.id, 'a.jpg', 10, 100)).toEqual({
      id: first.id,
      needsIngest: false,
    });
    expect(lib.locations.seen(src.id, 'a.jpg', 11, 100)).toEqual({
      id: first.id,
      needsIngest: true,
    });
    lib.locations.attachPhoto(first.id, photo.id, 11, 100);
    expect(lib.locations.seen(src.id, 'a.jpg', 11, 101)).toEqual({
      id: first.id,
      needsIngest: true,
    });
    lib.locations.setState(first.id, 'failed');
    expect(lib.locations.seen(src.id, 'a.jpg', 11, 101).needsIngest).toBe(false);
  });

  it('moves a location, finds the ones under a folder, groups paths and counts per photo', () => {
    const { lib, src } = setup();
    const other = lib.sources.insert('/more', new Date());
    const p = photoRecord('p', null);
    const q = photoRecord('q', null);
    lib.photos.upsert(p, new Date());
    lib.photos.upsert(q, new Date());
    const sep = path.sep;
    const at = (s: typeof src, rel: string, photo: PhotoId | null) => {
      const { id } = lib.locations.seen(s.id, rel, 1, 1);
      if (photo) lib.locations.attachPhoto(id, photo, 1, 1);
      return id;
    };
    const a = at(src, `show${sep}a.jpg`, p.id);
    const b = at(src, `show${sep}deep${sep}b.jpg`, q.id);
    at(src, `shows${sep}c.jpg`, null);
    const d = at(other, `show${sep}d.jpg`, p.id);
    expect(lib.locations.idsUnder(src.id, `show${sep}`).sort()).toEqual([a, b].sort());
    expect(lib.locations.idsUnder(src.id, `nothing${sep}`)).toEqual([]);
    expect(lib.locations.countForPhoto(p.id)).toBe(2);
    expect(lib.locations.countForPhoto(q.id)).toBe(1);
    expect(lib.locations.pathsByPhoto()).toEqual(
      new Map([
        [p.id, [path.join('/more', `show${sep}d.jpg`), path.join('/photos', `show${sep}a.jpg`)]],
        [q.id, [path.join('/photos', `show${sep}deep${sep}b.jpg`)]],
      ]),
    );
    lib.locations.move(d, src.id, `moved${sep}d.jpg`);
    expect(
      lib.locations
        .forPhoto(p.id)
        .map((l) => l.relPath)
        .sort(),
    ).toEqual([`moved${sep}d.jpg`, `show${sep}a.jpg`].sort());
    expect(lib.locations.idsUnder(other.id, `show${sep}`)).toEqual([]);
  });
});

describe('errors, the rest', () => {
  it('clears the problems of one location or one path', () => {
    const { lib, src } = setup();
    const loc = lib.locations.seen(src.id, 'a.jpg', 1, 1).id;
    const now = new Date();
    const e = (locationId: number | null, p: string, code: string) =>
      lib.errors.record({ locationId, path: p, code, message: 'm', severity: 'error' }, now);
    e(loc, '/photos/a.jpg', 'DECODE_FAILED');
    e(null, '/photos/b.jpg', 'PERMISSION_DENIED');
    e(null, '/photos/c.jpg', 'PERMISSION_DENIED');
    lib.errors.clearForLocation(loc + 1);
    expect(lib.errors.count()).toBe(3);
    lib.errors.clearForLocation(loc);
    expect(lib.errors.list().map((r) => r.path)).toEqual(['/photos/b.jpg', '/photos/c.jpg']);
    lib.errors.clearForPath('/photos/c.jpg');
    expect(lib.errors.list().map((r) => r.path)).toEqual(['/photos/b.jpg']);
  });
});

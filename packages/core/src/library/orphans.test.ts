// Orphans: a photo whose last file went away waits out the grace period; removing a source
// orphans (and the purge deletes) the photos found in no other source.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceId } from '../domain/ids.js';
import { SourceService } from '../sources/source.service.js';
import { tempDir } from '../testing/temp.js';
import { Library } from './library.js';
import { purgeOrphans } from './orphan.purge.js';
import { photoRecord } from './testing/photo-rows.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function folder(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return fs.realpathSync(t.dir);
}

function openLibrary(): Library {
  const lib = Library.open(folder());
  cleanups.unshift(() => lib.close());
  return lib;
}

/** A file in the folder, ingested as the photo `label` (as ingest would leave it). */
function ingested(lib: Library, sourceId: SourceId, root: string, rel: string, label: string) {
  fs.writeFileSync(path.join(root, rel), label);
  const st = fs.statSync(path.join(root, rel));
  const photo = photoRecord(label, '2024-05-10T20:00:00.000Z');
  lib.photos.upsert(photo, new Date());
  const { id } = lib.locations.seen(sourceId, rel, st.size, st.mtimeMs);
  lib.locations.attachPhoto(id, photo.id, st.size, st.mtimeMs);
  return photo.id;
}

const GRACE_MS = 60_000;

describe('orphansBefore', () => {
  it('returns a photo only once its orphaning is at or before the cutoff', () => {
    const lib = openLibrary();
    const source = lib.sources.insert('/photos', new Date());
    const p = photoRecord('a', '2024-05-10T20:00:00.000Z');
    lib.photos.upsert(p, new Date());
    const loc = lib.locations.seen(source.id, 'a.jpg', 1, 1).id;
    lib.locations.attachPhoto(loc, p.id, 1, 1);
    const t0 = Date.now();
    expect(lib.photos.orphanIfUnreferenced(p.id, t0)).toBe(false); // still has a location
    lib.locations.remove(loc);
    expect(lib.photos.orphanIfUnreferenced(p.id, t0)).toBe(true);

    expect(lib.photos.orphansBefore(t0 - GRACE_MS)).toEqual([]);
    expect(lib.photos.orphansBefore(t0 - 1)).toEqual([]);
    expect(lib.photos.orphansBefore(t0)).toEqual([p.id]);
    expect(lib.photos.orphansBefore(t0 + GRACE_MS)).toEqual([p.id]);

    // Within the grace period the purge keeps it; after it, the photo leaves the library.
    expect(purgeOrphans(lib, GRACE_MS, t0 + GRACE_MS - 1)).toEqual([]);
    expect(lib.photos.get(p.id)).not.toBeNull();
    expect(purgeOrphans(lib, GRACE_MS, t0 + GRACE_MS)).toEqual([p.id]);
    expect(lib.photos.get(p.id)).toBeNull();
  });

  it('a photo that found a location again during the grace period is no orphan', () => {
    const lib = openLibrary();
    const source = lib.sources.insert('/photos', new Date());
    const p = photoRecord('moved', null);
    lib.photos.upsert(p, new Date());
    const t0 = Date.now();
    lib.photos.orphanIfUnreferenced(p.id, t0 - 10 * GRACE_MS);
    const loc = lib.locations.seen(source.id, 'moved/a.jpg', 1, 1).id;
    lib.locations.attachPhoto(loc, p.id, 1, 1);
    expect(lib.photos.orphansBefore(t0)).toEqual([]);
    expect(purgeOrphans(lib, 0, t0)).toEqual([]);
  });

  it('a file deleted from a source orphans its photo now: it survives the grace period', async () => {
    const lib = openLibrary();
    const root = folder();
    const svc = new SourceService(lib, () => {});
    const source = svc.add(root);
    const gone = ingested(lib, source.id, root, 'a.jpg', 'a');
    const kept = ingested(lib, source.id, root, 'b.jpg', 'b');
    fs.rmSync(path.join(root, 'a.jpg'));
    const before = Date.now();
    expect(await svc.rescan(source)).toMatchObject({ removed: 1 });
    expect(lib.photos.orphansBefore(before - 1)).toEqual([]);
    expect(purgeOrphans(lib, GRACE_MS)).toEqual([]);
    expect(lib.photos.get(gone)).not.toBeNull();
    expect(lib.photos.orphansBefore(Date.now())).toEqual([gone]);
    expect(purgeOrphans(lib, GRACE_MS, Date.now() + GRACE_MS)).toEqual([gone]);
    expect(lib.photos.get(gone)).toBeNull();
    expect(lib.photos.get(kept)).not.toBeNull();
  });
});

describe('removing a source', () => {
  it('orphans the photos found in no other source; the purge deletes them', async () => {
    const lib = openLibrary();
    const one = folder();
    const two = folder();
    const svc = new SourceService(lib, () => {});
    const s1 = svc.add(one);
    const s2 = svc.add(two);
    const onlyHere = ingested(lib, s1.id, one, 'a.jpg', 'a');
    const inBoth = ingested(lib, s1.id, one, 'b.jpg', 'b');
    expect(ingested(lib, s2.id, two, 'b-copy.jpg', 'b')).toBe(inBoth);
    const elsewhere = ingested(lib, s2.id, two, 'c.jpg', 'c');

    await svc.remove(s1.id);
    expect(svc.list().map((s) => s.path)).toEqual([two]);
    // Orphaned with no grace: the user asked for the source to go.
    expect(lib.photos.orphansBefore(0)).toEqual([onlyHere]);
    expect(purgeOrphans(lib, GRACE_MS)).toEqual([onlyHere]);
    expect(lib.photos.get(onlyHere)).toBeNull();
    expect(lib.photos.get(inBoth)).not.toBeNull();
    expect(lib.photos.get(elsewhere)).not.toBeNull();
    expect(lib.locations.forPhoto(inBoth).map((l) => l.relPath)).toEqual(['b-copy.jpg']);
    expect(lib.photos.count()).toBe(2);
  });
});

// Problems recorded against locations that another connection just removed, on a real file.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceId } from '../domain/ids.js';
import { tempDir } from '../testing/temp.js';
import { Library } from './library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(dir: string): Library {
  const lib = Library.open(dir);
  cleanups.unshift(() => lib.close());
  return lib;
}

const problem = (locationId: number | null, p: string, code = 'DECODE_FAILED') => ({
  locationId,
  path: p,
  code,
  message: `${p} could not be decoded`,
  severity: 'error' as const,
});

describe('ErrorRepository.record', () => {
  it('drops the problem of a location a concurrent rescan just removed (no FOREIGN KEY failure)', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const ingest = open(t.dir);
    const rescan = open(t.dir); // a second connection to the same SQLite file
    const source = ingest.sources.insert('/photos', new Date());
    const gone = ingest.locations.seen(source.id, 'gone.jpg', 1, 1).id;
    const kept = ingest.locations.seen(source.id, 'kept.jpg', 1, 1).id;
    rescan.transaction(() => rescan.locations.remove(gone));

    const now = new Date('2026-01-01T00:00:00Z');
    expect(() =>
      ingest.transaction(() => ingest.errors.record(problem(gone, '/photos/gone.jpg'), now)),
    ).not.toThrow();
    expect(ingest.errors.record(problem(gone, '/photos/gone.jpg'), now)).toBe(false);
    expect(ingest.errors.record(problem(kept, '/photos/kept.jpg'), now)).toBe(true);
    expect(ingest.errors.record(problem(null, '/photos/loop.jpg', 'SYMLINK_LOOP'), now)).toBe(true);
    expect(rescan.errors.list().map((e) => e.path)).toEqual([
      '/photos/kept.jpg',
      '/photos/loop.jpg',
    ]);

    // Recording again replaces the row; the location's problems leave with it.
    ingest.errors.record({ ...problem(kept, '/photos/kept.jpg'), message: 'again' }, now);
    expect(ingest.errors.list().find((e) => e.path === '/photos/kept.jpg')?.message).toBe('again');
    rescan.locations.remove(kept);
    expect(ingest.errors.list().map((e) => e.path)).toEqual(['/photos/loop.jpg']);
  });

  it('a removed source takes its locations and their problems with it', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const lib = open(t.dir);
    const other = open(t.dir);
    const source = lib.sources.insert('/photos', new Date());
    const loc = lib.locations.seen(source.id, 'a.jpg', 1, 1).id;
    other.sources.delete(source.id as SourceId);
    expect(lib.errors.record(problem(loc, '/photos/a.jpg'), new Date())).toBe(false);
    expect(lib.errors.count()).toBe(0);
  });

  it('clearUnder removes only location-less problems with the given codes under the folder', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const lib = open(t.dir);
    const source = lib.sources.insert('/photos', new Date());
    const loc = lib.locations.seen(source.id, 'a.jpg', 1, 1).id;
    const now = new Date();
    lib.errors.record(problem(null, '/photos', 'READ_FAILED'), now);
    lib.errors.record(problem(null, path.join('/photos', 'sub', 'x.jpg'), 'SYMLINK_LOOP'), now);
    lib.errors.record(problem(null, '/photos-2/y.jpg', 'SYMLINK_LOOP'), now);
    lib.errors.record(problem(null, '/photos/z.jpg', 'OTHER'), now);
    lib.errors.record(problem(loc, '/photos/a.jpg', 'READ_FAILED'), now);
    lib.errors.clearUnder('/photos', ['READ_FAILED', 'SYMLINK_LOOP']);
    expect(lib.errors.list().map((e) => e.path)).toEqual([
      '/photos-2/y.jpg',
      '/photos/a.jpg',
      '/photos/z.jpg',
    ]);
  });
});

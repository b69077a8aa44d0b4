// The library's small repositories: settings, sources, thumbnails.
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoId, SourceId } from '../domain/ids.js';
import { addPhotos, openTestLibrary } from '../matching/testing/fixtures-library.js';
import { SettingsRepository } from './settings.repository.js';
import { SourceRepository } from './source.repository.js';
import { ThumbnailRepository, type ThumbnailRow } from './thumbnail.repository.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('SettingsRepository', () => {
  it('gets, sets, overwrites, deletes and lists by key', () => {
    const s = new SettingsRepository(openTestLibrary(cleanups).db);
    const before = s.all();
    expect(s.get('zz.one')).toBeNull();
    s.set('zz.one', '1');
    s.set('zz.two', '2');
    s.set('zz.one', 'uno');
    expect(s.get('zz.one')).toBe('uno');
    expect(s.all()).toEqual({ ...before, 'zz.one': 'uno', 'zz.two': '2' });
    expect(Object.keys(s.all()).slice(-2)).toEqual(['zz.one', 'zz.two']);
    s.delete('zz.one');
    expect(s.get('zz.one')).toBeNull();
    expect(s.get('zz.two')).toBe('2');
  });
});

describe('SourceRepository', () => {
  it('adds, finds, counts files of, marks and deletes sources, listed by path', () => {
    const lib = openTestLibrary(cleanups);
    const r = new SourceRepository(lib.db);
    const at = new Date('2026-11-22T08:00:00.000Z');
    const b = r.insert('/photos/b', at);
    const a = r.insert('/photos/a', at);
    expect(b).toEqual({
      id: b.id,
      kind: 'local',
      path: '/photos/b',
      addedAt: '2026-11-22T08:00:00.000Z',
      lastScanAt: null,
      fileCount: 0,
    });
    expect(r.list().map((s) => s.path)).toEqual(['/photos/a', '/photos/b']);
    lib.db
      .prepare(`INSERT INTO locations (source_id, rel_path, size, mtime_ms) VALUES (?, ?, 1, 1)`)
      .run(a.id, 'x.jpg');
    lib.db
      .prepare(`INSERT INTO locations (source_id, rel_path, size, mtime_ms) VALUES (?, ?, 1, 1)`)
      .run(a.id, 'y.jpg');
    expect(r.get(a.id)?.fileCount).toBe(2);
    expect(r.findByPath('/photos/a')).toMatchObject({ id: a.id, fileCount: 2 });
    expect(r.findByPath('/photos/c')).toBeNull();
    expect(r.get(999 as SourceId)).toBeNull();
    expect(r.exists(a.id)).toBe(true);
    expect(r.exists(999 as SourceId)).toBe(false);
    r.markScanned(a.id, new Date('2026-11-23T09:00:00.000Z'));
    expect(r.get(a.id)?.lastScanAt).toBe('2026-11-23T09:00:00.000Z');
    expect(r.get(b.id)?.lastScanAt).toBeNull();
    r.delete(a.id);
    expect(r.exists(a.id)).toBe(false);
    expect(r.list().map((s) => s.id)).toEqual([b.id]);
  });
});

describe('ThumbnailRepository', () => {
  it('upserts renditions per photo and size, and lists them and their files', () => {
    const lib = openTestLibrary(cleanups);
    const [p, q] = addPhotos(lib, [
      { utc: '2024-10-26T20:00:00Z', zone: 'UTC' },
      { utc: '2024-10-26T20:01:00Z', zone: 'UTC' },
    ]) as [PhotoId, PhotoId];
    const t = new ThumbnailRepository(lib.db);
    const row = (photoId: PhotoId, size: 'grid' | 'preview', file: string): ThumbnailRow => ({
      photoId,
      size: size as ThumbnailRow['size'],
      file,
      width: 320,
      height: 240,
      bytes: 1000,
      mime: 'image/webp',
    });
    expect(t.forPhoto(p)).toEqual([]);
    expect(t.byPhoto().size).toBe(0);
    t.upsert(row(p, 'grid', 'g/p1.webp'));
    t.upsert(row(p, 'preview', 'p/p1.webp'));
    t.upsert(row(q, 'grid', 'g/q1.webp'));
    t.upsert({
      ...row(p, 'grid', 'g/p2.jpg'),
      width: 640,
      height: 480,
      bytes: 2000,
      mime: 'image/jpeg',
    });
    const sortBySize = (rows: ThumbnailRow[]) =>
      [...rows].sort((x, y) => x.size.localeCompare(y.size));
    expect(sortBySize(t.forPhoto(p))).toEqual([
      {
        photoId: p,
        size: 'grid',
        file: 'g/p2.jpg',
        width: 640,
        height: 480,
        bytes: 2000,
        mime: 'image/jpeg',
      },
      row(p, 'preview', 'p/p1.webp'),
    ]);
    const by = t.byPhoto();
    expect([...by.keys()].sort()).toEqual([p, q].sort());
    expect(sortBySize(by.get(p)!)).toEqual(sortBySize(t.forPhoto(p)));
    expect(by.get(q)).toEqual([row(q, 'grid', 'g/q1.webp')]);
    expect(t.referencedFiles()).toEqual(new Set(['g/p2.jpg', 'p/p1.webp', 'g/q1.webp']));
  });
});

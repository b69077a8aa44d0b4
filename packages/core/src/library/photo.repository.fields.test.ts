// PhotoRepository beyond paging: every field round-trips, the user's edits, the grid's time
// and star filters, listings, prefixes, renditions, orphans and duplicates.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalDateTime, PhotoId, UtcInstant } from '../domain/ids.js';
import { openTestLibrary } from '../matching/testing/fixtures-library.js';
import type { PhotoRecord } from './photo.repository.js';
import { photoRecord } from './testing/photo-rows.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const NOW = new Date('2026-11-22T08:00:00.000Z');
const T = (h: number) => new Date(Date.UTC(2024, 4, 10, h)).toISOString();

function setup() {
  const lib = openTestLibrary(cleanups);
  const a = photoRecord('a', T(10));
  const b = photoRecord('b', T(12));
  const c = photoRecord('c', T(14));
  lib.transaction(() => [a, b, c].forEach((p) => lib.photos.upsert(p, NOW)));
  return { lib, a, b, c };
}

describe('PhotoRepository fields and edits', () => {
  it('round-trips every field, a city without a name or country included', () => {
    const lib = openTestLibrary(cleanups);
    const full: PhotoRecord = {
      ...photoRecord('full', '2024-05-10T20:00:00.000Z', {
        geonameId: 1,
        name: 'X',
        country: 'DE',
      }),
      takenAt: '2024-05-10T22:00:00' as LocalDateTime,
      takenAtUtc: '2024-05-10T20:00:00.000Z' as UtcInstant,
      timeZone: 'Europe/Berlin',
      timeSource: 'exif-original',
      zoneSource: 'gps-lookup',
      lat: 52.5,
      lon: 13.4,
      alt: 34,
      make: 'Canon',
      model: 'R6',
      thumbhash: 'th',
      phash: 'ph',
      placeholder: true,
    };
    lib.photos.upsert(full, NOW);
    expect(lib.photos.get(full.id)).toEqual(full);
    lib.db
      .prepare(`UPDATE photos SET city_name = NULL, city_country = NULL WHERE id = ?`)
      .run(full.id);
    expect(lib.photos.get(full.id)?.city).toEqual({ geonameId: 1, name: '', country: '' });
    const none = photoRecord('none', null);
    lib.photos.upsert(none, NOW);
    expect(lib.photos.get(none.id)).toMatchObject({
      city: null,
      placeholder: false,
      starred: false,
    });
    expect(lib.db.prepare(`SELECT city_country FROM photos WHERE id = ?`).get(none.id)).toEqual({
      city_country: null,
    });
    expect(lib.photos.get('f'.repeat(64) as PhotoId)).toBeNull();
  });

  it('stars, rates and captions a photo; false for one that does not exist', () => {
    const { lib, a } = setup();
    const missing = 'f'.repeat(64) as PhotoId;
    expect(lib.photos.setStarred(a.id, true, NOW)).toBe(true);
    expect(lib.photos.setRating(a.id, 4, NOW)).toBe(true);
    expect(lib.photos.setCaption(a.id, 'encore!', NOW)).toBe(true);
    expect(lib.photos.get(a.id)).toMatchObject({ starred: true, rating: 4, caption: 'encore!' });
    expect(lib.photos.setStarred(a.id, false, NOW)).toBe(true);
    expect(lib.photos.get(a.id)?.starred).toBe(false);
    expect(lib.photos.setStarred(missing, true, NOW)).toBe(false);
    expect(lib.photos.setRating(missing, 1, NOW)).toBe(false);
    expect(lib.photos.setCaption(missing, 'x', NOW)).toBe(false);
  });

  it('filters the grid by time range and stars, bounds included', () => {
    const { lib, a, b, c } = setup();
    const ids = (q: Parameters<typeof lib.photos.page>[0]) =>
      lib.photos.page(q).items.map((p) => p.id);
    const ms = (h: number) => Date.parse(T(h));
    expect(ids({ limit: 10 })).toEqual([c.id, b.id, a.id]);
    expect(ids({ limit: 10, fromMs: ms(12) })).toEqual([c.id, b.id]);
    expect(ids({ limit: 10, toMs: ms(12) })).toEqual([b.id, a.id]);
    expect(ids({ limit: 10, fromMs: ms(11), toMs: ms(13) })).toEqual([b.id]);
    expect(lib.photos.countWhere({ fromMs: ms(12) })).toBe(2);
    expect(lib.photos.countWhere({ toMs: ms(10) })).toBe(1);
    lib.photos.setStarred(b.id, true, NOW);
    expect(ids({ limit: 10, starredOnly: true })).toEqual([b.id]);
    expect(ids({ limit: 10, starredOnly: false })).toHaveLength(3);
    expect(lib.photos.countWhere({ starredOnly: true })).toBe(1);
    expect([...lib.photos.all()].map((p) => p.id)).toEqual([a.id, b.id, c.id]);
    expect([...lib.photos.all({ starredOnly: true })].map((p) => p.id)).toEqual([b.id]);
  });

  it('finds ids by a typed prefix, at most `limit`', () => {
    const lib = openTestLibrary(cleanups);
    const ids = ['ab00', 'ab11', 'ab22', 'ac00'].map((p) => (p + '0'.repeat(60)) as PhotoId);
    for (const id of ids) lib.photos.upsert({ ...photoRecord(id, null), id }, NOW);
    expect(lib.photos.idsWithPrefix('ab')).toEqual([ids[0], ids[1]]);
    expect(lib.photos.idsWithPrefix('ab', 5)).toEqual([ids[0], ids[1], ids[2]]);
    expect(lib.photos.idsWithPrefix('ac', 5)).toEqual([ids[3]]);
    expect(lib.photos.idsWithPrefix('ad')).toEqual([]);
  });

  it('is complete once it has all its renditions', () => {
    const { lib, a } = setup();
    expect(lib.photos.isComplete(a.id, 1)).toBe(false);
    const thumb = lib.db.prepare(
      `INSERT INTO thumbnails (photo_id, size, file, width, height, bytes, mime) VALUES (?, ?, 'f', 1, 1, 1, 'image/webp')`,
    );
    thumb.run(a.id, 'grid');
    expect(lib.photos.isComplete(a.id, 1)).toBe(true);
    expect(lib.photos.isComplete(a.id, 2)).toBe(false);
    thumb.run(a.id, 'preview');
    expect(lib.photos.isComplete(a.id, 2)).toBe(true);
    expect(lib.photos.isComplete('f'.repeat(64) as PhotoId, 0)).toBe(false);
  });

  it('orphans and un-orphans; lists photos with several copies and the phashes worth comparing', () => {
    const { lib, a, b, c } = setup();
    expect(lib.photos.orphanIfUnreferenced(a.id, 1000)).toBe(true);
    expect(lib.photos.count()).toBe(2);
    lib.photos.unorphan(a.id);
    expect(lib.photos.count()).toBe(3);
    expect(lib.photos.orphansBefore(5000)).toEqual([]);

    const src = lib.sources.insert('/photos', NOW);
    const loc = lib.db.prepare(
      `INSERT INTO locations (source_id, rel_path, size, mtime_ms, photo_id) VALUES (?, ?, 1, 1, ?)`,
    );
    loc.run(src.id, 'b1.jpg', b.id);
    loc.run(src.id, 'b2.jpg', b.id);
    loc.run(src.id, 'c1.jpg', c.id);
    loc.run(src.id, 'c2.jpg', c.id);
    loc.run(src.id, 'a1.jpg', a.id);
    expect(lib.photos.withSeveralLocations()).toEqual([b.id, c.id].sort());

    const set = lib.db.prepare(
      `UPDATE photos SET phash = ?, width = ?, height = ?, placeholder = ? WHERE id = ?`,
    );
    set.run('p-a', 64, 64, 0, a.id);
    set.run('p-b', 63, 64, 0, b.id);
    set.run('p-c', 64, 64, 1, c.id);
    expect(lib.photos.phashes()).toEqual([{ id: a.id, phash: 'p-a' }]);
  });
});

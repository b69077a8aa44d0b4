// The grid's keyset paging and filters over rows written through the repository.
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';
import { Library } from './library.js';
import type { PhotoPageQuery, PhotoRecord } from './photo.repository.js';
import { photoRecord } from './testing/photo-rows.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function openLibrary(): Library {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const lib = Library.open(t.dir);
  cleanups.unshift(() => lib.close());
  return lib;
}

const BERLIN = { geonameId: 2950159, name: 'Berlin', country: 'DE' };
const TOKYO = { geonameId: 1850147, name: 'Tokyo', country: 'JP' };

/** 310 photos: 180 in runs of 7 sharing one capture time (a page boundary falls inside a
 * run), then 130 without a capture time (two boundaries fall among them); alternating
 * between two cities and no city. */
function seed(lib: Library): PhotoRecord[] {
  const photos: PhotoRecord[] = [];
  const now = new Date();
  for (let i = 0; i < 310; i++) {
    const utc =
      i < 180
        ? new Date(Date.UTC(2024, 4, 10, 20) + Math.floor(i / 7) * 60_000).toISOString()
        : null;
    const city = i % 3 === 0 ? BERLIN : i % 3 === 1 ? TOKYO : null;
    photos.push(photoRecord(`photo-${i}`, utc, city));
  }
  lib.transaction(() => photos.forEach((p) => lib.photos.upsert(p, now)));
  return photos;
}

function pageAll(lib: Library, q: Omit<PhotoPageQuery, 'after' | 'limit'> = {}): string[][] {
  const pages: string[][] = [];
  let after: PhotoPageQuery['after'] = null;
  for (;;) {
    const page = lib.photos.page({ ...q, limit: 100, after });
    pages.push(page.items.map((p) => p.id));
    if (!page.last) return pages;
    after = page.last;
    if (pages.length > 10) throw new Error('paging does not end');
  }
}

/** Grid order: newest first, id descending within a time; no capture time (0) last. */
function gridOrder(photos: PhotoRecord[]): string[] {
  const key = (p: PhotoRecord): number => (p.takenAtUtc ? Date.parse(p.takenAtUtc) : 0);
  return [...photos]
    .sort((a, b) => key(b) - key(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((p) => p.id);
}

describe('photo paging', () => {
  it('pages of 100 repeat no photo and miss none (equal capture times, no capture time)', () => {
    const lib = openLibrary();
    const photos = seed(lib);
    const pages = pageAll(lib);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 100, 10]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(gridOrder(photos));
    // The boundary rows share their capture time with rows on the next page.
    const last = lib.photos.page({ limit: 100 }).last!;
    expect(lib.photos.page({ limit: 200 }).last!.sortMs).toBe(0);
    expect(
      photos.filter((p) => p.takenAtUtc && Date.parse(p.takenAtUtc) === last.sortMs).length,
    ).toBe(7);
  });

  it('the city filter returns only that city, paged and counted', () => {
    const lib = openLibrary();
    const photos = seed(lib);
    const berlin = photos.filter((p) => p.city?.geonameId === BERLIN.geonameId);
    const tokyo = photos.filter((p) => p.city?.geonameId === TOKYO.geonameId);
    const pages = pageAll(lib, { cityId: BERLIN.geonameId });
    expect(pages.flat()).toEqual(gridOrder(berlin));
    expect(lib.photos.countWhere({ cityId: BERLIN.geonameId })).toBe(berlin.length);
    expect(lib.photos.countWhere({ cityId: TOKYO.geonameId })).toBe(tokyo.length);
    const tokyoIds = new Set<string>(tokyo.map((p) => p.id));
    expect(pages.flat().some((id) => tokyoIds.has(id))).toBe(false);
    expect(
      lib.photos.page({ limit: 500, cityId: TOKYO.geonameId }).items.map((p) => p.city?.name),
    ).toEqual(tokyo.map(() => 'Tokyo'));
    expect(lib.photos.countWhere({})).toBe(photos.length);
  });
});

// Which starred photos' bytes still have to go up, and the bookkeeping around an upload.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Library } from '../library/library.js';
import { addPhotos, openTestLibrary } from '../matching/testing/fixtures-library.js';
import { tempDir } from '../testing/temp.js';
import { contentTypeOf, extensionOf, sha256File } from './uploads.js';
import { UploadRepository } from './uploads.repository.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function setup() {
  const lib = openTestLibrary(cleanups);
  const [a, b, c] = addPhotos(lib, [
    { utc: '2024-10-26T20:00:00Z', zone: 'UTC' },
    { utc: '2024-10-26T20:01:00Z', zone: 'UTC' },
    { utc: '2024-10-26T20:02:00Z', zone: 'UTC' },
  ]) as [string, string, string];
  const db = lib.db;
  db.prepare(
    `INSERT INTO sources (id, kind, path, added_at) VALUES (1, 'local', '/src/one', 'x')`,
  ).run();
  db.prepare(
    `INSERT INTO sources (id, kind, path, added_at) VALUES (2, 'local', '/src/two', 'x')`,
  ).run();
  const loc = db.prepare(
    `INSERT INTO locations (source_id, rel_path, size, mtime_ms, photo_id, state) VALUES (?, ?, 1, 1, ?, 'ok')`,
  );
  loc.run(1, 'a.jpg', a);
  loc.run(2, 'sub/../a-copy.jpg', a);
  loc.run(1, 'b.heic', b);
  db.prepare(`UPDATE photos SET format = 'heic' WHERE id = ?`).run(b);
  const thumb = db.prepare(
    `INSERT INTO thumbnails (photo_id, size, file, width, height, bytes, mime) VALUES (?, ?, ?, 1, 1, 1, ?)`,
  );
  thumb.run(a, 'preview', 'thumbs/a-preview.webp', 'image/webp');
  thumb.run(a, 'grid', 'thumbs/a-grid.webp', 'image/webp');
  thumb.run(a, 'micro', 'thumbs/a-micro.webp', 'image/webp');
  thumb.run(c, 'grid', 'thumbs/c-grid.jpg', 'image/jpeg');
  const star = (id: string) => db.prepare(`UPDATE photos SET starred = 1 WHERE id = ?`).run(id);
  return { lib: lib as Library, a, b, c, star, repo: new UploadRepository(db, '/lib') };
}

const sorted = <T extends { photoId: string; variant: string }>(ts: T[]): T[] =>
  [...ts].sort((x, y) => `${x.photoId}/${x.variant}`.localeCompare(`${y.photoId}/${y.variant}`));
const variants = (ts: { variant: string }[]) => ts.map((t) => t.variant).sort();

describe('UploadRepository', () => {
  it('nothing is pending until a photo is starred; then its original and renditions', () => {
    const { a, b, star, repo } = setup();
    expect(repo.pending()).toEqual([]);
    expect(repo.count()).toBe(0);
    star(a);
    star(b);
    const pending = repo.pending();
    // Originals first (they cannot be remade elsewhere), then renditions.
    expect(pending.map((t) => t.variant).slice(0, 2)).toEqual(['original', 'original']);
    expect(sorted(pending)).toEqual(
      sorted([
        ...[
          {
            photoId: a,
            variant: 'original',
            file: path.normalize('/src/one/a.jpg'),
            contentType: 'image/jpeg',
            alternatives: [path.normalize('/src/two/a-copy.jpg')],
          },
          {
            photoId: b,
            variant: 'original',
            file: path.normalize('/src/one/b.heic'),
            contentType: 'image/heic',
            alternatives: [],
          },
        ],
        ...[
          {
            photoId: a,
            variant: 'preview',
            file: path.join('/lib', 'thumbs/a-preview.webp'),
            contentType: 'image/webp',
            alternatives: [],
          },
          {
            photoId: a,
            variant: 'thumb',
            file: path.join('/lib', 'thumbs/a-grid.webp'),
            contentType: 'image/webp',
            alternatives: [],
          },
        ],
      ]),
    );
    expect(repo.count()).toBe(4);
    expect(repo.pending(1)).toHaveLength(1);
    expect(repo.pending(3)).toHaveLength(3);
  });

  it('a starred photo without a local file sends only its renditions', () => {
    const { c, star, repo } = setup();
    star(c);
    expect(repo.pending()).toEqual([
      {
        photoId: c,
        variant: 'thumb',
        file: path.join('/lib', 'thumbs/c-grid.jpg'),
        contentType: 'image/jpeg',
        alternatives: [],
      },
    ]);
    expect(repo.count()).toBe(1);
  });

  it('held blobs are done; failures wait for their retry time; forgetAll starts over', () => {
    const { a, star, repo } = setup();
    star(a);
    repo.markHeld(a, 'original', 'f'.repeat(64), 10);
    expect(variants(repo.pending())).toEqual(['preview', 'thumb']);
    expect(repo.count()).toBe(2);
    repo.markFailed(a, 'thumb', 'QUOTA_EXCEEDED', 'full', 5000);
    repo.markFailed(a, 'thumb', 'QUOTA_EXCEEDED', 'still full', 6000);
    repo.markFailed(a, 'preview', 'FILE_GONE', 'gone', 6000);
    expect(variants(repo.pending(100, 5999))).toEqual([]);
    expect(repo.count(5999)).toBe(0);
    expect(variants(repo.pending(100, 6000))).toEqual(['preview', 'thumb']);
    expect(repo.count(6000)).toBe(2);
    expect(repo.failures()).toEqual([
      { photoId: a, variant: 'preview', code: 'FILE_GONE', message: 'gone', attempts: 1 },
      { photoId: a, variant: 'thumb', code: 'QUOTA_EXCEEDED', message: 'still full', attempts: 2 },
    ]);
    // An original that failed waits too, and holding a blob clears its failure.
    repo.markFailed(a, 'original', 'X', 'y', 9000);
    repo.markHeld(a, 'thumb', 'e'.repeat(64), 3);
    expect(repo.failures().map((f) => f.variant)).toEqual(['original', 'preview']);
    repo.forgetAll();
    expect(repo.failures()).toEqual([]);
    expect(variants(repo.pending(100, 0))).toEqual(['original', 'preview', 'thumb']);
    expect(repo.count(0)).toBe(3);
  });
});

describe('blob content types', () => {
  it('maps formats to MIME types and back to extensions', () => {
    expect(contentTypeOf('jpeg')).toBe('image/jpeg');
    // A format named like an Object method is unknown, not a function.
    expect(contentTypeOf('toString')).toBe('application/octet-stream');
    expect(contentTypeOf('cr3')).toBe('image/x-canon-cr3');
    expect(contentTypeOf('mov')).toBe('video/quicktime');
    expect(contentTypeOf('bmp')).toBe('application/octet-stream');
    expect(extensionOf('image/jpeg')).toBe('.jpg');
    expect(extensionOf(' Image/JPEG; q=1')).toBe('.jpg');
    expect(extensionOf('video/quicktime')).toBe('.mov');
    expect(extensionOf('image/heic')).toBe('.heic');
    expect(extensionOf('image/x-sony-arw')).toBe('.arw');
    expect(extensionOf('application/octet-stream')).toBe('');
    expect(extensionOf('text/plain')).toBe('');
  });

  it('hashes a file as it streams', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'x');
    fs.writeFileSync(file, 'abc');
    expect(await sha256File(file)).toEqual({
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      size: 3,
    });
  });
});

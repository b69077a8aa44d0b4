// The engine end to end on real fixtures, real sharp/libheif workers and a real SQLite file.
import fs from 'node:fs';
import { engineInternals } from '../testing/index.js';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_FIXTURES, copyFixtures, tempDir } from '../testing/temp.js';
import { Engine } from './engine.js';
import type { PhotoRecordInfo } from '../contract/index.js';

const GOOD = [
  'jpeg_gps/mei__Apple_iPhone_4.jpg',
  'jpeg_gps/exiftool__Google.jpg',
  'jpeg_nogps/ianare__Canon_40D.jpg',
  'orientation/recurser__Landscape_6.jpg',
  'heic/exifr__heic-iphone.heic',
  'other_formats/exifr__png_with_exif_and_gps.png',
  'other_formats/mei__HTC_Desire.webp',
  'other_formats/libvips__avif-orientation-6.avif',
  'raw/photoprism__canon_eos_6d.dng',
  'video/mei__with-gps.mov',
];
const MALFORMED = fs
  .readdirSync(path.join(PHOTO_FIXTURES, 'malformed'))
  .map((f) => `malformed/${f}`);

describe('engine: scan a folder', () => {
  const lib = tempDir();
  const folder = tempDir();
  let engine: Engine;
  let photos: PhotoRecordInfo[];
  const changed: string[] = [];

  beforeAll(async () => {
    copyFixtures(folder.dir, GOOD, 'good');
    copyFixtures(folder.dir, MALFORMED, 'malformed');
    // A byte-identical copy in another folder collapses into the same photo.
    copyFixtures(folder.dir, ['jpeg_gps/mei__Apple_iPhone_4.jpg'], 'copies');
    fs.writeFileSync(path.join(folder.dir, 'notes.txt'), 'not a photo');
    fs.writeFileSync(path.join(folder.dir, 'mystery.bin'), 'not a photo either');
    engine = await Engine.open({ libraryDir: lib.dir, homeZone: 'Europe/Berlin', workers: 2 });
    engine.on('library.changed', ({ photoIds }) => changed.push(...photoIds));
    await engine.call('library.scan', { paths: [folder.dir] });
    photos = await engine.call('photos.list');
  }, 240_000);

  afterAll(async () => {
    await engine?.close();
    lib.cleanup();
    folder.cleanup();
  });

  const byName = (name: string): PhotoRecordInfo => {
    const p = photos.find((x) => x.paths.some((q) => path.basename(q) === name));
    if (!p) throw new Error(`no photo for ${name}`);
    return p;
  };

  it('ingests every good file with its renditions on disk', async () => {
    for (const rel of GOOD) {
      const p = byName(path.basename(rel));
      expect(p.id).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.keys(p.thumbnails).sort()).toEqual(['grid', 'preview']);
      for (const file of Object.values(p.thumbnails)) {
        const meta = await sharp(file).metadata();
        expect(meta.format).toBe('webp');
      }
    }
  });

  it('puts an iPhone HEIC in the grid before its preview is decoded', async () => {
    const heic = byName('exifr__heic-iphone.heic');
    // Committed twice: with the embedded thumbnail as its grid, then with the preview.
    expect(changed.filter((id) => id === heic.id)).toHaveLength(2);
    expect(changed.filter((id) => id === byName('ianare__Canon_40D.jpg').id)).toHaveLength(1);
  });

  it('collapses byte-identical copies into one photo with several paths', async () => {
    const iphone = byName('mei__Apple_iPhone_4.jpg');
    expect(iphone.paths).toHaveLength(2);
    expect((await engine.call('duplicates.list')).filter((g) => g.kind === 'identical')).toEqual([
      { kind: 'identical', photos: [{ id: iphone.id, paths: iphone.paths }] },
    ]);
  });

  it('reads metadata as exiftool does', async () => {
    const google = byName('exiftool__Google.jpg');
    expect(google.takenAt).toBe('2023-10-06T22:53:51.724+02:00');
    expect(google.takenAtUtc).toBe('2023-10-06T20:53:51.724Z');
    expect(google.timeSource).toBe('exif-original');
    expect(google.lat).toBeCloseTo(40.4000694444444, 5);
    expect(google.city?.country).toBe('ES');
    const rotated = byName('recurser__Landscape_6.jpg');
    // Stored 1200x1800 with orientation 6: displayed as the landscape it is.
    expect([rotated.width, rotated.height, rotated.orientation]).toEqual([1800, 1200, 6]);
  });

  it('reports every malformed file with a code and a message that names it', async () => {
    const errors = await engine.call('errors.list');
    for (const rel of MALFORMED) {
      const name = path.basename(rel);
      const entries = errors.filter((e) => path.basename(e.path) === name);
      expect(entries.length, `${name} has no entry in errors`).toBeGreaterThan(0);
      for (const e of entries) {
        expect(e.code).toMatch(/^[A-Z_]+$/);
        expect(e.message.length).toBeGreaterThan(5);
      }
    }
    expect(errors.find((e) => e.path.endsWith('photoprism__wrong.heic'))?.code).toBe(
      'EXTENSION_MISMATCH',
    );
    expect(errors.find((e) => e.path.endsWith('mystery.bin'))?.code).toBe('UNSUPPORTED_FORMAT');
    expect(errors.some((e) => e.path.endsWith('notes.txt'))).toBe(false);
  });

  it('leaves the database consistent', async () => {
    expect(engineInternals(engine).library.integrityCheck()).toBe('ok');
    const { jobs, photos } = await engine.call('library.status');
    expect(jobs.queued).toBe(0);
    // The Activity page's counts add up: what was done and what failed make the total.
    expect(jobs.done + jobs.failed + jobs.queued + jobs.running).toBe(jobs.total);
    expect(jobs.done).toBeGreaterThanOrEqual(photos);
    expect(jobs.failed).toBeGreaterThan(0);
  });

  it('a second scan of the unchanged folder ingests nothing', async () => {
    const summary = await engine.call('library.scan', { paths: [folder.dir] });
    expect(summary.sources[0]).toMatchObject({ queued: 0, removed: 0 });
  });

  it('a deleted copy leaves the photo; the last copy takes the photo and its thumbnails with it', async () => {
    const iphone = byName('mei__Apple_iPhone_4.jpg');
    fs.rmSync(path.join(folder.dir, 'copies', 'mei__Apple_iPhone_4.jpg'));
    await engine.call('library.scan', { paths: [folder.dir] });
    expect((await engine.call('photos.list')).find((p) => p.id === iphone.id)?.paths).toEqual([
      path.join(fs.realpathSync(folder.dir), 'good', 'mei__Apple_iPhone_4.jpg'),
    ]);
    fs.rmSync(path.join(folder.dir, 'good', 'mei__Apple_iPhone_4.jpg'));
    await engine.call('library.scan', { paths: [folder.dir] });
    expect((await engine.call('photos.list')).find((p) => p.id === iphone.id) ?? null).toBeNull();
    for (const f of Object.values(iphone.thumbnails)) expect(fs.existsSync(f)).toBe(false);
  });
});

describe('engine: watching', () => {
  it('a photo moved between two watched folders keeps its identity and its star', async () => {
    const lib = tempDir();
    const a = tempDir();
    const b = tempDir();
    const engine = await Engine.open({
      libraryDir: lib.dir,
      homeZone: 'UTC',
      workers: 1,
      watch: { stabilityMs: 200 },
    });
    try {
      const [file] = copyFixtures(a.dir, ['jpeg_gps/ianare__DSCN0010.jpg']);
      await engine.call('sources.add', { path: a.dir });
      await engine.call('sources.add', { path: b.dir });
      await engine.call('library.scan');
      const [photo] = await engine.call('photos.list');
      expect(photo).toBeDefined();
      engineInternals(engine).library.photos.setStarred(photo!.id as never, true, new Date());
      await engine.watch();
      const moved = path.join(b.dir, 'moved.jpg');
      fs.renameSync(file!, moved);
      await until(
        async () =>
          (await engine.call('photos.list')).find((p) => p.id === photo!.id)?.paths[0] ===
          path.join(fs.realpathSync(b.dir), 'moved.jpg'),
      );
      const after = (await engine.call('photos.list')).find((p) => p.id === photo!.id)!;
      expect(after.starred).toBe(true);
      expect(after.paths).toHaveLength(1);

      // A new file dropped in while watching is ingested.
      copyFixtures(b.dir, ['jpeg_gps/mei__HTC_Desire.jpg']);
      await until(async () => (await engine.call('photos.list')).length === 2);
    } finally {
      await engine.close();
      [lib, a, b].forEach((t) => t.cleanup());
    }
  }, 60_000);
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

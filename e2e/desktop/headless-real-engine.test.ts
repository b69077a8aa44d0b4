// The desktop UI in Chromium against the real engine on a temporary library: add a copy of
// the JPEG fixtures folder on the Sources page, check that every decodable one became a
// photo and that only undecodable ones failed (MANIFEST.tsv says which), watch them arrive
// in the grid, check Activity, star a photo and find it starred in the library on disk.
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '@encore/core';
import { hasChromium } from '../support/chromium.js';
import { realEngine, useDesktop } from '../support/desktop.js';
import { waitForThumbnails } from '../support/grid.js';
import { waitForAttribute, waitForEngine } from '../support/waits.js';

const PHOTOS = fileURLToPath(new URL('../../../shared/fixtures/photos/', import.meta.url));
const FIXTURES = path.join(PHOTOS, 'jpeg_gps');

/** Warnings the engine records for fixtures it imports (MANIFEST.tsv's notes say why). */
const EXPECTED_WARNINGS = [
  // exiftool's test stub: a Pixel 8 Pro's metadata on an 8×8 picture.
  'exiftool__Google.jpg DIMENSIONS_MISMATCH',
  // EXIF Orientation 0 (the engine uses 1).
  'photoprism__huawei-gps-error.jpg ORIENTATION_INVALID',
];

interface ManifestRow {
  sha256: string;
  /** 'ok' when a reference decoder reads the image, else why not. */
  decodeCheck: string;
}

/** MANIFEST.tsv by file (relative to photos/); some files have two rows (several sets). */
async function readManifest(): Promise<Map<string, ManifestRow>> {
  const [header, ...lines] = (await readFile(path.join(PHOTOS, 'MANIFEST.tsv'), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => line.split('\t'));
  const col = (name: string) => {
    const i = header!.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no column ${name}`);
    return i;
  };
  const [file, sha256, decodeCheck] = [col('file'), col('sha256'), col('decode_check')];
  return new Map(
    lines.map((l) => [l[file]!, { sha256: l[sha256]!, decodeCheck: l[decodeCheck]! }]),
  );
}

describe.skipIf(!hasChromium)('desktop UI (headless, real engine)', () => {
  let photosDir: string;
  /** The copied files that must become photos, and those that must be listed as errors. */
  let decodable: string[];
  let undecodable: string[];
  let distinctPhotos: number;

  beforeAll(async () => {
    // Fixtures are read-only and shared: the library watches a copy.
    photosDir = await mkdtemp(path.join(tmpdir(), 'encore-e2e-photos-'));
    const manifest = await readManifest();
    const files = (await readdir(FIXTURES)).filter((f) => /\.jpe?g$/i.test(f)).sort();
    const rows = files.map((f) => {
      const row = manifest.get(`jpeg_gps/${f}`);
      if (!row) throw new Error(`jpeg_gps/${f} is not in MANIFEST.tsv`);
      return row;
    });
    for (const f of files) await copyFile(path.join(FIXTURES, f), path.join(photosDir, f));
    decodable = files.filter((_, i) => rows[i]!.decodeCheck === 'ok');
    undecodable = files.filter((_, i) => rows[i]!.decodeCheck !== 'ok');
    // Photos are identified by content: two copies of one file are one photo.
    distinctPhotos = new Set(rows.filter((r) => r.decodeCheck === 'ok').map((r) => r.sha256)).size;
  });

  afterAll(async () => {
    if (photosDir) await rm(photosDir, { recursive: true, force: true });
  });

  const app = useDesktop(() => realEngine());

  it('imports a folder added on the Sources page and shows it in the grid', async () => {
    const { page, engine } = app();
    expect(decodable.length).toBeGreaterThan(10);

    await page.getByText('No photos yet').waitFor();
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByLabel('Folder path').fill(photosDir);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByTestId('source-list').getByText(photosDir).waitFor();

    // Settled: the folder scanned, nothing queued or running, every file accounted for
    // (errors.list may hold warnings of imported files too, hence at least).
    const total = decodable.length + undecodable.length;
    await waitForEngine(
      engine,
      ['ingest.progress', 'library.changed'],
      async () => {
        const s = await engine.call('library.status');
        const [source] = await engine.call('sources.list');
        return (
          source?.status !== 'scanning' &&
          s.jobs.queued + s.jobs.running === 0 &&
          s.photos + s.errors >= total
        );
      },
      90_000,
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}; status ${JSON.stringify(await engine.call('library.status'))}`,
      );
    });

    // Every decodable fixture is a photo (by its path), and no file fails but the
    // undecodable ones. Imported files may carry warnings: exactly the known ones.
    const { photos } = await engine.call('library.status');
    const { items } = await engine.call('library.page', { limit: 500 });
    const imported = new Set<string>();
    for (const item of items) {
      const detail = await engine.call('photo.get', { id: item.id });
      for (const p of detail?.paths ?? []) imported.add(path.relative(photosDir, p));
    }
    expect([...imported].sort()).toEqual(decodable);
    expect(photos).toBe(distinctPhotos);
    const errors = await engine.call('errors.list');
    const entry = (e: { path: string; code: string }) =>
      `${path.relative(photosDir, e.path)} ${e.code}`;
    const failed = errors.filter((e) => !imported.has(path.relative(photosDir, e.path)));
    expect(
      [...new Set(failed.map((e) => path.relative(photosDir, e.path)))].sort(),
      JSON.stringify(failed),
    ).toEqual(undecodable);
    expect(
      errors
        .filter((e) => imported.has(path.relative(photosDir, e.path)))
        .map(entry)
        .sort(),
    ).toEqual(EXPECTED_WARNINGS);

    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByTestId('photo-count').getByText(`${photos} photos`).waitFor();
    await waitForThumbnails(page, photos);
    await page.screenshot({ path: '/tmp/encore-e2e-real-library.png' });

    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByTestId('library-size').getByText(`${photos} photos`).waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-real-activity.png' });
  }, 120_000);

  it('stars a photo from its tile, into the library on disk', async () => {
    const { page, engine, libraryDir } = app();
    await page.getByRole('link', { name: 'Library' }).click();
    const tile = page.locator('.enc-tile').first();
    const id = await tile.getAttribute('data-photo-id');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const star = tile.locator('button.enc-star');
    expect(await star.getAttribute('aria-pressed')).toBe('false');
    await star.click();
    await waitForAttribute(star, 'aria-pressed', 'true');

    // A second, read-only engine sees what the app's engine committed (and announced).
    const reader = await openEngine({ libraryDir, readonly: true });
    const starred = async () =>
      (await reader.call('photos.list', { starred: true })).map((p) => p.id);
    try {
      await waitForEngine(engine, ['library.changed'], async () => (await starred()).length > 0);
      expect(await starred()).toEqual([id]);
    } finally {
      await reader.close();
    }
    await page.getByRole('checkbox', { name: 'Starred' }).check();
    await page.getByTestId('photo-count').getByText('1 photo').waitFor();
    await page.getByTestId('sync-indicator').getByText('Not syncing').waitFor();
  });
});

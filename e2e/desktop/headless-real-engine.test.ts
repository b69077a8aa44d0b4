// The desktop UI in Chromium against the real engine on a temporary library: add the JPEG
// fixtures folder on the Sources page, watch them arrive in the grid, check Activity, star
// a photo and find it starred in the library on disk.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openEngine } from '@encore/core';
import { DEFAULT_RENDERER_DIR, openHostEngine, startHeadless } from '@encore/desktop/headless';
import type { HeadlessServer, HostEngine } from '@encore/desktop/headless';
import { hasChromium, launchChromium } from '../support/chromium.js';
import { waitForThumbnails } from '../support/grid.js';

const FIXTURES = fileURLToPath(
  new URL('../../../shared/fixtures/photos/jpeg_gps', import.meta.url),
);

describe.skipIf(!hasChromium)('desktop UI (headless, real engine)', () => {
  let library: string;
  let engine: HostEngine;
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    library = await mkdtemp(path.join(tmpdir(), 'encore-e2e-lib-'));
    engine = await openHostEngine({ libraryDir: library, homeZone: 'UTC' });
    server = await startHeadless({ engine, rendererDir: DEFAULT_RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    if (library) await rm(library, { recursive: true, force: true });
  });

  it('imports a folder added on the Sources page and shows it in the grid', async () => {
    const files = (await readdir(FIXTURES)).filter((f) => /\.jpe?g$/i.test(f));
    expect(files.length).toBeGreaterThan(0);

    await page.getByText('No photos yet').waitFor();
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByLabel('Folder path').fill(FIXTURES);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByTestId('source-list').getByText(FIXTURES).waitFor();

    await expect
      .poll(
        async () => {
          const s = await engine.call('library.status');
          return s.jobs.queued + s.jobs.running === 0 && s.photos + s.errors >= files.length;
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBe(true);
    const { photos } = await engine.call('library.status');
    expect(photos).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByTestId('photo-count').getByText(`${photos} photo`).waitFor();
    await waitForThumbnails(page, photos);
    await page.screenshot({ path: '/tmp/encore-e2e-real-library.png' });

    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByTestId('library-size').getByText(`${photos} photo`).waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-real-activity.png' });
  });

  it('stars a photo from its tile, into the library on disk', async () => {
    await page.getByRole('link', { name: 'Library' }).click();
    const tile = page.locator('.enc-tile').first();
    const id = await tile.getAttribute('data-photo-id');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const star = tile.locator('button.enc-star');
    expect(await star.getAttribute('aria-pressed')).toBe('false');
    await star.click();
    await expect.poll(() => star.getAttribute('aria-pressed')).toBe('true');

    // A second, read-only engine sees what the app's engine committed.
    const reader = await openEngine({ libraryDir: library, readonly: true });
    try {
      await expect
        .poll(async () => (await reader.call('photos.list', { starred: true })).map((p) => p.id))
        .toEqual([id]);
    } finally {
      await reader.close();
    }
    await page.getByRole('checkbox', { name: 'Starred' }).check();
    await page.getByTestId('photo-count').getByText('1 photo').waitFor();
    await page.getByTestId('sync-indicator').getByText('Not syncing').waitFor();
  });
});

// A library larger than a page: the grid renders only the rows near the viewport and
// fetches further pages by cursor as the user scrolls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_RENDERER_DIR, startHeadless } from '@encore/desktop/headless';
import type { HeadlessServer } from '@encore/desktop/headless';
import { FakeEngine } from '@encore/desktop/testing';
import { hasChromium, launchChromium } from '../support/chromium.js';

describe.skipIf(!hasChromium)('library grid paging (headless, fake engine)', () => {
  const PHOTOS = 400;
  let engine: FakeEngine;
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    engine = new FakeEngine({ photos: PHOTOS });
    server = await startHeadless({ engine, rendererDir: DEFAULT_RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pageCursors = () =>
    engine.calls
      .filter((c) => c.name === 'library.page')
      .map((c) => (c.args[0] as { cursor?: string | null }).cursor ?? null);

  it('renders a window of tiles and loads every page while scrolling to the end', async () => {
    await page.getByTestId('photo-count').getByText(`${PHOTOS} photos`).waitFor();
    const tiles = page.locator('[data-testid="photo-grid"] .enc-tile');
    await expect.poll(() => tiles.count()).toBeGreaterThan(0);
    expect(await tiles.count()).toBeLessThan(120);
    expect(pageCursors()).toEqual([null]);

    // Newest first, so the fake's first photo (the oldest) is the very last tile.
    const last = page.locator(`[data-photo-id="${engine.photos[0]!.id}"]`);
    await expect
      .poll(
        async () => {
          await page.getByTestId('photo-grid').evaluate((el) => el.scrollTo(0, el.scrollHeight));
          return last.count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);

    // 400 photos in pages of 120: the first page and three more by cursor.
    const cursors = pageCursors();
    expect(cursors[0]).toBeNull();
    expect(cursors.slice(1).every((c) => typeof c === 'string')).toBe(true);
    expect(cursors).toHaveLength(4);
    expect(await tiles.count()).toBeLessThan(120);
  });
});

// A library larger than a page: the grid renders only the rows near the viewport and
// fetches further pages by cursor as the user scrolls.
import { describe, expect, it } from 'vitest';
import { FakeEngine } from '@encore/desktop/testing';
import { hasChromium } from '../support/chromium.js';
import { useDesktop } from '../support/desktop.js';

describe.skipIf(!hasChromium)('library grid paging (headless, fake engine)', () => {
  const PHOTOS = 400;
  // No thumbnails: the grid's paging is what is under test.
  const app = useDesktop(async () => ({ engine: new FakeEngine({ photos: PHOTOS }) }));

  const pageCursors = () =>
    app()
      .engine.calls.filter((c) => c.name === 'library.page')
      .map((c) => (c.args[0] as { cursor?: string | null }).cursor ?? null);

  it('renders a window of tiles and loads every page while scrolling to the end', async () => {
    const { page, engine } = app();
    await page.getByTestId('photo-count').getByText(`${PHOTOS} photos`).waitFor();
    const tiles = page.locator('[data-testid="photo-grid"] .enc-tile');
    await tiles.first().waitFor();
    expect(await tiles.count()).toBeLessThan(120);
    expect(pageCursors()).toEqual([null]);

    // Newest first, so the fake's first photo (the oldest) is the very last tile. Each
    // animation frame scrolls to the end (a page arriving makes the grid taller) until it
    // is rendered.
    await page.waitForFunction(
      (id) => {
        const grid = document.querySelector('[data-testid="photo-grid"]');
        grid?.scrollTo(0, grid.scrollHeight);
        return document.querySelector(`[data-photo-id="${id}"]`) !== null;
      },
      engine.photos[0]!.id,
      { timeout: 20_000 },
    );

    // 400 photos in pages of 120: the first page and three more by cursor.
    const cursors = pageCursors();
    expect(cursors[0]).toBeNull();
    expect(cursors.slice(1).every((c) => typeof c === 'string')).toBe(true);
    expect(cursors).toHaveLength(4);
    expect(await tiles.count()).toBeLessThan(120);
  });
});

// The desktop UI in Chromium against headless mode with the fake engine: the grid shows
// thumbnails, filters narrow it, Sources adds and lists a folder, Activity follows events.
import { describe, expect, it } from 'vitest';
import { FAKE_CITIES } from '@encore/desktop/testing';
import { hasChromium } from '../support/chromium.js';
import { fakeEngine, useDesktop } from '../support/desktop.js';
import { waitForThumbnails } from '../support/grid.js';
import { waitForCount } from '../support/waits.js';

describe.skipIf(!hasChromium)('desktop UI (headless, fake engine)', () => {
  const app = useDesktop(() => fakeEngine({ photos: 30 }));

  it('shows the library grid with loaded thumbnails', async () => {
    const { page } = app();
    await page.getByTestId('photo-count').getByText('30 photos').waitFor();
    await waitForThumbnails(page, 30);
    // The token left the address bar; thumbnails still load through the cookie.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: '/tmp/encore-e2e-library.png' });
  });

  it('follows the system theme: light and dark', async () => {
    const { page } = app();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(246, 246, 244)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(18, 19, 22)');
  });

  it('filters by city', async () => {
    const { page } = app();
    const london = FAKE_CITIES[1]!;
    await page.getByLabel('City').selectOption(String(london.geonameId));
    await page.getByTestId('photo-count').getByText('10 photos').waitFor();
    await waitForCount(page.locator('[data-testid="photo-grid"] img'), 10);
    const titles = await page
      .locator('.enc-tile')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    expect(titles.every((t) => t?.includes('London'))).toBe(true);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByTestId('photo-count').getByText('30 photos').waitFor();
  });

  it('adds a folder on the Sources page and lists it', async () => {
    const { page, engine } = app();
    await page.getByRole('link', { name: 'Sources' }).click();
    await page.getByText('No folders yet').waitFor();
    await page.getByLabel('Folder path').fill('/home/me/Pictures/Concerts');
    await page.getByRole('button', { name: 'Add folder' }).click();
    const list = page.getByTestId('source-list');
    await list.getByText('/home/me/Pictures/Concerts').waitFor();
    expect(engine.sources.map((s) => s.path)).toEqual(['/home/me/Pictures/Concerts']);

    // A folder inside one that is already watched is refused, in words, without a code.
    await page.getByLabel('Folder path').fill('/home/me/Pictures/Concerts/2024');
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page
      .getByRole('alert')
      .getByText(
        '/home/me/Pictures/Concerts/2024 is already inside the source /home/me/Pictures/Concerts.',
      )
      .waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-sources.png' });
  });

  it('follows ingest progress and lists errors on the Activity page', async () => {
    const { page, engine } = app();
    engine.errors.push({
      path: '/home/me/Pictures/Concerts/broken.heic',
      code: 'DECODE_FAILED',
      severity: 'error',
      message: 'HEIC has no decodable image item',
      at: '2024-06-01T21:00:00.000Z',
    });
    await page.getByRole('link', { name: 'Activity' }).click();
    const errors = page.getByTestId('error-list');
    // In words, grouped by kind, the file named; never the code.
    await errors.getByText('Damaged or unreadable images').waitFor();
    await errors.getByText('Not imported').waitFor();
    await errors.getByText('/home/me/Pictures/Concerts/broken.heic').waitFor();

    engine.emit('ingest.progress', { queued: 40, running: 1, done: 59, failed: 1, total: 101 });
    const progress = page.getByTestId('ingest-progress');
    await progress.getByText('59').waitFor();
    await page.getByLabel('41 files importing').waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-activity.png' });
  });
});

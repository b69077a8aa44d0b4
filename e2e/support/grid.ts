import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Waits until the grid shows `count` decoded thumbnails, faded in (ready for a screenshot). */
export async function waitForThumbnails(page: Page, count: number): Promise<void> {
  const images = page.locator('[data-testid="photo-grid"] img');
  await expect.poll(() => images.count(), { timeout: 30_000 }).toBe(count);
  await expect
    .poll(
      () =>
        images.evaluateAll((imgs) =>
          imgs.every((img) => {
            const i = img as HTMLImageElement;
            return i.complete && i.naturalWidth > 0 && i.classList.contains('is-loaded');
          }),
        ),
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
}

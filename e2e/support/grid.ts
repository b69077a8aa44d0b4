import type { Page } from 'playwright-core';

/** Waits until the grid shows `count` decoded thumbnails, faded in (ready for a screenshot). */
export async function waitForThumbnails(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const imgs = [...document.querySelectorAll('[data-testid="photo-grid"] img')];
      return (
        imgs.length === n &&
        imgs.every((img) => {
          const i = img as HTMLImageElement;
          return i.complete && i.naturalWidth > 0 && i.classList.contains('is-loaded');
        })
      );
    },
    count,
    { timeout: 30_000 },
  );
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
}

/** Waits until every image under `selector` is decoded and there are `count` of them. */
export async function waitForImages(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) => {
      const imgs = [...document.querySelectorAll(sel)] as HTMLImageElement[];
      return imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0);
    },
    [selector, count] as const,
  );
}

// The Concerts page in Chromium against headless mode with the fake engine: events under
// status tabs, a candidate assigned, an event marked not a concert and the decision undone,
// another show picked through the search dialog, and a refresh on 'events.changed'.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_RENDERER_DIR, startHeadless } from '@encore/desktop/headless';
import type { HeadlessServer } from '@encore/desktop/headless';
import { FAKE_EVENTS, FakeEngine, writeFakeThumbnails } from '@encore/desktop/testing';
import { hasChromium, launchChromium } from '../support/chromium.js';

describe.skipIf(!hasChromium)('desktop UI: Concerts page (headless, fake engine)', () => {
  let dir: string;
  let engine: FakeEngine;
  let server: HeadlessServer;
  let browser: Browser;
  let page: Page;

  const row = (id: string) => page.locator(`li.enc-event[data-event-id="${id}"]`);
  const tab = (name: RegExp) => page.getByRole('tab', { name });
  const listed = () =>
    page
      .locator('li.enc-event')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
  const fakeEvent = (id: string) => engine.concerts.events.find((e) => e.info.id === id)!.info;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'encore-e2e-concerts-'));
    engine = new FakeEngine({ photos: 12 });
    await writeFakeThumbnails(engine, path.join(dir, 'thumbs'));
    server = await startHeadless({ engine, rendererDir: DEFAULT_RENDERER_DIR });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists events newest first and filters them by status tab', async () => {
    await page.getByRole('link', { name: 'Concerts' }).click();
    await page.getByTestId('event-list').waitFor();
    expect(await listed()).toEqual([
      FAKE_EVENTS.matched,
      FAKE_EVENTS.ambiguous,
      FAKE_EVENTS.suggested,
      FAKE_EVENTS.mine,
      FAKE_EVENTS.notConcert,
      FAKE_EVENTS.lonely,
    ]);
    // The matched event shows its show; the user's own decision says so.
    await row(FAKE_EVENTS.matched).getByText('Opener, The Headliners').waitFor();
    await row(FAKE_EVENTS.matched).getByText('Automatic').waitFor();
    await row(FAKE_EVENTS.mine).getByText('Your decision').waitFor();
    // Thumbnails load from the host's /thumbs/grid/.
    await expect
      .poll(() =>
        row(FAKE_EVENTS.matched)
          .locator('img')
          .evaluateAll(
            (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length,
          ),
      )
      .toBe(4);

    await tab(/^Needs review/).click();
    expect(await listed()).toEqual([
      FAKE_EVENTS.ambiguous,
      FAKE_EVENTS.suggested,
      FAKE_EVENTS.lonely,
    ]);
    await tab(/^Not a concert/).click();
    expect(await listed()).toEqual([FAKE_EVENTS.notConcert]);
    // Arrow keys move between tabs.
    await tab(/^Not a concert/).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await tab(/^Needs review/).getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(listed)
      .toEqual([FAKE_EVENTS.ambiguous, FAKE_EVENTS.suggested, FAKE_EVENTS.lonely]);
    await page.screenshot({ path: '/tmp/encore-e2e-concerts-review.png' });
  });

  it('assigns one of the tied shows from the keyboard; the event leaves Needs review', async () => {
    const button = row(FAKE_EVENTS.ambiguous).getByRole('button', {
      name: 'This is Glass Harbour at Roundhouse',
    });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(listed).toEqual([FAKE_EVENTS.suggested, FAKE_EVENTS.lonely]);
    // The row left the tab; the keyboard user's place is the list, not the top of the page.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role')))
      .toBe('tabpanel');
    expect(fakeEvent(FAKE_EVENTS.ambiguous)).toMatchObject({
      status: 'matched',
      decidedBy: 'user',
      show: { id: 3 },
    });
    await page
      .getByRole('status')
      .getByText('2024-03-02 in London: Glass Harbour at Roundhouse.')
      .waitFor();

    await tab(/^Matched/).click();
    const assigned = row(FAKE_EVENTS.ambiguous);
    await assigned.getByText('Support Act, Glass Harbour').waitFor();
    await assigned.getByText('Your decision').waitFor();
    expect(await tab(/^Matched/).textContent()).toBe('Matched 3');
  });

  it('marks an event as not a concert and undoes it', async () => {
    await tab(/^All/).click();
    await row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Not a concert' }).click();
    await row(FAKE_EVENTS.suggested).getByText('Your decision').waitFor();
    // The pressed button is gone (it is not a concert now): focus stays in the row.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Pick another show…');
    expect(fakeEvent(FAKE_EVENTS.suggested)).toMatchObject({ status: 'not-concert' });
    await row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Undo my decision' }).click();
    await row(FAKE_EVENTS.suggested).getByText('Automatic').waitFor();
    expect(fakeEvent(FAKE_EVENTS.suggested)).toMatchObject({
      status: 'unmatched',
      decidedBy: 'auto',
    });
    expect(
      await row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Undo my decision' }).count(),
    ).toBe(0);
    const calls = engine.calls.map((c) => c.name).filter((n) => n.startsWith('events.'));
    expect(calls).toContain('events.notConcert');
    expect(calls).toContain('events.clearDecision');
  });

  it('picks another show by searching the catalog', async () => {
    const lonely = row(FAKE_EVENTS.lonely);
    await lonely.getByRole('button', { name: 'Pick another show…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Which show was it?' });
    await dialog.waitFor();
    const search = dialog.getByRole('searchbox', { name: 'Search your concerts' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    // Nearest the event's evening (2024-01-11) first.
    await expect
      .poll(() => dialog.getByTestId('show-picker-list').locator('button').first().textContent())
      .toContain('2024-02-10');
    await search.fill('motorhead');
    await expect
      .poll(() => dialog.getByTestId('show-picker-list').locator('button').count())
      .toBe(1);
    await dialog.getByRole('button', { name: /Motörhead Tribute/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await lonely.getByText('Motörhead Tribute').waitFor();
    expect(fakeEvent(FAKE_EVENTS.lonely)).toMatchObject({ status: 'matched', show: { id: 5 } });

    // Escape closes the dialog without a decision and gives focus back.
    const pick = row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Pick another show…' });
    await pick.click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => pick.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(fakeEvent(FAKE_EVENTS.suggested).status).toBe('unmatched');
    await page.screenshot({ path: '/tmp/encore-e2e-concerts-all.png' });
  });

  it('refreshes when the engine says events changed (a decision synced from elsewhere)', async () => {
    engine.concerts.notConcert({ eventId: FAKE_EVENTS.matched });
    engine.emit('events.changed', { reason: 'sync' });
    await row(FAKE_EVENTS.matched).getByText('Not a concert', { exact: true }).first().waitFor();
    await expect.poll(() => tab(/^Not a concert/).textContent()).toBe('Not a concert 2');
  });
});

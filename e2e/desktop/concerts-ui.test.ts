// The Concerts page in Chromium against headless mode with the fake engine: events under
// status tabs, a candidate assigned, an event marked not a concert and the decision undone,
// another show picked through the search dialog, and a refresh on 'events.changed'.
// Every test has its own engine, server and browser context: none depends on another's
// decisions.
import { describe, expect, it } from 'vitest';
import { FAKE_EVENTS } from '@encore/desktop/testing';
import { hasChromium } from '../support/chromium.js';
import { fakeEngine, useDesktop } from '../support/desktop.js';
import { waitForAttribute, waitForCount, waitForFocus } from '../support/waits.js';

describe.skipIf(!hasChromium)('desktop UI: Concerts page (headless, fake engine)', () => {
  const app = useDesktop(() => fakeEngine({ photos: 12 }), {
    perTest: true,
    viewport: { width: 1280, height: 900 },
  });

  const page = () => app().page;
  const row = (id: string) => page().locator(`li.enc-event[data-event-id="${id}"]`);
  const tab = (name: RegExp) => page().getByRole('tab', { name });
  const listed = () =>
    page()
      .locator('li.enc-event')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
  /** Waits until the list shows exactly `ids`, in order. */
  const waitForListed = async (ids: string[]) => {
    try {
      await page().waitForFunction(
        (want) =>
          JSON.stringify(
            [...document.querySelectorAll('li.enc-event')].map((e) =>
              e.getAttribute('data-event-id'),
            ),
          ) === JSON.stringify(want),
        ids,
        { timeout: 10_000 },
      );
    } catch {
      expect(await listed()).toEqual(ids); // says what the list held instead
    }
  };
  const fakeEvent = (id: string) =>
    app().engine.concerts.events.find((e) => e.info.id === id)!.info;
  const openConcerts = async () => {
    await page().getByRole('link', { name: 'Concerts' }).click();
    await page().getByTestId('event-list').waitFor();
  };

  it('lists events newest first and filters them by status tab', async () => {
    await openConcerts();
    await waitForListed([
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
    await page().waitForFunction(
      (id) =>
        [...document.querySelectorAll(`li.enc-event[data-event-id="${id}"] img`)].filter(
          (i) => (i as HTMLImageElement).naturalWidth > 0,
        ).length === 4,
      FAKE_EVENTS.matched,
    );

    await tab(/^Needs review/).click();
    await waitForListed([FAKE_EVENTS.ambiguous, FAKE_EVENTS.suggested]);
    // Three photos one early evening, no show anywhere near: not worth a look by default.
    await tab(/^Other events/).click();
    await waitForListed([FAKE_EVENTS.lonely]);
    await tab(/^Not a concert/).click();
    await waitForListed([FAKE_EVENTS.notConcert]);
    // Arrow keys move between tabs.
    await tab(/^Not a concert/).focus();
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('ArrowLeft');
    await waitForAttribute(tab(/^Needs review/), 'aria-selected', 'true');
    await waitForFocus(tab(/^Needs review/));
    await waitForListed([FAKE_EVENTS.ambiguous, FAKE_EVENTS.suggested]);
    await page().screenshot({ path: '/tmp/encore-e2e-concerts-review.png' });
  });

  it('assigns one of the tied shows from the keyboard; the event leaves Needs review', async () => {
    await openConcerts();
    await tab(/^Needs review/).click();
    await waitForListed([FAKE_EVENTS.ambiguous, FAKE_EVENTS.suggested]);
    const button = row(FAKE_EVENTS.ambiguous).getByRole('button', {
      name: 'This is Glass Harbour at Roundhouse',
    });
    await button.focus();
    await page().keyboard.press('Enter');
    await waitForListed([FAKE_EVENTS.suggested]);
    // The row left the tab; the keyboard user's place is the list, not the top of the page.
    await waitForFocus(page().getByRole('tabpanel'));
    expect(fakeEvent(FAKE_EVENTS.ambiguous)).toMatchObject({
      status: 'matched',
      decidedBy: 'user',
      show: { id: 3 },
    });
    await page()
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
    await openConcerts();
    await tab(/^All/).click();
    await row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Not a concert' }).click();
    await row(FAKE_EVENTS.suggested).getByText('Your decision').waitFor();
    // The pressed button is gone (it is not a concert now): focus stays in the row.
    await waitForFocus(
      row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Pick another show…' }),
    );
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
    const calls = app()
      .engine.calls.map((c) => c.name)
      .filter((n) => n.startsWith('events.'));
    expect(calls).toContain('events.notConcert');
    expect(calls).toContain('events.clearDecision');
  });

  it('clears the review queue by keyboard: J/K move, Enter takes the first show, N not a concert', async () => {
    await openConcerts();
    await tab(/^Needs review/).click();
    await waitForListed([FAKE_EVENTS.ambiguous, FAKE_EVENTS.suggested]);
    await page().getByRole('tabpanel').focus();
    await page().keyboard.press('j');
    await waitForFocus(row(FAKE_EVENTS.ambiguous));
    await page().keyboard.press('j');
    await waitForFocus(row(FAKE_EVENTS.suggested));
    await page().keyboard.press('k');
    await waitForFocus(row(FAKE_EVENTS.ambiguous));
    await page().keyboard.press('Enter');
    // Taken: the first show offered; the next event takes the row's place and the focus.
    await waitForListed([FAKE_EVENTS.suggested]);
    expect(fakeEvent(FAKE_EVENTS.ambiguous)).toMatchObject({ status: 'matched', show: { id: 2 } });
    await waitForFocus(row(FAKE_EVENTS.suggested));
    await page().keyboard.press('n');
    await page().getByText('Nothing needs review.').waitFor();
    expect(fakeEvent(FAKE_EVENTS.suggested)).toMatchObject({ status: 'not-concert' });
  });

  it('picks another show by searching the catalog', async () => {
    await openConcerts();
    const lonely = row(FAKE_EVENTS.lonely);
    await lonely.getByRole('button', { name: 'Pick another show…' }).click();
    const dialog = page().getByRole('dialog', { name: 'Which show was it?' });
    await dialog.waitFor();
    const search = dialog.getByRole('searchbox', { name: 'Search your concerts' });
    await waitForFocus(search);
    // Nearest the event's evening (2024-01-11) first.
    const shows = dialog.getByTestId('show-picker-list').locator('button');
    await shows.first().filter({ hasText: '2024-02-10' }).waitFor();
    await search.fill('motorhead');
    await waitForCount(shows, 1);
    await dialog.getByRole('button', { name: /Motörhead Tribute/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await lonely.getByText('Motörhead Tribute').waitFor();
    expect(fakeEvent(FAKE_EVENTS.lonely)).toMatchObject({ status: 'matched', show: { id: 5 } });

    // Escape closes the dialog without a decision and gives focus back.
    const pick = row(FAKE_EVENTS.suggested).getByRole('button', { name: 'Pick another show…' });
    await pick.click();
    await dialog.waitFor();
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await waitForFocus(pick);
    expect(fakeEvent(FAKE_EVENTS.suggested).status).toBe('unmatched');
    await page().screenshot({ path: '/tmp/encore-e2e-concerts-all.png' });
  });

  it('refreshes when the engine says events changed (a decision synced from elsewhere)', async () => {
    const { engine } = app();
    await openConcerts();
    await row(FAKE_EVENTS.matched).getByText('Automatic').waitFor();
    await tab(/^Not a concert/)
      .filter({ hasText: /^Not a concert 1$/ })
      .waitFor();
    engine.concerts.notConcert({ eventId: FAKE_EVENTS.matched });
    engine.emit('events.changed', { reason: 'sync' });
    await row(FAKE_EVENTS.matched).getByText('Not a concert', { exact: true }).first().waitFor();
    await tab(/^Not a concert/)
      .filter({ hasText: /^Not a concert 2$/ })
      .waitFor();
  });
});

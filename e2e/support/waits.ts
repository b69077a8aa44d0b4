// Waits for the e2e suites that end on a browser or engine event (a locator reaching a
// state, the page's DOM, an engine event) rather than on a poll at a fixed interval.
import type { Locator } from 'playwright-core';
import type { EventName } from '@encore/core/contract';
import type { HeadlessEngine } from '@encore/desktop/headless';

/** Waits until `locator` matches exactly `count` elements. */
export async function waitForCount(locator: Locator, count: number, timeout?: number) {
  if (count > 0) await locator.nth(count - 1).waitFor({ state: 'attached', timeout });
  await locator.nth(count).waitFor({ state: 'detached', timeout });
}

/** Waits until the (single) element of `locator` has `name="value"`. */
export async function waitForAttribute(locator: Locator, name: string, value: string) {
  const css = `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`;
  await locator.and(locator.page().locator(css)).waitFor({ state: 'attached' });
}

/** Waits until the element of `locator` has the keyboard focus. */
export async function waitForFocus(locator: Locator, timeout?: number) {
  try {
    await locator.and(locator.page().locator(':focus')).waitFor({ state: 'attached', timeout });
  } catch (err) {
    const active = await locator
      .page()
      .evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing');
    throw new Error(`${locator.toString()} has no focus; ${active} has`, { cause: err });
  }
}

/**
 * Resolves once `done()` holds, checking it now and after each of `events` from the
 * engine (subscribed before the first check, so none slips between).
 */
export function waitForEngine(
  engine: HeadlessEngine,
  events: EventName[],
  done: () => Promise<boolean>,
  timeout = 30_000,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let checking = false;
    let again = false;
    const offs: (() => void)[] = [];
    const finish = (err?: unknown) => {
      clearTimeout(timer);
      for (const off of offs) off();
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve();
    };
    const timer = setTimeout(
      () =>
        finish(new Error(`waitForEngine: not done after ${timeout} ms of ${events.join(', ')}`)),
      timeout,
    );
    const check = async (): Promise<void> => {
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          if (await done()) return finish();
        } while (again);
      } catch (err) {
        finish(err);
      } finally {
        checking = false;
      }
    };
    for (const event of events) offs.push(engine.on(event, () => void check()));
    void check();
  });
}

// The Concerts page against the real engine: a temporary library with one Berlin evening of
// photos and two shows in Berlin that night (city-level venues tie: ambiguous). The user
// answers in the UI, and a second engine on the same library reads the decision from disk.
import { describe, expect, it } from 'vitest';
import { engineInternals } from '@encore/core/testing';
import {
  tempDir,
  Library,
  matchServiceFor,
  addCatalogShow,
  addPhotos,
  PLACES,
  series,
} from '@encore/core/testing';
import { Engine } from '@encore/core';
import { hasChromium } from '../support/chromium.js';
import { realEngine, useDesktop } from '../support/desktop.js';

describe.skipIf(!hasChromium)('desktop UI: Concerts page (headless, real engine)', () => {
  let photos: string[];
  let columbiahalle: number;

  const app = useDesktop(async () => {
    const library = tempDir('encore-e2e-concerts-lib-');
    const lib = Library.open(library.dir);
    try {
      photos = addPhotos(
        lib,
        series('2024-05-10T20:00', '2024-05-10T23:00', 20, {
          zone: 'Europe/Berlin',
          at: { lat: PLACES.berlin.lat + 0.01, lon: PLACES.berlin.lon + 0.01 },
        }),
      );
      columbiahalle = addCatalogShow(lib, {
        date: '2024-05-10',
        venue: 'Columbiahalle',
        place: PLACES.berlin,
        artists: ['Opener', 'Headliner'],
      });
      addCatalogShow(lib, {
        date: '2024-05-10',
        venue: 'SO36',
        place: PLACES.berlin,
        artists: ['Other Band'],
      });
    } finally {
      lib.close();
    }
    const under = await realEngine({ libraryDir: library.dir });
    return {
      ...under,
      dispose: async () => {
        await under.dispose();
        library.cleanup();
      },
    };
  });

  it('assigns one of two shows that night; a second engine reads it as matched by the user', async () => {
    const { page, libraryDir } = app();
    await page.getByRole('link', { name: 'Concerts' }).click();
    await page.getByRole('tab', { name: /^Needs review/ }).click();
    const row = page.locator('li.enc-event').first();
    await row.getByText('2024-05-10 · 20:00–23:00 · Berlin, DE').waitFor();
    await row.getByText('Several shows fit').waitFor();
    await row.getByText(`${photos.length} photos`).waitFor();
    await page.screenshot({ path: '/tmp/encore-e2e-concerts-real.png' });

    await row.getByRole('button', { name: 'This is Headliner at Columbiahalle' }).click();
    await page.getByText('Nothing needs review.').waitFor();
    await page.getByRole('tab', { name: /^Matched/ }).click();
    const matched = page.locator('li.enc-event').first();
    await matched.getByText('Opener, Headliner').waitFor();
    await matched.getByText('Your decision').waitFor();

    const reader = await Engine.open({ libraryDir, readonly: true });
    try {
      const events = matchServiceFor(engineInternals(reader).library).events();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        status: 'matched',
        decidedBy: 'user',
        show: { id: columbiahalle, venue: { name: 'Columbiahalle' } },
      });
      expect(events[0]!.photoIds).toEqual(photos);
    } finally {
      await reader.close();
    }
  });

  it('undoes the decision: the evening is ambiguous again', async () => {
    const { page, engine } = app();
    const matched = page.locator('li.enc-event').first();
    await matched.getByRole('button', { name: 'Undo my decision' }).click();
    await page.getByText('No event is matched to a show yet.').waitFor();
    const events = await engine.call('events.list', { status: 'ambiguous' });
    expect(events.map((e) => e.decidedBy)).toEqual(['auto']);
  });
});

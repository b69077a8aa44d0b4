// The real setlist.fm client (through the catalog's finder) against the local stand-in that
// serves the recorded setlist.fm responses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SetlistfmStandin, STANDIN_API_KEY } from '../catalog/setlistfm/testing/standin.js';
import type { ShowId } from '../catalog/types.js';
import { matchServiceFor } from './match.factory.js';
import { addPhotos, openTestLibrary, series } from './testing/fixtures-library.js';

const LUCCA = { lat: 43.84369, lon: 10.50447 };

describe('matching with setlist.fm', () => {
  let standin: SetlistfmStandin;
  const cleanups: (() => void)[] = [];
  beforeAll(async () => {
    standin = await SetlistfmStandin.start();
  });
  afterAll(() => standin.close());
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  function lucca(apiKey: string | null) {
    const lib = openTestLibrary(cleanups);
    if (apiKey) lib.settings.set('setlistfm.apiKey', apiKey);
    // The Rolling Stones in Lucca, 2017-09-23: not in the (empty) catalog.
    addPhotos(
      lib,
      series('2017-09-23T20:30', '2017-09-23T23:30', 10, { zone: 'Europe/Rome', at: LUCCA }),
    );
    return { lib, service: matchServiceFor(lib, { setlistfmUrl: standin.url }) };
  }

  it('offers the show setlist.fm knows, with its line-up, for the user to confirm', async () => {
    const { service } = lucca(STANDIN_API_KEY);
    service.rebuildEvents();
    const before = standin.requestCount;
    const summary = await service.match();
    expect(summary.onlineLookups).toBe(1);
    expect(standin.requestCount).toBeGreaterThan(before);
    const [e] = service.events();
    expect(e!.status).toBe('unmatched');
    const top = e!.candidates[0]!;
    expect(top.show.artists).toEqual(['The Struts', 'The Rolling Stones']);
    expect(top.show.venue.city).toBe('Lucca');
    expect(top.reasons.join(' ')).toMatch(/found on setlist.fm/);
    const mine = service.assign(e!.id, top.show.id as ShowId);
    expect(mine).toMatchObject({ status: 'matched', decidedBy: 'user' });
    expect(mine.show?.setlistIds.length).toBe(2);
    // The next run finds the show locally: no new request.
    const requests = standin.requestCount;
    await service.match({ onlyChanged: false });
    expect(standin.requestCount).toBe(requests);
  });

  it('without a key asks nobody; with a refused key says so and matches offline', async () => {
    const none = lucca(null);
    none.service.rebuildEvents();
    const before = standin.requestCount;
    expect((await none.service.match()).onlineLookups).toBe(0);
    expect(standin.requestCount).toBe(before);

    const refused = lucca('not-the-key');
    refused.service.rebuildEvents();
    const summary = await refused.service.match();
    expect(summary.onlineProblem).toBeTruthy();
    expect(summary.unmatched).toBe(1);
  });
});

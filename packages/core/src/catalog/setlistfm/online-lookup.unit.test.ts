import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempCatalog, type TempCatalog } from '../testing/temp-catalog.js';
import type { LocalDate } from '../types.js';
import { ManualClock } from './clock.js';
import { onlineShowFinder } from './online-lookup.js';
import { SETLISTFM_KEY_SETTING } from './setlistfm.client.js';
import { STANDIN_API_KEY, SetlistfmStandin } from './testing/standin.js';

const LUCCA = 3174530;
const LIVORNO = 6540122;

describe('findShowsOnline', () => {
  let standin: SetlistfmStandin;
  let t: TempCatalog;
  beforeAll(async () => {
    standin = await SetlistfmStandin.start();
  });
  afterAll(() => standin.close());
  afterEach(() => t.cleanup());

  const finder = (baseUrl = standin.url) =>
    onlineShowFinder(t.library, { baseUrl, clock: new ManualClock() });

  it('searches each city on the date, stores the shows as online finds, and a re-match costs no request', async () => {
    t = tempCatalog();
    t.library.settings.set(SETLISTFM_KEY_SETTING, STANDIN_API_KEY);
    const f = finder();
    const before = standin.requestCount;
    const shows = await f.findShowsOnline([LUCCA, 2643743], '2017-09-23' as LocalDate);
    expect(standin.requestCount).toBe(before + 2);
    expect(shows).toHaveLength(1);
    expect(shows[0]!).toMatchObject({ origin: 'online', venue: { cityGeonameId: LUCCA } });
    expect(shows[0]!.artists.map((a) => a.name)).toEqual(['The Struts', 'The Rolling Stones']);
    // Not the user's history until they import it.
    expect(t.catalog.list()).toEqual([]);
    expect(t.catalog.list({ includeOnline: true })).toHaveLength(1);

    const again = await finder().findShowsOnline([LUCCA, 2643743], '2017-09-23' as LocalDate);
    expect(again).toEqual(shows);
    expect(standin.requestCount).toBe(before + 2);
  });

  it('does nothing online without an API key', async () => {
    t = tempCatalog();
    const before = standin.requestCount;
    expect(finder().client).toBeNull();
    expect(await finder().findShowsOnline([LUCCA], '2017-09-23' as LocalDate)).toEqual([]);
    expect(standin.requestCount).toBe(before);
  });

  it('offline, answers from the catalog alone', async () => {
    t = tempCatalog();
    t.library.settings.set(SETLISTFM_KEY_SETTING, STANDIN_API_KEY);
    await finder().findShowsOnline([LIVORNO], '2017-08-19' as LocalDate);
    const offline = finder('http://127.0.0.1:9/rest');
    const shows = await offline.findShowsOnline([LIVORNO, LUCCA], '2017-08-19' as LocalDate);
    expect(shows.map((s) => s.artists.length)).toEqual([3]);
  });

  it('surfaces a refused key', async () => {
    t = tempCatalog();
    t.library.settings.set(SETLISTFM_KEY_SETTING, 'not-the-key');
    await expect(
      finder().findShowsOnline([LUCCA], '2017-09-23' as LocalDate),
    ).rejects.toMatchObject({
      code: 'SETLISTFM_AUTH',
    });
  });
});

import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDate } from '../types.js';
import { tempCatalog, type TempCatalog } from '../testing/temp-catalog.js';
import { ManualClock } from './clock.js';
import { SetlistfmClient, type SetlistfmLimits } from './setlistfm.client.js';
import { SetlistfmStore } from './setlistfm-cache.repository.js';
import { STANDIN_API_KEY, SetlistfmStandin } from './testing/standin.js';

const BABYMETAL = '27e2997f-f7a1-4353-bcc4-57b9274fa9a4';

describe('setlist.fm client against the stand-in', () => {
  let standin: SetlistfmStandin;
  let t: TempCatalog;
  let clock: ManualClock;
  beforeAll(async () => {
    standin = await SetlistfmStandin.start();
  });
  afterAll(() => standin.close());
  afterEach(() => t.cleanup());

  function client(
    options: { apiKey?: string; baseUrl?: string; limits?: Partial<SetlistfmLimits> } = {},
  ) {
    t = tempCatalog();
    clock = new ManualClock(Date.UTC(2026, 10, 22, 8, 0, 0));
    return new SetlistfmClient({
      baseUrl: options.baseUrl ?? standin.url,
      apiKey: options.apiKey ?? STANDIN_API_KEY,
      store: new SetlistfmStore(t.library.db),
      clock,
      ...(options.limits ? { limits: options.limits } : {}),
    });
  }

  it('searches setlists by city id and date, sending the key and asking for JSON', async () => {
    const c = client();
    const before = standin.requestCount;
    const page = await c.searchSetlists({ cityId: 3174530, date: '2017-09-23' as LocalDate });
    expect(page).toMatchObject({ type: 'setlists', page: 1, total: 2 });
    expect(page.setlist.map((s) => s.artist.name).sort()).toEqual([
      'The Rolling Stones',
      'The Struts',
    ]);
    const req = standin.requests.at(-1)!;
    expect(standin.requestCount).toBe(before + 1);
    expect(req).toMatchObject({
      path: '/rest/1.0/search/setlists',
      query: { cityId: '3174530', date: '23-09-2017', p: '1' },
      apiKey: STANDIN_API_KEY,
      accept: 'application/json',
    });
  });

  it('pages through a search in the API envelope', async () => {
    const c = client();
    const all = await c.allSetlists({ artistName: 'babymetal' });
    // The fixtures hold 40 distinct BABYMETAL setlists: two pages of 20.
    expect(all).toHaveLength(40);
    expect(new Set(all.map((s) => s.id)).size).toBe(40);
    const pages = [];
    for await (const p of c.pages((n) => c.artistSetlists(BABYMETAL, n), 2)) pages.push(p.page);
    expect(pages).toEqual([1, 2]);
  });

  it('treats 404 as no results, and remembers it', async () => {
    const c = client();
    const page = await c.searchSetlists({ cityId: 1, date: '2017-09-23' as LocalDate });
    expect(page.setlist).toEqual([]);
    expect(standin.requests.at(-1)!.path).toBe('/rest/1.0/search/setlists');
    expect(await c.searchArtists('no such band at all')).toMatchObject({ artist: [] });
    const n = standin.requestCount;
    expect(
      (await c.searchSetlists({ cityId: 1, date: '2017-09-23' as LocalDate })).setlist,
    ).toEqual([]);
    expect(standin.requestCount).toBe(n);
  });

  it('finds artists by name', async () => {
    const c = client();
    const page = await c.searchArtists('BABYMETAL');
    expect(page.artist.map((a) => a.mbid)).toContain(BABYMETAL);
  });

  it('serves a repeated search from the cache until it expires', async () => {
    const c = client();
    const q = { cityId: 6940394, date: '2017-09-27' as LocalDate };
    const first = await c.searchSetlists(q);
    const n = standin.requestCount;
    expect(await c.searchSetlists(q)).toEqual(first);
    expect(standin.requestCount).toBe(n);
    expect(c.requestsSent).toBe(1);
    clock.advance(8 * 24 * 3600_000);
    await c.searchSetlists(q);
    expect(standin.requestCount).toBe(n + 1);
  });

  it('backs off on 429 as Retry-After says, then succeeds', async () => {
    const c = client();
    standin.throttle(2, 3);
    const page = await c.searchSetlists({ cityId: 6940394, date: '2017-09-26' as LocalDate });
    expect(page.setlist).toHaveLength(1);
    expect(c.requestsSent).toBe(3);
    expect(clock.sleeps.filter((ms) => ms >= 3000)).toHaveLength(2);
  });

  it('backs off exponentially without Retry-After, and gives up after a few attempts', async () => {
    const c = client({ limits: { maxAttempts: 3 } });
    standin.throttle(5);
    await expect(
      c.searchSetlists({ cityId: 6940394, date: '2017-09-25' as LocalDate }),
    ).rejects.toMatchObject({
      code: 'SETLISTFM_RATE_LIMITED',
    });
    expect(c.requestsSent).toBe(3);
    expect(clock.sleeps.filter((ms) => ms >= 1000)).toEqual([1000, 2000]);
    standin.throttle(0);
  });

  it('does not wait for a Retry-After longer than a minute', async () => {
    const c = client();
    standin.throttle(1, 3600);
    await expect(
      c.searchSetlists({ cityId: 6940394, date: '2017-09-24' as LocalDate }),
    ).rejects.toMatchObject({
      code: 'SETLISTFM_RATE_LIMITED',
      message: expect.stringMatching(/3600 s/),
    });
    expect(clock.sleeps.filter((ms) => ms >= 1000)).toEqual([]);
  });

  it('says the key was refused on 403', async () => {
    const c = client({ apiKey: 'wrong-key' });
    await expect(c.searchArtists('BABYMETAL')).rejects.toMatchObject({
      code: 'SETLISTFM_AUTH',
      message: expect.stringMatching(/setlist\.fm refused the API key/),
    });
  });

  it('keeps to 2 requests a second on its own clock', async () => {
    const c = client();
    const start = clock.now();
    const N = 8;
    await Promise.all(Array.from({ length: N }, (_, i) => c.searchArtists(`no band ${i}`)));
    expect(c.requestsSent).toBe(N);
    expect(clock.now() - start).toBeGreaterThanOrEqual(((N - 2) / 2) * 1000);
  });

  it('stops at the daily budget without sending a request, shared through the library', async () => {
    const c = client({ limits: { dailyBudget: 2 } });
    await c.searchArtists('a1');
    await c.searchArtists('a2');
    const n = standin.requestCount;
    await expect(c.searchArtists('a3')).rejects.toMatchObject({ code: 'SETLISTFM_BUDGET' });
    expect(standin.requestCount).toBe(n);
    // A second client (another process) on the same library sees the same budget.
    const other = new SetlistfmClient({
      baseUrl: standin.url,
      apiKey: STANDIN_API_KEY,
      store: new SetlistfmStore(t.library.db),
      clock,
      limits: { dailyBudget: 2 },
    });
    await expect(other.searchArtists('a4')).rejects.toMatchObject({ code: 'SETLISTFM_BUDGET' });
    // Cached answers need no budget; the next UTC day has a fresh one.
    await c.searchArtists('a1');
    clock.advance(24 * 3600_000);
    await c.searchArtists('a5');
    expect(standin.requestCount).toBe(n + 1);
  });

  it('reports SETLISTFM_OFFLINE when nothing answers', async () => {
    const port = await closedPort();
    const c = client({ baseUrl: `http://127.0.0.1:${port}/rest` });
    await expect(c.searchArtists('BABYMETAL')).rejects.toMatchObject({ code: 'SETLISTFM_OFFLINE' });
  });
});

/** A port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

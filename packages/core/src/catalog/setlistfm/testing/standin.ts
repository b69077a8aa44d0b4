// A local stand-in for the setlist.fm API 1.0, for tests: the production client points at
// its URL. Answers are built from the real responses in ../shared/fixtures/setlistfm: the
// real setlist objects filtered by the query and paged 20 at a time in the real envelope,
// the real 404 body for no results, the recorded artist pages verbatim. It checks the API
// key (403 like the API), can be told to answer 429 with Retry-After, and counts requests.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FIXTURES_DIR } from '../../../testing/temp.js';

export const SETLISTFM_FIXTURES = path.join(FIXTURES_DIR, 'setlistfm');
export const STANDIN_API_KEY = 'standin-test-key';

interface Fixture {
  id: string;
  eventDate: string;
  artist: { mbid?: string; name: string };
  venue: { id?: string; city?: { id?: string } };
}

export interface StandinRequest {
  path: string;
  query: Record<string, string>;
  apiKey: string | undefined;
  accept: string | undefined;
}

function readFixture(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(SETLISTFM_FIXTURES, name), 'utf8'));
}

/** Every distinct real setlist in the fixtures, in file order. */
export function fixtureSetlists(): Fixture[] {
  const byId = new Map<string, Fixture>();
  for (const name of fs.readdirSync(SETLISTFM_FIXTURES).sort()) {
    if (!name.endsWith('.json')) continue;
    const j = readFixture(name) as { setlist?: Fixture[]; eventDate?: string } & Fixture;
    const list = Array.isArray(j.setlist) ? j.setlist : j.eventDate ? [j] : [];
    for (const s of list) if (!byId.has(s.id)) byId.set(s.id, s);
  }
  return [...byId.values()];
}

export class SetlistfmStandin {
  readonly requests: StandinRequest[] = [];
  private throttled = 0;
  private retryAfter: number | null = null;
  private readonly setlists = fixtureSetlists();
  private readonly artists: { mbid?: string; name: string }[];
  private readonly notFound = readFixture('search_artists_404.json') as Record<string, unknown>;

  private constructor(
    private readonly server: http.Server,
    readonly apiKey: string,
  ) {
    const seen = new Map<string, { mbid?: string; name: string }>();
    for (const name of [
      'search_artists_artist_name.json',
      'search_artists_p.json',
      'search_artists_200.json',
    ]) {
      for (const a of (readFixture(name) as { artist: { mbid?: string; name: string }[] }).artist)
        seen.set(a.mbid ?? a.name, a);
    }
    for (const s of this.setlists) seen.set(s.artist.mbid ?? s.artist.name, s.artist);
    this.artists = [...seen.values()];
  }

  static async start(options: { apiKey?: string } = {}): Promise<SetlistfmStandin> {
    let standin: SetlistfmStandin | null = null;
    const server = http.createServer((req, res) => standin!.handle(req, res));
    standin = new SetlistfmStandin(server, options.apiKey ?? STANDIN_API_KEY);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  /** Base URL for the client, like https://api.setlist.fm/rest. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/rest`;
  }

  get requestCount(): number {
    return this.requests.length;
  }

  /** The next `times` requests get 429 Too Many Requests, with Retry-After when given. */
  throttle(times: number, retryAfterSeconds: number | null = null): void {
    this.throttled = times;
    this.retryAfter = retryAfterSeconds;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://standin');
    const query = Object.fromEntries(url.searchParams);
    const apiKey = req.headers['x-api-key'] as string | undefined;
    this.requests.push({ path: url.pathname, query, apiKey, accept: req.headers.accept });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (this.throttled > 0) {
      this.throttled--;
      return send(
        429,
        { code: 429, status: 'Too Many Requests', message: 'Too Many Requests' },
        this.retryAfter !== null ? { 'retry-after': String(this.retryAfter) } : {},
      );
    }
    if (apiKey !== this.apiKey)
      return send(403, { code: 403, status: 'Forbidden', message: 'Forbidden' });
    const notFound = () =>
      send(404, {
        ...this.notFound,
        timestamp: Date.now(),
        path: url.pathname.replace(/^\/rest/, ''),
      });
    const page = Math.max(1, Number(query.p ?? '1') || 1);

    const route = url.pathname.replace(/^\/rest\/1\.0\//, '');
    if (route === 'search/setlists') {
      const matches = this.setlists.filter(
        (s) =>
          (!query.cityId || s.venue.city?.id === query.cityId) &&
          (!query.date || s.eventDate === query.date) &&
          (!query.venueId || s.venue.id === query.venueId) &&
          (!query.artistMbid || s.artist.mbid === query.artistMbid) &&
          (!query.year || s.eventDate.endsWith(`-${query.year}`)) &&
          (!query.artistName ||
            s.artist.name.toLowerCase().includes(query.artistName.toLowerCase())),
      );
      return this.paged(send, notFound, 'setlist', 'setlists', matches, page, 20);
    }
    if (route === 'search/artists') {
      const name = (query.artistName ?? '').toLowerCase();
      const matches = this.artists.filter((a) => name && a.name.toLowerCase().includes(name));
      return this.paged(send, notFound, 'artist', 'artists', matches, page, 30);
    }
    const artistSetlists = /^artist\/([^/]+)\/setlists$/.exec(route);
    if (artistSetlists) {
      // Only the two recorded pages exist; the real API would have more.
      const file = `artist_setlists_200_page${page}.json`;
      const recorded = fs.existsSync(path.join(SETLISTFM_FIXTURES, file))
        ? (readFixture(file) as { setlist: Fixture[] })
        : null;
      if (recorded && recorded.setlist[0]?.artist.mbid === artistSetlists[1])
        return send(200, fs.readFileSync(path.join(SETLISTFM_FIXTURES, file), 'utf8'));
      return notFound();
    }
    return notFound();
  }

  private paged(
    send: (status: number, body: unknown) => void,
    notFound: () => void,
    key: string,
    type: string,
    all: unknown[],
    page: number,
    per: number,
  ): void {
    const items = all.slice((page - 1) * per, page * per);
    // The API answers 404 both for no results and for a page past the end.
    if (items.length === 0) return notFound();
    send(200, { type, itemsPerPage: per, page, total: all.length, [key]: items });
  }
}

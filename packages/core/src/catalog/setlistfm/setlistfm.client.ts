// The setlist.fm API 1.0 client (https://api.setlist.fm/docs/1.0/). Online lookups are an
// extra: every failure has a stable code so callers can carry on offline. It keeps to the
// key's limits on its own side (2 requests/s, a daily budget shared through the library),
// backs off on 429 as Retry-After says, and caches every answer, "not found" included.
import { EncoreError } from '../../domain/errors.js';
import type { LocalDate } from '../types.js';
import { toSetlistfmDate } from '../local-date.js';
import { systemClock, type Clock } from './clock.js';
import { TokenBucket } from './rate-limiter.js';
import type { z } from 'zod';
import {
  artistsEnvelope,
  formatPath,
  setlistsEnvelope,
  type ArtistsPage,
  type SetlistsPage,
} from './setlistfm.schema.js';
import type { SetlistfmStore } from './setlistfm-cache.repository.js';

export const SETLISTFM_KEY_SETTING = 'setlistfm.apiKey';

export type SetlistfmErrorCode =
  | 'SETLISTFM_AUTH' // 401/403: the key was refused
  | 'SETLISTFM_BUDGET' // today's budget is spent; no request was made
  | 'SETLISTFM_RATE_LIMITED' // still 429 after backing off
  | 'SETLISTFM_OFFLINE' // no answer at all (network down, DNS, refused, timeout)
  | 'SETLISTFM_HTTP' // any other unexpected status
  | 'SETLISTFM_BAD_RESPONSE'; // an answer we cannot read

export class SetlistfmError extends EncoreError {
  constructor(
    code: SetlistfmErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, details, options);
    this.name = 'SetlistfmError';
  }
}

export interface SetlistfmLimits {
  perSecond: number;
  /** Requests per UTC day across every process on the library. */
  dailyBudget: number;
  /** How long a search answer is reused. */
  cacheTtlMs: number;
  /** How long "no results" is reused: shorter, since setlists of recent shows appear later. */
  notFoundTtlMs: number;
  /** Attempts per request when the API answers 429 or 5xx. */
  maxAttempts: number;
  /** Backoff before the second attempt when the API gives no Retry-After; doubles after. */
  backoffMs: number;
  /** The longest Retry-After (or backoff) waited for; a longer one fails the request. */
  maxWaitMs: number;
  timeoutMs: number;
}

export const DEFAULT_LIMITS: SetlistfmLimits = {
  perSecond: 2,
  dailyBudget: 1440,
  cacheTtlMs: 7 * 24 * 3600_000,
  notFoundTtlMs: 24 * 3600_000,
  maxAttempts: 4,
  backoffMs: 1000,
  maxWaitMs: 60_000,
  timeoutMs: 15_000,
};

export interface SetlistfmClientOptions {
  /** e.g. https://api.setlist.fm/rest (config.setlistfmUrl). */
  baseUrl: string;
  apiKey: string;
  store: SetlistfmStore;
  clock?: Clock;
  fetch?: typeof fetch;
  limits?: Partial<SetlistfmLimits>;
}

export interface SetlistSearch {
  /** GeoNames id of the city. */
  cityId?: number;
  date?: LocalDate;
  artistName?: string;
  artistMbid?: string;
  venueId?: string;
  year?: number;
}

export class SetlistfmClient {
  private readonly limits: SetlistfmLimits;
  private readonly clock: Clock;
  private readonly fetchFn: typeof fetch;
  private readonly bucket: TokenBucket;
  private readonly base: string;
  /** HTTP requests this client sent (cache hits and refused budget are not requests). */
  requestsSent = 0;

  constructor(private readonly options: SetlistfmClientOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clock = options.clock ?? systemClock;
    this.fetchFn = options.fetch ?? fetch;
    this.bucket = new TokenBucket(this.clock, this.limits.perSecond);
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  /** GET /1.0/search/setlists; no results is an empty page, not an error. */
  async searchSetlists(q: SetlistSearch, page = 1): Promise<SetlistsPage> {
    const params: Record<string, string> = { p: String(page) };
    if (q.cityId != null) params.cityId = String(q.cityId);
    if (q.date) params.date = toSetlistfmDate(q.date);
    if (q.artistName) params.artistName = q.artistName;
    if (q.artistMbid) params.artistMbid = q.artistMbid;
    if (q.venueId) params.venueId = q.venueId;
    if (q.year != null) params.year = String(q.year);
    const body = await this.get('/1.0/search/setlists', params);
    return this.read(setlistsEnvelope, body, page);
  }

  /** GET /1.0/search/artists by name. */
  async searchArtists(artistName: string, page = 1): Promise<ArtistsPage> {
    const body = await this.get('/1.0/search/artists', {
      artistName,
      p: String(page),
      sort: 'relevance',
    });
    return this.read(artistsEnvelope, body, page);
  }

  /** GET /1.0/artist/{mbid}/setlists: an artist's setlists, newest first. */
  async artistSetlists(mbid: string, page = 1): Promise<SetlistsPage> {
    const body = await this.get(`/1.0/artist/${encodeURIComponent(mbid)}/setlists`, {
      p: String(page),
    });
    return this.read(setlistsEnvelope, body, page);
  }

  /** Every page of a paged search, up to `maxPages` (each page is a request unless cached). */
  async *pages<
    P extends {
      page?: number | undefined;
      itemsPerPage?: number | undefined;
      total?: number | undefined;
    },
  >(fetchPage: (page: number) => Promise<P>, maxPages = 10): AsyncGenerator<P> {
    for (let p = 1; p <= maxPages; p++) {
      const page = await fetchPage(p);
      yield page;
      const per = page.itemsPerPage ?? 20;
      if (!page.total || p * per >= page.total) return;
    }
  }

  /** All setlists of a search (bounded by `maxPages`). */
  async allSetlists(q: SetlistSearch, maxPages = 5): Promise<SetlistsPage['setlist']> {
    const out: SetlistsPage['setlist'] = [];
    for await (const page of this.pages((p) => this.searchSetlists(q, p), maxPages))
      out.push(...page.setlist);
    return out;
  }

  private read<T>(schema: z.ZodType<T>, body: string | null, page: number): T {
    let json: unknown = { page, total: 0 };
    if (body !== null) {
      try {
        json = JSON.parse(body);
      } catch (err) {
        throw new SetlistfmError(
          'SETLISTFM_BAD_RESPONSE',
          'setlist.fm answered with something that is not JSON',
          {},
          { cause: err },
        );
      }
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      throw new SetlistfmError(
        'SETLISTFM_BAD_RESPONSE',
        `setlist.fm answered in an unexpected shape: ${formatPath(r.error.issues[0]?.path ?? [])} ${r.error.issues[0]?.message ?? ''}`,
      );
    }
    return r.data;
  }

  /** The body of a 200, or null for 404 (no results); cached either way. */
  private async get(path: string, params: Record<string, string>): Promise<string | null> {
    const query = new URLSearchParams(
      Object.entries(params).sort(([a], [b]) => a.localeCompare(b)),
    );
    // The key is not part of the cache key: answers do not depend on who asked.
    const cacheKey = `GET ${path}?${query}`;
    const store = this.options.store;
    const hit = store.cached(cacheKey, this.clock.now());
    if (hit) return hit.status === 404 ? null : hit.body;

    for (let attempt = 1; ; attempt++) {
      if (!store.spend(this.clock.now(), this.limits.dailyBudget)) {
        throw new SetlistfmError(
          'SETLISTFM_BUDGET',
          `today's setlist.fm budget of ${this.limits.dailyBudget} requests is spent; online lookups resume tomorrow (UTC)`,
        );
      }
      await this.bucket.take();
      const res = await this.send(`${this.base}${path}?${query}`);
      this.requestsSent++;
      if (res.status === 200) {
        const body = await res.text();
        store.remember(cacheKey, { status: 200, body }, this.clock.now(), this.limits.cacheTtlMs);
        if (attempt === 1) store.prune(this.clock.now());
        return body;
      }
      await res.body?.cancel();
      if (res.status === 404) {
        store.remember(
          cacheKey,
          { status: 404, body: null },
          this.clock.now(),
          this.limits.notFoundTtlMs,
        );
        return null;
      }
      if (res.status === 401 || res.status === 403) {
        throw new SetlistfmError('SETLISTFM_AUTH', 'setlist.fm refused the API key', {
          status: res.status,
        });
      }
      const retryable = res.status === 429 || res.status >= 500;
      if (!retryable) {
        throw new SetlistfmError(
          'SETLISTFM_HTTP',
          `setlist.fm answered ${res.status} for ${path}`,
          { status: res.status },
        );
      }
      if (attempt >= this.limits.maxAttempts) {
        throw res.status === 429
          ? new SetlistfmError(
              'SETLISTFM_RATE_LIMITED',
              `setlist.fm still refuses requests as too many after ${attempt} attempts; try again later`,
              { status: 429 },
            )
          : new SetlistfmError(
              'SETLISTFM_HTTP',
              `setlist.fm answered ${res.status} for ${path} ${attempt} times`,
              { status: res.status },
            );
      }
      const wait =
        retryAfterMs(res.headers.get('retry-after'), this.clock.now()) ??
        this.limits.backoffMs * 2 ** (attempt - 1);
      // A lookup is not worth blocking matching for long: past maxWaitMs, say so instead.
      if (wait > this.limits.maxWaitMs) {
        throw new SetlistfmError(
          'SETLISTFM_RATE_LIMITED',
          `setlist.fm asks to wait ${Math.ceil(wait / 1000)} s before the next request; try again later`,
          { status: res.status, retryAfterMs: wait },
        );
      }
      await this.clock.sleep(wait);
    }
  }

  private async send(url: string): Promise<Response> {
    try {
      return await this.fetchFn(url, {
        headers: {
          'x-api-key': this.options.apiKey,
          Accept: 'application/json',
          'Accept-Language': 'en',
        },
        signal: AbortSignal.timeout(this.limits.timeoutMs),
      });
    } catch (err) {
      throw new SetlistfmError(
        'SETLISTFM_OFFLINE',
        `setlist.fm cannot be reached (${causeOf(err)}); working offline`,
        {},
        { cause: err },
      );
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

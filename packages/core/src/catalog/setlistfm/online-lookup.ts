// Online lookups for matching: shows in a city on a date that the local catalog does not
// know. Results are imported with origin 'online' so later matches find them offline.
// Without an API key, or without a network, this quietly finds nothing new.
import type { Db } from '../../library/database.js';
import type { SettingsRepository } from '../../library/settings.repository.js';
import { Catalog } from '../catalog.service.js';
import { draftsFromSetlists } from '../import/setlistfm.import.js';
import type { LocalDate, ShowRecord } from '../types.js';
import type { Clock } from './clock.js';
import {
  SETLISTFM_KEY_SETTING,
  SetlistfmClient,
  SetlistfmError,
  type SetlistfmLimits,
} from './setlistfm.client.js';
import type { ApiSetlist } from './setlistfm.schema.js';
import { SetlistfmStore } from './setlistfm-cache.repository.js';

/** Pages of one city+date search worth reading; a festival day fills two or three. */
const MAX_PAGES = 5;

export class SetlistfmShowFinder {
  constructor(
    private readonly catalog: Catalog,
    /** null when no API key is set: lookups are skipped. */
    readonly client: SetlistfmClient | null,
  ) {}

  /**
   * Searches setlist.fm for setlists in each city (GeoNames ids, as the gazetteer gives
   * them) on the date, stores them, and returns the catalog's shows there on that date.
   * Cached answers cost no request. Returns what the catalog already knows when offline or
   * without a key; throws SetlistfmError SETLISTFM_AUTH, SETLISTFM_BUDGET or
   * SETLISTFM_RATE_LIMITED, which the caller should surface rather than retry.
   */
  async findShowsOnline(cityIds: number[], date: LocalDate): Promise<ShowRecord[]> {
    const cities = [...new Set(cityIds)];
    if (this.client && cities.length > 0) {
      const found: ApiSetlist[] = [];
      try {
        for (const cityId of cities)
          found.push(...(await this.client.allSetlists({ cityId, date }, MAX_PAGES)));
      } catch (err) {
        if (!(err instanceof SetlistfmError && err.code === 'SETLISTFM_OFFLINE')) {
          this.store(found);
          throw err;
        }
      }
      this.store(found);
    }
    const wanted = new Set(cities);
    return this.catalog
      .showsOn([date])
      .filter((s) => s.venue.cityGeonameId !== null && wanted.has(s.venue.cityGeonameId));
  }

  private store(found: ApiSetlist[]): void {
    if (found.length > 0) this.catalog.importDrafts(draftsFromSetlists(found, 'online'));
  }
}

export interface OnlineLookupOptions {
  /** config.setlistfmUrl */
  baseUrl: string;
  clock?: Clock;
  fetch?: typeof fetch;
  limits?: Partial<SetlistfmLimits>;
}

/** The finder for a library, with the API key from its settings ('setlistfm.apiKey'). */
export function onlineShowFinder(
  library: { db: Db; settings: SettingsRepository },
  options: OnlineLookupOptions,
): SetlistfmShowFinder {
  const apiKey = library.settings.get(SETLISTFM_KEY_SETTING);
  const client = apiKey
    ? new SetlistfmClient({
        baseUrl: options.baseUrl,
        apiKey,
        store: new SetlistfmStore(library.db),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      })
    : null;
  return new SetlistfmShowFinder(Catalog.forLibrary(library), client);
}

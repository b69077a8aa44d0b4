// The MatchService of a library: its concert catalog as the show source, and setlist.fm only
// when the user gave an API key (setting 'setlistfm.apiKey').
import { Catalog } from '../catalog/catalog.service.js';
import { onlineShowFinder } from '../catalog/setlistfm/online-lookup.js';
import { SETLISTFM_KEY_SETTING } from '../catalog/setlistfm/setlistfm.client.js';
import { loadConfig } from '../config/config.js';
import type { Library } from '../library/library.js';
import { MatchService, type MatchServiceOptions } from './match.service.js';
import type { OnlineShowFinder } from './types.js';

/** The online finder for this library, or null when there is no API key. */
export function onlineFinderFor(
  library: Library,
  setlistfmUrl: string = loadConfig().setlistfmUrl,
): OnlineShowFinder | null {
  const finder = onlineShowFinder(library, { baseUrl: setlistfmUrl });
  return finder.client ? (cityIds, date) => finder.findShowsOnline(cityIds, date) : null;
}

export function matchServiceFor(
  library: Library,
  options: Partial<MatchServiceOptions> & { setlistfmUrl?: string } = {},
): MatchService {
  const { setlistfmUrl, ...rest } = options;
  return new MatchService(library.db, {
    catalog: Catalog.forLibrary(library),
    online: library.settings.get(SETLISTFM_KEY_SETTING)
      ? onlineFinderFor(library, setlistfmUrl)
      : null,
    ...rest,
  });
}

// The MatchService of a library: its concert catalog as the show source, and setlist.fm only
// when the user gave an API key (setting 'setlistfm.apiKey'). The setlist.fm URL is passed in
// (the config module reads ENCORE_SETLISTFM_URL); nothing here reads the environment.
import { Catalog } from '../catalog/catalog.service.js';
import { onlineShowFinder } from '../catalog/setlistfm/online-lookup.js';
import { SETLISTFM_KEY_SETTING } from '../catalog/setlistfm/setlistfm.client.js';
import { DEFAULT_SETLISTFM_URL } from '../config/config.js';
import type { Library } from '../library/library.js';
import { MatchService, type MatchServiceOptions } from './match.service.js';
import type { OnlineShowFinder } from './types.js';

/** The online finder for this library, or null when there is no API key. */
function onlineFinderFor(library: Library, setlistfmUrl: string): OnlineShowFinder | null {
  const finder = onlineShowFinder(library, { baseUrl: setlistfmUrl });
  return finder.client ? (cityIds, date) => finder.findShowsOnline(cityIds, date) : null;
}

export function matchServiceFor(
  library: Library,
  options: Partial<MatchServiceOptions> & { setlistfmUrl?: string } = {},
): MatchService {
  const { setlistfmUrl = DEFAULT_SETLISTFM_URL, ...rest } = options;
  return new MatchService(library.db, {
    catalog: Catalog.forLibrary(library),
    online: library.settings.get(SETLISTFM_KEY_SETTING)
      ? onlineFinderFor(library, setlistfmUrl)
      : null,
    ...rest,
  });
}

export { App } from './shell/app.js';
export { EngineProvider, useEngine, useEngineEvent } from './shell/engine-context.js';
export { errorText, toWireError } from './shell/error-text.js';
export { parseRoute, ROUTES } from './shell/use-hash-route.js';
export type { Route } from './shell/use-hash-route.js';
export { LibraryPage } from './library/library-page.js';
export { SourcesPage } from './sources/sources-page.js';
export { ActivityPage } from './activity/activity-page.js';
export { ConcertsPage } from './concerts/concerts-page.js';
export { CONCERT_TABS, inTab, tabCounts } from './concerts/concert-text.js';
export type { ConcertTab } from './concerts/concert-text.js';
export {
  toLibraryQuery,
  countQuery,
  filtersKey,
  collectCities,
  NO_FILTERS,
} from './library/library-query.js';
export type { LibraryFilters } from './library/library-query.js';

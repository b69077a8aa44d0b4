import type { EngineClient } from '@encore/core/contract';
import { ActivityPage } from '../activity/activity-page.js';
import { ConcertsPage } from '../concerts/concerts-page.js';
import { LibraryPage } from '../library/library-page.js';
import { SourcesPage } from '../sources/sources-page.js';
import { EngineProvider } from './engine-context.js';
import { ProgressBadge } from './progress-badge.js';
import { SyncIndicator } from './sync-indicator.js';
import { THEME_CSS } from './theme-css.js';
import { ROUTES, useHashRoute } from './use-hash-route.js';
import type { Route } from './use-hash-route.js';

const TITLES: Record<Route, string> = {
  library: 'Library',
  concerts: 'Concerts',
  sources: 'Sources',
  activity: 'Activity',
};

/** The whole desktop UI; the host decides the transport behind `client`. */
export function App(props: { client: EngineClient }) {
  return (
    <EngineProvider client={props.client}>
      <Shell />
    </EngineProvider>
  );
}

function Shell() {
  const route = useHashRoute();
  return (
    <div className="enc-app">
      <style href="encore-ui-theme" precedence="default">
        {THEME_CSS}
      </style>
      <nav className="enc-nav" aria-label="Main">
        <div className="enc-brand">Encore</div>
        {ROUTES.map((r) => (
          <a key={r} href={`#/${r}`} aria-current={r === route ? 'page' : undefined}>
            {TITLES[r]}
            {r === 'activity' ? <ProgressBadge /> : null}
          </a>
        ))}
        <SyncIndicator />
      </nav>
      <main className="enc-main">
        {route === 'library' ? <LibraryPage /> : null}
        {route === 'concerts' ? <ConcertsPage /> : null}
        {route === 'sources' ? <SourcesPage /> : null}
        {route === 'activity' ? <ActivityPage /> : null}
      </main>
    </div>
  );
}

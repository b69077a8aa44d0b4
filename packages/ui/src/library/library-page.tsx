import { useMemo, useRef, useState } from 'react';
import type { CityRef } from '@encore/core/contract';
import { LibraryFilterBar } from './library-filters.js';
import { collectCities, NO_FILTERS } from './library-query.js';
import type { LibraryFilters } from './library-query.js';
import { PhotoGrid } from './photo-grid.js';
import { RemoteStarredStrip } from './remote-starred.js';
import { usePhotoPages } from './use-photo-pages.js';

function photoCount(total: number | null): string {
  if (total === null) return '';
  return total === 1 ? '1 photo' : `${total.toLocaleString()} photos`;
}

export function LibraryPage() {
  const [filters, setFilters] = useState<LibraryFilters>(NO_FILTERS);
  const pages = usePhotoPages(filters);
  const knownCities = useRef(new Map<number, CityRef>());
  const cities = useMemo(() => collectCities(knownCities.current, pages.photos), [pages.photos]);

  return (
    <section className="enc-page enc-library" aria-label="Library">
      <header className="enc-toolbar">
        <h1>Library</h1>
        <span className="enc-muted" data-testid="photo-count">
          {photoCount(pages.total)}
        </span>
        <LibraryFilterBar filters={filters} cities={cities} onChange={setFilters} />
      </header>
      {pages.stale ? (
        <div className="enc-banner">
          New photos arrived.{' '}
          <button type="button" className="enc-link" onClick={pages.reload}>
            Show them
          </button>
        </div>
      ) : null}
      {pages.error ? (
        <div className="enc-banner enc-error" role="alert">
          {pages.error}{' '}
          <button type="button" className="enc-link" onClick={pages.reload}>
            Retry
          </button>
        </div>
      ) : null}
      {pages.actionError ? (
        <div className="enc-banner enc-error" role="alert">
          Could not change the star: {pages.actionError}
        </div>
      ) : null}
      {filters.starred ? <RemoteStarredStrip /> : null}
      {!pages.loading && !pages.error && pages.photos.length === 0 ? (
        <p className="enc-empty">
          {filters === NO_FILTERS
            ? 'No photos yet. Add a folder under Sources.'
            : filters.starred
              ? 'No starred photos here. Star one with ☆ on its tile.'
              : 'No photos match.'}
        </p>
      ) : (
        <PhotoGrid
          photos={pages.photos}
          hasMore={pages.hasMore}
          onNeedMore={pages.loadMore}
          onToggleStar={pages.toggleStar}
        />
      )}
    </section>
  );
}

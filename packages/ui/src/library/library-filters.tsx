import type { CityRef } from '@encore/core/contract';
import type { LibraryFilters } from './library-query.js';
import { NO_FILTERS } from './library-query.js';

export function LibraryFilterBar(props: {
  filters: LibraryFilters;
  cities: CityRef[];
  onChange: (next: LibraryFilters) => void;
}) {
  const { filters, cities, onChange } = props;
  const active =
    filters !== NO_FILTERS &&
    (filters.fromDate || filters.toDate || filters.cityId || filters.starred);
  return (
    <form className="enc-filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <label>
        From
        <input
          type="date"
          name="from"
          value={filters.fromDate}
          max={filters.toDate || undefined}
          onChange={(e) => onChange({ ...filters, fromDate: e.target.value })}
        />
      </label>
      <label>
        To
        <input
          type="date"
          name="to"
          value={filters.toDate}
          min={filters.fromDate || undefined}
          onChange={(e) => onChange({ ...filters, toDate: e.target.value })}
        />
      </label>
      <label>
        City
        <select
          name="city"
          value={filters.cityId ?? ''}
          onChange={(e) =>
            onChange({ ...filters, cityId: e.target.value ? Number(e.target.value) : null })
          }
        >
          <option value="">All cities</option>
          {cities.map((c) => (
            <option key={c.geonameId} value={c.geonameId}>
              {c.name}, {c.country}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          name="starred"
          checked={filters.starred}
          onChange={(e) => onChange({ ...filters, starred: e.target.checked })}
        />
        Starred
      </label>
      {active ? (
        <button type="button" className="enc-link" onClick={() => onChange(NO_FILTERS)}>
          Clear
        </button>
      ) : null}
    </form>
  );
}

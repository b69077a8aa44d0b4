// Filters as the user edits them (local calendar days, a city, starred only) and the
// LibraryQuery they mean.
import type { CityRef, LibraryQuery, PhotoSummary } from '@encore/core/contract';

export interface LibraryFilters {
  /** Local calendar day, YYYY-MM-DD, or '' for no bound. */
  fromDate: string;
  toDate: string;
  cityId: number | null;
  starred: boolean;
}

export const NO_FILTERS: LibraryFilters = {
  fromDate: '',
  toDate: '',
  cityId: null,
  starred: false,
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function localDay(date: string, endOfDay: boolean): string | null {
  const m = DAY.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = endOfDay ? new Date(y, mo - 1, d, 23, 59, 59, 999) : new Date(y, mo - 1, d);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** Inclusive UTC bounds covering whole local days, as the contract's `from`/`to` expect. */
export function toLibraryQuery(filters: LibraryFilters, limit: number): LibraryQuery {
  const query: LibraryQuery = { limit };
  const from = localDay(filters.fromDate, false);
  const to = localDay(filters.toDate, true);
  if (from) query.from = from;
  if (to) query.to = to;
  if (filters.cityId !== null) query.cityId = filters.cityId;
  if (filters.starred) query.starred = true;
  return query;
}

/** The same filters for 'library.count', which takes no cursor or limit. */
export function countQuery(filters: LibraryFilters): Omit<LibraryQuery, 'cursor' | 'limit'> {
  const { limit: _limit, ...rest } = toLibraryQuery(filters, 1);
  return rest;
}

/** A stable key so paging restarts exactly when the meaning of the filters changes. */
export function filtersKey(filters: LibraryFilters): string {
  const q = toLibraryQuery(filters, 0);
  return `${q.from ?? ''}|${q.to ?? ''}|${q.cityId ?? ''}|${q.starred ? 'starred' : ''}`;
}

/**
 * The contract has no city list yet, so the city filter offers the cities seen so far;
 * `known` accumulates across pages and filter changes.
 */
export function collectCities(known: Map<number, CityRef>, photos: PhotoSummary[]): CityRef[] {
  for (const p of photos) {
    if (p.city && !known.has(p.city.geonameId)) known.set(p.city.geonameId, p.city);
  }
  return [...known.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.country.localeCompare(b.country),
  );
}

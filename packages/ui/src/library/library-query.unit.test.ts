import { describe, expect, it } from 'vitest';
import type { PhotoSummary } from '@encore/core/contract';
import {
  collectCities,
  countQuery,
  filtersKey,
  NO_FILTERS,
  toLibraryQuery,
} from './library-query.js';

const photo = (id: string, city: PhotoSummary['city']): PhotoSummary => ({
  id,
  format: 'jpeg',
  width: 1,
  height: 1,
  takenAt: null,
  takenAtUtc: null,
  city,
  thumbhash: null,
  gridUrl: null,
  previewUrl: null,
  starred: false,
  rating: null,
  caption: null,
});

describe('toLibraryQuery', () => {
  it('sends only the limit when no filter is set', () => {
    expect(toLibraryQuery(NO_FILTERS, 50)).toEqual({ limit: 50 });
  });

  it('covers whole local days, inclusive at both ends', () => {
    const q = toLibraryQuery(
      { fromDate: '2024-05-01', toDate: '2024-05-03', cityId: 7, starred: false },
      10,
    );
    expect(q.from).toBe(new Date(2024, 4, 1, 0, 0, 0, 0).toISOString());
    expect(q.to).toBe(new Date(2024, 4, 3, 23, 59, 59, 999).toISOString());
    expect(q.cityId).toBe(7);
  });

  it('ignores a malformed date rather than sending a bad bound', () => {
    expect(
      toLibraryQuery({ fromDate: '2024-5-1', toDate: '', cityId: null, starred: false }, 10),
    ).toEqual({
      limit: 10,
    });
  });
});

describe('filtersKey', () => {
  it('changes with the meaning of the filters only', () => {
    const a = filtersKey({ fromDate: '2024-05-01', toDate: '', cityId: null, starred: false });
    expect(filtersKey({ fromDate: '2024-05-01', toDate: '', cityId: null, starred: false })).toBe(
      a,
    );
    expect(
      filtersKey({ fromDate: '2024-05-02', toDate: '', cityId: null, starred: false }),
    ).not.toBe(a);
    expect(filtersKey({ fromDate: 'junk', toDate: '', cityId: null, starred: false })).toBe(
      filtersKey(NO_FILTERS),
    );
  });
});

describe('starred filter', () => {
  it('asks for starred photos only when the filter is on, and restarts paging', () => {
    const on = { ...NO_FILTERS, starred: true };
    expect(toLibraryQuery(on, 5)).toEqual({ limit: 5, starred: true });
    expect(countQuery(on)).toEqual({ starred: true });
    expect(filtersKey(on)).not.toBe(filtersKey(NO_FILTERS));
  });
});

describe('collectCities', () => {
  it('accumulates distinct cities across pages, sorted by name', () => {
    const known = new Map();
    const berlin = { name: 'Berlin', country: 'DE', geonameId: 2950159 };
    const austin = { name: 'Austin', country: 'US', geonameId: 4671654 };
    expect(collectCities(known, [photo('a', berlin), photo('b', null)])).toEqual([berlin]);
    expect(collectCities(known, [photo('c', austin), photo('d', berlin)])).toEqual([
      austin,
      berlin,
    ]);
  });
});

describe('countQuery', () => {
  it('carries the filters without paging fields', () => {
    expect(countQuery({ fromDate: '', toDate: '', cityId: 3, starred: false })).toEqual({
      cityId: 3,
    });
    expect(countQuery(NO_FILTERS)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { distanceKm, Gazetteer, nearbyCities, reverseGeocode } from './geocoder.js';

describe('Gazetteer', () => {
  it('finds a city by name and country, the most populous of that name', () => {
    const g = Gazetteer.load();
    expect(g.byName('Paris', 'FR')?.geonameId).toBe(2988507);
    expect(g.byName('paris', 'US')?.country).toBe('US');
    expect(g.byName('  MUNICH ', null)?.geonameId).toBe(2867714);
    expect(g.byName('Zürich', 'CH')?.geonameId).toBe(2657896);
    expect(g.byName('Nowhere-on-Earth', null)).toBeNull();
  });

  it('loads the generated GeoNames file once and quickly', () => {
    const start = performance.now();
    const g = Gazetteer.load();
    const ms = performance.now() - start;
    expect(g.size).toBeGreaterThan(100_000);
    expect(Gazetteer.load()).toBe(g);
    // Generous bound for slow CI machines; typically ~150 ms.
    expect(ms).toBeLessThan(2000);
  });

  it('names the city a photo was taken in, with its GeoNames id', () => {
    // Brandenburger Tor
    expect(reverseGeocode(52.5163, 13.3777)).toEqual({
      name: 'Berlin',
      country: 'DE',
      geonameId: 2950159,
    });
    // Madison Square Garden
    expect(reverseGeocode(40.7505, -73.9934)?.country).toBe('US');
  });

  it('returns no city in the open sea', () => {
    expect(reverseGeocode(45, -30)).toBeNull();
  });

  it('lists nearby city ids nearest first, including across the antimeridian', () => {
    // Sections (Tiergarten, 2822224) are listed too: matching compares ids, not names.
    const ids = nearbyCities(52.5163, 13.3777, 25);
    expect(ids[0]).toBe(2822224);
    expect(ids).toContain(2950159);
    expect(ids.length).toBeGreaterThan(5);
    const g = Gazetteer.load();
    const near = g.within(52.5163, 13.3777, 25);
    expect(near.map((c) => c.distanceKm)).toEqual(
      [...near.map((c) => c.distanceKm)].sort((a, b) => a - b),
    );
    // Fiji straddles 180°: a query just east of it must still find cities west of the line.
    const fiji = g.within(-16.8, -179.99, 150);
    expect(fiji.some((c) => c.country === 'FJ')).toBe(true);
  });

  it('parses its TSV format', () => {
    const g = Gazetteer.parse(
      '# header\n1000000\t1000000\t1\t5000\tPPL\tXX\tA\n1010000\t1000000\t2\t100\tPPL\tXX\tB\n1009000\t1000000\t3\t0\tPPLX\tXX\tB-Mitte\n-1000000\t-17999000\t4\t0\tPPL\tYY\tWest\n',
    );
    expect(g.size).toBe(4);
    expect(g.nearest(10.09, 10, 30)).toMatchObject({
      name: 'B',
      country: 'XX',
      geonameId: 2,
      section: false,
    });
    expect(g.within(10.09, 10, 30).map((c) => c.geonameId)).toEqual([3, 2, 1]);
    expect(g.within(10, 10, 20).map((c) => c.geonameId)).toEqual([1, 3, 2]);
    expect(g.nearest(20, 20, 30)).toBeNull();
    // -179.99° is 2.2 km from 179.99°, across the antimeridian.
    expect(g.nearest(-10, 179.99, 5)).toMatchObject({ geonameId: 4 });
  });

  it('measures great-circle distance', () => {
    expect(distanceKm(52.52, 13.405, 48.8566, 2.3522)).toBeCloseTo(878, -1);
  });
});

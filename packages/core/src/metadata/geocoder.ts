// Offline reverse geocoding to GeoNames cities. The GeoNames id is what setlist.fm uses for
// cities, so concert matching can compare a photo's nearby cities with a show's city.
// Data: packages/core/data/cities.tsv.gz (all GeoNames cities with population >= 1000, built
// by scripts/build-gazetteer.mjs), loaded once per process into a KD-tree.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import KDBush from 'kdbush';
import type { City } from './types.js';

/** Photos farther than this from any city centre get no city (open sea, wilderness). */
export const DEFAULT_CITY_RADIUS_KM = 30;

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = 111.195;

// src/metadata/geocoder.ts and dist/metadata/geocoder.js are both two levels below the
// package root, so one relative URL serves both.
const DEFAULT_DATA_FILE = fileURLToPath(new URL('../../data/cities.tsv.gz', import.meta.url));

export interface NearbyCity extends City {
  distanceKm: number;
  population: number;
  section: boolean;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export class Gazetteer {
  private static readonly instances = new Map<string, Gazetteer>();

  /**
   * The process-wide gazetteer for a data file, parsed on first call (~100 ms) and cached,
   * so each ingest worker pays for it once and only if it meets a GPS position.
   */
  static load(dataFile: string = DEFAULT_DATA_FILE): Gazetteer {
    let g = Gazetteer.instances.get(dataFile);
    if (!g) {
      g = Gazetteer.parse(gunzipSync(readFileSync(dataFile)).toString('utf8'));
      Gazetteer.instances.set(dataFile, g);
    }
    return g;
  }

  /** Builds a gazetteer from the TSV text (geonameId, name, country, lat, lon, population, featureCode). */
  static parse(tsv: string): Gazetteer {
    const lines = tsv.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    const g = new Gazetteer(lines.length);
    for (const line of lines) {
      const [id, name, country, lat, lon, population, featureCode] = line.split('\t');
      g.add(Number(id), name ?? '', country ?? '', Number(lat), Number(lon), Number(population ?? 0), featureCode === 'PPLX');
    }
    g.index.finish();
    return g;
  }

  private readonly ids: Int32Array;
  private readonly names: string[] = [];
  private readonly countries: string[] = [];
  private readonly lats: Float64Array;
  private readonly lons: Float64Array;
  private readonly populations: Int32Array;
  /** GeoNames PPLX: a section of a city (Tiergarten in Berlin, Brooklyn's neighbourhoods). */
  private readonly sections: Uint8Array;
  private readonly index: KDBush;
  private count = 0;

  private constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.lats = new Float64Array(capacity);
    this.lons = new Float64Array(capacity);
    this.populations = new Int32Array(capacity);
    this.sections = new Uint8Array(capacity);
    this.index = new KDBush(Math.max(capacity, 1));
    if (capacity === 0) this.index.add(0, 0); // KDBush cannot finish empty; never returned
  }

  private add(id: number, name: string, country: string, lat: number, lon: number, population: number, section: boolean): void {
    const i = this.count++;
    this.ids[i] = id;
    this.names[i] = name;
    this.countries[i] = country;
    this.lats[i] = lat;
    this.lons[i] = lon;
    this.populations[i] = population;
    this.sections[i] = section ? 1 : 0;
    this.index.add(lon, lat);
  }

  get size(): number {
    return this.count;
  }

  /** Cities within `radiusKm`, nearest first, city sections included (they can be venues' cities). */
  within(lat: number, lon: number, radiusKm: number): NearbyCity[] {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !(radiusKm > 0)) return [];
    const dLat = radiusKm / KM_PER_DEGREE_LAT;
    const cosLat = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
    const dLon = Math.min(radiusKm / (KM_PER_DEGREE_LAT * cosLat), 180);
    const minLat = lat - dLat;
    const maxLat = lat + dLat;
    // Boxes that cross the antimeridian are split in two.
    const ranges: Array<[number, number]> = [[lon - dLon, lon + dLon]];
    if (lon - dLon < -180) ranges.push([lon - dLon + 360, 180]);
    if (lon + dLon > 180) ranges.push([-180, lon + dLon - 360]);
    const found = new Set<number>();
    for (const [minLon, maxLon] of ranges) {
      for (const i of this.index.range(minLon, minLat, maxLon, maxLat)) if (i < this.count) found.add(i);
    }
    const result: NearbyCity[] = [];
    for (const i of found) {
      const d = distanceKm(lat, lon, this.lats[i] ?? 0, this.lons[i] ?? 0);
      if (d <= radiusKm) result.push(this.city(i, d));
    }
    return result.sort((a, b) => a.distanceKm - b.distanceKm || a.geonameId - b.geonameId);
  }

  /**
   * The nearest city within `maxKm`, or null. Sections of a city (GeoNames PPLX, e.g.
   * "Tiergarten") are skipped so a photo at the Brandenburg Gate says Berlin. Otherwise
   * deliberately the nearest, not the most populous: a suburb that is its own municipality
   * names itself, as setlist.fm does for venues there.
   */
  nearest(lat: number, lon: number, maxKm: number = DEFAULT_CITY_RADIUS_KM): NearbyCity | null {
    return this.within(lat, lon, maxKm).find((c) => !c.section) ?? null;
  }

  private city(i: number, distance: number): NearbyCity {
    return {
      name: this.names[i] ?? '',
      country: this.countries[i] ?? '',
      geonameId: this.ids[i] ?? 0,
      population: this.populations[i] ?? 0,
      section: this.sections[i] === 1,
      distanceKm: distance,
    };
  }
}

/** The city a photo was taken in (nearest within 30 km), as stored on PhotoMetadata. */
export function reverseGeocode(lat: number, lon: number, maxKm: number = DEFAULT_CITY_RADIUS_KM): City | null {
  const c = Gazetteer.load().nearest(lat, lon, maxKm);
  return c ? { name: c.name, country: c.country, geonameId: c.geonameId } : null;
}

/** GeoNames ids of the cities within `radiusKm`, nearest first (for concert matching). */
export function nearbyCities(lat: number, lon: number, radiusKm: number): number[] {
  return Gazetteer.load()
    .within(lat, lon, radiusKm)
    .map((c) => c.geonameId);
}

// Offline reverse geocoding to GeoNames cities. The GeoNames id is what setlist.fm uses for
// cities, so concert matching can compare a photo's nearby cities with a show's city.
// Data: packages/core/data/cities.tsv.gz (GeoNames cities with population >= 1000, built by
// scripts/build-gazetteer.mjs), loaded once per process into a 1° grid. Only coordinates are
// parsed at load; a row's name and id are read when it is returned.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { City } from './types.js';

/** Photos farther than this from any city centre get no city (open sea, wilderness). */
export const DEFAULT_CITY_RADIUS_KM = 30;

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = 111.195;
const LAT_CELLS = 180;
const LON_CELLS = 360;

// src/metadata/geocoder.ts and dist/metadata/geocoder.js are both two levels below the
// package root, so one relative URL serves both.
const DEFAULT_DATA_FILE = fileURLToPath(new URL('../../data/cities.tsv.gz', import.meta.url));

export interface NearbyCity extends City {
  distanceKm: number;
  population: number;
  /** GeoNames PPLX: a section of a city (Tiergarten in Berlin). */
  section: boolean;
}

/** Great-circle distance in km (haversine). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

function latCell(lat: number): number {
  return Math.min(LAT_CELLS - 1, Math.max(0, Math.floor(lat + 90)));
}

function lonCell(lon: number): number {
  return ((Math.floor(lon + 180) % LON_CELLS) + LON_CELLS) % LON_CELLS;
}

/** Reads a signed decimal integer at `pos`; returns [value, position after it]. */
function readInt(text: string, pos: number): [number, number] {
  let sign = 1;
  if (text.charCodeAt(pos) === 45) {
    sign = -1;
    pos++;
  }
  let value = 0;
  for (let c = text.charCodeAt(pos); c >= 48 && c <= 57; c = text.charCodeAt(++pos))
    value = value * 10 + (c - 48);
  return [sign * value, pos];
}

export class Gazetteer {
  private static readonly instances = new Map<string, Gazetteer>();

  /**
   * The process-wide gazetteer for a data file, parsed on first call (~80 ms) and cached,
   * so each ingest worker pays for it once and only if it meets a GPS position.
   */
  static load(dataFile: string = DEFAULT_DATA_FILE): Gazetteer {
    let g = Gazetteer.instances.get(dataFile);
    if (!g) {
      g = new Gazetteer(gunzipSync(readFileSync(dataFile)).toString('utf8'));
      Gazetteer.instances.set(dataFile, g);
    }
    return g;
  }

  /** Builds a gazetteer from TSV text (rows as written by scripts/build-gazetteer.mjs). */
  static parse(tsv: string): Gazetteer {
    return new Gazetteer(tsv);
  }

  readonly size: number;
  private readonly text: string;
  private readonly rowStart: Int32Array;
  private readonly lats: Float64Array;
  private readonly lons: Float64Array;
  /** Rows of grid cell c are cellRows[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Int32Array;
  private readonly cellRows: Int32Array;

  private constructor(text: string) {
    this.text = text;
    const starts: number[] = [];
    const lats: number[] = [];
    const lons: number[] = [];
    for (let pos = 0; pos < text.length;) {
      const end = text.indexOf('\n', pos);
      const lineEnd = end === -1 ? text.length : end;
      if (lineEnd > pos && text.charCodeAt(pos) !== 35 /* # */) {
        const [lat, afterLat] = readInt(text, pos);
        const [lon] = readInt(text, afterLat + 1);
        starts.push(pos);
        lats.push(lat / 1e5);
        lons.push(lon / 1e5);
      }
      pos = lineEnd + 1;
    }
    this.size = starts.length;
    this.rowStart = Int32Array.from(starts);
    this.lats = Float64Array.from(lats);
    this.lons = Float64Array.from(lons);
    // Counting sort of rows into 1°x1° cells: linear time, no tree to build.
    const cellOf = new Int32Array(this.size);
    this.cellStart = new Int32Array(LAT_CELLS * LON_CELLS + 1);
    for (let i = 0; i < this.size; i++) {
      const c = latCell(this.lats[i] ?? 0) * LON_CELLS + lonCell(this.lons[i] ?? 0);
      cellOf[i] = c;
      this.cellStart[c + 1] = (this.cellStart[c + 1] ?? 0) + 1;
    }
    for (let c = 0; c < LAT_CELLS * LON_CELLS; c++)
      this.cellStart[c + 1] = (this.cellStart[c + 1] ?? 0) + (this.cellStart[c] ?? 0);
    const fill = this.cellStart.slice(0, -1);
    this.cellRows = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const c = cellOf[i] ?? 0;
      this.cellRows[fill[c] ?? 0] = i;
      fill[c] = (fill[c] ?? 0) + 1;
    }
  }

  /** Cities within `radiusKm`, nearest first, city sections included (they can be venues' cities). */
  within(lat: number, lon: number, radiusKm: number): NearbyCity[] {
    return this.rowsWithin(lat, lon, radiusKm).map(([i, d]) => this.city(i, d));
  }

  /** [row, distance] pairs within the radius, nearest first; rows are not decoded yet. */
  private rowsWithin(lat: number, lon: number, radiusKm: number): Array<[number, number]> {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || !(radiusKm > 0)) return [];
    const dLat = radiusKm / KM_PER_DEGREE;
    const lat0 = latCell(lat - dLat);
    const lat1 = latCell(lat + dLat);
    // Longitude degrees shrink towards the poles: size the box for the most poleward row.
    const maxAbsLat = Math.min(90, Math.max(Math.abs(lat - dLat), Math.abs(lat + dLat)));
    const cos = Math.cos((maxAbsLat * Math.PI) / 180);
    const dLon = cos > 1e-6 ? radiusKm / (KM_PER_DEGREE * cos) : 360;
    // Cells are walked modulo 360 so boxes crossing the antimeridian wrap around.
    const span = Math.floor(lon + dLon) - Math.floor(lon - dLon) + 1;
    const lonCount = dLon >= 180 ? LON_CELLS : Math.min(LON_CELLS, span);
    const lonFirst = dLon >= 180 ? 0 : lonCell(lon - dLon);
    const result: Array<[number, number]> = [];
    for (let la = lat0; la <= lat1; la++) {
      for (let k = 0; k < lonCount; k++) {
        const cell = la * LON_CELLS + ((lonFirst + k) % LON_CELLS);
        for (let j = this.cellStart[cell] ?? 0; j < (this.cellStart[cell + 1] ?? 0); j++) {
          const i = this.cellRows[j] ?? 0;
          const d = distanceKm(lat, lon, this.lats[i] ?? 0, this.lons[i] ?? 0);
          if (d <= radiusKm) result.push([i, d]);
        }
      }
    }
    // Rows are sorted by GeoNames id in the file, so the row index breaks distance ties stably.
    return result.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  }

  /**
   * The nearest city within `maxKm`, or null. Sections of a city (GeoNames PPLX, e.g.
   * "Tiergarten") are skipped so a photo at the Brandenburg Gate says Berlin. Otherwise
   * deliberately the nearest, not the most populous: a suburb that is its own municipality
   * names itself, as setlist.fm does for venues there.
   */
  nearest(lat: number, lon: number, maxKm: number = DEFAULT_CITY_RADIUS_KM): NearbyCity | null {
    for (const [i, d] of this.rowsWithin(lat, lon, maxKm)) {
      const c = this.city(i, d);
      if (!c.section) return c;
    }
    return null;
  }

  /**
   * A city by its name and country (ISO code), for places typed by a person or read from a
   * CSV: the most populous city of that name, sections only when no city has it. Accents and
   * case are ignored. The name index is built on first use (~100 ms), not at load.
   */
  byName(name: string, country: string | null): (NearbyCity & { lat: number; lon: number }) | null {
    const index = (this.nameIndex ??= this.buildNameIndex());
    const rows = index.get(nameKey(name));
    if (!rows) return null;
    let best: { i: number; c: NearbyCity } | null = null;
    for (const i of rows) {
      const c = this.city(i, 0);
      if (country && c.country.toUpperCase() !== country.toUpperCase()) continue;
      const better =
        !best ||
        (best.c.section && !c.section) ||
        (best.c.section === c.section && c.population > best.c.population);
      if (better) best = { i, c };
    }
    return best ? { ...best.c, lat: this.lats[best.i] ?? 0, lon: this.lons[best.i] ?? 0 } : null;
  }

  private nameIndex: Map<string, number[]> | undefined;

  private buildNameIndex(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    for (let i = 0; i < this.size; i++) {
      const key = nameKey(this.city(i, 0).name);
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    }
    return index;
  }

  private city(i: number, distance: number): NearbyCity {
    const start = this.rowStart[i] ?? 0;
    const end = this.text.indexOf('\n', start);
    // lat, lon, geonameId, population, featureCode, country, name
    const cols = this.text.slice(start, end === -1 ? undefined : end).split('\t');
    return {
      name: cols[6] ?? '',
      country: cols[5] ?? '',
      geonameId: Number(cols[2]),
      population: Number(cols[3] ?? 0),
      section: cols[4] === 'PPLX',
      distanceKm: distance,
    };
  }
}

function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The city a photo was taken in (nearest within 30 km), as stored on PhotoMetadata. */
export function reverseGeocode(
  lat: number,
  lon: number,
  maxKm: number = DEFAULT_CITY_RADIUS_KM,
): City | null {
  const c = Gazetteer.load().nearest(lat, lon, maxKm);
  return c ? { name: c.name, country: c.country, geonameId: c.geonameId } : null;
}

/** GeoNames ids of the cities within `radiusKm`, nearest first (for concert matching). */
export function nearbyCities(lat: number, lon: number, radiusKm: number): number[] {
  return Gazetteer.load()
    .within(lat, lon, radiusKm)
    .map((c) => c.geonameId);
}

// CSV -> show drafts. One row per artist per show: date, artist, venue, city, country, and
// optionally lat, lon (the venue's position), position (1 opens) and headliner (yes/no),
// tour. Rows with the same date, venue and city are one show, its bill in row order unless
// positions say otherwise. The header row is required; column names ignore case.
import { ImportError, shown } from '../catalog.errors.js';
import { parseAnyDate } from '../local-date.js';
import { emptyVenue, normalizeCountry, sameArtist, type ShowDraft } from '../show-draft.js';
import { parseCsv } from './csv.parser.js';

export const CSV_REQUIRED = ['date', 'artist', 'venue', 'city', 'country'] as const;
export const CSV_OPTIONAL = ['lat', 'lon', 'position', 'headliner', 'tour'] as const;
type Column = (typeof CSV_REQUIRED)[number] | (typeof CSV_OPTIONAL)[number];

interface Row {
  line: number;
  date: ShowDraft['date'];
  artist: string;
  venue: string;
  city: string;
  country: string;
  lat: number | null;
  lon: number | null;
  position: number | null;
  headliner: boolean;
  tour: string | null;
}

export function draftsFromCsv(text: string, file: string): ShowDraft[] {
  const records = parseCsv(text, file);
  const header = records[0];
  if (!header)
    throw new ImportError('IMPORT_BAD_CSV', {
      file,
      problem: 'the file is empty (a header row is required)',
    });
  const names = header.fields.map((h) => h.trim().toLowerCase());
  for (const col of CSV_REQUIRED) {
    if (!names.includes(col)) {
      throw new ImportError('IMPORT_MISSING_COLUMN', {
        file,
        line: header.line,
        field: col,
        problem: `the header has no "${col}" column (required: ${CSV_REQUIRED.join(', ')}; optional: ${CSV_OPTIONAL.join(', ')})`,
      });
    }
  }
  const index = new Map<Column, number>();
  for (const col of [...CSV_REQUIRED, ...CSV_OPTIONAL]) {
    const i = names.indexOf(col);
    if (i >= 0) index.set(col, i);
  }
  const rows = records.slice(1).map((r) => {
    if (r.fields.length > names.length) {
      throw new ImportError('IMPORT_BAD_CSV', {
        file,
        line: r.line,
        problem: `${r.fields.length} fields but the header has ${names.length} (a comma inside a value needs "quotes")`,
      });
    }
    return readRow(r.fields, r.line, index, file);
  });
  return group(rows);
}

function readRow(fields: string[], line: number, index: Map<Column, number>, file: string): Row {
  const get = (col: Column) => {
    const i = index.get(col);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const fail = (field: Column, problem: string): never => {
    throw new ImportError('IMPORT_BAD_FIELD', { file, line, field, problem });
  };
  const required = (col: Column) => get(col) || fail(col, 'must not be empty');
  const number = (col: 'lat' | 'lon' | 'position', min: number, max: number, int = false) => {
    const text = get(col);
    if (text === '') return null;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n)))
      fail(
        col,
        `expected ${int ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${shown(text)}`,
      );
    return n;
  };

  const dateText = required('date');
  const date =
    parseAnyDate(dateText) ?? fail('date', `expected YYYY-MM-DD or dd-MM-yyyy, got ${dateText}`);
  const lat = number('lat', -90, 90);
  const lon = number('lon', -180, 180);
  if ((lat === null) !== (lon === null))
    fail(lat === null ? 'lat' : 'lon', 'lat and lon go together: give both or neither');
  const flag = get('headliner').toLowerCase();
  if (!['', 'yes', 'no', 'true', 'false', '1', '0', 'x', 'y', 'n'].includes(flag))
    fail('headliner', `expected yes or no, got ${shown(get('headliner'))}`);
  return {
    line,
    date,
    artist: required('artist'),
    venue: required('venue'),
    city: required('city'),
    country: required('country'),
    lat,
    lon,
    position: number('position', 1, 1000, true),
    headliner: ['yes', 'true', '1', 'x', 'y'].includes(flag),
    tour: get('tour') || null,
  };
}

function group(rows: Row[]): ShowDraft[] {
  const shows = new Map<string, Row[]>();
  for (const r of rows) {
    const key = [r.date, r.venue, r.city, r.country].join('\u0000').toLowerCase();
    shows.set(key, [...(shows.get(key) ?? []), r]);
  }
  return [...shows.values()].map((g) => {
    const first = g[0]!;
    // Row order, unless positions are given; a row marked headliner closes the bill.
    const ordered = g
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (a.r.position ?? a.i + 1) - (b.r.position ?? b.i + 1) || a.i - b.i)
      .sort((a, b) => Number(a.r.headliner) - Number(b.r.headliner))
      .map((x) => x.r);
    const artists: ShowDraft['artists'] = [];
    for (const r of ordered) {
      const a = { name: r.artist, mbid: null };
      if (!artists.some((x) => sameArtist(x, a))) artists.push(a);
    }
    const located = g.find((r) => r.lat !== null);
    return {
      date: first.date,
      venue: {
        ...emptyVenue(first.venue),
        cityName: first.city,
        country: normalizeCountry(first.country),
        lat: located?.lat ?? null,
        lon: located?.lon ?? null,
      },
      artists,
      setlists: [],
      tour: g.find((r) => r.tour)?.tour ?? null,
      origin: 'csv' as const,
      billOrder: 'as-given' as const,
    };
  });
}

// What people type for a show (the CLI's add/edit, later the UI's form), checked field by
// field with messages that name the field, and turned into a draft.
import { UsageError } from '../domain/errors.js';
import { parseAnyDate } from './local-date.js';
import { emptyVenue, normalizeCountry, type ShowDraft } from './show-draft.js';
import type { LocalDate } from './types.js';

export interface VenueInput {
  name: string;
  city: string;
  /** ISO 3166 code (DE, US) preferred; a name is kept as written. */
  country: string;
  lat?: number | null;
  lon?: number | null;
}

export interface ManualShowInput {
  /** YYYY-MM-DD or dd-MM-yyyy. */
  date: string;
  venue: VenueInput;
  /** Bill order: openers first, headliner last. */
  artists: string[];
  tour?: string | null;
}

export interface ShowEdit {
  date?: string;
  venue?: Partial<VenueInput>;
  artists?: string[];
  tour?: string | null;
}

export function checkDate(text: string): LocalDate {
  const d = parseAnyDate(text);
  if (!d) throw new UsageError(`date: expected YYYY-MM-DD or dd-MM-yyyy, got ${text || '""'}`);
  return d;
}

export function checkVenue(v: VenueInput): VenueInput {
  for (const field of ['name', 'city', 'country'] as const) {
    if (!v[field]?.trim()) throw new UsageError(`venue ${field}: must not be empty`);
  }
  const lat = v.lat ?? null;
  const lon = v.lon ?? null;
  if ((lat === null) !== (lon === null))
    throw new UsageError('lat and lon go together: give both or neither');
  if (lat !== null && !(Math.abs(lat) <= 90))
    throw new UsageError(`lat: expected a number from -90 to 90, got ${lat}`);
  if (lon !== null && !(Math.abs(lon) <= 180))
    throw new UsageError(`lon: expected a number from -180 to 180, got ${lon}`);
  return { name: v.name.trim(), city: v.city.trim(), country: v.country.trim(), lat, lon };
}

export function checkArtists(names: readonly string[]): string[] {
  const list = names.map((n) => n.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError('artist: a show needs at least one artist');
  return list;
}

export function venueDraft(v: VenueInput): ShowDraft['venue'] {
  return {
    ...emptyVenue(v.name),
    cityName: v.city,
    country: normalizeCountry(v.country),
    lat: v.lat ?? null,
    lon: v.lon ?? null,
  };
}

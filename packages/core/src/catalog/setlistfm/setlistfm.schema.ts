// The setlist.fm API 1.0 JSON shapes we read (https://api.setlist.fm/docs/1.0/json_index.html),
// checked with zod: setlists files from the site or the API, and the client's responses.
// Unknown fields are ignored; only what the catalog stores is required.
import { z } from 'zod';
import { parseSetlistfmDate } from '../local-date.js';

export const apiArtist = z.object({
  mbid: z.string().optional(),
  name: z.string().min(1),
  sortName: z.string().optional(),
  url: z.string().optional(),
});

export const apiCity = z.object({
  // A GeoNames id, as a string.
  id: z.string().regex(/^\d+$/, 'expected a GeoNames id (digits)').optional(),
  name: z.string().optional(),
  state: z.string().optional(),
  coords: z.object({ lat: z.number(), long: z.number() }).optional(),
  country: z.object({ code: z.string().optional(), name: z.string().optional() }).optional(),
});

export const apiVenue = z.object({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  city: apiCity.optional(),
  url: z.string().optional(),
});

export const apiSong = z.object({
  name: z.string(),
  info: z.string().optional(),
  tape: z.boolean().optional(),
  cover: z.object({ name: z.string() }).optional(),
});

export const apiSet = z.object({
  name: z.string().optional(),
  encore: z.number().optional(),
  song: z.array(apiSong).optional(),
});

export const apiSetlist = z.object({
  id: z.string().min(1),
  versionId: z.string().optional(),
  eventDate: z.string().refine((s) => parseSetlistfmDate(s) !== null, 'expected dd-MM-yyyy'),
  lastUpdated: z.string().optional(),
  artist: apiArtist,
  venue: apiVenue,
  tour: z.object({ name: z.string() }).optional(),
  sets: z.object({ set: z.array(apiSet).optional() }).optional(),
  info: z.string().optional(),
  url: z.string().optional(),
});

export const setlistsEnvelope = z.object({
  type: z.literal('setlists').optional(),
  itemsPerPage: z.number().optional(),
  page: z.number().optional(),
  total: z.number().optional(),
  // The API omits the array in some empty results.
  setlist: z.array(apiSetlist).default([]),
});

export const artistsEnvelope = z.object({
  type: z.literal('artists').optional(),
  itemsPerPage: z.number().optional(),
  page: z.number().optional(),
  total: z.number().optional(),
  artist: z.array(apiArtist).default([]),
});

export type ApiSetlist = z.infer<typeof apiSetlist>;
export type SetlistsPage = z.infer<typeof setlistsEnvelope>;
export type ArtistsPage = z.infer<typeof artistsEnvelope>;

/** A zod issue path as people read it: setlist[3].venue.city.id. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** The value at a path, to quote it in a message. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v == null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

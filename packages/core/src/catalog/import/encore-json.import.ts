// Reads Encore's own JSON export back (export/json.export.ts). The bill is kept exactly as
// written, and each show keeps its origin, so export + import reproduces the catalog.
import { z } from 'zod';
import { ImportError, shown } from '../catalog.errors.js';
import { ENCORE_EXPORT_TYPE, ENCORE_EXPORT_VERSION } from '../export/json.export.js';
import { parseIsoDate } from '../local-date.js';
import { normalizeCountry, type ShowDraft } from '../show-draft.js';
import { importErrorFromZod } from './setlistfm.import.js';

const artist = z.object({
  name: z.string().trim().min(1),
  mbid: z.string().nullable().default(null),
});
const coordinate = (max: number) => z.number().min(-max).max(max).nullable().default(null);

const show = z.object({
  date: z.string().refine((s) => parseIsoDate(s) !== null, 'expected YYYY-MM-DD'),
  venue: z.object({
    name: z.string().trim().min(1),
    city: z.string().nullable().default(null),
    country: z.string().nullable().default(null),
    setlistfmId: z.string().nullable().default(null),
    cityGeonameId: z.number().int().nullable().default(null),
    cityLat: coordinate(90),
    cityLon: coordinate(180),
    lat: coordinate(90),
    lon: coordinate(180),
  }),
  artists: z.array(artist).min(1),
  setlists: z
    .array(
      z.object({
        setlistfmId: z.string().nullable().default(null),
        versionId: z.string().nullable().default(null),
        lastUpdated: z.string().nullable().default(null),
        url: z.string().nullable().default(null),
        artist,
        songs: z.array(
          z.object({
            set: z.number().int().min(0),
            name: z.string(),
            info: z.string().optional(),
            tape: z.boolean().optional(),
            cover: z.string().optional(),
          }),
        ),
      }),
    )
    .default([]),
  tour: z.string().nullable().default(null),
  origin: z.enum(['setlistfm', 'csv', 'manual', 'online']),
});

const exportDoc = z.object({
  type: z.literal(ENCORE_EXPORT_TYPE),
  version: z.literal(ENCORE_EXPORT_VERSION),
  shows: z.array(show),
});

export function isEncoreExport(value: unknown): boolean {
  return (
    value != null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === ENCORE_EXPORT_TYPE
  );
}

export function draftsFromEncoreExport(value: unknown, file: string): ShowDraft[] {
  const version = (value as { version?: unknown }).version;
  if (version !== ENCORE_EXPORT_VERSION) {
    throw new ImportError('IMPORT_BAD_ENVELOPE', {
      file,
      field: 'version',
      problem: `this Encore export is version ${shown(version)}; this build reads version ${ENCORE_EXPORT_VERSION}`,
    });
  }
  const r = exportDoc.safeParse(value);
  if (!r.success) throw importErrorFromZod(r.error, file, '', value);
  return r.data.shows.map((s) => {
    // Songs without optional keys, so they compare equal to the stored ones.
    const songs = (list: (typeof s.setlists)[number]['songs']) =>
      list.map((x) => ({
        set: x.set,
        name: x.name,
        ...(x.info !== undefined ? { info: x.info } : {}),
        ...(x.tape ? { tape: true } : {}),
        ...(x.cover !== undefined ? { cover: x.cover } : {}),
      }));
    return {
      date: parseIsoDate(s.date)!,
      venue: {
        name: s.venue.name,
        setlistfmId: s.venue.setlistfmId,
        cityName: s.venue.city,
        cityGeonameId: s.venue.cityGeonameId,
        country: normalizeCountry(s.venue.country),
        cityLat: s.venue.cityLat,
        cityLon: s.venue.cityLon,
        lat: s.venue.lat,
        lon: s.venue.lon,
        asOf: null,
      },
      artists: s.artists,
      setlists: s.setlists.map((l) => ({ ...l, songs: songs(l.songs) })),
      tour: s.tour,
      origin: s.origin,
      billOrder: 'as-given' as const,
    };
  });
}

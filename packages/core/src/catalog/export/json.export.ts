// The user's concert history as one JSON document: every show with its venue, bill and
// setlists, in a shape Encore reads back (import/encore-json.import.ts), so an export moved
// to a new library gives the same catalog.
import type { ShowRecord } from '../types.js';

export const ENCORE_EXPORT_TYPE = 'encore.concerts';
export const ENCORE_EXPORT_VERSION = 1;

export interface ExportedArtist {
  name: string;
  mbid: string | null;
}

export interface ExportedShow {
  date: string;
  venue: {
    name: string;
    city: string | null;
    country: string | null;
    setlistfmId: string | null;
    cityGeonameId: number | null;
    cityLat: number | null;
    cityLon: number | null;
    lat: number | null;
    lon: number | null;
  };
  /** Bill order: openers first, headliner last. */
  artists: ExportedArtist[];
  setlists: {
    setlistfmId: string | null;
    versionId: string | null;
    lastUpdated: string | null;
    url: string | null;
    artist: ExportedArtist;
    songs: { set: number; name: string; info?: string; tape?: boolean; cover?: string }[];
  }[];
  tour: string | null;
  origin: ShowRecord['origin'];
}

export interface EncoreExport {
  type: typeof ENCORE_EXPORT_TYPE;
  version: typeof ENCORE_EXPORT_VERSION;
  exportedAt: string;
  shows: ExportedShow[];
}

export function exportShow(s: ShowRecord): ExportedShow {
  const byId = new Map(s.artists.map((a) => [a.id, a]));
  return {
    date: s.date,
    venue: {
      name: s.venue.name,
      city: s.venue.cityName,
      country: s.venue.country,
      setlistfmId: s.venue.setlistfmId,
      cityGeonameId: s.venue.cityGeonameId,
      cityLat: s.venue.cityLat,
      cityLon: s.venue.cityLon,
      lat: s.venue.lat,
      lon: s.venue.lon,
    },
    artists: s.artists.map((a) => ({ name: a.name, mbid: a.mbid })),
    setlists: s.setlists.map((l) => {
      const artist = byId.get(l.artistId);
      return {
        setlistfmId: l.setlistfmId,
        versionId: l.versionId ?? null,
        lastUpdated: l.lastUpdated ?? null,
        url: l.url ?? null,
        artist: { name: artist?.name ?? '', mbid: artist?.mbid ?? null },
        songs: l.songs,
      };
    }),
    tour: s.tour,
    origin: s.origin,
  };
}

export function showsToJson(shows: readonly ShowRecord[], now: Date = new Date()): string {
  const doc: EncoreExport = {
    type: ENCORE_EXPORT_TYPE,
    version: ENCORE_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    shows: shows.map(exportShow),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

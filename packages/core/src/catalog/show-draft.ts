// A show as an importer or a form describes it, before it meets the database: names instead
// of ids. The catalog writer merges drafts into existing venues, artists and shows.
import type { LocalDate, ShowOrigin, Song } from './types.js';

export interface VenueDraft {
  name: string;
  setlistfmId: string | null;
  cityName: string | null;
  cityGeonameId: number | null;
  country: string | null;
  cityLat: number | null;
  cityLon: number | null;
  lat: number | null;
  lon: number | null;
  /** For setlist.fm data: its lastUpdated (ISO), so older responses do not undo newer ones. */
  asOf: string | null;
}

export interface ArtistDraft {
  name: string;
  mbid: string | null;
}

export interface SetlistDraft {
  setlistfmId: string | null;
  versionId: string | null;
  lastUpdated: string | null;
  url: string | null;
  artist: ArtistDraft;
  songs: Song[];
}

export interface ShowDraft {
  date: LocalDate;
  venue: VenueDraft;
  /** Bill order, headliner last. */
  artists: ArtistDraft[];
  setlists: SetlistDraft[];
  tour: string | null;
  origin: ShowOrigin;
  /**
   * 'by-songs': setlist.fm data, where the bill is inferred (fewest songs open); merged
   * line-ups are re-sorted when every artist has a setlist. 'as-given': the user stated the
   * order (CSV, manual, Encore export); new artists join after the existing ones.
   */
  billOrder: 'by-songs' | 'as-given';
}

export function emptyVenue(name: string): VenueDraft {
  return {
    name,
    setlistfmId: null,
    cityName: null,
    cityGeonameId: null,
    country: null,
    cityLat: null,
    cityLon: null,
    lat: null,
    lon: null,
    asOf: null,
  };
}

/** Songs that were performed (tapes are not), the measure of who headlined. */
export function playedSongs(songs: readonly Song[]): number {
  return songs.filter((s) => !s.tape).length;
}

/** Same artist: same MusicBrainz id, or, when either has none, the same name ignoring case. */
export function sameArtist(a: ArtistDraft, b: ArtistDraft): boolean {
  if (a.mbid && b.mbid) return a.mbid === b.mbid;
  return a.name.toLocaleLowerCase() === b.name.toLocaleLowerCase();
}

/** Country as stored: ISO codes upper-cased, names left as written. */
export function normalizeCountry(country: string | null): string | null {
  const c = country?.trim() ?? '';
  if (c === '') return null;
  return /^[a-z]{2}$/i.test(c) ? c.toUpperCase() : c;
}

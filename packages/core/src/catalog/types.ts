// The concert catalog: a show is a venue on a local date with its line-up (artists in bill
// order, headliner last) and the setlists played. Shared by the catalog (import, setlist.fm,
// export) and matching (events meet shows) modules.
import type { Brand } from '../domain/ids.js';

export type ShowId = Brand<number, 'ShowId'>;
export type VenueId = Brand<number, 'VenueId'>;
export type ArtistId = Brand<number, 'ArtistId'>;

/** A calendar date as YYYY-MM-DD (a show's local date; setlist.fm's dd-MM-yyyy converted). */
export type LocalDate = Brand<string, 'LocalDate'>;

export interface VenueRecord {
  id: VenueId;
  name: string;
  /** setlist.fm venue id, when known. */
  setlistfmId: string | null;
  cityName: string | null;
  /** GeoNames id of the venue's city (setlist.fm's venue.city.id). */
  cityGeonameId: number | null;
  country: string | null;
  /** The city's coordinates (setlist.fm venues have none of their own). */
  cityLat: number | null;
  cityLon: number | null;
  /** Coordinates the user gave for the venue itself (beat the city's). */
  lat: number | null;
  lon: number | null;
}

export interface ArtistRecord {
  id: ArtistId;
  name: string;
  mbid: string | null;
}

/** One song of a setlist; `set` numbers the sets from 0 (main set, then encores). */
export interface Song {
  set: number;
  name: string;
  info?: string;
  /** Played from tape (intro, outro): not counted when ordering the bill. */
  tape?: boolean;
  /** The original artist when the song is a cover. */
  cover?: string;
}

export interface SetlistRecord {
  /** setlist.fm setlist id, or null for a hand-made one. */
  setlistfmId: string | null;
  artistId: ArtistId;
  songs: Song[];
  /** setlist.fm's version of the setlist (changes on every edit there). */
  versionId?: string | null;
  /** setlist.fm's lastUpdated, ISO 8601: a re-import only replaces songs with a newer one. */
  lastUpdated?: string | null;
  url?: string | null;
}

export type ShowOrigin = 'setlistfm' | 'csv' | 'manual' | 'online';

export interface ShowRecord {
  id: ShowId;
  date: LocalDate;
  venue: VenueRecord;
  /** Bill order: openers first, headliner last. */
  artists: ArtistRecord[];
  setlists: SetlistRecord[];
  tour: string | null;
  /**
   * Where the show came from: 'setlistfm' (a setlist.fm file the user imported), 'csv',
   * 'manual', or 'online' (found by a setlist.fm search for an event; not yet the user's).
   */
  origin: ShowOrigin;
  /**
   * The identity the show syncs by (protocol/tables.ts): `sfm:<setlist.fm venue id>:<date>`
   * or `u:<uuid>`; set once when the show is created (migration 006), kept through edits.
   */
  syncKey: string;
  updatedAt: string;
}

/** What matching asks of the catalog. */
export interface ShowLookup {
  /** Shows on any of these local dates. */
  showsOn(dates: LocalDate[]): ShowRecord[];
  get(id: ShowId): ShowRecord | null;
}

/** What changed in the catalog since a cursor (see CONTEXT.md, "change tracking"). */
export interface CatalogChanges {
  /** Pass this back next time. */
  cursor: number;
  /** Local dates on which a show was added, edited, re-line-upped or deleted. */
  dates: LocalDate[];
  /** Shows deleted since the cursor (ids are never reused). */
  deletedShowIds: ShowId[];
}

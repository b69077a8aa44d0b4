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

export interface SetlistRecord {
  /** setlist.fm setlist id, or null for a hand-made one. */
  setlistfmId: string | null;
  artistId: ArtistId;
  songs: { set: number; name: string; info?: string }[];
}

export interface ShowRecord {
  id: ShowId;
  date: LocalDate;
  venue: VenueRecord;
  /** Bill order: openers first, headliner last. */
  artists: ArtistRecord[];
  setlists: SetlistRecord[];
  tour: string | null;
  /** Where the show came from: 'setlistfm' (import or online lookup), 'csv', 'manual'. */
  origin: 'setlistfm' | 'csv' | 'manual' | 'online';
  updatedAt: string;
}

/** What matching asks of the catalog. */
export interface ShowLookup {
  /** Shows on any of these local dates. */
  showsOn(dates: LocalDate[]): ShowRecord[];
  get(id: ShowId): ShowRecord | null;
}

// Which shows an event could be, and where each show is relative to it. setlist.fm venues
// have no coordinates, so a show's place is, best first: the coordinates the user gave the
// venue; the venue's city as the offline gazetteer knows it (by GeoNames id: setlist.fm's city
// coordinates are sometimes wrong, the id rarely is); the city coordinates in the catalog.
import type { LocalDate, ShowRecord } from '../catalog/types.js';
import { distanceKm } from '../metadata/geocoder.js';
import { zoneAtPosition } from '../metadata/time-zone.js';
import type { StoredEvent } from './event.repository.js';
import { addDays } from './show-day.js';

/**
 * The event's facts that matching reads: a stored event plus its nearby cities ([GeoNames id,
 * km], nearest first; computed only when a show on its dates needs them, else empty).
 */
export type EventFacts = Pick<
  StoredEvent,
  | 'id'
  | 'startMs'
  | 'endMs'
  | 'localDate'
  | 'showDay'
  | 'timeZone'
  | 'zoneCertain'
  | 'photoCount'
  | 'gpsCount'
  | 'lat'
  | 'lon'
  | 'city'
  | 'profile'
> & { nearby: [number, number][] };

/** Catalog city coordinates farther than this are trusted to say "not here" without the gazetteer. */
const NEARBY_CHECK_KM = 500;

/**
 * True when placing the show needs the event's nearby cities: its venue is placed by its
 * city's GeoNames id, and the catalog's city coordinates do not already put it far away.
 */
export function needsNearby(show: ShowRecord, e: Pick<EventFacts, 'lat' | 'lon'>): boolean {
  const v = show.venue;
  if (v.lat !== null || v.cityGeonameId === null || e.lat === null || e.lon === null) return false;
  return (
    v.cityLat === null ||
    v.cityLon === null ||
    distanceKm(e.lat, e.lon, v.cityLat, v.cityLon) <= NEARBY_CHECK_KM
  );
}

/** Shows farther than this are not candidates (they can still be suggestions). */
export const CANDIDATE_RADIUS_KM = 150;
/** Suggestions for an unmatched event: shows this many days either side... */
export const SUGGESTION_DAYS = 3;
/** ...within this distance. */
export const SUGGESTION_RADIUS_KM = 100;

/** The show day; and the days either side when the zone is the home zone's guess. */
export function candidateDates(e: Pick<EventFacts, 'showDay' | 'zoneCertain'>): LocalDate[] {
  return e.zoneCertain ? [e.showDay] : [addDays(e.showDay, -1), e.showDay, addDays(e.showDay, 1)];
}

export function suggestionDates(e: Pick<EventFacts, 'showDay'>): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = -SUGGESTION_DAYS; d <= SUGGESTION_DAYS; d++) out.push(addDays(e.showDay, d));
  return out;
}

export interface Place {
  /** Distance from the event's centre; null when either side has no place. */
  km: number | null;
  /** What the distance is measured to. */
  kind: 'venue' | 'city' | 'unknown';
  /** The venue's zone (for the show's window); the event's when unknown. */
  zone: string;
}

const zones = new Map<string, string | null>();

function zoneAt(lat: number, lon: number): string | null {
  const key = `${lat.toFixed(3)},${lon.toFixed(3)}`;
  let z = zones.get(key);
  if (z === undefined) {
    z = zoneAtPosition(lat, lon);
    zones.set(key, z);
  }
  return z;
}

export function placeOf(show: ShowRecord, e: EventFacts): Place {
  const v = show.venue;
  const hasEvent = e.lat !== null && e.lon !== null;
  const venueZone =
    (v.lat !== null && v.lon !== null ? zoneAt(v.lat, v.lon) : null) ??
    (v.cityLat !== null && v.cityLon !== null ? zoneAt(v.cityLat, v.cityLon) : null);
  if (v.lat !== null && v.lon !== null) {
    return {
      km: hasEvent ? distanceKm(e.lat!, e.lon!, v.lat, v.lon) : null,
      kind: 'venue',
      zone: venueZone ?? e.timeZone,
    };
  }
  if (v.cityGeonameId !== null) {
    const near = e.nearby.find(([id]) => id === v.cityGeonameId);
    // The gazetteer puts the venue's city near the photos: that city is where the photos are.
    if (near) return { km: near[1], kind: 'city', zone: venueZone ?? e.timeZone };
  }
  if (v.cityLat !== null && v.cityLon !== null) {
    return {
      km: hasEvent ? distanceKm(e.lat!, e.lon!, v.cityLat, v.cityLon) : null,
      kind: 'city',
      zone: venueZone ?? e.timeZone,
    };
  }
  return { km: null, kind: 'unknown', zone: e.timeZone };
}

/** The shows on the given dates, from a date -> shows index. */
export function showsOnDates(
  byDate: Map<string, ShowRecord[]>,
  dates: readonly LocalDate[],
): ShowRecord[] {
  const out: ShowRecord[] = [];
  for (const d of dates) for (const s of byDate.get(d) ?? []) out.push(s);
  return out;
}

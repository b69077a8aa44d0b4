// How well one show fits one event, with the reasons a person would give.
// score = time fit x place fit, each 0..1:
//  - time fit: the share of the event's photos inside the show's night at the venue, in the
//    venue's zone (12:00 -> 06:00 next day; before 18:00 counts half unless the bill has 3+
//    artists, i.e. a festival day). Computed on UTC instants, so it does not care whether the
//    camera's zone was right.
//  - place fit: 1 within the precision of what we know about the venue (20 km of its city's
//    centre, 2 km of coordinates the user gave), then falling off exponentially. Two venues in
//    one city therefore score the same: the catalog cannot tell them apart, and neither do we.
//    An event without GPS gets NO_PLACE_FIT, which keeps it below the confident threshold.
// A show found by an online setlist.fm search (origin 'online') is not the user's: it counts
// half, so it is offered for review but never matched by itself, and never outweighs a show
// from the user's own catalog.
import type { ShowRecord } from '../catalog/types.js';
import { PROFILE_BUCKET_MS } from './event.builder.js';
import { placeOf, type EventFacts, type Place } from './candidate.finder.js';
import {
  daysBetween,
  localDateOf,
  offsetIn,
  showDayOf,
  showWindow,
  wallClock,
} from './show-day.js';

export const CITY_RADIUS_KM = 20;
export const CITY_FALLOFF_KM = 20;
export const VENUE_RADIUS_KM = 2;
export const VENUE_FALLOFF_KM = 3;
export const NO_PLACE_FIT = 0.4;
export const FESTIVAL_ARTISTS = 3;
export const ONLINE_SHOW_FIT = 0.5;

export interface ScoredShow {
  show: ShowRecord;
  score: number;
  timeFit: number;
  placeFit: number | null;
  place: Place;
  reasons: string[];
}

export function placeFit(place: Place): number | null {
  if (place.km === null) return null;
  const [radius, falloff] =
    place.kind === 'venue'
      ? [VENUE_RADIUS_KM, VENUE_FALLOFF_KM]
      : [CITY_RADIUS_KM, CITY_FALLOFF_KM];
  return place.km <= radius ? 1 : Math.exp(-(place.km - radius) / falloff);
}

/** Share of photos in the show's night (weighted), from the event's 10-minute profile. */
export function timeFit(e: EventFacts, show: ShowRecord, zone: string): number {
  const w = showWindow(show.date, zone);
  const festival = show.artists.length >= FESTIVAL_ARTISTS;
  let sum = 0;
  for (const [bucket, count] of e.profile) {
    const t = Math.min(e.endMs, e.startMs + bucket * PROFILE_BUCKET_MS + PROFILE_BUCKET_MS / 2);
    if (t < w.startMs || t >= w.endMs) continue;
    sum += count * (t >= w.eveningMs || festival ? 1 : 0.5);
  }
  return e.photoCount > 0 ? sum / e.photoCount : 0;
}

/** Share of the event's photos between 18:00 and 06:00 of its show day, in its own zone. */
export function eveningShare(
  e: Pick<EventFacts, 'showDay' | 'timeZone' | 'profile' | 'startMs' | 'endMs' | 'photoCount'>,
): number {
  const w = showWindow(e.showDay, e.timeZone);
  let n = 0;
  for (const [bucket, count] of e.profile) {
    const t = Math.min(e.endMs, e.startMs + bucket * PROFILE_BUCKET_MS + PROFILE_BUCKET_MS / 2);
    if (t >= w.eveningMs && t < w.endMs) n += count;
  }
  return e.photoCount > 0 ? n / e.photoCount : 0;
}

function km(n: number): string {
  return n < 10 ? `${n.toFixed(1)} km` : `${Math.round(n)} km`;
}

function placeReason(e: EventFacts, show: ShowRecord, place: Place): string {
  const v = show.venue;
  if (e.lat === null || e.lon === null) return 'no GPS in this event: place unknown';
  if (place.kind === 'unknown') return `${v.name} has no place in the catalog`;
  if (place.kind === 'venue') return `${km(place.km!)} from ${v.name} (your venue coordinates)`;
  return `${km(place.km!)} from ${v.cityName ?? 'the venue city'} (venue city)`;
}

/** Which night the photos are, read at the venue (its zone), against the show's date. */
function dateReason(e: EventFacts, show: ShowRecord, zone: string): string {
  const d = daysBetween(showDayOf(e.startMs, offsetIn(zone, e.startMs)), show.date);
  if (d === 0)
    return localDateOf(e.endMs, offsetIn(zone, e.endMs)) === show.date
      ? 'same day'
      : 'same night (photos after midnight count for the evening before)';
  const zoneNote = e.zoneCertain ? '' : ' (the camera zone is a guess: home zone)';
  if (Math.abs(d) === 1) return `${d > 0 ? 'day after' : 'day before'} the photos${zoneNote}`;
  return `${Math.abs(d)} days ${d > 0 ? 'after' : 'before'} the photos`;
}

function timeReason(e: EventFacts, show: ShowRecord, zone: string, fit: number): string {
  const from = wallClock(e.startMs, offsetIn(zone, e.startMs));
  const to = wallClock(e.endMs, offsetIn(zone, e.endMs));
  const span = from === to ? `photos at ${from} local` : `photos ${from}-${to} local`;
  if (fit >= 0.999) return span;
  if (fit <= 0) return `${span}, outside the show night`;
  const w = showWindow(show.date, zone);
  if (e.endMs < w.eveningMs && e.startMs >= w.startMs) return `${span}, before the evening`;
  return `${span}, partly outside the show night`;
}

export function scoreShow(e: EventFacts, show: ShowRecord): ScoredShow {
  const place = placeOf(show, e);
  const pf = placeFit(place);
  const tf = timeFit(e, show, place.zone);
  const online = show.origin === 'online';
  const score =
    Math.round(tf * (pf ?? NO_PLACE_FIT) * (online ? ONLINE_SHOW_FIT : 1) * 1000) / 1000;
  const reasons = [
    dateReason(e, show, place.zone),
    placeReason(e, show, place),
    timeReason(e, show, place.zone, tf),
  ];
  if (online) reasons.push('found on setlist.fm, not in your catalog: confirm it');
  return { show, score, timeFit: tf, placeFit: pf, place, reasons };
}

// Which events a person should look at. A library holds thousands of events that are not
// concerts (a birthday, a trip); "Needs review" keeps only those that plausibly are: two
// shows fit, or matching found a candidate, or photos enough on an evening to be a show.
// Browser-safe; the engine sets `EventInfo.needsReview` with it, and fakes do the same.
import type { EventInfo } from './types.js';

/** An unmatched evening with at least this many photos may be a show the catalog lacks. */
export const REVIEW_MIN_PHOTOS = 5;

/** Evenings as a show night counts them: from 17:00 to 06:00 the next morning, local. */
function isEvening(localTime: string): boolean {
  const hour = Number(localTime.slice(0, 2));
  return hour >= 17 || hour < 6;
}

export function needsReview(
  e: Pick<EventInfo, 'status' | 'candidates' | 'photoCount' | 'localStart'>,
): boolean {
  if (e.status === 'ambiguous') return true;
  if (e.status !== 'unmatched') return false;
  return e.candidates.length > 0 || (e.photoCount >= REVIEW_MIN_PHOTOS && isEvening(e.localStart));
}

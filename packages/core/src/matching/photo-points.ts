// A photo row -> what clustering needs, or the reason it stays out of events.
import type { PhotoPoint } from './event.builder.js';
import type { PhotoRow } from './event.repository.js';
import type { StoredDecision } from './match-state.repository.js';
import type { ExclusionReason } from './types.js';

export interface Excluded {
  photoId: string;
  reason: ExclusionReason;
}

/** Photos with equal keys may share an event; different keys never do. */
export function decisionKey(d: StoredDecision): string {
  return `${d.kind}:${d.showId ?? ''}`;
}

/** [position from the end, minutes per unit] of the digits in "+HH:MM". */
const OFFSET_DIGITS: readonly [number, number][] = [
  [5, 600],
  [4, 60],
  [2, 10],
  [1, 1],
];

/** Minutes of the "+02:00" / "-04:30" / "Z" at the end of a local ISO time, or null. */
export function trailingOffset(t: string | null): number | null {
  if (!t) return null;
  const n = t.length;
  if (t.charCodeAt(n - 1) === 90 /* Z */) return 0;
  const sign = t.charCodeAt(n - 6);
  if ((sign !== 43 && sign !== 45) || t.charCodeAt(n - 3) !== 58 /* : */) return null;
  let minutes = 0;
  for (const [at, scale] of OFFSET_DIGITS) {
    const digit = t.charCodeAt(n - at) - 48;
    if (!(digit >= 0 && digit <= 9)) return null;
    minutes += digit * scale;
  }
  return sign === 45 ? -minutes : minutes;
}

export function pointFromRow(
  row: PhotoRow,
  decisions: Map<string, StoredDecision>,
): PhotoPoint | Excluded {
  const [id, sortMs, takenAt, zone, reliable, fileTimeOnly, lat, lon, cityId] = row;
  if (!sortMs) return { photoId: id, reason: 'no-capture-time' };
  // A file's modification time says when it was copied or edited, not when it was taken.
  if (fileTimeOnly === 1) return { photoId: id, reason: 'file-time-only' };
  const offset = trailingOffset(takenAt);
  const decision = decisions.size ? decisions.get(id) : undefined;
  const located = lat !== null && lon !== null;
  return {
    id,
    utcMs: sortMs,
    offsetMinutes: offset ?? 0,
    zone,
    zoneReliable: reliable === 1 && offset !== null,
    lat: located ? lat : null,
    lon: located ? lon : null,
    cityId,
    decision: decision ? decisionKey(decision) : null,
  };
}

// A photo row -> what clustering needs, or the reason it stays out of events.
import type { PhotoPoint } from './event.builder.js';
import type { PhotoRow } from './event.repository.js';
import { offsetOfLocalTime } from './show-day.js';
import type { ExclusionReason } from './types.js';

export interface Excluded {
  photoId: string;
  reason: ExclusionReason;
}

/** Zones that come from the file or the GPS position; the home zone and bare UTC are guesses. */
const RELIABLE_ZONES = new Set(['exif-offset', 'gps-lookup', 'xmp-offset', 'iptc-offset']);

export function pointFromRow(row: PhotoRow): PhotoPoint | Excluded {
  const [id, sortMs, takenAt, takenAtUtc, zone, timeSource, zoneSource, lat, lon, kind, show] = row;
  if (!takenAtUtc || !sortMs) return { photoId: id, reason: 'no-capture-time' };
  // A file's modification time says when it was copied or edited, not when the shot was taken.
  if (timeSource === 'file-mtime') return { photoId: id, reason: 'file-time-only' };
  const offset = offsetOfLocalTime(takenAt);
  return {
    id,
    utcMs: sortMs,
    offsetMinutes: offset ?? 0,
    zone,
    zoneReliable: offset !== null && zoneSource !== null && RELIABLE_ZONES.has(zoneSource),
    lat: lat !== null && lon !== null ? lat : null,
    lon: lat !== null && lon !== null ? lon : null,
    decision: kind ? `${kind}:${show ?? ''}` : null,
  };
}

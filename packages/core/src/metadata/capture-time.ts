// Decides when a photo was taken and in which zone: gathers the candidate times a file offers
// (EXIF original, EXIF digitized, GPS UTC time, video dates, file name, mtime), takes the best
// one and turns it into a local time with offset plus a UTC instant.
import type { LocalDateTime, UtcInstant } from '../domain/ids.js';
import type { TagMap } from './exif.reader.js';
import { parseDateString, parseSubSeconds } from './exif-date.js';
import type { ParsedDate } from './exif-date.js';
import {
  formatLocal,
  formatUtc,
  isValidTimeZone,
  offsetAt,
  parseOffset,
  wallToNaiveMs,
  zonedWallToUtc,
  zoneAtPosition,
} from './time-zone.js';
import type { WallTime } from './time-zone.js';
import type { MetadataWarning, TimeSource, ZoneSource } from './types.js';

/** A time as a file states it: either a wall time (maybe with offset) or a true instant. */
export type TimeCandidate =
  | { kind: 'wall'; source: TimeSource; wall: WallTime; offsetMinutes: number | null }
  | { kind: 'instant'; source: TimeSource; utcMs: number };

export interface CaptureTime {
  takenAt: LocalDateTime | null;
  takenAtUtc: UtcInstant | null;
  timeZone: string | null;
  timeSource: TimeSource | null;
  zoneSource: ZoneSource | null;
}

export const NO_TIME: CaptureTime = {
  takenAt: null,
  takenAtUtc: null,
  timeZone: null,
  timeSource: null,
  zoneSource: null,
};

/** A wall-time candidate from a date tag plus its SubSecTime and OffsetTime companions. */
function exifCandidate(
  source: TimeSource,
  tag: string,
  exif: TagMap,
  subSecTag: string,
  offsetTags: string[],
  warnings: MetadataWarning[],
): TimeCandidate | null {
  const raw = exif[tag];
  if (raw === undefined || raw === null || String(raw).replace(/\0/g, '').trim() === '')
    return null;
  const parsed: ParsedDate | null = parseDateString(raw);
  if (!parsed) {
    warnings.push({ code: 'date-invalid', message: `${tag} "${String(raw)}" is not a valid date` });
    return null;
  }
  const wall = { ...parsed.wall };
  const subSec = parseSubSeconds(exif[subSecTag]);
  if (!parsed.hasFraction && subSec !== null) wall.millisecond = subSec;
  let offset = parsed.offsetMinutes;
  for (const t of offsetTags) {
    if (offset !== null) break;
    offset = parseOffset(typeof exif[t] === 'string' ? (exif[t] as string) : null);
  }
  return { kind: 'wall', source, wall, offsetMinutes: offset };
}

/** GPSDateStamp + GPSTimeStamp: a UTC instant, when both are present and sane. */
function gpsCandidate(gps: TagMap): TimeCandidate | null {
  const date = parseDateString(gps.GPSDateStamp);
  const time = gps.GPSTimeStamp;
  if (!date || !Array.isArray(time) || time.length < 3) return null;
  const [h, m, s] = time.map((v) => Number(v));
  if (
    ![h, m, s].every((v) => v !== undefined && Number.isFinite(v) && v >= 0) ||
    (h ?? 0) > 23 ||
    (m ?? 0) > 59 ||
    (s ?? 0) >= 61
  ) {
    return null;
  }
  const utcMs =
    wallToNaiveMs({ ...date.wall, hour: 0, minute: 0, second: 0, millisecond: 0 }) +
    Math.round(((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000);
  return { kind: 'instant', source: 'gps', utcMs };
}

/** EXIF candidates in priority order: DateTimeOriginal, CreateDate, GPS time. */
export function exifTimeCandidates(
  exif: TagMap,
  gps: TagMap,
  warnings: MetadataWarning[],
): TimeCandidate[] {
  const out: TimeCandidate[] = [];
  const original = exifCandidate(
    'exif-original',
    'DateTimeOriginal',
    exif,
    'SubSecTimeOriginal',
    ['OffsetTimeOriginal', 'OffsetTime'],
    warnings,
  );
  if (original) out.push(original);
  const created = exifCandidate(
    'exif-create',
    'CreateDate',
    exif,
    'SubSecTimeDigitized',
    ['OffsetTimeDigitized', 'OffsetTime'],
    warnings,
  );
  if (created) out.push(created);
  const gpsTime = gpsCandidate(gps);
  if (gpsTime) out.push(gpsTime);
  return out;
}

export interface ZoneContext {
  /** Validated position of the photo, when known. */
  position: { lat: number; lon: number } | null;
  homeZone: string;
}

function fallbackZone(
  ctx: ZoneContext,
  warnings: MetadataWarning[],
): { zone: string; source: ZoneSource } {
  const gpsZone = ctx.position ? zoneAtPosition(ctx.position.lat, ctx.position.lon) : null;
  if (gpsZone) return { zone: gpsZone, source: 'gps-lookup' };
  if (isValidTimeZone(ctx.homeZone)) return { zone: ctx.homeZone, source: 'home-zone' };
  warnings.push({
    code: 'home-zone-invalid',
    message: `home zone "${ctx.homeZone}" is not an IANA zone; using UTC`,
  });
  return { zone: 'UTC', source: 'utc' };
}

/** Turns the chosen candidate into local time + instant + zone. */
export function resolveCaptureTime(
  candidate: TimeCandidate,
  ctx: ZoneContext,
  warnings: MetadataWarning[],
): CaptureTime {
  if (candidate.kind === 'wall' && candidate.offsetMinutes !== null) {
    const offset = candidate.offsetMinutes;
    const utcMs = wallToNaiveMs(candidate.wall) - offset * 60_000;
    // The file's offset wins; the GPS zone is only named when it agrees at that instant,
    // otherwise we would claim a DST rule the camera clock did not follow.
    const gpsZone = ctx.position ? zoneAtPosition(ctx.position.lat, ctx.position.lon) : null;
    const timeZone = gpsZone && offsetAt(utcMs, gpsZone) === offset ? gpsZone : null;
    return {
      takenAt: formatLocal(utcMs, offset) as LocalDateTime,
      takenAtUtc: formatUtc(utcMs) as UtcInstant,
      timeZone,
      timeSource: candidate.source,
      zoneSource: 'exif-offset',
    };
  }
  const { zone, source } = fallbackZone(ctx, warnings);
  if (candidate.kind === 'instant') {
    const offset = offsetAt(candidate.utcMs, zone);
    return {
      takenAt: formatLocal(candidate.utcMs, offset) as LocalDateTime,
      takenAtUtc: formatUtc(candidate.utcMs) as UtcInstant,
      timeZone: zone,
      timeSource: candidate.source,
      zoneSource: source,
    };
  }
  const resolved = zonedWallToUtc(candidate.wall, zone);
  if (resolved.inGap) {
    warnings.push({
      code: 'time-in-dst-gap',
      message: `the capture time does not exist in ${zone} (DST change); moved forward`,
    });
  } else if (resolved.ambiguous) {
    warnings.push({
      code: 'time-ambiguous',
      message: `the capture time occurs twice in ${zone} (DST change); took the first`,
    });
  }
  return {
    takenAt: formatLocal(resolved.utcMs, resolved.offsetMinutes) as LocalDateTime,
    takenAtUtc: formatUtc(resolved.utcMs) as UtcInstant,
    timeZone: zone,
    timeSource: candidate.source,
    zoneSource: source,
  };
}

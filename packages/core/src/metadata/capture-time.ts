// Decides when a photo was taken and in which zone: gathers the candidate times a file offers
// (EXIF original, EXIF digitized, GPS UTC time, XMP, IPTC, video dates, file name, mtime), takes
// the best one and turns it into a local time with offset plus a UTC instant.
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
import { parseXmpDate, XMP_DATE_TAGS } from './xmp-iptc-date.js';
import type { SidecarDate, XmpDates, XmpDateTag } from './xmp-iptc-date.js';

/** A time as a file states it: either a wall time (maybe with offset) or a true instant. */
export type TimeCandidate =
  | {
      kind: 'wall';
      source: TimeSource;
      wall: WallTime;
      offsetMinutes: number | null;
      /** Where offsetMinutes came from when not from EXIF or the value itself. */
      offsetSource?: ZoneSource;
      /** The value named a day, not a moment (the time was filled in). */
      dateOnly?: boolean;
      /** The tag, for warnings: "XMP photoshop:DateCreated". */
      label?: string;
    }
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

function sameSecond(a: WallTime, b: WallTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}

/**
 * The offset of an XMP date that states the same wall time (to the second) as an EXIF date
 * without OffsetTime*: editors copy the EXIF date into XMP and add the offset there. The
 * XMP counterparts of the tag come first, then any other XMP date.
 */
function xmpOffsetFor(
  wall: WallTime,
  counterparts: XmpDateTag[],
  xmp: (tag: XmpDateTag) => ParsedDate | null,
): number | null {
  const order = [...counterparts, ...XMP_DATE_TAGS.filter((t) => !counterparts.includes(t))];
  for (const tag of order) {
    const parsed = xmp(tag);
    if (parsed && parsed.offsetMinutes !== null && sameSecond(parsed.wall, wall))
      return parsed.offsetMinutes;
  }
  return null;
}

/** A wall-time candidate from a date tag plus its SubSecTime and OffsetTime companions. */
function exifCandidate(
  source: TimeSource,
  tag: string,
  exif: TagMap,
  subSecTag: string,
  offsetTags: string[],
  xmpCounterparts: XmpDateTag[],
  xmp: (tag: XmpDateTag) => ParsedDate | null,
  warnings: MetadataWarning[],
): TimeCandidate | null {
  const raw = exif[tag];
  if (raw === undefined || raw === null || String(raw).replace(/\0/g, '').trim() === '')
    return null;
  const parsed: ParsedDate | null = parseDateString(raw);
  if (!parsed) {
    warnings.push({ code: 'DATE_INVALID', message: `${tag} "${String(raw)}" is not a valid date` });
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
  if (offset === null) {
    const fromXmp = xmpOffsetFor(wall, xmpCounterparts, xmp);
    if (fromXmp !== null)
      return { kind: 'wall', source, wall, offsetMinutes: fromXmp, offsetSource: 'xmp-offset' };
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

/**
 * EXIF candidates in priority order: DateTimeOriginal, CreateDate, GPS time. `xmp` (the
 * packet's dates) supplies the offset an EXIF date lacks when it states the same wall time;
 * the MWG pairs DateTimeOriginal with exif:DateTimeOriginal / photoshop:DateCreated and
 * CreateDate with exif:DateTimeDigitized / xmp:CreateDate.
 */
export function exifTimeCandidates(
  exif: TagMap,
  gps: TagMap,
  warnings: MetadataWarning[],
  xmp: XmpDates = {},
): TimeCandidate[] {
  const out: TimeCandidate[] = [];
  // Each XMP date is parsed once, and only when an EXIF date lacks an offset.
  const parsed = new Map<XmpDateTag, ParsedDate | null>();
  const xmpDate = (tag: XmpDateTag): ParsedDate | null => {
    if (!parsed.has(tag)) parsed.set(tag, parseXmpDate(xmp[tag]));
    return parsed.get(tag) ?? null;
  };
  const original = exifCandidate(
    'exif-original',
    'DateTimeOriginal',
    exif,
    'SubSecTimeOriginal',
    ['OffsetTimeOriginal', 'OffsetTime'],
    ['exif:DateTimeOriginal', 'photoshop:DateCreated'],
    xmpDate,
    warnings,
  );
  if (original) out.push(original);
  const created = exifCandidate(
    'exif-create',
    'CreateDate',
    exif,
    'SubSecTimeDigitized',
    ['OffsetTimeDigitized', 'OffsetTime'],
    ['exif:DateTimeDigitized', 'xmp:CreateDate'],
    xmpDate,
    warnings,
  );
  if (created) out.push(created);
  const gpsTime = gpsCandidate(gps);
  if (gpsTime) out.push(gpsTime);
  return out;
}

/** XMP/IPTC dates (already in priority order) as candidates; their offsets are their own. */
export function sidecarCandidates(dates: SidecarDate[]): TimeCandidate[] {
  return dates.map(({ source, label, value }) => ({
    kind: 'wall',
    source,
    wall: value.wall,
    offsetMinutes: value.offsetMinutes,
    ...(value.offsetMinutes !== null
      ? { offsetSource: source === 'xmp' ? ('xmp-offset' as const) : ('iptc-offset' as const) }
      : {}),
    ...(value.dateOnly ? { dateOnly: true } : {}),
    label,
  }));
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
    code: 'HOME_ZONE_INVALID',
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
      zoneSource: candidate.offsetSource ?? 'exif-offset',
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
      code: 'TIME_IN_DST_GAP',
      message: `the capture time does not exist in ${zone} (DST change); moved forward`,
    });
  } else if (resolved.ambiguous) {
    warnings.push({
      code: 'TIME_AMBIGUOUS',
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

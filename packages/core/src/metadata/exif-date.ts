// Parsing of the date strings cameras write: EXIF "2019:05:21 10:45:52", XMP/ISO
// "2019-05-21T10:45:52.12+02:00", QuickTime "2019-07-24T11:25:40+0300". Values stay wall
// times plus an optional offset; turning them into instants is capture-time.ts's job.
import type { WallTime } from './time-zone.js';
import { parseOffset } from './time-zone.js';

/** A wall time as written in the file, with the offset when the value itself carries one. */
export interface ParsedDate {
  wall: WallTime;
  /** Minutes east of UTC, when the string had an offset (or Z). */
  offsetMinutes: number | null;
  /** True when the string had a fraction of a second. */
  hasFraction: boolean;
}

// Cameras have written years from the first digital backs on; anything before 1800 or far in
// the future is a zeroed or corrupt field ("0000:00:00 00:00:00"), not a date.
const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

const DATE_RE =
  /^(\d{4})[:\-./](\d{1,2})[:\-./](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/i;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; MIN_YEAR keeps Date.UTC's
  // two-digit-year quirk out of reach.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the fields name a real calendar date and clock time. */
export function isValidWallTime(w: WallTime): boolean {
  return (
    Number.isInteger(w.year) &&
    w.year >= MIN_YEAR &&
    w.year <= MAX_YEAR &&
    w.month >= 1 &&
    w.month <= 12 &&
    w.day >= 1 &&
    w.day <= daysInMonth(w.year, w.month) &&
    w.hour >= 0 &&
    w.hour <= 23 &&
    w.minute >= 0 &&
    w.minute <= 59 &&
    w.second >= 0 &&
    w.second <= 59 &&
    w.millisecond >= 0 &&
    w.millisecond <= 999
  );
}

/**
 * Milliseconds from EXIF SubSecTime digits: "1" is .1 s, "12" is .12 s, "955677" is .955677 s
 * (truncated to 955 ms). Null when absent or not digits.
 */
export function parseSubSeconds(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const s = String(value).replace(/\0/g, '').trim();
  if (!/^\d+$/.test(s)) return null;
  return Number((s + '00').slice(0, 3));
}

/** Parses an EXIF/XMP/ISO date string; null when it is not a plausible date. */
export function parseDateString(value: unknown): ParsedDate | null {
  if (typeof value !== 'string') return null;
  const s = value.replace(/\0/g, '').trim();
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const fraction = m[7];
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? '0'),
    minute: Number(m[5] ?? '0'),
    second: Number(m[6] ?? '0'),
    millisecond: fraction ? Number((fraction + '00').slice(0, 3)) : 0,
  };
  if (!isValidWallTime(wall)) return null;
  return {
    wall,
    offsetMinutes: m[8] ? parseOffset(m[8]) : null,
    hasFraction: fraction !== undefined,
  };
}

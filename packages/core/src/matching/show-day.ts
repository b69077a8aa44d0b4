// Calendar arithmetic for concerts. A show's date is its local date, and a concert night runs
// past midnight: a photo before 06:00 local belongs to the evening before (its "show day").
// A show's window is computed in the venue's zone, not the camera's, so a camera whose zone was
// guessed still lands on the right night as long as its UTC instant is right.
import type { LocalDate } from '../catalog/types.js';
import { offsetAt, parseOffset, zonedWallToUtc } from '../metadata/time-zone.js';

export const SHOW_DAY_CUTOVER_HOURS = 6;
/** Doors: photos from here to the cutover are show-night photos. */
export const EVENING_HOUR = 18;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD of a "naive" millisecond value (a wall time read as if it were UTC). */
export function dateOfNaive(naiveMs: number): LocalDate {
  const d = new Date(naiveMs);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` as LocalDate;
}

/** HH:MM of a wall time given as instant + offset. */
export function wallClock(utcMs: number, offsetMinutes: number): string {
  const d = new Date(utcMs + offsetMinutes * MINUTE_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function localDateOf(utcMs: number, offsetMinutes: number): LocalDate {
  return dateOfNaive(utcMs + offsetMinutes * MINUTE_MS);
}

/** The evening a photo belongs to: its local date, or the day before when before 06:00. */
export function showDayOf(utcMs: number, offsetMinutes: number): LocalDate {
  return dateOfNaive(utcMs + offsetMinutes * MINUTE_MS - SHOW_DAY_CUTOVER_HOURS * HOUR_MS);
}

/** The show day as a day number (days since 1970-01-01): cheap to compare per photo. */
export function showDayNumber(utcMs: number, offsetMinutes: number): number {
  return Math.floor(
    (utcMs + offsetMinutes * MINUTE_MS - SHOW_DAY_CUTOVER_HOURS * HOUR_MS) / DAY_MS,
  );
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOfNaive(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const offsets = new Map<string, number>();

/** Offset at an instant for an IANA zone, or for a fixed offset written as "+09:00". */
export function offsetIn(zoneOrOffset: string, utcMs: number): number {
  const fixed = parseOffset(zoneOrOffset);
  if (fixed !== null) return fixed;
  // Zone transitions fall on whole UTC quarter hours, so the offset is constant within one:
  // cache per quarter hour (Intl is the slow part of clustering 100,000 photos).
  const key = `${zoneOrOffset}|${Math.floor(utcMs / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    try {
      offset = offsetAt(utcMs, zoneOrOffset);
    } catch {
      offset = 0;
    }
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

export interface ShowWindow {
  /** 12:00 local on the show's date: festivals and matinees start here. */
  startMs: number;
  /** 18:00 local: from here on a photo is evening-show time (doors); earlier counts half. */
  eveningMs: number;
  /** 06:00 local the next day: the show-day cutover. */
  endMs: number;
}

function wallToUtc(date: LocalDate, hour: number, zoneOrOffset: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const fixed = parseOffset(zoneOrOffset);
  const wall = { year: y, month: m, day: d, hour, minute: 0, second: 0, millisecond: 0 };
  if (fixed !== null) return Date.UTC(y, m - 1, d, hour) - fixed * MINUTE_MS;
  try {
    return zonedWallToUtc(wall, zoneOrOffset).utcMs;
  } catch {
    return Date.UTC(y, m - 1, d, hour);
  }
}

const windows = new Map<string, ShowWindow>();

/** The UTC span of a show night at a venue in `zoneOrOffset` (DST nights included). */
export function showWindow(date: LocalDate, zoneOrOffset: string): ShowWindow {
  const key = `${date}|${zoneOrOffset}`;
  let w = windows.get(key);
  if (!w) {
    w = {
      startMs: wallToUtc(date, 12, zoneOrOffset),
      eveningMs: wallToUtc(date, EVENING_HOUR, zoneOrOffset),
      endMs: wallToUtc(addDays(date, 1), SHOW_DAY_CUTOVER_HOURS, zoneOrOffset),
    };
    if (windows.size > 50_000) windows.clear();
    windows.set(key, w);
  }
  return w;
}

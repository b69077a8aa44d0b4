// Wall time <-> instant conversion in IANA zones, using only Intl (no tz library), and the
// offline GPS -> zone lookup. Photos store local wall times; the library sorts by instant, so
// this is where a DST gap or overlap either gets handled or silently shifts a photo by an hour.
import { createRequire } from 'node:module';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** A wall time broken into fields, no zone attached (month 1..12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** How a wall time resolved in a zone: the instant and the offset that applies there. */
export interface ZonedInstant {
  utcMs: number;
  offsetMinutes: number;
  /** The wall time does not exist (spring-forward gap); it was moved forward by the gap. */
  inGap: boolean;
  /** The wall time happened twice (fall-back); the earlier instant was taken. */
  ambiguous: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the runtime knows this IANA zone name. */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** UTC offset in minutes of `zone` at the instant `utcMs` (e.g. +120 for Berlin in summer). */
export function offsetAt(utcMs: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  // Intl drops milliseconds, so compare against the instant truncated to the second.
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const truncated = Math.floor(utcMs / 1000) * 1000;
  return Math.round((asUtc - truncated) / MINUTE_MS);
}

/** Milliseconds of a wall time read as if it were UTC; the base for offset arithmetic. */
export function wallToNaiveMs(w: WallTime): number {
  const d = new Date(0);
  // setUTCFullYear keeps years < 100 literal (Date.UTC would map 19 -> 1919).
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return d.getTime();
}

/**
 * Resolves a local wall time in an IANA zone to an instant. Follows Temporal's 'compatible'
 * rule: in an overlap take the earlier instant, in a gap move forward by the gap length
 * (02:30 on a spring-forward night in Berlin becomes 03:30+02:00).
 */
export function zonedWallToUtc(w: WallTime, zone: string): ZonedInstant {
  const naive = wallToNaiveMs(w);
  // Transitions are never closer than a day apart, so the offsets 12 h either side are the
  // only two candidates.
  const before = offsetAt(naive - 12 * HOUR_MS, zone);
  const after = offsetAt(naive + 12 * HOUR_MS, zone);
  const valid = [...new Set([before, after])].filter(
    (off) => offsetAt(naive - off * MINUTE_MS, zone) === off,
  );
  if (valid.length === 0) {
    // Gap: read the wall time with the pre-transition offset; the resulting instant lies
    // after the transition, i.e. the displayed wall time moves forward.
    const utcMs = naive - before * MINUTE_MS;
    return { utcMs, offsetMinutes: offsetAt(utcMs, zone), inGap: true, ambiguous: false };
  }
  const offset = Math.max(...valid); // larger offset = earlier instant
  return {
    utcMs: naive - offset * MINUTE_MS,
    offsetMinutes: offset,
    inGap: false,
    ambiguous: valid.length > 1,
  };
}

function pad(n: number, width = 2): string {
  return String(Math.trunc(Math.abs(n))).padStart(width, '0');
}

/** "+02:00" / "-04:30" for an offset in minutes. */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function formatFields(ms: number): string {
  const d = new Date(ms);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** 2019-05-21T10:45:52.120+02:00 — always three fraction digits so strings sort and compare. */
export function formatLocal(utcMs: number, offsetMinutes: number): string {
  return formatFields(utcMs + offsetMinutes * MINUTE_MS) + formatOffset(offsetMinutes);
}

/** 2019-05-21T08:45:52.120Z */
export function formatUtc(utcMs: number): string {
  return `${formatFields(utcMs)}Z`;
}

/** "+02:00", "+0200", "-04", "Z" -> minutes; null when it is not an offset. */
export function parseOffset(text: string | undefined | null): number | null {
  if (typeof text !== 'string') return null;
  const s = text.trim();
  if (s === 'Z' || s === 'z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(s);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

type TzLookup = (lat: number, lon: number) => string;
let tzLookup: TzLookup | undefined;

/**
 * IANA zone at a position, from the bundled offline boundary data. Loaded on first use
 * (about 20 ms) so processes that never see GPS do not pay for it. Null when the lookup
 * fails (invalid position) or names a zone this runtime's ICU does not know.
 */
export function zoneAtPosition(lat: number, lon: number): string | null {
  if (!tzLookup) {
    // The package is CommonJS with `export =`; createRequire keeps the load synchronous.
    tzLookup = createRequire(import.meta.url)('@photostructure/tz-lookup') as TzLookup;
  }
  try {
    const zone = tzLookup(lat, lon);
    return isValidTimeZone(zone) ? zone : null;
  } catch {
    return null;
  }
}

// Photos -> events. Sorted by UTC instant, a timeline splits (1) where the gap rule says so,
// (2) where the photographer moved far, (3) between photos the user decided differently about,
// and then (4) at the show-day cutover (06:00 local). Photos with no trustworthy zone take the
// zone of the nearest photo that has one, so a camera on home time shooting beside a phone
// abroad joins the phone's event and night. Pure: no database, no gazetteer.
import type { LocalDate } from '../catalog/types.js';
import { distanceKm } from '../metadata/geocoder.js';
import { formatOffset } from '../metadata/time-zone.js';
import { DEFAULT_GAP_RULE, gapBoundaries, type GapRuleOptions } from './gap-rule.js';
import { localDateOf, offsetIn, showDayNumber, showDayOf } from './show-day.js';

export interface ClusterOptions extends GapRuleOptions {
  /** A move farther than this between two GPS photos splits... */
  moveKm: number;
  /** ...when they are at least this far apart in time (a GPS glitch mid-show does not split). */
  moveMinGapMs: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  ...DEFAULT_GAP_RULE,
  moveKm: 20,
  moveMinGapMs: 10 * 60_000,
};

export interface PhotoPoint {
  id: string;
  utcMs: number;
  /** The offset in the photo's local time (a guess when !zoneReliable). */
  offsetMinutes: number;
  /** IANA zone, when known. */
  zone: string | null;
  /** From the file's offset or the GPS position; false for the home zone or bare UTC. */
  zoneReliable: boolean;
  lat: number | null;
  lon: number | null;
  /** GeoNames id of the photo's city (ingest's reverse geocoding), or null. */
  cityId: number | null;
  /** Key of the user's decision on this photo, or null. */
  decision: string | null;
}

export const PROFILE_BUCKET_MS = 10 * 60_000;
const UNCERTAIN_WHOLE_MS = 18 * 3_600_000;
const MAX_CONSTANT_SPAN_MS = 7 * 86_400_000;

export interface BuiltEvent {
  photoIds: string[];
  startMs: number;
  endMs: number;
  localDate: LocalDate;
  showDay: LocalDate;
  timeZone: string;
  zoneCertain: boolean;
  gpsCount: number;
  /** Coordinate-wise median of the GPS photos: one bad fix does not move it. */
  lat: number | null;
  lon: number | null;
  /** The city most of its photos were taken in. */
  cityId: number | null;
  /** [bucket, photos]: photos per 10 minutes after startMs. */
  profile: [number, number][];
  decision: string | null;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Splits sorted photos into segments by the gap rule, moves and user decisions. */
function segments(points: PhotoPoint[], options: ClusterOptions): [number, number][] {
  const cuts = gapBoundaries(
    points.map((p) => p.utcMs),
    options,
  );
  // nextGps[i]: the first photo after i with a position (-1: none).
  const nextGps = new Int32Array(points.length).fill(-1);
  for (let i = points.length - 2; i >= 0; i--) {
    const n = points[i + 1]!;
    nextGps[i] = n.lat !== null ? i + 1 : nextGps[i + 1]!;
  }
  const far = (a: PhotoPoint, b: PhotoPoint): boolean =>
    distanceKm(a.lat!, a.lon!, b.lat!, b.lon!) > options.moveKm;
  const out: [number, number][] = [];
  let start = 0;
  let lastGps: PhotoPoint | null = null;
  let decision: string | null = null;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    let cut = i > 0 && cuts[i - 1] === 1;
    let glitch = false;
    if (!cut && lastGps && p.lat !== null && p.lon !== null && far(lastGps, p)) {
      // A move needs time to happen, and the next fix must agree; else it was a GPS glitch.
      const next = nextGps[i]! >= 0 ? points[nextGps[i]!]! : null;
      glitch = next !== null && !far(lastGps, next);
      cut = !glitch && p.utcMs - lastGps.utcMs >= options.moveMinGapMs;
    }
    if (!cut && decision !== null && p.decision !== null && p.decision !== decision) cut = true;
    if (cut) {
      out.push([start, i]);
      start = i;
      lastGps = null;
      decision = null;
    }
    if (p.lat !== null && p.lon !== null && !glitch) lastGps = p;
    decision ??= p.decision;
  }
  if (points.length > start) out.push([start, points.length]);
  return out;
}

interface Effective {
  offset: number;
  zone: string;
}

/** Each photo's offset and zone, borrowed from the nearest reliable photo when its own is a guess. */
function effectiveZones(points: PhotoPoint[], from: number, to: number): Effective[] {
  const own = (p: PhotoPoint): Effective => ({
    offset: p.offsetMinutes,
    zone: p.zone ?? formatOffset(p.offsetMinutes),
  });
  const prev: number[] = [];
  let last = -1;
  for (let i = from; i < to; i++) {
    if (points[i]!.zoneReliable) last = i;
    prev.push(last);
  }
  // A zone whose offset is the same at both ends of a segment (shorter than any gap between
  // two DST changes) has that offset throughout: one Intl lookup per zone, not per photo.
  const first = points[from]!.utcMs;
  const last2 = points[to - 1]!.utcMs;
  const constant = new Map<string, number | null>();
  const zoneOffset = (zone: string, t: number): number => {
    let c = constant.get(zone);
    if (c === undefined) {
      const a = offsetIn(zone, first);
      c = last2 - first < MAX_CONSTANT_SPAN_MS && a === offsetIn(zone, last2) ? a : null;
      constant.set(zone, c);
    }
    return c ?? offsetIn(zone, t);
  };
  const out: Effective[] = new Array<Effective>(to - from);
  let next = -1;
  for (let i = to - 1; i >= from; i--) {
    const p = points[i]!;
    if (p.zoneReliable) next = i;
    if (p.zoneReliable) {
      out[i - from] = own(p);
      continue;
    }
    const before = prev[i - from]!;
    let donor = -1;
    if (before >= 0 && next >= 0)
      donor = p.utcMs - points[before]!.utcMs <= points[next]!.utcMs - p.utcMs ? before : next;
    else donor = before >= 0 ? before : next;
    if (donor < 0) {
      out[i - from] = own(p);
      continue;
    }
    const d = points[donor]!;
    // An IANA donor is re-read at this photo's instant, so a DST change between them counts.
    out[i - from] = d.zone
      ? { offset: zoneOffset(d.zone, p.utcMs), zone: d.zone }
      : { offset: d.offsetMinutes, zone: formatOffset(d.offsetMinutes) };
  }
  return out;
}

function summarize(
  points: PhotoPoint[],
  eff: Effective[],
  from: number,
  to: number,
  effFrom: number,
  zoneCertain: boolean,
): BuiltEvent {
  const first = points[from]!;
  const lats: number[] = [];
  const lons: number[] = [];
  const zones = new Map<string, number>();
  const buckets = new Map<number, number>();
  const cities = new Map<number, number>();
  let decision: string | null = null;
  const photoIds: string[] = [];
  for (let i = from; i < to; i++) {
    const p = points[i]!;
    photoIds.push(p.id);
    if (p.lat !== null && p.lon !== null) {
      lats.push(p.lat);
      lons.push(p.lon);
    }
    const z = eff[i - effFrom]!.zone;
    zones.set(z, (zones.get(z) ?? 0) + 1);
    if (p.cityId !== null) cities.set(p.cityId, (cities.get(p.cityId) ?? 0) + 1);
    const b = Math.floor((p.utcMs - first.utcMs) / PROFILE_BUCKET_MS);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
    decision ??= p.decision;
  }
  const firstEff = eff[from - effFrom]!;
  let timeZone = firstEff.zone;
  let best = 0;
  for (const [z, n] of zones)
    if (n > best || (n === best && z.includes('/'))) [timeZone, best] = [z, n];
  let cityId: number | null = null;
  best = 0;
  for (const [c, n] of cities) if (n > best) [cityId, best] = [c, n];
  return {
    photoIds,
    startMs: first.utcMs,
    endMs: points[to - 1]!.utcMs,
    localDate: localDateOf(first.utcMs, firstEff.offset),
    showDay: showDayOf(first.utcMs, firstEff.offset),
    timeZone,
    zoneCertain,
    gpsCount: lats.length,
    lat: lats.length ? median(lats) : null,
    lon: lons.length ? median(lons) : null,
    cityId,
    profile: [...buckets].sort((a, b) => a[0] - b[0]),
    decision,
  };
}

/** Groups photos (sorted by utcMs, then id) into events. */
export function buildEvents(
  points: PhotoPoint[],
  options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS,
): BuiltEvent[] {
  const events: BuiltEvent[] = [];
  for (const [from, to] of segments(points, options)) {
    const eff = effectiveZones(points, from, to);
    let certain = false;
    for (let i = from; i < to && !certain; i++) certain = points[i]!.zoneReliable;
    // With only the home zone's guess, the 06:00 cutover may fall in the middle of a show
    // abroad: such a segment stays whole unless it spans more than one night, and matching
    // searches the days either side of its show day.
    if (!certain && points[to - 1]!.utcMs - points[from]!.utcMs <= UNCERTAIN_WHOLE_MS) {
      events.push(summarize(points, eff, from, to, from, false));
      continue;
    }
    let start = from;
    let day = showDayNumber(points[from]!.utcMs, eff[0]!.offset);
    for (let i = from + 1; i <= to; i++) {
      const d = i < to ? showDayNumber(points[i]!.utcMs, eff[i - from]!.offset) : null;
      if (d === day) continue;
      events.push(summarize(points, eff, start, i, from, certain));
      start = i;
      if (d !== null) day = d;
    }
  }
  return events;
}

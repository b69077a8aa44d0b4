import { describe, expect, it } from 'vitest';
import { offsetAt, zonedWallToUtc } from '../metadata/time-zone.js';
import { buildEvents, DEFAULT_CLUSTER_OPTIONS, type PhotoPoint } from './event.builder.js';
import { assignEventIds } from './event-identity.js';
import { gapBoundaries, DEFAULT_GAP_RULE } from './gap-rule.js';

const BERLIN = { lat: 52.52, lon: 13.405 };
const HAMBURG = { lat: 53.55, lon: 10.0 };
let n = 0;

function at(local: string, zone: string): number {
  const [d, t] = local.split('T') as [string, string];
  const [year, month, day] = d.split('-').map(Number) as [number, number, number];
  const [hour, minute] = t.split(':').map(Number) as [number, number];
  return zonedWallToUtc({ year, month, day, hour, minute, second: 0, millisecond: 0 }, zone).utcMs;
}

function photo(
  utcMs: number,
  zone: string,
  where: { lat: number; lon: number } | null = BERLIN,
  extra: Partial<PhotoPoint> = {},
): PhotoPoint {
  return {
    id: `p${String(n++).padStart(4, '0')}`,
    utcMs,
    offsetMinutes: offsetAt(utcMs, zone),
    zone,
    zoneReliable: true,
    lat: where?.lat ?? null,
    lon: where?.lon ?? null,
    cityId: null,
    decision: null,
    ...extra,
  };
}

/** Photos every `minutes` between two local wall times. */
function burst(from: string, to: string, minutes: number, zone = 'Europe/Berlin', where = BERLIN) {
  const out: PhotoPoint[] = [];
  for (let t = at(from, zone); t <= at(to, zone); t += minutes * 60_000)
    out.push(photo(t, zone, where));
  return out;
}

describe('event builder', () => {
  it('keeps a show whole across the break between opener and headliner', () => {
    const events = buildEvents([
      ...burst('2024-05-10T20:00', '2024-05-10T20:40', 1),
      ...burst('2024-05-10T22:10', '2024-05-10T23:30', 1),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]!.showDay).toBe('2024-05-10');
  });

  it('splits an afternoon in town from the show that evening, and days apart', () => {
    const events = buildEvents([
      ...burst('2024-05-10T15:00', '2024-05-10T16:00', 2),
      ...burst('2024-05-10T19:00', '2024-05-10T22:00', 1),
      ...burst('2024-05-12T20:00', '2024-05-12T21:00', 1),
    ]);
    expect(events.map((e) => [e.showDay, e.photoIds.length])).toEqual([
      ['2024-05-10', 31],
      ['2024-05-10', 181],
      ['2024-05-12', 61],
    ]);
  });

  it('puts photos before 06:00 local into the evening before, and splits at the cutover', () => {
    const night = burst('2024-05-10T21:00', '2024-05-11T05:59', 20);
    const morning = burst('2024-05-11T06:00', '2024-05-11T07:00', 20);
    const events = buildEvents([...night, ...morning]);
    expect(events.map((e) => e.showDay)).toEqual(['2024-05-10', '2024-05-11']);
    expect(events[0]!.localDate).toBe('2024-05-10');
    expect(events[1]!.photoIds[0]).toBe(morning[0]!.id);
  });

  it('keeps a show night whole across the October DST change in Berlin', () => {
    // 2024-10-27 03:00 CEST -> 02:00 CET: the hour 02:00-03:00 happens twice.
    const start = at('2024-10-26T22:00', 'Europe/Berlin');
    const photos: PhotoPoint[] = [];
    for (let t = start; t <= start + 5.5 * 3_600_000; t += 10 * 60_000)
      photos.push(photo(t, 'Europe/Berlin'));
    const events = buildEvents(photos);
    expect(events).toHaveLength(1);
    expect(events[0]!.showDay).toBe('2024-10-26');
    expect(events[0]!.timeZone).toBe('Europe/Berlin');
  });

  it('keeps a show night whole across the March DST change in Berlin', () => {
    // 2025-03-30 02:00 CET -> 03:00 CEST; 05:30 CEST is still before the cutover.
    const events = buildEvents(burst('2025-03-29T23:00', '2025-03-30T05:30', 15));
    expect(events).toHaveLength(1);
    expect(events[0]!.showDay).toBe('2025-03-29');
  });

  it('lets a photo without GPS join the event of its time', () => {
    const show = burst('2024-05-10T20:00', '2024-05-10T21:00', 5);
    const noGps = photo(at('2024-05-10T20:32', 'Europe/Berlin'), 'Europe/Berlin', null);
    const events = buildEvents([...show, noGps].sort((a, b) => a.utcMs - b.utcMs));
    expect(events).toHaveLength(1);
    expect(events[0]!.photoIds).toContain(noGps.id);
    expect(events[0]!.gpsCount).toBe(show.length);
  });

  it('gives a home-zone camera abroad the zone (and night) of the phone beside it', () => {
    // Show in New York; the camera has no GPS and is on Berlin time, read in the home zone.
    const phone = burst('2024-05-10T21:00', '2024-05-11T00:30', 10, 'America/New_York', {
      lat: 40.75,
      lon: -73.99,
    });
    const camera = phone.map((p) =>
      photo(p.utcMs + 60_000, 'Europe/Berlin', null, { zoneReliable: false }),
    );
    const events = buildEvents([...phone, ...camera].sort((a, b) => a.utcMs - b.utcMs));
    expect(events).toHaveLength(1);
    expect(events[0]!.showDay).toBe('2024-05-10');
    expect(events[0]!.timeZone).toBe('America/New_York');
    expect(events[0]!.zoneCertain).toBe(true);
  });

  it('marks an event of home-zone guesses as uncertain', () => {
    const camera = burst('2024-05-10T21:00', '2024-05-10T22:00', 10).map((p) => ({
      ...p,
      lat: null,
      lon: null,
      zoneReliable: false,
    }));
    const [e] = buildEvents(camera);
    expect(e!.zoneCertain).toBe(false);
    expect(e!.lat).toBeNull();
  });

  it('splits when the photographer moved far, but not for one bad GPS fix', () => {
    const glitch = burst('2024-05-10T20:00', '2024-05-10T21:00', 1);
    glitch[30] = { ...glitch[30]!, lat: 48.1, lon: 11.5 };
    expect(buildEvents(glitch)).toHaveLength(1);
    const trip = [
      ...burst('2024-05-10T10:00', '2024-05-10T11:00', 5),
      ...burst('2024-05-10T12:30', '2024-05-10T13:00', 5, 'Europe/Berlin', HAMBURG),
    ];
    expect(buildEvents(trip)).toHaveLength(2);
  });

  it('never puts photos the user decided differently about into one event', () => {
    const a = burst('2024-05-10T20:00', '2024-05-10T20:30', 5).map((p) => ({
      ...p,
      decision: 'assign:1',
    }));
    const b = burst('2024-05-10T20:35', '2024-05-10T21:00', 5).map((p) => ({
      ...p,
      decision: 'not-concert:',
    }));
    expect(buildEvents([...a, ...b])).toHaveLength(2);
  });

  it('uses the median position, so one stray fix does not move the centre', () => {
    const photos = burst('2024-05-10T20:00', '2024-05-10T20:10', 1);
    photos[3] = { ...photos[3]!, lat: 10, lon: 10 };
    const [e] = buildEvents(photos);
    expect(e!.lat).toBeCloseTo(BERLIN.lat, 5);
  });
});

describe('gap rules', () => {
  const minutes = (...m: number[]) => m.map((x) => x * 60_000);

  it('fixed: splits only gaps above the limit', () => {
    const cuts = gapBoundaries(minutes(0, 30, 95, 100), { ...DEFAULT_GAP_RULE, gapRule: 'fixed' });
    expect([...cuts]).toEqual([0, 1, 0]);
  });

  it('phototoc: a gap far above its neighbours splits, the same gap among long ones does not', () => {
    const dense = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 60, 61, 62, 63, 64, 65];
    const cuts = gapBoundaries(minutes(...dense), { ...DEFAULT_GAP_RULE, gapRule: 'phototoc' });
    expect(cuts[9]).toBe(1);
    const sparse = [0, 40, 80, 120, 170, 210, 250];
    const none = gapBoundaries(minutes(...sparse), { ...DEFAULT_GAP_RULE, gapRule: 'phototoc' });
    expect([...none].every((c) => c === 0)).toBe(true);
  });

  it('encore: never splits under two hours, always over six', () => {
    const times = [0, 1, 2, 3, 4, 5, 95, 96, 97, 98, 99, 600, 601, 602];
    const cuts = gapBoundaries(minutes(...times), DEFAULT_CLUSTER_OPTIONS);
    expect(cuts[5]).toBe(0);
    expect(cuts[10]).toBe(1);
  });
});

describe('event identity', () => {
  it('keeps the id of the old event with the largest overlap and names new ones by photo', () => {
    const previous = new Map([
      ['a', 'e1'],
      ['b', 'e1'],
      ['c', 'e1'],
      ['d', 'e2'],
    ]);
    const ids = assignEventIds([['a', 'b'], ['c', 'd', 'x'], ['ffffffffffffffffff00']], previous);
    expect(ids[0]).toBe('e1');
    expect(ids[1]).toBe('e2');
    expect(ids[2]).toBe(`e${'f'.repeat(16)}`);
  });
});

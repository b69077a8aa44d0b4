import { afterEach, describe, expect, it } from 'vitest';
import type { ShowId } from '../catalog/types.js';
import type { Library } from '../library/library.js';
import { MatchService } from './match.service.js';
import { MemoryCatalog, showRecord, type ShowSpec } from './memory-catalog.js';
import { addPhotos, openTestLibrary, PLACES, series } from './testing/fixtures-library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type Place = (typeof PLACES)[keyof typeof PLACES];

function show(id: number, date: string, venue: string, p: Place, extra: Partial<ShowSpec> = {}) {
  return showRecord({
    id,
    date,
    venue,
    city: p.city,
    cityId: p.cityId,
    cityLat: p.lat,
    cityLon: p.lon,
    country: p.country,
    ...extra,
  });
}

/** A few km from the city centre, like a venue. */
function near(p: Place, dLat = 0.03, dLon = 0.02) {
  return { lat: p.lat + dLat, lon: p.lon + dLon };
}

function setup(shows: ReturnType<typeof show>[] = []) {
  const lib: Library = openTestLibrary(cleanups);
  const catalog = new MemoryCatalog(shows);
  const service = new MatchService(lib.db, { catalog });
  return { lib, catalog, service };
}

async function run(service: MatchService, onlyChanged = true) {
  const built = service.rebuildEvents();
  const matched = await service.match({ onlyChanged });
  return { built, matched, events: service.events() };
}

const berlinShow = show(1, '2024-05-10', 'Columbiahalle', PLACES.berlin, {
  artists: ['Opener', 'Headliner'],
});

describe('match service: outcomes', () => {
  it('matches a show at home, with the line-up in bill order and the reasons', async () => {
    const { lib, service } = setup([berlinShow]);
    addPhotos(
      lib,
      series('2024-05-10T20:10', '2024-05-10T23:40', 5, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const { events } = await run(service);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({ status: 'matched', decidedBy: 'auto', showDay: '2024-05-10' });
    expect(e.show).toMatchObject({
      id: 1,
      artists: ['Opener', 'Headliner'],
      setlistIds: ['sl1x0', 'sl1x1'],
    });
    expect(e.city?.geonameId).toBe(PLACES.berlin.cityId);
    expect(e.nearbyCityIds).toContain(PLACES.berlin.cityId);
    expect(e.candidates[0]!.reasons).toEqual(
      expect.arrayContaining(['same day', 'photos 20:10-23:40 local']),
    );
    expect(e.candidates[0]!.reasons.join(' ')).toMatch(/km from Berlin \(venue city\)/);
  });

  it('matches photos after midnight to the evening before', async () => {
    const { lib, service } = setup([berlinShow]);
    addPhotos(
      lib,
      series('2024-05-10T23:30', '2024-05-11T01:30', 10, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const { events } = await run(service);
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e).toMatchObject({ status: 'matched', localDate: '2024-05-10', showDay: '2024-05-10' });
    expect(e!.photoIds).toHaveLength(13);
    expect(e!.candidates[0]!.reasons[0]).toBe(
      'same night (photos after midnight count for the evening before)',
    );
    expect(e!.show?.id).toBe(1);
  });

  it('matches a show abroad with an offset in the file, and without one (GPS zone)', async () => {
    const tokyo = show(2, '2024-07-19', 'Akasaka BLITZ', PLACES.tokyo);
    const { lib, service } = setup([tokyo]);
    addPhotos(
      lib,
      series('2024-07-19T19:00', '2024-07-19T21:00', 5, {
        zone: 'Asia/Tokyo',
        zoneSource: 'exif-offset',
        at: near(PLACES.tokyo),
      }),
    );
    addPhotos(
      lib,
      series('2024-07-19T21:30', '2024-07-19T23:50', 5, {
        zone: 'Asia/Tokyo',
        zoneSource: 'gps-lookup',
        at: near(PLACES.tokyo),
      }),
    );
    const { events } = await run(service);
    expect(events.map((e) => [e.status, e.show?.id, e.timeZone])).toEqual([
      ['matched', 2, 'Asia/Tokyo'],
    ]);
  });

  it('a home-zone camera beside a phone abroad joins the phone and matches', async () => {
    const nyc = show(3, '2024-05-10', 'Madison Square Garden', PLACES.newYork);
    const { lib, service } = setup([nyc]);
    const phone = series('2024-05-10T20:00', '2024-05-11T00:30', 15, {
      zone: 'America/New_York',
      at: near(PLACES.newYork),
    });
    addPhotos(lib, phone);
    addPhotos(
      lib,
      phone.map((p) => ({
        ...p,
        zone: 'Europe/Berlin',
        zoneSource: 'home-zone' as const,
        at: null,
        clockOffMinutes: 3,
      })),
    );
    const { events } = await run(service);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      status: 'matched',
      showDay: '2024-05-10',
      zoneCertain: true,
    });
    expect(events[0]!.photoIds).toHaveLength(phone.length * 2);
  });

  it('a home-zone camera alone abroad searches adjacent days and never matches wrong', async () => {
    // Three nights at one venue in New York; the camera (no GPS, Berlin time) shot night two.
    // In Berlin it was already the next day after 00:00 NY time minus 6 h: the show day is a guess.
    const run3 = [9, 10, 11].map((d) =>
      show(10 + d, `2024-05-${d}`, 'Madison Square Garden', PLACES.newYork),
    );
    const { lib, service } = setup(run3);
    const night2 = series('2024-05-10T21:00', '2024-05-11T00:30', 10, { zone: 'America/New_York' });
    addPhotos(
      lib,
      night2.map((p) => ({
        ...p,
        zone: 'Europe/Berlin',
        zoneSource: 'home-zone' as const,
        at: null,
      })),
    );
    const { events } = await run(service);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.zoneCertain).toBe(false);
    expect(e.status).not.toBe('matched');
    expect(e.candidates[0]!.show.id).toBe(20);
    expect(e.candidates[0]!.reasons.join(' ')).toMatch(/place unknown/);
  });

  it('two venues in one city on one night: ambiguous, listing both', async () => {
    const a = show(4, '2024-05-10', 'Columbiahalle', PLACES.berlin);
    const b = show(5, '2024-05-10', 'Astra Kulturhaus', PLACES.berlin);
    const other = show(6, '2024-05-10', 'O2 Arena', PLACES.london);
    const { lib, service } = setup([a, b, other]);
    addPhotos(
      lib,
      series('2024-05-10T20:00', '2024-05-10T22:00', 5, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const [e] = (await run(service)).events;
    expect(e!.status).toBe('ambiguous');
    expect(e!.show).toBeNull();
    expect(e!.candidates.map((c) => c.show.id).sort()).toEqual([4, 5]);
    expect(e!.candidates[0]!.score).toBe(e!.candidates[1]!.score);
  });

  it('user venue coordinates tell two venues in one city apart', async () => {
    const here = near(PLACES.berlin);
    const a = show(4, '2024-05-10', 'Columbiahalle', PLACES.berlin, {
      lat: here.lat + 0.001,
      lon: here.lon,
    });
    const b = show(5, '2024-05-10', 'Astra Kulturhaus', PLACES.berlin, {
      lat: here.lat - 0.08,
      lon: here.lon + 0.1,
    });
    const { lib, service } = setup([a, b]);
    addPhotos(
      lib,
      series('2024-05-10T20:00', '2024-05-10T22:00', 5, { zone: 'Europe/Berlin', at: here }),
    );
    const [e] = (await run(service)).events;
    expect(e).toMatchObject({ status: 'matched', show: { id: 4 } });
  });

  it('an afternoon in the show city is only a suggestion; a day without shows has none', async () => {
    const { lib, service } = setup([berlinShow]);
    addPhotos(
      lib,
      series('2024-05-10T11:00', '2024-05-10T13:00', 10, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    addPhotos(
      lib,
      series('2024-06-01T20:00', '2024-06-01T21:00', 10, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const { events } = await run(service);
    expect(events.map((e) => e.status)).toEqual(['unmatched', 'unmatched']);
    expect(events[0]!.candidates.map((c) => c.show.id)).toEqual([1]);
    expect(events[0]!.candidates[0]!.reasons).toContain('suggestion');
    expect(events[1]!.candidates).toEqual([]);
  });

  it('a show night across the DST change matches (October and March, Berlin)', async () => {
    const oct = show(7, '2024-10-26', 'SO36', PLACES.berlin);
    const mar = show(8, '2025-03-29', 'SO36', PLACES.berlin);
    const { lib, service } = setup([oct, mar]);
    // 2024-10-27: 03:00 CEST -> 02:00 CET. Photos every 10 min from 22:00 CEST for 5.5 hours.
    const start = Date.parse('2024-10-26T20:00:00Z');
    const octPhotos = Array.from({ length: 34 }, (_, i) => ({
      utc: new Date(start + i * 10 * 60_000).toISOString(),
      zone: 'Europe/Berlin',
      at: near(PLACES.berlin),
    }));
    addPhotos(lib, octPhotos);
    addPhotos(
      lib,
      series('2025-03-29T23:00', '2025-03-30T04:30', 10, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const { events } = await run(service);
    expect(events.map((e) => [e.showDay, e.status, e.show?.id])).toEqual([
      ['2024-10-26', 'matched', 7],
      ['2025-03-29', 'matched', 8],
    ]);
  });

  it('keeps photos without a capture time, or with only a file time, out of events', async () => {
    const { lib, service } = setup([berlinShow]);
    addPhotos(
      lib,
      series('2024-05-10T20:00', '2024-05-10T20:20', 10, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const [mtime] = addPhotos(lib, [
      { local: '2024-05-10T20:05', zone: 'Europe/Berlin', timeSource: 'file-mtime' },
    ]);
    lib.db
      .prepare(`UPDATE photos SET taken_at = NULL, taken_at_utc = NULL, sort_ms = 0 WHERE id = ?`)
      .run(addPhotos(lib, [{ local: '2024-05-10T20:06', zone: 'Europe/Berlin' }])[0]);
    const { built, events } = await run(service);
    expect(events[0]!.photoIds).toHaveLength(3);
    expect(built.excluded.sort((a, b) => a.reason.localeCompare(b.reason))).toEqual([
      { reason: 'file-time-only', photos: 1 },
      { reason: 'no-capture-time', photos: 1 },
    ]);
    expect(service.excluded().find((x) => x.reason === 'file-time-only')?.photoId).toBe(mtime);
  });
});

describe('match service: user decisions and incremental re-match', () => {
  async function twoVenues() {
    const a = show(4, '2024-05-10', 'Columbiahalle', PLACES.berlin);
    const b = show(5, '2024-05-10', 'Astra Kulturhaus', PLACES.berlin);
    const ctx = setup([a, b]);
    addPhotos(
      ctx.lib,
      series('2024-05-10T20:00', '2024-05-10T21:00', 5, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const [e] = (await run(ctx.service)).events;
    return { ...ctx, eventId: e!.id };
  }

  it('an assignment wins, and survives re-matching and re-clustering with new photos', async () => {
    const { lib, service, eventId } = await twoVenues();
    const assigned = service.assign(eventId.slice(0, 8), 5 as ShowId);
    expect(assigned).toMatchObject({ status: 'matched', decidedBy: 'user', show: { id: 5 } });
    expect(assigned.candidates[0]!.reasons).toContain('assigned by you');
    // More photos that evening (a second phone) extend the event.
    addPhotos(
      lib,
      series('2024-05-10T21:10', '2024-05-10T22:30', 5, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const { events } = await run(service, false);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: eventId,
      status: 'matched',
      decidedBy: 'user',
      show: { id: 5 },
    });
  });

  it('unassign sends the event to the review queue for good; clearDecision hands it back', async () => {
    const { catalog, service, eventId } = await twoVenues();
    service.assign(eventId, 4 as ShowId);
    const un = service.unassign(eventId);
    expect(un).toMatchObject({ status: 'unmatched', decidedBy: 'user', show: null });
    catalog.remove(5 as ShowId); // now only one show fits: auto would match it
    await run(service, false);
    expect(service.event(eventId)).toMatchObject({ status: 'unmatched', decidedBy: 'user' });
    expect(service.clearDecision(eventId)).toMatchObject({
      status: 'matched',
      decidedBy: 'auto',
      show: { id: 4 },
    });
  });

  it('not a concert sticks', async () => {
    const { service, eventId } = await twoVenues();
    expect(service.markNotConcert(eventId)).toMatchObject({
      status: 'not-concert',
      decidedBy: 'user',
    });
    await run(service, false);
    expect(service.events({ status: 'not-concert' }).map((e) => e.id)).toEqual([eventId]);
    expect(service.events({ status: 'ambiguous' })).toEqual([]);
  });

  it('rejects unknown events and shows with a clear message', async () => {
    const { service, eventId } = await twoVenues();
    expect(() => service.assign('enothere', 4 as ShowId)).toThrow(/no event "enothere"/);
    expect(() => service.assign(eventId, 999 as ShowId)).toThrow(/no show 999/);
  });

  it('re-matching after a catalog change touches only the events on the changed dates', async () => {
    const { lib, catalog, service } = setup([berlinShow]);
    addPhotos(
      lib,
      series('2024-05-10T20:00', '2024-05-10T21:00', 5, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    addPhotos(
      lib,
      series('2024-06-01T20:00', '2024-06-01T21:00', 5, {
        zone: 'Europe/Berlin',
        at: near(PLACES.berlin),
      }),
    );
    const first = await run(service);
    expect(first.matched.rematched).toBe(2);
    const again = await run(service);
    expect(again.built).toMatchObject({ created: 0, changed: 0, removed: 0, unchanged: 2 });
    expect(again.matched.rematched).toBe(0);
    // A show is added on June 1st: only that evening's event is scored again, and now matches.
    catalog.put(show(9, '2024-06-01', 'Lido', PLACES.berlin));
    const after = await run(service);
    expect(after.matched.rematched).toBe(1);
    expect(after.events.map((e) => e.show?.id)).toEqual([1, 9]);
    // The May show is edited (new updatedAt): only May is touched.
    catalog.put({ ...berlinShow, updatedAt: '2025-01-01T00:00:00.000Z' });
    expect((await run(service)).matched.rematched).toBe(1);
  });

  it('asks setlist.fm only for evening events with no show that day; offers, never assumes', async () => {
    const lib = openTestLibrary(cleanups);
    const asked: string[] = [];
    const found = { ...show(30, '2024-06-01', 'Lido', PLACES.berlin), origin: 'online' as const };
    const catalog = new MemoryCatalog([berlinShow]);
    const service = new MatchService(lib.db, {
      catalog,
      online: async (cityIds, date) => {
        asked.push(date);
        if (date === '2024-06-01') {
          catalog.put(found);
          return [found];
        }
        throw new Error('setlist.fm is unreachable (offline)');
      },
    });
    const at = { zone: 'Europe/Berlin', at: near(PLACES.berlin) };
    addPhotos(lib, series('2024-05-10T20:00', '2024-05-10T21:00', 5, at));
    addPhotos(lib, series('2024-06-01T20:00', '2024-06-01T21:00', 5, at));
    addPhotos(lib, series('2024-07-01T20:00', '2024-07-01T21:00', 5, at));
    addPhotos(lib, series('2024-08-01T10:00', '2024-08-01T11:00', 5, at));
    const { matched, events } = await run(service);
    // Not for the matched May show, not for the August morning; July failed (offline).
    expect(asked).toEqual(['2024-06-01', '2024-07-01']);
    expect(events.map((e) => e.status)).toEqual(['matched', 'unmatched', 'unmatched', 'unmatched']);
    expect(events[1]!.candidates[0]!.show.id).toBe(30);
    expect(events[1]!.candidates[0]!.reasons.join(' ')).toMatch(/found on setlist.fm/);
    expect(matched.onlineProblem).toMatch(/offline/);
    // July is asked again on the next run; June is not.
    asked.length = 0;
    await run(service);
    expect(asked).toEqual(['2024-07-01']);
  });
});

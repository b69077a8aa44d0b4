// The Concerts page's handlers on a real library: events listed with matching brought up to
// date, decisions made and undone, show search, and the debounced 'events.changed' push.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Events, ShowInfo } from '../contract/index.js';
import { Catalog } from '../catalog/catalog.service.js';
import { Library } from '../library/library.js';
import { addCatalogShow, addPhotos, PLACES, series } from '../matching/testing/fixtures-library.js';
import { copyFixtures, engineInternals, tempDir } from '../testing/index.js';
import { ConcertsApi, searchShows, spreadIds } from './concerts.api.js';
import { Engine } from './engine.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const venueSpot = { lat: PLACES.berlin.lat + 0.01, lon: PLACES.berlin.lon + 0.01 };

/** A library with one Berlin evening, two shows in Berlin that night and one a week later. */
async function openConcertLibrary() {
  const t = tempDir('encore-concerts-');
  cleanups.push(t.cleanup);
  const lib = Library.open(t.dir);
  const photos = addPhotos(
    lib,
    series('2024-05-10T20:00', '2024-05-10T23:00', 15, { zone: 'Europe/Berlin', at: venueSpot }),
  );
  const place = PLACES.berlin;
  const a = addCatalogShow(lib, {
    date: '2024-05-10',
    venue: 'Columbiahalle',
    place,
    artists: ['Opener', 'Motörhead'],
  });
  const b = addCatalogShow(lib, { date: '2024-05-10', venue: 'SO36', place, artists: ['Other'] });
  const c = addCatalogShow(lib, { date: '2024-05-17', venue: 'Astra', place, artists: ['Later'] });
  lib.close();
  const engine = await Engine.open({ libraryDir: t.dir, homeZone: 'UTC', workers: 1 });
  cleanups.push(() => engine.close());
  return { engine, dir: t.dir, photos, shows: { a, b, c } };
}

describe('concerts handlers', () => {
  it('lists the evening as ambiguous between the two shows, then records and undoes decisions', async () => {
    const { engine, photos, shows } = await openConcertLibrary();
    const [event] = await engine.call('events.list', {});
    expect(event).toMatchObject({
      status: 'ambiguous',
      decidedBy: 'auto',
      show: null,
      photoCount: photos.length,
      localDate: '2024-05-10',
      timeZone: 'Europe/Berlin',
      localStart: '20:00',
      localEnd: '23:00',
      city: { name: 'Berlin' },
    });
    expect(event!.thumbs.map((t) => t.id)).toEqual([photos[0], photos[4], photos[8], photos[12]]);
    expect(event!.thumbs[0]!.gridUrl).toBe(`/thumbs/grid/${photos[0]}.webp`);
    expect(event!.candidates.map((c) => c.show.id).sort()).toEqual([shows.a, shows.b].sort());
    const columbia = event!.candidates.find((c) => c.show.id === shows.a)!.show;
    expect(columbia).toEqual({
      id: shows.a,
      date: '2024-05-10',
      venue: {
        name: 'Columbiahalle',
        city: 'Berlin',
        country: 'DE',
        lat: null,
        lon: null,
        setlistfmId: null,
      },
      artists: ['Opener', 'Motörhead'],
      tour: null,
      origin: 'manual',
      setlistIds: ['Ope1', 'Mot1'],
    });

    const assigned = await engine.call('events.assign', { eventId: event!.id, showId: shows.a });
    expect(assigned).toMatchObject({ status: 'matched', decidedBy: 'user', show: { id: shows.a } });
    expect(await engine.call('events.list', { status: 'matched' })).toHaveLength(1);
    expect(await engine.call('events.list', { status: 'ambiguous' })).toHaveLength(0);
    // The decision is queued for the user's other devices.
    expect(
      engineInternals(engine).outbox.value('event_assignments', photos[0]!, 'decision'),
    ).toBeTruthy();

    const notConcert = await engine.call('events.notConcert', { eventId: event!.id });
    expect(notConcert).toMatchObject({ status: 'not-concert', decidedBy: 'user', show: null });
    const cleared = await engine.call('events.clearDecision', { eventId: event!.id });
    expect(cleared).toMatchObject({ status: 'ambiguous', decidedBy: 'auto' });
    const unassigned = await engine.call('events.unassign', { eventId: event!.id });
    expect(unassigned).toMatchObject({ decidedBy: 'user', show: null });
  });

  it('picks up photos added since the last listing', async () => {
    const { engine } = await openConcertLibrary();
    expect(await engine.call('events.list', {})).toHaveLength(1);
    // Another evening arrives (as ingest would store it): the next listing has it.
    const lib = engineInternals(engine).library;
    addPhotos(
      lib,
      series('2024-05-17T20:30', '2024-05-17T22:30', 20, { zone: 'Europe/Berlin', at: venueSpot }),
    );
    const events = await engine.call('events.list', {});
    expect(events.map((e) => [e.localDate, e.status])).toEqual([
      ['2024-05-17', 'matched'],
      ['2024-05-10', 'ambiguous'],
    ]);
    expect(events[0]!.show?.venue.name).toBe('Astra');
  });

  it('searches the catalog by any words, accents ignored, nearest to a date first', async () => {
    const { engine, shows } = await openConcertLibrary();
    const ids = (list: ShowInfo[]) => list.map((s) => s.id);
    expect(ids(await engine.call('concerts.list', {}))).toEqual([shows.c, shows.b, shows.a]);
    expect(ids(await engine.call('concerts.list', { query: 'motorhead berlin' }))).toEqual([
      shows.a,
    ]);
    expect(ids(await engine.call('concerts.list', { query: '2024-05-17' }))).toEqual([shows.c]);
    expect(ids(await engine.call('concerts.list', { near: '2024-05-11', limit: 2 }))).toEqual([
      shows.b,
      shows.a,
    ]);
  });

  it('refuses malformed input with a message that names the field', async () => {
    const { engine } = await openConcertLibrary();
    const loose = engine.call.bind(engine) as (name: string, q: unknown) => Promise<unknown>;
    await expect(loose('events.list', { status: 'maybe' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('status'),
    });
    await expect(loose('events.assign', { eventId: 'e1', showId: 'x' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('showId'),
    });
    await expect(loose('events.notConcert', {})).rejects.toMatchObject({
      message: expect.stringContaining('eventId'),
    });
    await expect(loose('concerts.list', { near: 'May' })).rejects.toMatchObject({
      message: expect.stringContaining('near'),
    });
  });
});

describe('events.changed', () => {
  it('goes out once per burst of synced decisions, not for synced stars', async () => {
    vi.useFakeTimers();
    try {
      const t = tempDir('encore-concerts-');
      const lib = Library.open(t.dir);
      cleanups.push(t.cleanup, () => lib.close());
      const sent: Events['events.changed'][] = [];
      const api = new ConcertsApi(lib, Catalog.forLibrary(lib), {
        readonly: false,
        setlistfmUrl: 'http://127.0.0.1:9',
        onDecision: () => {},
        emit: (p) => sent.push(p),
        debounceMs: 100,
      });
      api.syncApplied(['photos']);
      api.syncApplied(['event_assignments']);
      api.syncApplied(['shows', 'show_artists']);
      vi.advanceTimersByTime(99);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(sent).toEqual([{ reason: 'sync' }]);

      // Photos: nothing while ingest is busy, one push when it is idle.
      api.photosCommitted();
      api.photosCommitted();
      vi.advanceTimersByTime(500);
      expect(sent).toHaveLength(1);
      api.ingestIdle();
      api.ingestIdle();
      vi.advanceTimersByTime(100);
      expect(sent).toEqual([{ reason: 'sync' }, { reason: 'photos' }]);
      await api.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('events.changed from the engine', () => {
  it('goes out after a scan imported photos, and the next listing has their event', async () => {
    const lib = tempDir('encore-concerts-');
    const folder = tempDir('encore-concerts-photos-');
    cleanups.push(lib.cleanup, folder.cleanup);
    copyFixtures(folder.dir, ['jpeg_gps/mei__Apple_iPhone_4.jpg', 'jpeg_gps/ianare__DSCN0010.jpg']);
    const engine = await Engine.open({ libraryDir: lib.dir, homeZone: 'UTC', workers: 1 });
    cleanups.push(() => engine.close());
    const sent: Events['events.changed'][] = [];
    const changed = new Promise<void>((resolve) =>
      engine.on('events.changed', (p) => {
        sent.push(p);
        resolve();
      }),
    );
    await engine.call('library.scan', { paths: [folder.dir] });
    await changed;
    expect(sent).toEqual([{ reason: 'photos' }]);
    const events = await engine.call('events.list', {});
    expect(events.reduce((n, e) => n + e.photoCount, 0)).toBe(2);
  }, 120_000);
});

describe('pure helpers', () => {
  it('spreads thumbnails over the event, first and last included', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    expect(spreadIds(ids, 4)).toEqual(['p0', 'p3', 'p6', 'p9']);
    expect(spreadIds(ids.slice(0, 3), 4)).toEqual(['p0', 'p1', 'p2']);
    expect(spreadIds(ids, 1)).toEqual(['p0']);
  });

  it('matches every word and sorts newest first without a date', async () => {
    const show = (id: number, date: string, artists: string[], tour: string | null = null) => ({
      id,
      date,
      venue: {
        name: 'Hall',
        city: 'Zürich',
        country: 'CH',
        lat: null,
        lon: null,
        setlistfmId: null,
      },
      artists,
      tour,
      origin: 'manual' as const,
      setlistIds: [],
    });
    const all = [show(1, '2023-01-01', ['A']), show(2, '2024-01-01', ['B'], 'World Tour')];
    expect(searchShows(all, '  zurich ', null, 10).map((s) => s.id)).toEqual([2, 1]);
    expect(searchShows(all, 'world hall', null, 10).map((s) => s.id)).toEqual([2]);
    expect(searchShows(all, 'nothing', null, 10)).toEqual([]);
  });
});

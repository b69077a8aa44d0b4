import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.service.js';
import type { LocalDate } from '../catalog/types.js';
import { SyncOutbox } from '../sync/outbox.js';
import { MatchService } from './match.service.js';
import { addPhotos, openTestLibrary, PLACES, series } from './testing/fixtures-library.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function setup() {
  const lib = openTestLibrary(cleanups);
  const catalog = Catalog.forLibrary(lib);
  const show = catalog.create({
    date: '2024-05-10',
    venue: { name: 'Columbiahalle', city: 'Berlin', country: 'DE' },
    artists: ['Headliner'],
  });
  const photos = addPhotos(
    lib,
    series('2024-05-10T20:00', '2024-05-10T22:00', 30, {
      zone: 'Europe/Berlin',
      at: { lat: PLACES.berlin.lat + 0.02, lon: PLACES.berlin.lon },
    }),
  );
  const service = new MatchService(lib.db, { catalog });
  service.rebuildEvents();
  await service.match();
  const eventId = service.events()[0]!.id;
  const outbox = new SyncOutbox(lib.db);
  const decisionOf = (photo: string) => outbox.value('event_assignments', photo, 'decision');
  return { lib, catalog, show, photos, service, eventId, outbox, decisionOf };
}

describe('match decisions record event_assignments per photo', () => {
  it('assign, unassign, not a concert and clear each queue one field per photo of the event', async () => {
    const { show, photos, service, eventId, outbox, decisionOf } = await setup();
    expect(photos).toHaveLength(5);
    const pendingBefore = outbox.pending();

    service.assign(eventId, show.id);
    for (const p of photos) expect(decisionOf(p)).toEqual({ kind: 'assign', show: show.syncKey });
    expect(outbox.pending()).toBe(pendingBefore + photos.length);

    service.unassign(eventId);
    for (const p of photos) expect(decisionOf(p)).toEqual({ kind: 'unassign' });
    service.markNotConcert(eventId);
    for (const p of photos) expect(decisionOf(p)).toEqual({ kind: 'not-concert' });
    service.clearDecision(eventId);
    for (const p of photos) expect(decisionOf(p)).toBeNull();
    // The outbox keeps a field's latest change only.
    expect(outbox.pending()).toBe(pendingBefore + photos.length);
  });

  it('assigning a show found online sends the show too, so other devices can resolve it', async () => {
    const { lib, catalog, service, eventId, outbox } = await setup();
    const { showIds } = catalog.importDrafts([
      {
        date: '2024-05-10' as LocalDate,
        venue: {
          name: 'Astra',
          setlistfmId: '3bd6b4e0',
          cityName: 'Berlin',
          cityGeonameId: PLACES.berlin.cityId,
          country: 'DE',
          cityLat: null,
          cityLon: null,
          lat: null,
          lon: null,
          asOf: null,
        },
        artists: [{ name: 'Support', mbid: null }],
        setlists: [],
        tour: null,
        origin: 'online',
        billOrder: 'by-songs',
      },
    ]);
    const found = catalog.get(showIds[0]!)!;
    expect(outbox.value('shows', found.syncKey, 'date')).toBeUndefined();
    service.assign(eventId, found.id);
    expect(outbox.value('shows', found.syncKey, 'date')).toBe('2024-05-10');
    expect(outbox.value('show_artists', `${found.syncKey}/name:support`, 'position')).toBe(0);
    expect(lib.db.inTransaction).toBe(false);
  });
});

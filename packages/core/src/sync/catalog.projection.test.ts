import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.service.js';
import { setlistfmFixture } from '../catalog/testing/temp-catalog.js';
import type { LocalDate, ShowRecord } from '../catalog/types.js';
import type { Library } from '../library/library.js';
import { MatchService } from '../matching/match.service.js';
import {
  addPhotos,
  openTestLibrary,
  PLACES,
  series,
  type PhotoSpec,
} from '../matching/testing/fixtures-library.js';
import { syncProjections } from './projections.js';
import { SyncReplica, type RemoteChange } from './replica.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface Device {
  lib: Library;
  catalog: Catalog;
  id: string;
}

function device(id: string): Device {
  const lib = openTestLibrary(cleanups);
  return { lib, catalog: Catalog.forLibrary(lib), id };
}

/** Everything this device holds in sync_fields, as the messages another device would pull. */
function messagesOf(d: Device): RemoteChange[] {
  return new SyncReplica(d.lib.db, {}).fields().map((f) => ({ ...f, device: f.device ?? d.id }));
}

function apply(to: Device, messages: RemoteChange[]): RemoteChange[] {
  const replica = new SyncReplica(to.lib.db, syncProjections(to.lib.db));
  return to.lib.transaction(() => replica.apply(messages, to.id));
}

/** Deterministic shuffle (mulberry32), so a failing order can be replayed by its seed. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What a user sees of a show, without this library's ids. */
function view(s: ShowRecord) {
  return {
    key: s.syncKey,
    date: s.date,
    venue: {
      name: s.venue.name,
      city: s.venue.cityName,
      country: s.venue.country,
      cityGeonameId: s.venue.cityGeonameId,
      setlistfmId: s.venue.setlistfmId,
    },
    tour: s.tour,
    artists: s.artists.map((a) => [a.name, a.mbid]),
  };
}

/** Shows on one date are listed in id order, which is per library: sort by key. */
const catalogView = (d: Device) =>
  d.catalog
    .list()
    .map(view)
    .sort((x, y) => (x.key < y.key ? -1 : 1));

/** Rows of every table a projection writes, to prove a second apply changes nothing. */
function snapshot(d: Device) {
  const tables = [
    'shows',
    'venues',
    'artists',
    'show_artists',
    'match_decisions',
    'catalog_version',
  ];
  return Object.fromEntries(
    tables.map((t) => [t, d.lib.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
  );
}

/** The same photos (same content hashes) in another library. */
function copyPhotos(from: Device, to: Device): void {
  const rows = from.lib.db.prepare(`SELECT * FROM photos`).all() as Record<string, unknown>[];
  for (const r of rows) {
    const cols = Object.keys(r);
    to.lib.db
      .prepare(`INSERT INTO photos (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...cols.map((c) => r[c]));
  }
}

const berlinNight: PhotoSpec = {
  zone: 'Europe/Berlin',
  at: { lat: PLACES.berlin.lat + 0.02, lon: PLACES.berlin.lon },
};

function makeShows(a: Device) {
  a.catalog.importFiles([setlistfmFixture('user_edited_200.json')]);
  a.catalog.importText(
    'date,artist,venue,city,country\n2023-10-06,Opener,WiZink Center,Madrid,ES\n2023-10-06,Headliner,WiZink Center,Madrid,ES\n',
    'shows.csv',
  );
  return a.catalog.create({
    date: '2024-05-10',
    venue: { name: 'Columbiahalle', city: 'Berlin', country: 'DE' },
    artists: ['Support', 'AC/DC'],
    tour: 'Power Up',
  });
}

describe('projections of pulled shows, bills and decisions', () => {
  it('shows arriving field by field in any order become the same shows', () => {
    const a = device('device-a');
    makeShows(a);
    const messages = messagesOf(a);
    expect(catalogView(a).length).toBeGreaterThan(10);
    for (const seed of [1, 2, 3]) {
      const b = device(`device-b${seed}`);
      // One message per transaction, as if each arrived in a pull of its own.
      for (const m of shuffled(messages, seed)) apply(b, [m]);
      expect(catalogView(b)).toEqual(catalogView(a));
    }
  });

  it('applying the same messages twice changes nothing', () => {
    const a = device('device-a');
    makeShows(a);
    const b = device('device-b');
    const messages = messagesOf(a);
    apply(b, messages);
    const before = snapshot(b);
    expect(apply(b, messages)).toEqual([]);
    expect(snapshot(b)).toEqual(before);
    // Even when re-projected (a show arriving again re-reads its fields).
    const projections = syncProjections(b.lib.db);
    b.lib.transaction(() => {
      for (const m of messages) projections[m.table as 'shows']?.apply(m.row, m.column, m.value);
    });
    expect(snapshot(b)).toEqual(before);
  });

  it('edits and removals follow; the change feed tells matching', () => {
    const a = device('device-a');
    const show = makeShows(a);
    const b = device('device-b');
    apply(b, messagesOf(a));
    const cursor = b.catalog.catalogVersion();
    a.catalog.edit(show.id, { artists: ['AC/DC', 'Support'], tour: null });
    apply(b, messagesOf(a));
    expect(catalogView(b)).toEqual(catalogView(a));
    expect(b.catalog.changedDatesSince(cursor).dates).toEqual(['2024-05-10']);

    const local = b.catalog.showsOn(['2024-05-10' as LocalDate])[0]!;
    a.catalog.remove(show.id);
    apply(b, messagesOf(a));
    expect(b.catalog.showsOn(['2024-05-10' as LocalDate])).toEqual([]);
    expect(b.catalog.changedDatesSince(cursor).deletedShowIds).toEqual([local.id]);
    expect(catalogView(b)).toEqual(catalogView(a));
  });

  it('a decision pulled before its show is applied when the show arrives; matching reports it', async () => {
    const a = device('device-a');
    const show = makeShows(a);
    addPhotos(a.lib, series('2024-05-10T20:00', '2024-05-10T23:00', 20, berlinNight));
    const matchA = new MatchService(a.lib.db, { catalog: a.catalog });
    matchA.rebuildEvents();
    await matchA.match();
    const [eventA] = matchA.events();
    matchA.assign(eventA!.id, show.id);

    const b = device('device-b');
    copyPhotos(a, b);
    const matchB = new MatchService(b.lib.db, { catalog: b.catalog });
    matchB.rebuildEvents();
    await matchB.match();

    const messages = messagesOf(a);
    const decisions = messages.filter((m) => m.table === 'event_assignments');
    expect(decisions).toHaveLength(eventA!.photoIds.length);
    apply(b, decisions);
    const count = () => b.lib.db.prepare(`SELECT count(*) FROM match_decisions`).pluck().get();
    expect(count()).toBe(0);

    apply(
      b,
      messages.filter((m) => m.table !== 'event_assignments'),
    );
    expect(count()).toBe(eventA!.photoIds.length);
    matchB.rebuildEvents();
    await matchB.match();
    const [eventB] = matchB.events();
    const local = b.catalog.showsOn(['2024-05-10' as LocalDate])[0]!;
    expect(eventB).toMatchObject({ status: 'matched', decidedBy: 'user', show: { id: local.id } });
    expect(local.syncKey).toBe(show.syncKey);

    // A later "not a concert" from A wins; cleared, the event is matched automatically again.
    matchA.markNotConcert(eventA!.id);
    apply(b, messagesOf(a));
    matchB.rebuildEvents();
    await matchB.match();
    expect(matchB.events()[0]).toMatchObject({ status: 'not-concert', decidedBy: 'user' });
    matchA.clearDecision(eventA!.id);
    apply(b, messagesOf(a));
    matchB.rebuildEvents();
    await matchB.match();
    expect(matchB.events()[0]).toMatchObject({ decidedBy: 'auto' });
  });

  it('a photo arriving after its decision takes it', () => {
    const a = device('device-a');
    const show = makeShows(a);
    addPhotos(a.lib, series('2024-05-10T20:00', '2024-05-10T21:00', 30, berlinNight));
    const matchA = new MatchService(a.lib.db, { catalog: a.catalog });
    matchA.rebuildEvents();
    const [eventA] = matchA.events();
    matchA.assign(eventA!.id, show.id);

    const b = device('device-b');
    apply(b, messagesOf(a));
    copyPhotos(a, b);
    const local = b.catalog.showsOn(['2024-05-10' as LocalDate])[0]!;
    const rows = b.lib.db.prepare(`SELECT kind, show_id FROM match_decisions`).all();
    expect(rows).toEqual(
      Array.from({ length: eventA!.photoIds.length }, () => ({
        kind: 'assign',
        show_id: local.id,
      })),
    );
  });

  it('the same concert typed on two devices stays one show, and decisions find it', () => {
    const a = device('device-a');
    const show = makeShows(a);
    const b = device('device-b');
    const mine = b.catalog.create({
      date: '2024-05-10',
      venue: { name: 'columbiahalle', city: 'Berlin', country: 'DE' },
      artists: ['AC/DC'],
    });
    apply(b, messagesOf(a));
    const there = b.catalog.showsOn(['2024-05-10' as LocalDate]);
    expect(there.map((s) => s.id)).toEqual([mine.id]);
    expect(there[0]!.artists.map((x) => x.name)).toEqual(['Support', 'AC/DC']);
    expect(show.syncKey).not.toBe(mine.syncKey);
  });
});

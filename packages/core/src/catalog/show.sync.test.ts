import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../library/database.js';
import { MIGRATIONS } from '../library/migrations/index.js';
import { SHOW_KEY_PATTERN } from '../protocol/index.js';
import { SyncFieldsRepository } from '../sync/fields.repository.js';
import { SyncOutbox } from '../sync/outbox.js';
import { billRowKey } from './show.sync.js';
import { setlistfmFixture, tempCatalog, type TempCatalog } from './testing/temp-catalog.js';
import type { LocalDate } from './types.js';

const FIXTURES = ['user_edited_200.json', 'phish_setlists_response.json'].map(setlistfmFixture);

describe('catalog writes record their synced fields', () => {
  let t: TempCatalog;
  afterEach(() => t.cleanup());

  const outbox = () => new SyncOutbox(t.library.db);
  const fields = () => new SyncFieldsRepository(t.library.db);
  /** The outbox as field -> value, for comparing what was queued. */
  const queued = () =>
    new Map(
      outbox()
        .peek(100_000)
        .map((e) => [`${e.table}|${e.row}|${e.column}`, e]),
    );

  it('a show made by hand: its key, date, venue, tour, not deleted, and its bill in order', () => {
    t = tempCatalog();
    const show = t.catalog.create({
      date: '2024-05-01',
      venue: { name: 'WiZink Center', city: 'Madrid', country: 'es' },
      artists: ['Opener', 'AC/DC'],
      tour: 'World Tour',
    });
    expect(show.syncKey).toMatch(
      /^u:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(fields().row('shows', show.syncKey)).toEqual({
      date: '2024-05-01',
      venue: {
        name: 'WiZink Center',
        city: 'Madrid',
        country: 'ES',
        cityGeonameId: 3117735,
        setlistfmId: null,
      },
      tour: 'World Tour',
      deleted: false,
    });
    const bill = fields().rowsUnder('show_artists', `${show.syncKey}/`);
    expect([...bill]).toEqual([
      [`${show.syncKey}/name:ac%2fdc`, { mbid: null, name: 'AC/DC', position: 1 }],
      [`${show.syncKey}/name:opener`, { mbid: null, name: 'Opener', position: 0 }],
    ]);
    // 4 show fields + 3 per artist, all queued for the server.
    expect(outbox().pending()).toBe(10);
  });

  it('setlist.fm shows get the key every device derives; re-importing queues nothing', () => {
    t = tempCatalog();
    t.catalog.importFiles(FIXTURES);
    const [lucca] = t.catalog.showsOn(['2017-09-23' as LocalDate]);
    expect(lucca!.syncKey).toBe(`sfm:${lucca!.venue.setlistfmId}:2017-09-23`);
    for (const s of t.catalog.list()) expect(s.syncKey).toMatch(SHOW_KEY_PATTERN);
    const struts = lucca!.artists[0]!;
    expect(fields().row('show_artists', billRowKey(lucca!.syncKey, struts))).toEqual({
      name: 'The Struts',
      mbid: struts.mbid,
      position: 0,
    });
    const before = queued();
    expect(before.size).toBeGreaterThan(0);
    t.catalog.importFiles(FIXTURES);
    expect(queued()).toEqual(before);
  });

  it('an edit queues only what changed; an artist off the bill is queued at position null', () => {
    t = tempCatalog();
    const show = t.catalog.create({
      date: '2024-05-01',
      venue: { name: 'Columbiahalle', city: 'Berlin', country: 'DE' },
      artists: ['Opener', 'Star'],
    });
    const before = queued();
    t.catalog.edit(show.id, { artists: ['Star', 'Closer'], tour: 'Encore' });
    const after = queued();
    const changed = [...after.keys()].filter((k) => after.get(k)!.hlc !== before.get(k)?.hlc);
    const key = show.syncKey;
    expect(changed.sort()).toEqual(
      [
        `shows|${key}|tour`,
        `show_artists|${key}/name:opener|position`,
        `show_artists|${key}/name:star|position`,
        `show_artists|${key}/name:closer|name`,
        `show_artists|${key}/name:closer|mbid`,
        `show_artists|${key}/name:closer|position`,
      ].sort(),
    );
    expect(outbox().value('show_artists', `${key}/name:opener`, 'position')).toBeNull();
    expect(outbox().value('show_artists', `${key}/name:star`, 'position')).toBe(0);
    // Moving the date keeps the key.
    expect(t.catalog.edit(show.id, { date: '2024-05-02' }).syncKey).toBe(key);
    expect(outbox().value('shows', key, 'date')).toBe('2024-05-02');
  });

  it('removing a show queues deleted = true under its key', () => {
    t = tempCatalog();
    const show = t.catalog.create({
      date: '2024-05-01',
      venue: { name: 'Columbiahalle', city: 'Berlin', country: 'DE' },
      artists: ['Star'],
    });
    t.catalog.remove(show.id);
    expect(outbox().value('shows', show.syncKey, 'deleted')).toBe(true);
  });

  it('shows found online stay local', () => {
    t = tempCatalog();
    t.catalog.importDrafts([
      {
        date: '2024-05-01' as LocalDate,
        venue: {
          name: 'Hall',
          setlistfmId: '63d6b2ab',
          cityName: 'Berlin',
          cityGeonameId: 2950159,
          country: 'DE',
          cityLat: null,
          cityLon: null,
          lat: null,
          lon: null,
          asOf: null,
        },
        artists: [{ name: 'Band', mbid: null }],
        setlists: [],
        tour: null,
        origin: 'online',
        billOrder: 'by-songs',
      },
    ]);
    expect(t.catalog.list({ includeOnline: true })[0]!.syncKey).toBe('sfm:63d6b2ab:2024-05-01');
    expect(outbox().pending()).toBe(0);
  });
});

describe('migration 006: show sync keys', () => {
  it('backfills sfm keys for setlist.fm venues and uuids for the rest, and keys later inserts', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of MIGRATIONS.slice(0, 5)) db.exec(m.sql);
    db.pragma('user_version = 5');
    const now = '2024-01-01T00:00:00.000Z';
    const venue = db.prepare(
      `INSERT INTO venues (name, setlistfm_id, created_at, updated_at) VALUES (?, ?, ?, ?)`,
    );
    const show = db.prepare(
      `INSERT INTO shows (date, venue_id, origin, created_at, updated_at) VALUES (?, ?, 'manual', ?, ?)`,
    );
    const linked = venue.run('Hall', '6BD6CA6E', now, now).lastInsertRowid;
    const odd = venue.run('Odd', 'not/valid', now, now).lastInsertRowid;
    const typed = venue.run('Typed', null, now, now).lastInsertRowid;
    show.run('2024-05-01', linked, now, now);
    show.run('2024-05-01', odd, now, now);
    show.run('2024-05-01', typed, now, now);
    const version = (db.prepare(`SELECT version FROM catalog_version`).get() as { version: number })
      .version;
    migrate(db);
    const keys = db.prepare(`SELECT sync_key FROM shows ORDER BY id`).pluck().all() as string[];
    expect(keys[0]).toBe('sfm:6bd6ca6e:2024-05-01');
    expect(keys[1]).toMatch(/^u:[0-9a-f-]{36}$/);
    expect(keys[2]).toMatch(/^u:[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[2]);
    for (const k of keys) expect(k).toMatch(SHOW_KEY_PATTERN);
    // Keys are no catalog change: matching has nothing to re-match.
    expect(db.prepare(`SELECT version FROM catalog_version`).pluck().get()).toBe(version);

    // An insert without a key gets one; a taken sfm key (a show whose date was edited) falls back.
    db.prepare(`UPDATE shows SET date = '2024-05-02' WHERE venue_id = ?`).run(linked);
    show.run('2024-05-01', linked, now, now);
    const last = db.prepare(`SELECT sync_key FROM shows ORDER BY id DESC`).pluck().get() as string;
    expect(last).toMatch(/^u:/);
    show.run('2024-05-03', linked, now, now);
    expect(db.prepare(`SELECT sync_key FROM shows ORDER BY id DESC`).pluck().get()).toBe(
      'sfm:6bd6ca6e:2024-05-03',
    );
    db.close();
  });
});

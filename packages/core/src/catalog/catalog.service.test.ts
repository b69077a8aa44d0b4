import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  setlistfmFixture,
  tempCatalog,
  writeFile,
  type TempCatalog,
} from './testing/temp-catalog.js';
import type { LocalDate, ShowId } from './types.js';

const FIXTURES = [
  'phish_setlists_response.json',
  'artist_setlists_200_page1.json',
  'artist_setlists_200_page2.json',
  'search_setlists_200.json',
  'user_edited_200.json',
].map(setlistfmFixture);

describe('catalog', () => {
  let t: TempCatalog;
  afterEach(() => t.cleanup());

  it('imports the real setlist.fm responses into shows with venues, bills and setlists', () => {
    t = tempCatalog();
    const summary = t.catalog.importFiles(FIXTURES);
    // 20 + 20 + 20 shows, search_setlists_200 repeats page 1, user_edited has 16 shows.
    expect(summary.shows).toEqual({ added: 76, updated: 0, unchanged: 0 });
    expect(t.counts().shows).toBe(76);
    const [lucca] = t.catalog.showsOn(['2017-09-23' as LocalDate]);
    expect(lucca!.venue).toMatchObject({
      name: 'Ex Campo Balilla, Mura di Lucca',
      cityName: 'Lucca',
      country: 'IT',
    });
    expect(lucca!.artists.map((a) => a.name)).toEqual(['The Struts', 'The Rolling Stones']);
    expect(lucca!.setlists.map((s) => s.setlistfmId).sort()).toEqual(['13e27541', '53e27bf9']);
    expect(lucca!.origin).toBe('setlistfm');
  });

  it('places a CSV venue given only by city and country with the offline gazetteer', () => {
    t = tempCatalog();
    const csv = writeFile(
      t.dir,
      'shows.csv',
      'date,artist,venue,city,country\n2023-10-06,Headliner,WiZink Center,Madrid,ES\n2023-10-07,Band,Zénith,Montréal,CA\n',
    );
    t.catalog.importFiles([csv]);
    const [madrid] = t.catalog.showsOn(['2023-10-06' as LocalDate]);
    expect(madrid!.venue).toMatchObject({ cityGeonameId: 3117735, cityName: 'Madrid' });
    expect(madrid!.venue.cityLat).toBeCloseTo(40.4165, 2);
    // Accents and case do not matter; the country picks Montréal, Canada.
    const [montreal] = t.catalog.showsOn(['2023-10-07' as LocalDate]);
    expect(montreal!.venue.cityGeonameId).toBe(6077243);
  });

  it('importing the same files again changes nothing, not even the change feed', () => {
    t = tempCatalog();
    t.catalog.importFiles(FIXTURES);
    const before = {
      counts: t.counts(),
      version: t.catalog.catalogVersion(),
      shows: t.catalog.list(),
    };
    const again = t.catalog.importFiles(FIXTURES);
    expect(again.shows).toEqual({ added: 0, updated: 0, unchanged: 76 });
    expect(again.artists.added + again.venues.added + again.setlists.added).toBe(0);
    expect(t.counts()).toEqual(before.counts);
    expect(t.catalog.catalogVersion()).toBe(before.version);
    expect(t.catalog.list()).toEqual(before.shows);
  });

  it('a newer version of a setlist replaces its songs; an older one does not', () => {
    t = tempCatalog();
    const doc = JSON.parse(fs.readFileSync(setlistfmFixture('user_edited_200.json'), 'utf8')) as {
      setlist: {
        id: string;
        versionId: string;
        lastUpdated: string;
        sets: { set: { song: { name: string }[] }[] };
      }[];
    };
    t.catalog.importText(JSON.stringify(doc), 'v1.json');
    const struts = doc.setlist.find((s) => s.id === '13e27541')!;
    struts.versionId = 'newer1';
    struts.lastUpdated = '2017-09-30T10:00:00.000+0000';
    struts.sets.set[0]!.song.push({ name: 'Where Did She Go' });
    const cursor = t.catalog.catalogVersion();
    const r = t.catalog.importText(JSON.stringify(doc), 'v2.json');
    expect(r.setlists.updated).toBe(1);
    expect(r.shows).toEqual({ added: 0, updated: 1, unchanged: 15 });
    const show = t.catalog.showsOn(['2017-09-23' as LocalDate])[0]!;
    const setlist = show.setlists.find((s) => s.setlistfmId === '13e27541')!;
    expect(setlist.versionId).toBe('newer1');
    expect(setlist.songs.at(-1)!.name).toBe('Where Did She Go');
    expect(t.catalog.changedDatesSince(cursor).dates).toEqual(['2017-09-23']);

    struts.versionId = 'older0';
    struts.lastUpdated = '2017-09-24T10:00:00.000+0000';
    struts.sets.set[0]!.song.pop();
    expect(t.catalog.importText(JSON.stringify(doc), 'old.json').setlists.updated).toBe(0);
  });

  it('a setlist imported later joins the show at its venue and date, and the bill is re-ordered', () => {
    t = tempCatalog();
    const doc = JSON.parse(fs.readFileSync(setlistfmFixture('user_edited_200.json'), 'utf8')) as {
      setlist: { id: string }[];
    };
    const stones = { ...doc, setlist: doc.setlist.filter((s) => s.id === '53e27bf9') };
    const struts = { ...doc, setlist: doc.setlist.filter((s) => s.id === '13e27541') };
    t.catalog.importText(JSON.stringify(stones), 'stones.json');
    const r = t.catalog.importText(JSON.stringify(struts), 'struts.json');
    expect(r.shows).toEqual({ added: 0, updated: 1, unchanged: 0 });
    const show = t.catalog.showsOn(['2017-09-23' as LocalDate])[0]!;
    expect(show.artists.map((a) => a.name)).toEqual(['The Struts', 'The Rolling Stones']);
  });

  it('a newer setlist moved to another date by setlist.fm leaves its old show', () => {
    t = tempCatalog();
    const doc = JSON.parse(fs.readFileSync(setlistfmFixture('user_edited_200.json'), 'utf8')) as {
      setlist: { id: string; eventDate: string; lastUpdated: string; versionId: string }[];
    };
    const one = { ...doc, setlist: doc.setlist.filter((s) => s.id === '3be26cfc') };
    t.catalog.importText(JSON.stringify(one), 'v1.json');
    const [old] = t.catalog.showsOn(['2017-09-21' as LocalDate]);
    const cursor = t.catalog.catalogVersion();
    one.setlist[0]!.eventDate = '22-09-2017';
    one.setlist[0]!.lastUpdated = '2018-01-01T00:00:00.000+0000';
    one.setlist[0]!.versionId = 'moved';
    t.catalog.importText(JSON.stringify(one), 'v2.json');
    expect(t.catalog.showsOn(['2017-09-21' as LocalDate])).toEqual([]);
    expect(t.catalog.showsOn(['2017-09-22' as LocalDate])[0]!.setlists[0]!.setlistfmId).toBe(
      '3be26cfc',
    );
    expect(t.catalog.changedDatesSince(cursor)).toMatchObject({
      dates: ['2017-09-21', '2017-09-22'],
      deletedShowIds: [old!.id],
    });
  });

  it('older setlist.fm data does not undo newer venue facts, whatever the import order', () => {
    t = tempCatalog();
    // The Hollywood Bowl is in "Hollywood" in a 2017 response and "Los Angeles" in 2025's.
    t.catalog.importFiles([setlistfmFixture('phish_setlists_response.json')]);
    const version = t.catalog.catalogVersion();
    t.catalog.importFiles([setlistfmFixture('user_edited_200.json')]);
    const bowl = t.catalog.list({ venue: 'Hollywood Bowl' });
    expect(bowl).toHaveLength(4);
    expect(new Set(bowl.map((s) => s.venue.cityName))).toEqual(new Set(['Los Angeles']));
    expect(t.catalog.changedDatesSince(version).dates).not.toContain('2025-04-27');
  });

  it('a typed CSV show meets the setlist.fm import of the same concert', () => {
    t = tempCatalog();
    const csv = writeFile(
      t.dir,
      'mine.csv',
      'date,artist,venue,city,country\n23-09-2017,the rolling stones,"Ex Campo Balilla, Mura di Lucca",Lucca,IT\n',
    );
    t.catalog.importFiles([csv]);
    const r = t.catalog.importFiles([setlistfmFixture('user_edited_200.json')]);
    expect(r.shows.updated).toBe(1);
    expect(t.counts().shows).toBe(16);
    const show = t.catalog.showsOn(['2017-09-23' as LocalDate])[0]!;
    expect(show.origin).toBe('csv');
    expect(show.venue.setlistfmId).toBe('33d2a405');
    expect(show.venue.cityGeonameId).toBe(3174530);
    expect(show.artists.map((a) => [a.name, a.mbid !== null])).toEqual([
      ['The Struts', true],
      ['The Rolling Stones', true],
    ]);
  });

  it('imports CSV: rows of one date + venue + city form one show in row order', () => {
    t = tempCatalog();
    const csv = writeFile(
      t.dir,
      'shows.csv',
      [
        'Date,Artist,Venue,City,Country,Lat,Lon',
        '2019-06-01,Opener,Columbiahalle,Berlin,DE,52.4862,13.3934',
        '2019-06-01,Headliner,Columbiahalle,Berlin,DE,,',
        '01-07-2019,Solo,"Hall, The",Hamburg,de,,',
      ].join('\n'),
    );
    const r = t.catalog.importFiles([csv]);
    expect(r).toMatchObject({ shows: { added: 2 }, artists: { added: 3 }, venues: { added: 2 } });
    const [berlin, hamburg] = t.catalog.list();
    expect(berlin!.artists.map((a) => a.name)).toEqual(['Opener', 'Headliner']);
    expect(berlin!.venue).toMatchObject({ lat: 52.4862, lon: 13.3934, country: 'DE' });
    // The offline gazetteer names the city, so matching meets the show without a network.
    expect(berlin!.venue.cityGeonameId).toBe(2950159);
    // Without coordinates the city is found by its name and country (lower-case 'de' too).
    expect(hamburg!.venue.cityGeonameId).toBe(2911298);
    expect(hamburg!).toMatchObject({
      date: '2019-07-01',
      origin: 'csv',
      venue: { name: 'Hall, The', country: 'DE' },
    });
  });

  it('positions and a headliner flag order a CSV bill', () => {
    t = tempCatalog();
    t.catalog.importText(
      'date,artist,venue,city,country,position,headliner\n' +
        '2019-06-01,Main,Club,Köln,DE,,yes\n2019-06-01,Second,Club,Köln,DE,2,\n2019-06-01,First,Club,Köln,DE,1,\n',
      'p.csv',
    );
    expect(t.catalog.list()[0]!.artists.map((a) => a.name)).toEqual(['First', 'Second', 'Main']);
  });

  describe('rejects malformed files and stores nothing of them', () => {
    const attempts: [string, string, RegExp][] = [
      [
        'no-city.csv',
        'date,artist,venue,country\n2019-06-01,A,V,DE\n',
        /\/no-city\.csv:1: city: the header has no "city" column/,
      ],
      [
        'bad-date.csv',
        'date,artist,venue,city,country\n2019-06-01,A,V,C,DE\n2019/06/02,B,V,C,DE\n',
        /\/bad-date\.csv:3: date: expected YYYY-MM-DD or dd-MM-yyyy, got 2019\/06\/02$/,
      ],
      [
        'no-artist.csv',
        'date,artist,venue,city,country\n2019-06-01,A,V,C,DE\n2019-06-02,,V,C,DE\n',
        /\/no-artist\.csv:3: artist: must not be empty$/,
      ],
      [
        'bad-lat.csv',
        'date,artist,venue,city,country,lat,lon\n2019-06-01,A,V,C,DE,95,10\n',
        /\/bad-lat\.csv:2: lat: expected a number from -90 to 90, got 95$/,
      ],
      [
        'commas.csv',
        'date,artist,venue,city,country\n2019-06-01,A,Hall, The,C,DE\n',
        /\/commas\.csv:2: 6 fields but the header has 5/,
      ],
      ['empty.csv', '', /\/empty\.csv: the file is empty/],
      ['bad.json', '{"type":"setlists","setlist":[}', /\/bad\.json:1: not valid JSON/],
    ];
    for (const [name, text, message] of attempts) {
      it(name, () => {
        t = tempCatalog();
        const good = setlistfmFixture('user_edited_200.json');
        t.catalog.importFiles([good]);
        const before = t.counts();
        const file = writeFile(t.dir, name, text);
        // The good file again plus the bad one: all or nothing.
        expect(() =>
          t.catalog.importFiles([setlistfmFixture('phish_setlists_response.json'), file]),
        ).toThrow(message);
        expect(t.counts()).toEqual(before);
      });
    }

    it('a file that cannot be read', () => {
      t = tempCatalog();
      expect(() => t.catalog.importFiles([`${t.dir}/missing.json`])).toThrow(
        /missing\.json: cannot read: ENOENT/,
      );
    });
  });

  describe('by hand', () => {
    it('adds, edits and removes shows; the change feed names every date touched', () => {
      t = tempCatalog();
      const show = t.catalog.create({
        date: '2024-05-01',
        venue: { name: 'Tempodrom', city: 'Berlin', country: 'de', lat: 52.5, lon: 13.38 },
        artists: ['Support', 'Star'],
      });
      expect(show).toMatchObject({
        date: '2024-05-01',
        origin: 'manual',
        venue: { name: 'Tempodrom', cityName: 'Berlin', country: 'DE', lat: 52.5, lon: 13.38 },
      });
      expect(show.artists.map((a) => a.name)).toEqual(['Support', 'Star']);
      expect(() =>
        t.catalog.create({
          date: '01-05-2024',
          venue: { name: 'tempodrom', city: 'berlin', country: 'DE' },
          artists: ['X'],
        }),
      ).toThrow(/already exists \(#1\)/);

      const c0 = t.catalog.catalogVersion();
      const edited = t.catalog.edit(show.id, { date: '2024-05-02', artists: ['Star'] });
      expect(edited.artists.map((a) => a.name)).toEqual(['Star']);
      expect(t.catalog.changedDatesSince(c0)).toEqual({
        cursor: t.catalog.catalogVersion(),
        dates: ['2024-05-01', '2024-05-02'],
        deletedShowIds: [],
      });
      expect(t.catalog.edit(show.id, { date: '2024-05-02' })).toEqual(edited);

      const moved = t.catalog.edit(show.id, { venue: { name: 'Columbiahalle' } });
      expect(moved.venue).toMatchObject({
        name: 'Columbiahalle',
        cityName: 'Berlin',
        country: 'DE',
      });

      const c1 = t.catalog.catalogVersion();
      t.catalog.remove(show.id);
      expect(t.catalog.get(show.id)).toBeNull();
      expect(t.catalog.changedDatesSince(c1)).toMatchObject({
        dates: ['2024-05-02'],
        deletedShowIds: [show.id],
      });
      // Ids are never reused, so a stale reference cannot point at another show.
      const next = t.catalog.create({
        date: '2024-06-01',
        venue: { name: 'SO36', city: 'Berlin', country: 'DE' },
        artists: ['A'],
      });
      expect(next.id).toBeGreaterThan(show.id);
      expect(() => t.catalog.remove(999 as ShowId)).toThrow(/no show #999/);
    });

    it('names the bad field', () => {
      t = tempCatalog();
      const venue = { name: 'V', city: 'C', country: 'DE' };
      expect(() => t.catalog.create({ date: '2024-02-30', venue, artists: ['A'] })).toThrow(
        /^date: expected/,
      );
      expect(() => t.catalog.create({ date: '2024-02-03', venue, artists: [' '] })).toThrow(
        /^artist: /,
      );
      expect(() =>
        t.catalog.create({ date: '2024-02-03', venue: { ...venue, city: '' }, artists: ['A'] }),
      ).toThrow(/^venue city/);
      expect(() =>
        t.catalog.create({ date: '2024-02-03', venue: { ...venue, lat: 1 }, artists: ['A'] }),
      ).toThrow(/lat and lon/);
    });
  });

  describe('lookups for matching', () => {
    it('finds shows on a set of dates with their bills and setlists', () => {
      t = tempCatalog();
      t.catalog.importFiles(FIXTURES);
      const dates = ['2017-09-23', '2017-08-19', '2025-04-27', '1999-01-01'] as LocalDate[];
      const shows = t.catalog.showsOn(dates);
      expect(shows.map((s) => s.date)).toEqual([
        ...Array<string>(4).fill('2017-08-19'),
        '2017-09-23',
        '2025-04-27',
      ]);
      const livorno = shows.find((s) => s.venue.setlistfmId === '7bd64e18')!;
      expect(livorno.artists).toHaveLength(3);
      expect(livorno.setlists).toHaveLength(3);
      expect(t.catalog.get(livorno.id)).toEqual(livorno);
      expect(t.catalog.showsOn([])).toEqual([]);
    });

    it('reports changed dates since a cursor; nothing when nothing changed', () => {
      t = tempCatalog();
      expect(t.catalog.changedDatesSince(0)).toEqual({ cursor: 0, dates: [], deletedShowIds: [] });
      t.catalog.importFiles([setlistfmFixture('user_edited_200.json')]);
      const all = t.catalog.changedDatesSince(0);
      expect(all.dates).toHaveLength(13);
      expect(t.catalog.changedDatesSince(all.cursor).dates).toEqual([]);
    });

    it('lists by artist, venue, city and year', () => {
      t = tempCatalog();
      t.catalog.importFiles(FIXTURES);
      expect(t.catalog.list({ artist: 'stones' }).map((s) => s.date)).toEqual(['2017-09-23']);
      expect(t.catalog.list({ venue: 'hollywood bowl' })).toHaveLength(4);
      expect(t.catalog.list({ city: 'Saitama' }).map((s) => s.date)).toEqual([
        '2017-01-29',
        '2017-09-26',
        '2017-09-27',
      ]);
      expect(t.catalog.list({ year: 2025 })).toHaveLength(12);
      expect(t.catalog.list({ artist: '100%_' })).toEqual([]);
    });
  });
});

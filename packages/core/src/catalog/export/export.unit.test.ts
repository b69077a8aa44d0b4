import { afterEach, describe, expect, it } from 'vitest';
import { setlistfmFixture, tempCatalog, type TempCatalog } from '../testing/temp-catalog.js';
import type { ShowRecord } from '../types.js';

/** What a catalog says about shows, without database ids and timestamps. */
function comparable(shows: ShowRecord[]) {
  return shows.map((s) => {
    const names = new Map(s.artists.map((a) => [a.id, a.name]));
    return {
      date: s.date,
      venue: { ...s.venue, id: 0 },
      artists: s.artists.map((a) => ({ name: a.name, mbid: a.mbid })),
      setlists: s.setlists.map((l) => ({ ...l, artistId: names.get(l.artistId) })),
      tour: s.tour,
      origin: s.origin,
    };
  });
}

/** The part of a show CSV carries. */
function csvView(shows: ShowRecord[]) {
  return shows.map((s) => ({
    date: s.date,
    venue: [s.venue.name, s.venue.cityName, s.venue.country, s.venue.lat, s.venue.lon],
    artists: s.artists.map((a) => a.name),
    tour: s.tour,
  }));
}

describe('export', () => {
  const made: TempCatalog[] = [];
  const catalog = () => {
    const t = tempCatalog();
    made.push(t);
    return t;
  };
  afterEach(() => made.splice(0).forEach((t) => t.cleanup()));

  function filled(): TempCatalog {
    const t = catalog();
    t.catalog.importFiles(
      ['user_edited_200.json', 'phish_setlists_response.json', 'venue_setlists_200.json'].map(
        setlistfmFixture,
      ),
    );
    t.catalog.create({
      date: '2024-05-01',
      venue: { name: 'Hall, "The" One', city: 'Berlin', country: 'DE', lat: 52.5, lon: 13.4 },
      artists: ['Support Act', 'Headliner'],
      tour: 'Tour, 2024',
    });
    return t;
  }

  it('JSON: export, then import into an empty library, gives the same catalog', () => {
    const a = filled();
    const json = a.catalog.exportJson();
    const doc = JSON.parse(json) as { type: string; shows: unknown[] };
    expect(doc.type).toBe('encore.concerts');
    expect(doc.shows).toHaveLength(a.catalog.list().length);

    const b = catalog();
    const summary = b.catalog.importText(json, 'export.json');
    expect(summary.shows.added).toBe(a.catalog.list().length);
    expect(comparable(b.catalog.list())).toEqual(comparable(a.catalog.list()));
    // And importing it again changes nothing.
    expect(b.catalog.importText(json, 'export.json').shows.updated).toBe(0);
  });

  it('CSV: one row per artist per show in bill order; export then import gives the same shows', () => {
    const a = filled();
    const csv = a.catalog.exportCsv();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,artist,venue,city,country,lat,lon,position,tour');
    expect(lines).toContain(
      '2017-09-23,The Struts,"Ex Campo Balilla, Mura di Lucca",Lucca,IT,,,1,No Filter',
    );
    expect(lines).toContain(
      '2017-09-23,The Rolling Stones,"Ex Campo Balilla, Mura di Lucca",Lucca,IT,,,2,No Filter',
    );
    expect(lines).toContain(
      '2024-05-01,Headliner,"Hall, ""The"" One",Berlin,DE,52.5,13.4,2,"Tour, 2024"',
    );
    const rows = a.catalog.list().reduce((n, s) => n + s.artists.length, 0);
    expect(lines.filter(Boolean)).toHaveLength(rows + 1);

    const b = catalog();
    b.catalog.importText(csv, 'export.csv');
    expect(csvView(b.catalog.list())).toEqual(csvView(a.catalog.list()));
  });

  it('leaves out shows only found online unless asked', () => {
    const t = catalog();
    t.catalog.importDrafts([
      {
        date: '2020-01-01' as ShowRecord['date'],
        venue: {
          name: 'Somewhere',
          setlistfmId: 'x1',
          cityName: 'Town',
          cityGeonameId: 1,
          country: 'US',
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
    expect(t.catalog.exportCsv().trim().split('\r\n')).toHaveLength(1);
    expect(t.catalog.exportCsv({ includeOnline: true }).trim().split('\r\n')).toHaveLength(2);
  });
});

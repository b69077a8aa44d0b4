import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { setlistfmFixture } from '../testing/temp-catalog.js';
import { draftsFromText } from './file.import.js';
import { draftsFromSetlists, setlistsFromJson } from './setlistfm.import.js';

const read = (name: string) => fs.readFileSync(setlistfmFixture(name), 'utf8');

describe('setlist.fm JSON import', () => {
  it('reads a real setlists response: dd-MM-yyyy dates, city GeoNames id and coords, sets', () => {
    const drafts = draftsFromText(read('phish_setlists_response.json'), 'phish.json');
    expect(drafts).toHaveLength(20);
    const first = drafts[0]!;
    expect(first.date).toBe('2025-04-27');
    expect(first.venue).toMatchObject({
      name: 'Hollywood Bowl',
      setlistfmId: '33d62cf9',
      cityName: 'Los Angeles',
      cityGeonameId: 5368361,
      country: 'US',
      cityLat: 34.052,
      cityLon: -118.244,
      lat: null,
    });
    expect(first.artists).toEqual([
      { name: 'Phish', mbid: 'e01646f2-2a04-450d-8bf2-0d993082e058' },
    ]);
    expect(first.tour).toBe('Spring Tour 2025');
    const songs = first.setlists[0]!.songs;
    // Set 1 (9 songs), Set 2 (7), encore (1), numbered in order.
    expect(songs.filter((s) => s.set === 0)).toHaveLength(9);
    expect(songs.filter((s) => s.set === 2)).toHaveLength(1);
    expect(songs[0]).toEqual({ set: 0, name: 'The Landlady' });
    expect(songs.find((s) => s.name === 'Hey Stranger')).toMatchObject({
      cover: 'Trey Anastasio',
      info: '>',
    });
    expect(first.setlists[0]!.lastUpdated).toBe('2025-04-28T05:24:44.041Z');
  });

  it('merges setlists at one venue on one date into one show, headliner (most songs) last', () => {
    const drafts = draftsFromText(read('user_edited_200.json'), 'attended.json');
    expect(drafts).toHaveLength(16);
    const lucca = drafts.find((d) => d.venue.setlistfmId === '33d2a405')!;
    expect(lucca.date).toBe('2017-09-23');
    expect(lucca.artists.map((a) => a.name)).toEqual(['The Struts', 'The Rolling Stones']);
    expect(lucca.tour).toBe('No Filter');
    // Three artists with no songs yet: file order is kept.
    const livorno = drafts.find((d) => d.venue.setlistfmId === '7bd64e18')!;
    expect(livorno.artists.map((a) => a.name)).toEqual([
      'Sinfonico Honolulu',
      'Piccoli Animali Senza Espressione',
      'Bobo Rondelli',
    ]);
  });

  it('orders by songs played: intro tapes do not count', () => {
    const drafts = draftsFromText(read('venue_setlists_200.json'), 'venue.json');
    const garbage = drafts.find((d) => d.date === '2002-11-14')!;
    expect(garbage.artists.map((a) => a.name)).toEqual(['Garbage', 'No Doubt']);
  });

  it('accepts many pages as an array of envelopes, and a single setlist object', () => {
    const pages = `[${read('artist_setlists_200_page1.json')},${read('artist_setlists_200_page2.json')}]`;
    expect(draftsFromText(pages, 'pages.json')).toHaveLength(40);
    const single = draftsFromText(read('setlist_200.json'), 'one.json');
    expect(single).toHaveLength(1);
    expect(single[0]!.date).toBe('2008-01-15');
  });

  it('keeps one copy of a setlist seen on two pages', () => {
    const a = setlistsFromJson(JSON.parse(read('search_setlists_200.json')), 'a.json');
    const b = setlistsFromJson(JSON.parse(read('artist_setlists_200_page1.json')), 'b.json');
    const drafts = draftsFromSetlists([...a, ...b], 'setlistfm');
    expect(drafts).toHaveLength(20);
    expect(drafts.every((d) => d.setlists.length === 1)).toBe(true);
  });

  describe('rejects malformed files, naming the file, line or path and the field', () => {
    const bad = (text: string) => () => draftsFromText(text, 'attended.json');

    it('bad JSON, with the line', () => {
      expect(bad('{\n "type": "setlists",\n "setlist": [\n}')).toThrow(
        /^attended\.json:4: not valid JSON/,
      );
      expect(bad('{\n "type": "setlists",\n')).toThrow(/^attended\.json:2: not valid JSON/);
    });

    it('a response of another type', () => {
      expect(bad(read('search_artists_200.json'))).toThrow(
        'attended.json: type: expected "setlists" (a setlist.fm setlists response), got artists',
      );
      expect(bad('{"hello": 1}')).toThrow(/^attended\.json: setlist: expected the array/);
      expect(bad('[1]')).toThrow(/^attended\.json: \[0\]: expected a setlist\.fm/);
    });

    it('a date not in dd-MM-yyyy, with its path', () => {
      const doc = JSON.parse(read('user_edited_200.json')) as { setlist: { eventDate: string }[] };
      doc.setlist[3]!.eventDate = '2017-09-27';
      expect(bad(JSON.stringify(doc))).toThrow(
        'attended.json: setlist[3].eventDate: expected dd-MM-yyyy, got 2017-09-27',
      );
      doc.setlist[3]!.eventDate = '31-02-2017';
      expect(bad(JSON.stringify([doc]))).toThrow(
        'attended.json: [0].setlist[3].eventDate: expected dd-MM-yyyy, got 31-02-2017',
      );
    });

    it('a missing required field', () => {
      const doc = JSON.parse(read('user_edited_200.json')) as {
        setlist: { venue: { name?: string } }[];
      };
      delete doc.setlist[5]!.venue.name;
      expect(bad(JSON.stringify(doc))).toThrow(
        'attended.json: setlist[5].venue.name: expected string, got nothing',
      );
    });
  });
});

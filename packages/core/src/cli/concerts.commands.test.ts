import fs from 'node:fs';
import { engineInternals } from '../testing/index.js';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SETLISTFM_FIXTURES } from '../catalog/setlistfm/testing/standin.js';
import { Engine } from '../engine/engine.js';
import { tempDir } from '../testing/temp.js';
import { runCli } from '../testing/run-cli.js';

/** Runs `encore --library <library> <argv>` as the command line does. */
const run = (library: string, ...argv: string[]) => runCli('--library', library, ...argv);

const fixture = (name: string) => path.join(SETLISTFM_FIXTURES, name);

describe('encore concerts', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const lib = path.join(tmp.dir, 'lib');

  it('lists nothing as an empty JSON array on a new library', async () => {
    const r = await run(lib, 'concerts', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([]);
    expect((await run(lib, 'concerts')).out).toMatch(/no concerts/);
  });

  it('imports setlist.fm JSON and CSV, and lists shows with the documented fields', async () => {
    const csv = path.join(tmp.dir, 'mine.csv');
    fs.writeFileSync(
      csv,
      'date,artist,venue,city,country\n2019-06-01,Opener,Columbiahalle,Berlin,DE\n2019-06-01,Star,Columbiahalle,Berlin,DE\n',
    );
    const r = await run(lib, 'concerts', 'import', fixture('user_edited_200.json'), csv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^imported 2 files: 17 concerts \(17 added, 0 updated, 0 unchanged\)/);
    const again = await run(lib, 'concerts', 'import', '--json', fixture('user_edited_200.json'));
    expect(JSON.parse(again.out)).toMatchObject({ shows: { added: 0, updated: 0, unchanged: 16 } });

    const list = JSON.parse((await run(lib, 'concerts', '--json')).out) as Record<
      string,
      unknown
    >[];
    expect(list).toHaveLength(17);
    const lucca = list.find((s) => s.date === '2017-09-23')!;
    expect(lucca).toEqual({
      id: expect.any(Number),
      date: '2017-09-23',
      venue: {
        name: 'Ex Campo Balilla, Mura di Lucca',
        city: 'Lucca',
        country: 'IT',
        lat: null,
        lon: null,
        setlistfmId: '33d2a405',
      },
      artists: ['The Struts', 'The Rolling Stones'],
      tour: 'No Filter',
      setlistIds: expect.arrayContaining(['13e27541', '53e27bf9']),
      origin: 'setlistfm',
    });
    const filtered = JSON.parse(
      (await run(lib, 'concerts', '--artist', 'star', '--json')).out,
    ) as unknown[];
    expect(filtered).toHaveLength(1);
    const text = (await run(lib, 'concerts', '--year', '2019')).out;
    expect(text).toMatch(/Columbiahalle\s+Berlin\s+csv\s+Opener, Star/);
  });

  it('rejects a bad file with one line naming file, line and field, storing nothing', async () => {
    const bad = path.join(tmp.dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'date,artist,venue,city,country\n2020-01-01,A,V,C,DE\n2020-13-01,B,V,C,DE\n',
    );
    const before = (await run(lib, 'concerts', '--json')).out;
    const r = await run(lib, 'concerts', 'import', fixture('phish_setlists_response.json'), bad);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `encore: ${bad}:3: date: expected YYYY-MM-DD or dd-MM-yyyy, got 2020-13-01\n`,
    );
    expect((await run(lib, 'concerts', '--json')).out).toBe(before);

    const json = path.join(tmp.dir, 'bad.json');
    fs.writeFileSync(json, fs.readFileSync(fixture('search_artists_200.json')));
    expect((await run(lib, 'concerts', 'import', json)).err).toMatch(
      /bad\.json: type: expected "setlists"/,
    );
  });

  it('exports CSV to stdout and JSON to a file that imports into an empty library as the same shows', async () => {
    const csv = await run(lib, 'concerts', 'export', '--format', 'csv');
    expect(csv.out.split('\r\n')[0]).toBe('date,artist,venue,city,country,lat,lon,position,tour');
    const out = path.join(tmp.dir, 'history.json');
    const r = await run(lib, 'concerts', 'export', '--format', 'json', '--out', out);
    expect(r.out).toMatch(/wrote 17 concerts/);
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const lib2 = path.join(tmp.dir, 'lib2');
    expect((await run(lib2, 'concerts', 'import', out)).code).toBe(0);
    const strip = (s: string) =>
      (JSON.parse(s) as { id: number }[]).map(({ id: _id, ...rest }) => rest);
    expect(strip((await run(lib2, 'concerts', '--json')).out)).toEqual(
      strip((await run(lib, 'concerts', '--json')).out),
    );
    expect((await run(lib, 'concerts', 'export', '--format', 'xml')).err).toMatch(
      /--format must be csv or json/,
    );
  });

  it('adds, edits and removes a concert by hand', async () => {
    const add = await run(
      lib,
      'concerts',
      'add',
      '--date',
      '2024-05-01',
      '--venue',
      'Tempodrom',
      '--city',
      'Berlin',
      '--country',
      'DE',
      '--artist',
      'Support',
      '--artist',
      'Star',
      '--json',
    );
    expect(add.code).toBe(0);
    const show = JSON.parse(add.out) as { id: number; artists: string[]; origin: string };
    expect(show).toMatchObject({ artists: ['Support', 'Star'], origin: 'manual' });

    const edit = await run(
      lib,
      'concerts',
      'edit',
      String(show.id),
      '--date',
      '02-05-2024',
      '--artist',
      'Star',
      '--lat',
      '52.5',
      '--lon',
      '13.38',
    );
    expect(edit.out).toBe(`changed #${show.id} 2024-05-02 Star @ Tempodrom, Berlin\n`);
    expect((await run(lib, 'concerts', 'edit', String(show.id))).code).toBe(2);
    expect((await run(lib, 'concerts', 'add', '--date', '2024-05-01', '--venue', 'X')).err).toMatch(
      /--city is required/,
    );
    expect((await run(lib, 'concerts', 'edit', 'abc', '--date', '2024-01-01')).code).toBe(2);

    const removed = await run(lib, 'concerts', 'remove', String(show.id));
    expect(removed.out).toMatch(new RegExp(`^removed #${show.id} 2024-05-02 Star`));
    const again = await run(lib, 'concerts', 'remove', String(show.id));
    expect(again).toMatchObject({
      code: 1,
      err: `encore: no show #${show.id} in the catalog\nencore: see \`encore concerts\` for the concert ids\n`,
    });
  });

  it('stores and clears the setlist.fm API key', async () => {
    expect((await run(lib, 'setlistfm', 'key')).out).toMatch(/no setlist\.fm API key/);
    expect((await run(lib, 'setlistfm', 'key', 'a1b2c3d4-0000-1111-2222-333344445555')).code).toBe(
      0,
    );
    expect((await run(lib, 'setlistfm', 'key')).out).toMatch(/is set \(…5555\)/);
    const e = await Engine.open({ libraryDir: lib });
    expect(engineInternals(e).library.settings.get('setlistfm.apiKey')).toBe(
      'a1b2c3d4-0000-1111-2222-333344445555',
    );
    await e.close();
    expect((await run(lib, 'setlistfm', 'key', 'has spaces!')).code).toBe(2);
    expect((await run(lib, 'setlistfm', 'key', '--clear')).out).toMatch(/removed/);
    expect((await run(lib, 'setlistfm', 'key')).out).toMatch(/no setlist\.fm API key/);
  });
});

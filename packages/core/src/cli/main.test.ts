import { engineInternals } from '../testing/index.js';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixtures, tempDir } from '../testing/temp.js';
import { Engine } from '../engine/engine.js';
import { runCli } from '../testing/run-cli.js';

const run = runCli;

describe('encore CLI', () => {
  const lib = tempDir();
  const photos = tempDir();
  afterAll(() => {
    lib.cleanup();
    photos.cleanup();
  });

  it('lists nothing as an empty JSON array on a new library', async () => {
    for (const cmd of ['sources list', 'photos', 'errors', 'duplicates']) {
      const r = await run('--library', lib.dir, ...cmd.split(' '), '--json');
      expect(r.code, cmd).toBe(0);
      expect(JSON.parse(r.out), cmd).toEqual([]);
    }
  });

  it('scans a folder and prints photos with the documented fields', async () => {
    copyFixtures(photos.dir, [
      'jpeg_gps/exiftool__Google.jpg',
      'other_formats/photoprism__Screenshot_2019-05-21_at_10.45.52.png',
    ]);
    const scan = await run('--library', lib.dir, 'scan', photos.dir);
    expect(scan.code).toBe(0);
    expect(scan.out).toMatch(/2 files, 2 ingested/);
    const r = await run('--library', lib.dir, 'photos', '--json');
    const list = JSON.parse(r.out) as Record<string, unknown>[];
    expect(list).toHaveLength(2);
    for (const p of list) {
      for (const key of [
        'id',
        'paths',
        'format',
        'width',
        'height',
        'orientation',
        'takenAt',
        'takenAtUtc',
        'timeZone',
        'timeSource',
        'lat',
        'lon',
        'alt',
        'make',
        'model',
        'city',
        'thumbnails',
        'phash',
      ]) {
        expect(p, key).toHaveProperty(key);
      }
    }
    const screenshot = list.find((p) => String((p.paths as string[])[0]).includes('Screenshot'))!;
    expect(screenshot.timeSource).toBe('file-name');
    expect(String(screenshot.takenAt)).toMatch(/^2019-05-21T10:45:52\.000/);
    const status = JSON.parse((await run('--library', lib.dir, 'status', '--json')).out) as {
      photos: number;
    };
    expect(status.photos).toBe(2);
  }, 120_000);

  it('gives a one-line error and a non-zero exit for bad arguments and unreadable paths', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['scan', '/definitely/not/here'],
        /^encore: cannot read \/definitely\/not\/here: no such folder\n$/,
      ],
      [['sources', 'remove', '99'], /^encore: no source 99/],
      [['settings', 'homeZone', 'Mars/Olympus'], /^encore: homeZone must be an IANA time zone/],
      [['settings', 'colour', 'blue'], /^encore: unknown setting "colour"/],
      [['duplicates', '--distance', 'far'], /^encore: --distance must be a whole number/],
    ];
    for (const [argv, message] of cases) {
      const r = await run('--library', lib.dir, ...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
    const unknown = await run('--library', lib.dir, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command 'frobnicate'/);
  });

  it('scans the other sources when one folder is missing, and says which', async () => {
    const gone = tempDir();
    const lib2 = tempDir();
    try {
      copyFixtures(gone.dir, ['jpeg_gps/ianare__DSCN0010.jpg']);
      expect((await run('--library', lib2.dir, 'sources', 'add', gone.dir, photos.dir)).code).toBe(
        0,
      );
      gone.cleanup();
      const r = await run('--library', lib2.dir, 'scan');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /^encore: source folder .* is missing \(unmounted or deleted\); nothing was changed\n$/,
      );
      expect(r.out).toMatch(/2 files, 2 ingested/);
    } finally {
      lib2.cleanup();
    }
  }, 120_000);

  it('stars and unstars photos by id prefix, queueing each change for sync', async () => {
    const list = JSON.parse((await run('--library', lib.dir, 'photos', '--json')).out) as {
      id: string;
    }[];
    const id = list[0]!.id;
    const star = await run('--library', lib.dir, 'star', id.slice(0, 10));
    expect(star).toMatchObject({ code: 0, out: `starred ${id}\n` });
    const starred = JSON.parse(
      (await run('--library', lib.dir, 'photos', '--starred', '--json')).out,
    ) as { id: string }[];
    expect(starred.map((p) => p.id)).toEqual([id]);
    // Starring twice queues nothing new; an unknown id in the batch changes nothing at all.
    await run('--library', lib.dir, 'star', id);
    const bad = await run('--library', lib.dir, 'unstar', id, 'deadbeefdeadbeef');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('encore: no photo deadbeefdeadbeef in this library\n');
    expect((await run('--library', lib.dir, 'unstar', id)).code).toBe(0);
    const engine = await Engine.open({ libraryDir: lib.dir });
    try {
      // Only the field's latest value waits to be pushed (last writer wins).
      expect(
        engineInternals(engine)
          .outbox.peek()
          .map((e) => [e.table, e.row, e.column, e.value]),
      ).toEqual([['photos', id, 'starred', false]]);
      expect(await engine.call('photos.list', { starred: true })).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('stores settings in the library', async () => {
    expect((await run('--library', lib.dir, 'settings', 'homeZone', 'America/New_York')).code).toBe(
      0,
    );
    const r = await run('--library', lib.dir, 'settings', '--json');
    expect(JSON.parse(r.out)).toContainEqual(
      expect.objectContaining({ key: 'homeZone', value: 'America/New_York' }),
    );
  });
});

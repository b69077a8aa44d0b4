// The issue's "done when", through the `encore` command: two libraries signed in to one
// server converge on stars, a concert assignment (with the hand-made shows it points at)
// and the starred original, which the library without the file fetches.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixtures,
  tempDir,
  Library,
  addPhotos,
  PLACES,
  series,
  runCli,
} from '@encore/core/testing';
import { startSyncServer, type SyncServerProcess } from '../support/sync-server.js';

async function encore(library: string, ...argv: string[]) {
  const result = await runCli('--library', library, ...argv);
  if (result.code !== 0)
    throw new Error(`encore ${argv.join(' ')} exited ${result.code}: ${result.err}`);
  return result;
}
const json = async <T>(library: string, ...argv: string[]): Promise<T> =>
  JSON.parse((await encore(library, ...argv, '--json')).out) as T;

interface EventJson {
  id: string;
  status: string;
  decidedBy: string;
  show: { id: number; venue: { name: string } } | null;
  photoIds: string[];
}

describe('two libraries converge through the CLI', () => {
  let server: SyncServerProcess;
  const cleanups: (() => void | Promise<void>)[] = [];
  let libA: string;
  let libB: string;
  const email = `cli-${Date.now()}@example.com`;

  beforeAll(async () => {
    server = await startSyncServer();
    cleanups.push(() => server.dispose());
    const a = tempDir('encore-cli-a-');
    const b = tempDir('encore-cli-b-');
    cleanups.push(a.cleanup, b.cleanup);
    libA = a.dir;
    libB = b.dir;
    process.env.ENCORE_PASSWORD = 'correct horse battery staple';
  });

  afterAll(async () => {
    delete process.env.ENCORE_PASSWORD;
    for (const c of cleanups.splice(0)) await c();
  });

  it('stars, an assignment and a starred original arrive on the second library', async () => {
    // Library A: a real photo, an evening of concert photos in Berlin, two shows that night.
    const photos = tempDir('encore-cli-photos-');
    cleanups.push(photos.cleanup);
    copyFixtures(photos.dir, ['jpeg_gps/ianare__DSCN0010.jpg']);
    await encore(libA, 'scan', photos.dir);
    const [real] = await json<{ id: string }[]>(libA, 'photos');
    const venue = { lat: PLACES.berlin.lat + 0.01, lon: PLACES.berlin.lon + 0.01 };
    const evening = series('2024-05-10T20:00', '2024-05-10T23:00', 20, {
      zone: 'Europe/Berlin',
      at: venue,
    });
    const lib = Library.open(libA);
    const concertPhotos = addPhotos(lib, evening);
    const rows = lib.db
      .prepare(`SELECT * FROM photos WHERE id IN (${concertPhotos.map(() => '?').join(',')})`)
      .all(...concertPhotos) as Record<string, unknown>[];
    lib.close();
    for (const venueName of ['Columbiahalle', 'Astra Kulturhaus']) {
      await encore(
        libA,
        'concerts',
        'add',
        '--date',
        '2024-05-10',
        '--venue',
        venueName,
        '--city',
        'Berlin',
        '--country',
        'DE',
        '--artist',
        `Band at ${venueName}`,
      );
    }
    await encore(libA, 'match');
    const event = (await json<EventJson[]>(libA, 'events')).find((e) =>
      e.photoIds.includes(concertPhotos[0]!),
    );
    expect(event).toMatchObject({ status: 'ambiguous' });
    const shows = await json<{ id: number; venue: { name: string } }[]>(libA, 'concerts');
    const astra = shows.find((s) => s.venue.name === 'Astra Kulturhaus')!;
    await encore(libA, 'assign', event!.id, String(astra.id));
    await encore(libA, 'star', real!.id);

    await encore(
      libA,
      'sync',
      'signup',
      '--server',
      server.url,
      '--email',
      email,
      '--device-name',
      'A',
    );
    const statusA = await json<Record<string, unknown>>(libA, 'sync', 'status');
    expect(statusA).toMatchObject({
      server: server.url,
      account: email,
      pendingMessages: 0,
      pendingUploads: 0,
      state: 'up-to-date',
    });
    expect(statusA.device).toMatchObject({ name: 'A' });
    expect(typeof statusA.lastSyncAt).toBe('string');

    // Library B has the same concert photos (the same files) but not the real one.
    const libb = Library.open(libB);
    const cols = Object.keys(rows[0]!);
    const insert = libb.db.prepare(
      `INSERT INTO photos (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
    );
    for (const r of rows) insert.run(r);
    libb.close();
    await encore(
      libB,
      'sync',
      'login',
      '--server',
      server.url,
      '--email',
      email,
      '--device-name',
      'B',
    );
    await encore(libB, 'match');

    const [eventB] = await json<EventJson[]>(libB, 'events');
    expect(eventB).toMatchObject({ status: 'matched', decidedBy: 'user' });
    expect(eventB!.show!.venue.name).toBe('Astra Kulturhaus');
    expect(eventB!.photoIds.sort()).toEqual([...concertPhotos].sort());

    const starred = await json<{ id: string; local: boolean }[]>(libB, 'photos', '--starred');
    expect(starred).toEqual([expect.objectContaining({ id: real!.id, local: false })]);
    const fetched = await json<{ path: string }>(libB, 'sync', 'fetch', real!.id.slice(0, 12));
    expect(createHash('sha256').update(fs.readFileSync(fetched.path)).digest('hex')).toBe(real!.id);

    // And back: B unstars, A hears it.
    await encore(libB, 'unstar', real!.id.slice(0, 12));
    await encore(libB, 'sync', 'now');
    await encore(libA, 'sync', 'now');
    expect(await json<unknown[]>(libA, 'photos', '--starred')).toEqual([]);
    expect(await json<Record<string, unknown>>(libB, 'sync', 'status')).toMatchObject({
      pendingMessages: 0,
      state: 'up-to-date',
    });

    // B is lost: A lists the devices and revokes it; B is told to sign in again.
    const devices = await json<{ id: string; name: string; current: boolean }[]>(
      libA,
      'sync',
      'devices',
    );
    expect(devices.map((d) => [d.name, d.current]).sort()).toEqual([
      ['A', true],
      ['B', false],
    ]);
    expect((await encore(libA, 'sync', 'revoke', 'B')).out).toMatch(/^revoked B \(/);
    await expect(encore(libB, 'sync', 'now')).rejects.toThrow(/signed out; sign in again/);
    expect(await json<Record<string, unknown>>(libB, 'sync', 'status')).toMatchObject({
      state: 'reauth-required',
    });
  });
});

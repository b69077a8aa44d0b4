// Scale-out: two sync server processes on one PostgreSQL. A library signed in through one
// instance stars a photo; a library whose background loop listens on the other instance
// gets the change by a poke (LISTEN/NOTIFY between the instances), without polling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineInternals } from '@encore/core/testing';
import {
  startPostgresCluster,
  type PgCluster,
} from '../../apps/sync-server/src/testing/postgres-cluster.js';
import type { PhotoId } from '@encore/core';
import { Engine } from '@encore/core';
import { copyFixtures, tempDir } from '@encore/core/testing';
import { startSyncServer, type SyncServerProcess } from '../support/sync-server.js';

const PASSWORD = 'correct horse battery staple';

describe('two server instances on one PostgreSQL', () => {
  let cluster: PgCluster | null = null;
  const cleanups: (() => void | Promise<void>)[] = [];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 120_000);

  afterAll(async () => {
    for (const c of cleanups.splice(0)) await c();
    await cluster?.stop();
  });

  it('a star pushed through one instance reaches a device listening on the other', async (ctx) => {
    if (!cluster) return ctx.skip();
    const url = await cluster.createDatabase();
    const one: SyncServerProcess = await startSyncServer({ databaseUrl: url });
    cleanups.push(() => one.dispose());
    const two: SyncServerProcess = await startSyncServer({ databaseUrl: url });
    cleanups.push(() => two.dispose());

    const open = async () => {
      const lib = tempDir('encore-2inst-');
      const photos = tempDir('encore-2inst-photos-');
      cleanups.push(lib.cleanup, photos.cleanup);
      const engine = await Engine.open({ libraryDir: lib.dir, workers: 1, homeZone: 'UTC' });
      cleanups.unshift(() => engine.close());
      copyFixtures(photos.dir, ['jpeg_gps/exiftool__Google.jpg']);
      await engine.call('sources.add', { path: photos.dir });
      await engine.call('library.scan');
      return engine;
    };
    const a = await open();
    const b = await open();
    const id = (await a.call('photos.list'))[0]!.id as PhotoId;
    const email = `scale-${Date.now()}@example.com`;
    await engineInternals(a).sync.signUp({
      server: one.url,
      email,
      password: PASSWORD,
      deviceName: 'A',
    });
    await engineInternals(b).sync.signIn({
      server: two.url,
      email,
      password: PASSWORD,
      deviceName: 'B',
    });
    await a.call('sync.now');
    await b.call('sync.now');

    // B only hears about the change through its socket on instance two (no polling).
    expect(b.startSync({ debounceMs: 10, pollMs: 600_000 })).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    await a.call('photo.setStarred', { ids: [id], starred: true });
    await a.call('sync.now');
    const end = Date.now() + 15_000;
    while (!(await b.call('photos.list')).find((p) => p.id === id)?.starred && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    expect((await b.call('photos.list')).find((p) => p.id === id)?.starred).toBe(true);
    await b.stopSync();
  }, 120_000);
});

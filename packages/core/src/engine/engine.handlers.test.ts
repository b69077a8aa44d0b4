// The contract handlers the desktop UI uses for stars and sync, on a real library.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAccount } from '../sync/testing/signed-in.js';
import { engineInternals } from '../testing/index.js';
import type { Events } from '../contract/index.js';
import { copyFixtures, tempDir } from '../testing/temp.js';
import { Engine } from './engine.js';
import { closedPort } from '../testing/closed-port.js';

describe('engine handlers: stars, ratings, captions and sync status', () => {
  const lib = tempDir();
  const folder = tempDir();
  let engine: Engine;
  let ids: string[];

  beforeAll(async () => {
    copyFixtures(folder.dir, [
      'jpeg_gps/mei__Apple_iPhone_4.jpg',
      'jpeg_nogps/ianare__Canon_40D.jpg',
    ]);
    engine = await Engine.open({ libraryDir: lib.dir, homeZone: 'UTC', workers: 1 });
    await engine.call('library.scan', { paths: [folder.dir] });
    ids = (await engine.call('photos.list')).map((p) => p.id);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    lib.cleanup();
    folder.cleanup();
  });

  it('stars through the contract, and the starred filter pages and counts only those', async () => {
    expect(ids).toHaveLength(2);
    const changed: string[] = [];
    const off = engine.on('library.changed', ({ photoIds }) => changed.push(...photoIds));
    await engine.call('photo.setStarred', { ids: [ids[0]!], starred: true });
    off();
    expect(changed).toEqual([ids[0]]);
    expect((await engine.call('photos.list', { starred: true })).map((p) => p.id)).toEqual([
      ids[0],
    ]);
    const page = await engine.call('library.page', { starred: true });
    expect(page.items.map((p) => [p.id, p.starred])).toEqual([[ids[0], true]]);
    expect(await engine.call('library.count', { starred: true })).toBe(1);
    expect(await engine.call('library.count', {})).toBe(2);
  });

  it('sets ratings and captions that the grid and detail show', async () => {
    await engine.call('photo.setRating', { ids: [ids[1]!], rating: 4 });
    await engine.call('photo.setCaption', { id: ids[1]!, caption: '  Encore!  ' });
    const detail = await engine.call('photo.get', { id: ids[1]! });
    expect(detail).toMatchObject({ rating: 4, caption: 'Encore!', starred: false });
    const page = await engine.call('library.page', {});
    expect(page.items.find((p) => p.id === ids[1])).toMatchObject({
      rating: 4,
      caption: 'Encore!',
    });
  });

  it('refuses malformed input with a message that names the field', async () => {
    const loose = engine.call.bind(engine) as (name: string, q: unknown) => Promise<unknown>;
    await expect(loose('photo.setStarred', { ids: 'abc', starred: true })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('ids'),
    });
    await expect(loose('photo.setStarred', { ids, starred: 'yes' })).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('starred'),
    });
    await expect(loose('photo.setRating', { ids, rating: 9 })).rejects.toMatchObject({
      code: 'USAGE',
    });
  });

  it('reports a signed-out library, and sync.now says it is not signed in', async () => {
    const status = await engine.call('sync.status');
    expect(status).toMatchObject({ state: 'signed-out', server: null, lastError: null });
    expect(status.pendingMessages).toBeGreaterThan(0);
    const events: Events['sync.changed'][] = [];
    const off = engine.on('sync.changed', (s) => events.push(s));
    await expect(engine.call('sync.now')).rejects.toMatchObject({
      code: 'NOT_SIGNED_IN',
      // The problem, never a command: the CLI adds its own hint by code.
      message: 'this library is not signed in to a sync server',
    });
    off();
    expect(events.map((e) => e.state)).toEqual(['signed-out']);
    expect(await engine.call('library.remoteStarred')).toEqual([]);
  });

  it('emits sync.changed after each background pass, here an offline one', async () => {
    // A signed-in account whose server refuses connections (nothing listens on that port).
    engineInternals(engine).sync.accounts.save(
      signedInAccount(`http://127.0.0.1:${await closedPort()}`, {
        email: 'me@example.test',
        deviceId: 'd1',
      }),
    );
    const passed = new Promise<Events['sync.changed']>((resolve) => {
      const off = engine.on('sync.changed', (s) => {
        off();
        resolve(s);
      });
    });
    expect(engine.startSync({ minBackoffMs: 60_000 })).toBe(true);
    const status = await passed;
    await engine.stopSync();
    expect(status).toMatchObject({ state: 'offline', account: 'me@example.test' });
    expect(status.lastError?.code).toBe('OFFLINE');
  });
});

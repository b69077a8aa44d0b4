// The desktop sync client against a real sync server process: two libraries signed in to
// one account exchange stars, ratings and captions, settle concurrent edits the same way,
// survive the server going away, upload starred photos' bytes and fetch them where the
// file is missing; the background loop delivers a change through a poke.
import { createHash } from 'node:crypto';
import { engineInternals } from '@encore/core/testing';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '@encore/core';
import { closedPort } from '@encore/core/testing';
import { copyFixtures, tempDir } from '@encore/core/testing';
import { startSyncServer, type SyncServerProcess } from '../support/sync-server.js';

const PASSWORD = 'correct horse battery staple';
const cleanups: (() => void | Promise<void>)[] = [];

async function openLibrary(files: string[] = []): Promise<Engine> {
  const lib = tempDir('encore-sync-lib-');
  const photos = tempDir('encore-sync-photos-');
  cleanups.push(lib.cleanup, photos.cleanup);
  const engine = await Engine.open({ libraryDir: lib.dir, workers: 1, homeZone: 'UTC' });
  cleanups.unshift(() => engine.close());
  if (files.length) {
    copyFixtures(photos.dir, files);
    await engine.call('sources.add', { path: photos.dir });
    await engine.call('library.scan');
  }
  return engine;
}

async function until<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SHARED = 'jpeg_gps/exiftool__Google.jpg';
const ONLY_A = 'jpeg_gps/ianare__DSCN0010.jpg';

describe('sync client against a real server', () => {
  let server: SyncServerProcess;
  let a: Engine;
  let b: Engine;
  let shared: string;
  let onlyA: string;

  beforeAll(async () => {
    server = await startSyncServer();
    cleanups.push(() => server.dispose());
    a = await openLibrary([SHARED, ONLY_A]);
    b = await openLibrary([SHARED]);
    shared = (await b.call('photos.list'))[0]!.id;
    onlyA = (await a.call('photos.list')).find((p) => p.id !== shared)!.id;
  });

  afterAll(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('signs up on one library and in on the other; stars made before sign-in arrive', async () => {
    await a.call('photo.setStarred', { ids: [onlyA], starred: true }); // before any account: queued in the outbox
    expect(engineInternals(a).sync.status()).toMatchObject({
      state: 'signed-out',
      pendingMessages: 1,
    });

    const email = `fan-${Date.now()}@example.com`;
    await engineInternals(a).sync.signUp({
      server: server.url,
      email,
      password: PASSWORD,
      deviceName: 'laptop A',
    });
    const first = await a.call('sync.now');
    expect(first).toMatchObject({ bootstrapped: true, pushed: 1 });

    await engineInternals(b).sync.signIn({
      server: server.url,
      email,
      password: PASSWORD,
      deviceName: 'laptop B',
    });
    const pulled = await b.call('sync.now');
    expect(pulled.bootstrapped).toBe(true);
    // B has no file of onlyA: the star is kept and the photo listed as remote.
    expect((await b.call('library.remoteStarred')).map((p) => p.id)).toEqual([onlyA]);
    expect(engineInternals(b).sync.status()).toMatchObject({
      server: server.url,
      account: email,
      device: { name: 'laptop B' },
      pendingMessages: 0,
      state: 'up-to-date',
    });
  });

  it('stars, ratings and captions on a shared photo reach the other library', async () => {
    await a.call('photo.setStarred', { ids: [shared], starred: true });
    await a.call('photo.setRating', { ids: [shared], rating: 4 });
    await a.call('photo.setCaption', { id: shared, caption: 'opening song' });
    await a.call('sync.now');
    await b.call('sync.now');
    expect((await b.call('photos.list')).find((p) => p.id === shared) ?? null).toMatchObject({
      starred: true,
      rating: 4,
      caption: 'opening song',
    });
  });

  it('two libraries editing one field offline settle on the same value', async () => {
    await b.call('photo.setCaption', { id: shared, caption: 'from B' });
    await new Promise((r) => setTimeout(r, 5));
    await a.call('photo.setCaption', { id: shared, caption: 'from A, later' });
    // B pushes first, A later: A's later edit wins everywhere, whatever the push order.
    await b.call('sync.now');
    await a.call('sync.now');
    await b.call('sync.now');
    expect((await a.call('photos.list')).find((p) => p.id === shared)!.caption).toBe(
      'from A, later',
    );
    expect((await b.call('photos.list')).find((p) => p.id === shared)!.caption).toBe(
      'from A, later',
    );
    const fields = (e: Engine) =>
      engineInternals(e)
        .sync.replica.fields()
        .map(({ table, row, column, value, hlc }) => ({
          table,
          row,
          column,
          value,
          hlc,
        }));
    expect(fields(a)).toEqual(fields(b));
  });

  it('keeps changes through a server outage and sends them when it is back', async () => {
    await server.kill();
    await a.call('photo.setRating', { ids: [shared], rating: 2 });
    await expect(a.call('sync.now')).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(engineInternals(a).sync.status()).toMatchObject({
      state: 'offline',
      pendingMessages: 1,
    });
    await server.start();
    await a.call('sync.now');
    expect(engineInternals(a).sync.status()).toMatchObject({
      state: 'up-to-date',
      pendingMessages: 0,
    });
    await b.call('sync.now');
    expect((await b.call('photos.list')).find((p) => p.id === shared)!.rating).toBe(2);
  });

  it("uploads starred photos' original, preview and thumb, and fetches them where missing", async () => {
    const summary = await a.call('sync.now');
    expect(summary.uploadFailures).toBe(0);
    expect(engineInternals(a).sync.status().pendingUploads).toBe(0);
    const usage = await engineInternals(a).sync.usage();
    // onlyA and shared, three variants each (B may have sent the shared ones first).
    expect(usage.count).toBe(6);

    const file = await engineInternals(b).sync.fetch(onlyA, 'original');
    expect(file.endsWith(`${onlyA}.original.jpg`)).toBe(true);
    // A second fetch uses the copy (no download).
    expect(await engineInternals(b).sync.fetch(onlyA, 'original')).toBe(file);
    const bytes = fs.readFileSync(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(onlyA);
    expect((await b.call('library.remoteStarred'))[0]!.fetched.original).toBe(file);
    const thumb = await engineInternals(b).sync.fetch(onlyA, 'thumb');
    expect(fs.statSync(thumb).size).toBeGreaterThan(0);
    // A local copy is used as is, never downloaded.
    expect(await engineInternals(b).sync.fetch(shared, 'original')).toBe(
      (await b.call('photos.list')).find((p) => p.id === shared)!.paths[0],
    );
  });

  it('the background loop brings a change over within moments through a poke', async () => {
    expect(a.startSync({ debounceMs: 20, pollMs: 600_000 })).toBe(true);
    expect(b.startSync({ debounceMs: 20, pollMs: 600_000 })).toBe(true);
    await a.call('photo.setStarred', { ids: [shared], starred: false });
    await until(
      'B to see the unstar',
      async () => (await b.call('photos.list')).find((p) => p.id === shared)?.starred === false,
    );
    await b.call('photo.setStarred', { ids: [shared], starred: true });
    await until(
      'A to see the star again',
      async () => (await a.call('photos.list')).find((p) => p.id === shared)?.starred === true,
    );
    await a.stopSync();
    await b.stopSync();
  });

  it('recovers from a cursor the server no longer accepts by bootstrapping from its state', async () => {
    // B's own caption reached the server earlier...
    await b.call('photo.setCaption', { id: shared, caption: 'sent before the restore' });
    await b.call('sync.now');
    // ...then the server answers as after a compaction or a restore from an older backup.
    engineInternals(b).sync.accounts.setCursor(
      engineInternals(b).sync.account()!.deviceId,
      1_000_000,
    );
    await a.call('photo.setRating', { ids: [shared], rating: 3 });
    await a.call('sync.now');
    const summary = await b.call('sync.now');
    expect(summary.bootstrapped).toBe(true);
    // B sends its own values again (a restored server may lack them; duplicates are skipped).
    expect(summary.pushed).toBeGreaterThan(0);
    await a.call('sync.now');
    expect((await a.call('photos.list')).find((p) => p.id === shared)!.caption).toBe(
      'sent before the restore',
    );
    expect((await b.call('photos.list')).find((p) => p.id === shared)!.rating).toBe(3);
    expect(engineInternals(b).sync.account()!.cursor).toBeLessThan(1_000_000);
  });

  it('a device revoked from another one is told to sign in again and stops retrying', async () => {
    const c = await openLibrary();
    const account = engineInternals(a).sync.account()!;
    await engineInternals(c).sync.signIn({
      server: server.url,
      email: account.email,
      password: PASSWORD,
      deviceName: 'C',
    });
    await c.call('sync.now');
    const res = await fetch(
      `${server.url}/v1/devices/${engineInternals(c).sync.account()!.deviceId}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${account.token}` },
      },
    );
    expect(res.status).toBe(204);
    await c.call('photo.setStarred', { ids: [onlyA], starred: false });
    // The contract's code for a sign-in that stopped working; the server's reason kept.
    await expect(c.call('sync.now')).rejects.toMatchObject({
      code: 'REAUTH_REQUIRED',
      details: { reason: 'TOKEN_REVOKED' },
    });
    expect(engineInternals(c).sync.status()).toMatchObject({
      state: 'reauth-required',
      pendingMessages: 1,
      lastError: { code: 'TOKEN_REVOKED' },
    });
    // The background loop makes one attempt, hears the same, and stops: however short its
    // backoff and poll, no second attempt follows.
    const passes: (string | null)[] = [];
    expect(
      c.startSync({
        debounceMs: 10,
        pollMs: 20,
        minBackoffMs: 20,
        maxBackoffMs: 40,
        onPass: (r) => passes.push(r.ok ? null : ((r.error as { code?: string }).code ?? '?')),
      }),
    ).toBe(true);
    await until('the loop to make its attempt', () => passes.length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(passes).toEqual(['TOKEN_REVOKED']);
    expect(engineInternals(c).sync.status().state).toBe('reauth-required');
    await c.stopSync();
    // Signing in again sends what waited.
    await engineInternals(c).sync.signIn({
      server: server.url,
      email: account.email,
      password: PASSWORD,
      deviceName: 'C again',
    });
    await c.call('sync.now');
    expect(engineInternals(c).sync.status()).toMatchObject({
      state: 'up-to-date',
      pendingMessages: 0,
    });
    await a.call('sync.now');
    expect((await a.call('library.remoteStarred')).map((p) => p.id)).not.toContain(onlyA);
    expect((await a.call('photos.list')).find((p) => p.id === onlyA)!.starred).toBe(false);
  });

  it('signing in to another account during a pass: the pass ends, and the new account gets everything', async () => {
    const e = await openLibrary([SHARED]);
    const id = (await e.call('photos.list'))[0]!.id;
    const first = `first-${Date.now()}@example.com`;
    const second = `second-${Date.now()}@example.com`;
    await engineInternals(e).sync.signUp({ server: server.url, email: first, password: PASSWORD });
    await e.call('photo.setStarred', { ids: [id], starred: true });
    const pass = e.call('sync.now').catch((err: unknown) => err);
    await engineInternals(e).sync.signUp({ server: server.url, email: second, password: PASSWORD });
    await pass;
    const summary = await e.call('sync.now');
    expect(summary.bootstrapped).toBe(true);
    expect(engineInternals(e).sync.status()).toMatchObject({
      account: second,
      state: 'up-to-date',
    });
    // The second account has the star: another library signed in to it receives it.
    const f = await openLibrary();
    await engineInternals(f).sync.signIn({ server: server.url, email: second, password: PASSWORD });
    await f.call('sync.now');
    expect((await f.call('library.remoteStarred')).map((p) => p.id)).toEqual([id]);
  });

  it('a wrong password or an unreachable server is a clear error and changes nothing', async () => {
    const d = await openLibrary();
    const email = engineInternals(a).sync.account()!.email;
    await expect(
      engineInternals(d).sync.signIn({ server: server.url, email, password: 'not the password' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const closed = await closedPort();
    await expect(
      engineInternals(d).sync.signIn({
        server: `http://127.0.0.1:${closed}`,
        email,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/ECONNREFUSED/) });
    // fetch refuses some ports outright (as browsers do): said as such.
    await expect(
      engineInternals(d).sync.signIn({
        server: 'http://127.0.0.1:6000',
        email,
        password: PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'BAD_SERVER_URL', message: expect.stringMatching(/port/) });
    await expect(
      engineInternals(d).sync.signIn({ server: 'not a url', email, password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'BAD_SERVER_URL' });
    expect(engineInternals(d).sync.status().state).toBe('signed-out');
    await expect(d.call('sync.now')).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
  });

  it('signing out revokes the device: its old token no longer works', async () => {
    const token = engineInternals(b).sync.account()!.token!;
    await engineInternals(b).sync.signOut();
    expect(engineInternals(b).sync.status().state).toBe('signed-out');
    const res = await fetch(`${server.url}/v1/devices`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('TOKEN_REVOKED');
    // Changes made while signed out stay queued.
    await b.call('photo.setRating', { ids: [shared], rating: 1 });
    expect(engineInternals(b).sync.status()).toMatchObject({
      state: 'signed-out',
      pendingMessages: 1,
    });
  });
});

describe('sync client under the server per-device rate limit', () => {
  let server: SyncServerProcess;

  beforeAll(async () => {
    // 60 requests a minute per device (a burst of 15, then one a second): a first upload
    // of four starred photos (twelve blobs, a HEAD and a PUT each) runs into it.
    server = await startSyncServer({ env: { RATE_LIMIT_DEVICE_PER_MIN: '60' } });
    cleanups.push(() => server.dispose());
  });

  afterAll(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('waits out each 429 and finishes every upload in the same pass', async () => {
    const e = await openLibrary([
      SHARED,
      ONLY_A,
      'jpeg_gps/photoprism__ship.jpg',
      'jpeg_gps/photoprism__elephants.jpg',
    ]);
    const ids = (await e.call('photos.list')).map((p) => p.id);
    await e.call('photo.setStarred', { ids: ids, starred: true });
    await engineInternals(e).sync.signUp({
      server: server.url,
      email: `limited-${Date.now()}@example.com`,
      password: PASSWORD,
    });
    expect(engineInternals(e).sync.status().pendingUploads).toBe(12);
    const summary = await e.call('sync.now');
    expect(summary).toMatchObject({ uploaded: 12, uploadFailures: 0 });
    expect(engineInternals(e).sync.status()).toMatchObject({
      state: 'up-to-date',
      pendingUploads: 0,
      lastError: null,
    });
    // (The pass used up this device's requests: let one come back before asking.)
    await new Promise((r) => setTimeout(r, 2000));
    expect((await engineInternals(e).sync.usage()).count).toBe(12);
    // The limit was really hit (else this test proves nothing).
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^encore_rate_limited_total(\{\})? [1-9]/m);
  }, 120_000);
});
